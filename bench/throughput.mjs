// Markdown → HTML throughput of fumi's renderer (fumi_content::render) on one large
// mixed Japanese/English document: the sample posts concatenated and repeated to
// about 1 MB, written to target/bench/render-doc.md. The same document is rendered
//   natively  by crates/content/examples/render_throughput (release build), and
//   in wasm   by tests/render_bench.rs, a wasm-bindgen-test compiled in release mode
//             (opt-level z, LTO, as the app; not passed through wasm-opt) and run by
//             wasm-bindgen-test-runner in headless Chromium. Nothing is added to the
//             app's bundle.
// Each prints the median MB/s of several runs (native: 3 × 7, wasm: 21, after a warm-up).

import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { median } from './lib.mjs';

const DOC = path.resolve('target/bench/render-doc.md');

export function writeDocument() {
  const posts = fs
    .readdirSync('posts')
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => fs.readFileSync(path.join('posts', f), 'utf8'))
    .join('\n\n');
  const copies = Math.max(1, Math.round(1_000_000 / Buffer.byteLength(posts)));
  const doc = Array(copies).fill(posts).join('\n\n');
  fs.mkdirSync(path.dirname(DOC), { recursive: true });
  // Rewritten only when it changes, so cargo does not rebuild the wasm benchmark needlessly.
  if (!fs.existsSync(DOC) || fs.readFileSync(DOC, 'utf8') !== doc) fs.writeFileSync(DOC, doc);
  const ja = [...doc].filter((c) => /[\u3040-\u30ff\u3400-\u9fff]/.test(c)).length;
  return { path: path.relative(process.cwd(), DOC), bytes: Buffer.byteLength(doc), cjk_chars: ja, chars: [...doc].length };
}

export function measureThroughput({ log = console.error } = {}) {
  const document = writeDocument();
  // Three invocations of the native example (7 renders each): the median of their
  // medians, so one burst of background load does not decide the figure.
  const nativeRuns = [0, 1, 2].map(() => JSON.parse(execFileSync('target/release/examples/render_throughput', [DOC]).toString()).median_mb_per_s);
  const native = { median_mb_per_s: median(nativeRuns) };
  log('  wasm renderer benchmark: building (release) and running in headless Chromium');
  const run = spawnSync(
    'cargo',
    ['test', '--release', '--offline', '--locked', '-p', 'fumi', '--target', 'wasm32-unknown-unknown', '--test', 'render_bench', '--', '--nocapture'],
    {
      env: {
        ...process.env,
        CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER: 'wasm-bindgen-test-runner',
        WASM_BINDGEN_TEST_WEBDRIVER_JSON: path.resolve('tests/webdriver.json'),
        FUMI_BENCH_DOC: DOC,
      },
      encoding: 'utf8',
      maxBuffer: 64 * 2 ** 20,
    },
  );
  const line = `${run.stdout}\n${run.stderr}`.split('\n').find((l) => l.includes('FUMI_BENCH {'));
  let wasm = null;
  if (line) {
    wasm = JSON.parse(line.slice(line.indexOf('{')));
  } else {
    log(`  wasm renderer benchmark failed (exit ${run.status}):\n${`${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-25).join('\n')}`);
  }
  return {
    document,
    native_mb_per_s: native.median_mb_per_s,
    wasm_mb_per_s: wasm?.median_mb_per_s ?? null,
    wasm_vs_native: wasm ? wasm.median_mb_per_s / native.median_mb_per_s : null,
  };
}
