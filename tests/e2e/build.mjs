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
