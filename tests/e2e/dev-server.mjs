// The dev server as an author runs it (`./scripts/serve`), on a project of the
// caller's (FUMI_ROOT) and a folder of its own, for the live-preview test and bench.

import { spawn } from 'node:child_process';
import { freePort } from './server.mjs';

/**
 * Starts `./scripts/serve` for `project`, serving from `dist`; resolves once the first
 * build is served and the watcher has published (`posts/dev.json`). `stop()` ends both.
 * A cold machine compiles the debug app first: allow minutes.
 */
export async function startDevServer({ project, dist, timeoutMs = 15 * 60_000 }) {
  const port = await freePort();
  const child = spawn('./scripts/serve', ['--port', String(port)], {
    env: { ...process.env, FUMI_ROOT: project, FUMI_DEV_DIST: dist },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: stop() ends Trunk and the watcher with it
  });
  let log = '';
  const keep = (chunk) => (log = (log + chunk).slice(-8000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`./scripts/serve exited (${child.exitCode}):\n${log}`);
    // Both: the page Trunk built and the posts the watcher published into it.
    const ok = (path) =>
      fetch(url + path, { cache: 'no-store' })
        .then((r) => r.ok)
        .catch(() => false);
    const ready = (await ok('/posts/dev.json')) && (await ok('/'));
    if (ready) return { url, stop, log: () => log };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the dev server was not ready within ${timeoutMs / 1000} s:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
