// Builds the site as a deployer does, for tests that need a build other than dist/
// (e.g. one under a sub-path: `trunk build --release --public-url /blog/`). Quick
// when dist/ has just been built: the wasm is already compiled (10–20 s).

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Why a build cannot run here, or null when Trunk is on PATH. */
export function cannotBuild() {
  const r = spawnSync('trunk', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? null : 'trunk is not on PATH (./scripts/test installs it)';
}

/** The wasm-bindgen version in Cargo.lock: wasm-bindgen-cli must equal it. */
function wasmBindgenVersion() {
  const lock = fs.readFileSync('Cargo.lock', 'utf8');
  return lock.match(/^name = "wasm-bindgen"\nversion = "([^"]+)"/m)?.[1];
}

/**
 * `trunk build --offline [--release] --public-url <publicUrl> --dist <dist>` with the
 * pinned tools (as scripts/lib/setup.sh pins them). Throws with Trunk's output on failure.
 */
export function buildSite({ publicUrl, dist, release = true }) {
  const bin = path.resolve('node_modules/.bin');
  try {
    execFileSync('trunk', ['build', ...(release ? ['--release'] : []), '--offline', '--public-url', publicUrl, '--dist', dist], {
      stdio: 'pipe',
      timeout: 600_000,
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        TRUNK_TOOLS_WASM_BINDGEN: process.env.TRUNK_TOOLS_WASM_BINDGEN ?? wasmBindgenVersion(),
        TRUNK_TOOLS_WASM_OPT: process.env.TRUNK_TOOLS_WASM_OPT ?? 'version_132',
      },
    });
  } catch (e) {
    throw new Error(`trunk build --public-url ${publicUrl} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`.slice(0, 4000));
  }
}

/**
 * The page template Trunk writes (its `index.html`), recovered from a rendered page of
 * the build: the same head (policy, start script, stylesheets) without the route's
 * head tags, title, route and body. Tests that publish other posts into a copy of a
 * build make it `index.html` again, so that `fumi-publish trunk-post-build` renders
 * that site's pages from it as a build does.
 */
export function plainShell(html) {
  const shell = html
    .replace(/<html\b[^>]*>/, '<html lang="en">')
    .replace(/\n?[ \t]*<(meta|link)\b[^>]*\sdata-fumi-head\b[^>]*>/g, '')
    .replace(/<title>[\s\S]*?<\/title>/, '<title>fumi</title>')
    .replace(/<body>[\s\S]*<\/body>/, '<body></body>');
  if (/data-fumi-|id="fumi-page"/.test(shell)) throw new Error('plainShell: the page still holds a rendered route');
  return shell;
}

/**
 * Runs the native publishing tool (`cargo run -p fumi-publish -- …`), as the build does;
 * returns what it printed. Offline (cards only from a project's cache) unless `env`
 * says otherwise: tests never reach the web.
 */
export function publishTool(args, env = {}) {
  return execFileSync('cargo', ['run', '--quiet', '--offline', '-p', 'fumi-publish', '--', ...args], {
    stdio: 'pipe',
    encoding: 'utf8',
    env: { ...process.env, FUMI_OFFLINE: '1', ...env },
  });
}

/**
 * Renders every route's page of the release build in `dist` again, from the posts and
 * manifest now in `dist/posts` (a test that changes them after the build would
 * otherwise serve pages of another manifest, which the app renders afresh instead of
 * taking over). `publicUrl`: the path the build was made for (`/`, `/blog/`); `root`:
 * the project whose `fumi.toml` applies (default: this one).
 */
export function renderPages(dist, publicUrl = '/', { root } = {}) {
  const notFound = fs.readFileSync(path.join(dist, '404.html'), 'utf8');
  fs.writeFileSync(path.join(dist, 'index.html'), plainShell(notFound));
  const args = ['trunk-post-build', ...(root ? ['--root', root] : [])];
  publishTool(args, { TRUNK_STAGING_DIR: dist, TRUNK_PUBLIC_URL: publicUrl, TRUNK_PROFILE: 'release' });
}
