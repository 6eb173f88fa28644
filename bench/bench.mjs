// fumi's benchmark: sizes of the release build and timings of the native tools.
// Run through ./scripts/bench, which builds first. Prints one table and writes
// bench/results/latest.json. Timings are medians; compare ratios within one run.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';

const dist = process.env.FUMI_DIST ?? 'dist';
const results = { when: new Date().toISOString(), sizes: [], timings: {} };

function sizes(file) {
  const raw = fs.readFileSync(file);
  return {
    raw: raw.length,
    gzip: zlib.gzipSync(raw, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const assets = fs.readdirSync(dist).filter((f) => /\.(html|js|wasm|css)$/.test(f));
const kind = (f) => (f.endsWith('.wasm') ? 'wasm' : f.endsWith('.js') ? 'js' : f.endsWith('.css') ? 'css' : 'html');
for (const f of assets.sort()) results.sizes.push({ what: kind(f), file: f, ...sizes(path.join(dist, f)) });
results.sizes.push({ what: 'manifest', file: 'posts/manifest.json', ...sizes(path.join(dist, 'posts/manifest.json')) });
const initial = results.sizes.reduce(
  (sum, s) => ({ raw: sum.raw + s.raw, gzip: sum.gzip + s.gzip, brotli: sum.brotli + s.brotli }),
  { raw: 0, gzip: 0, brotli: 0 },
);
results.sizes.push({ what: 'initial load', file: '(all of the above)', ...initial });

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// The publishing tool on the sample posts, as Trunk's hook runs it (release binary).
const publish = 'target/release/fumi-publish';
const out = fs.mkdtempSync('/tmp/fumi-bench-');
const runs = [];
for (let i = 0; i < 9; i++) {
  const t0 = process.hrtime.bigint();
  execFileSync(publish, ['build', '--out', out], { stdio: 'ignore' });
  runs.push(Number(process.hrtime.bigint() - t0) / 1e6);
}
results.timings.publish_sample_ms = median(runs);

const throughput = JSON.parse(execFileSync('target/release/examples/render_throughput', fs.readdirSync('posts').filter((f) => f.endsWith('.md')).map((f) => path.join('posts', f))).toString());
results.timings.render_native_mb_per_s = throughput.median_mb_per_s;

const kb = (n) => (n / 1024).toFixed(1).padStart(8);
console.log('\nsize (KiB)            raw      gzip    brotli  file');
for (const s of results.sizes) console.log(`${s.what.padEnd(14)} ${kb(s.raw)} ${kb(s.gzip)} ${kb(s.brotli)}  ${s.file}`);
console.log('\ntimings (median)');
console.log(`fumi-publish build, ${fs.readdirSync('posts').length} sample posts: ${results.timings.publish_sample_ms.toFixed(1)} ms`);
console.log(`Markdown → HTML natively (${(throughput.bytes / 1e6).toFixed(2)} MB mixed ja/en): ${throughput.median_mb_per_s} MB/s`);

fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync('bench/results/latest.json', JSON.stringify(results, null, 2));
console.log('\nwritten: bench/results/latest.json');
