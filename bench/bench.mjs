// fumi's benchmark: run by ./scripts/bench after it has built the release site into
// target/bench-dist (FUMI_DIST). Measures, in this order so that no build of ours
// competes with the timings:
//   1. Markdown → HTML throughput, natively and in wasm in headless Chromium
//      (throughput.mjs; compiles the release wasm benchmark on first use);
//   2. sizes of the release build, raw / gzip / brotli, and the publishing tool on the
//      sample posts;
//   3. cold loads of the home page and the longest Japanese post against their static
//      floors and Docsify 5, at 1× and 4× CPU, served by nginx with the README's
//      configuration (load.mjs);
//   4. Lighthouse 12.2.3 (mobile, performance) on the post, the home page, the floor
//      and Docsify, from the same nginx (lighthouse.mjs; FUMI_LIGHTHOUSE=0 skips it);
//   5. synthetic sites of FUMI_BENCH_SIZES posts (scale.mjs);
//   6. the writer's loop: save → visible with the dev server (live.mjs;
//      FUMI_BENCH_LIVE=0 skips it, FUMI_BENCH_SAVES sets the saves per case).
// Prints one report (sizes, loads, ratios, throughput, scale, budgets) and writes it
// to bench/results/fumi-bench.{txt,json,svg}. Never fails on a number: budgets are
// printed as pass/FAIL and the exit status is 0 unless the bench itself breaks.
// FUMI_BENCH_RUNS (default 5) and FUMI_BENCH_SIZES (default 100,1000,10000) shrink it.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { DIST, RUNS, compressedSizes, launchChromium, median, sumSizes } from './lib.mjs';
import { RETURNING_RTT_MS, longestJapanesePost, measureLoads, measureReturning, prepareSites } from './load.mjs';
import { LIGHTHOUSE_ENABLED, LIGHTHOUSE_RUNS, measureLighthouse } from './lighthouse.mjs';
import { SIZES, measureScale } from './scale.mjs';
import { measureThroughput } from './throughput.mjs';
import { SAVES, measureLive } from './live.mjs';
import { budgets, formatSvg, formatTable } from './report.mjs';
import { namedBuild, wasmBytes } from './wasm_bytes.mjs';

// `node bench/bench.mjs --report [results.json]` re-renders the report, budgets and
// chart from saved results without measuring again.
if (process.argv[2] === '--report') {
  const file = process.argv[3] ?? 'bench/results/fumi-bench.json';
  const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
  saved.budgets = budgets(saved);
  writeReport(saved);
  process.exit(0);
}

function writeReport(results) {
  const report = formatTable(results);
  console.log(report);
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/fumi-bench.txt', report + '\n');
  fs.writeFileSync('bench/results/fumi-bench.json', JSON.stringify(results, null, 2) + '\n');
  fs.writeFileSync('bench/results/fumi-bench.svg', formatSvg(results));
  console.log('\nwritten: bench/results/fumi-bench.txt, bench/results/fumi-bench.json, bench/results/fumi-bench.svg');
}

const started = Date.now();
const stepTimes = {};
let current = null;
const step = (s) => {
  const now = Date.now();
  if (current) stepTimes[current.name] = Math.round((now - current.at) / 1000);
  current = s === null ? null : { name: s, at: now };
  if (s !== null) console.error(`\x1b[1m==> ${s}\x1b[0m (${Math.round((now - started) / 1000)} s)`);
};
const log = (s) => console.error(s);

if (!fs.existsSync(path.join(DIST, 'index.html'))) {
  console.error(`no release build at ${DIST}: run ./scripts/bench (it builds first)`);
  process.exit(1);
}

function measureSizes(dist) {
  const order = { wasm: 0, js: 1, css: 2, html: 3, manifest: 4 };
  const kind = (f) => (f.endsWith('.wasm') ? 'wasm' : f.endsWith('.js') ? 'js' : f.endsWith('.css') ? 'css' : f.endsWith('manifest.json') ? 'manifest' : 'html');
  const post = longestJapanesePost(dist);
  const names = fs
    .readdirSync(dist)
    .filter((f) => /\.(wasm|js|css)$/.test(f) || f === 'index.html' || f === '404.html')
    .concat(['posts/manifest.json', `posts/${post.slug}.html`]);
  const notes = { 'index.html': ' (static home)', '404.html': ' (app shell)', [`posts/${post.slug}.html`]: ' (static post)' };
  const files = names
    .map((f) => ({ kind: kind(f), file: f + (notes[f] ?? ''), ...compressedSizes(fs.readFileSync(path.join(dist, f))) }))
    .sort((a, b) => order[a.kind] - order[b.kind] || b.raw - a.raw);
  const manifest = JSON.parse(fs.readFileSync(path.join(dist, 'posts/manifest.json'), 'utf8'));
  const searchDir = path.join(dist, 'posts/search');
  const index = sumSizes(
    fs
      .readdirSync(searchDir)
      .filter((f) => /^(terms-.*|meta)\.json$/.test(f))
      .map((f) => compressedSizes(fs.readFileSync(path.join(searchDir, f)))),
  );
  return { files, search_index: { posts: manifest.posts.length, ...index } };
}

/** Publishing the sample posts: once with an empty image cache (every post image
 * resized and encoded), then 9 times with it warm (the median). */
function publishSample() {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'fumi-bench-publish-'));
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'fumi-bench-image-cache-'));
  const env = { ...process.env, FUMI_CACHE_DIR: cache };
  const publish = () => {
    const t0 = process.hrtime.bigint();
    execFileSync('target/release/fumi-publish', ['build', '--out', out], { stdio: 'ignore', env });
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  const cold = publish();
  const runs = Array.from({ length: 9 }, publish);
  fs.rmSync(out, { recursive: true, force: true });
  fs.rmSync(cache, { recursive: true, force: true });
  return { warm_ms: median(runs), cold_ms: cold };
}

/**
 * Post images as readers download them: for each original with copies in `_img/`,
 * the bytes a browser with AVIF support takes on a phone (480 px wanted) and on a 2×
 * desktop (1344 px), against the original's.
 */
function measureImages(dist) {
  const root = path.join(dist, '_img');
  const images = [];
  const walk = (dir) => {
    for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
      const full = path.join(dir, entry.name);
      if (!entry.isDirectory()) continue;
      const copies = fs.readdirSync(full).map((name) => /^(\d+)-[0-9a-f]{16}\.(\w+)$/.exec(name)).filter(Boolean);
      if (copies.length) {
        const original = path.join(dist, path.relative(root, full));
        images.push({
          original: fs.statSync(original).size,
          copies: copies.map(([name, width, format]) => ({ width: Number(width), format, bytes: fs.statSync(path.join(full, name)).size })),
        });
      } else walk(full);
    }
  };
  walk(root);
  const taken = (image, want) => {
    const avif = image.copies.filter((c) => c.format === 'avif').sort((a, b) => a.width - b.width);
    if (!avif.length) return image.original;
    return (avif.find((c) => c.width >= want) ?? avif.at(-1)).bytes;
  };
  const sum = (f) => images.reduce((total, image) => total + f(image), 0);
  return { count: images.length, original_bytes: sum((i) => i.original), phone_bytes: sum((i) => taken(i, 480)), desktop_2x_bytes: sum((i) => taken(i, 1344)) };
}

const loadStart = os.loadavg()[0];
step('Markdown throughput: native, and wasm in headless Chromium');
const throughput = measureThroughput({ log });
step('sizes of the release build; publishing the sample posts');
const sizes = measureSizes(DIST);
// Where the wasm's bytes go: the shipped code again with its function names (issue #13).
const wasm_bytes = wasmBytes(namedBuild(), { top: 25, crates: 20 });
const publish_sample = publishSample();
const publish_sample_ms = publish_sample.warm_ms;
const images = measureImages(DIST);
step(`cold loads in headless Chromium, served by nginx (${RUNS} runs × 8 pages × 1×/4× CPU, each page paired with a load of its floor; then paint pairs)`);
const chromium = await launchChromium().then(async (b) => {
  const v = b.version();
  await b.close();
  return `Chromium ${v}`;
});
const sites = await prepareSites(DIST);
let loads;
let lighthouse = null;
let returning = null;
try {
  loads = await measureLoads({ sites, runs: RUNS, log });
  step(`a returning reader: the home page, then the post, ${RETURNING_RTT_MS} ms round trips (${RUNS} pairs)`);
  returning = await measureReturning({ sites, runs: RUNS, log });
  if (LIGHTHOUSE_ENABLED) {
    step(`Lighthouse (${LIGHTHOUSE_RUNS} runs × 4 pages, mobile, performance)`);
    const { urls } = sites;
    lighthouse = await measureLighthouse({
      pages: [
        { id: 'post', label: 'post, as shipped', url: urls.post },
        { id: 'home', label: 'home, as shipped', url: urls.home },
        { id: 'post-floor', label: 'post, floor', url: urls.postFloor },
        { id: 'docsify', label: 'post, Docsify 5', url: urls.docsify },
      ],
      log,
    });
  } else {
    log('Lighthouse skipped (FUMI_LIGHTHOUSE=0)');
  }
} finally {
  await sites.stop();
}
step(`scale: ${SIZES.join(', ')} posts`);
const scale = await measureScale({ dist: DIST, sizes: SIZES, runs: RUNS, log });
let live = null;
if (process.env.FUMI_BENCH_LIVE !== '0') {
  step(`writer's loop: ./scripts/serve, ${SAVES} saves of each kind`);
  live = await measureLive({ saves: SAVES, log });
}
step(null);

const results = {
  when: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  dist: DIST,
  runs: RUNS,
  chromium,
  host: { cpus: os.cpus().length, load_start: loadStart, load_end: os.loadavg()[0] },
  wall_s: (Date.now() - started) / 1000,
  step_seconds: stepTimes,
  definitions: {
    fcp: 'first-contentful-paint paint entry, ms from navigation start',
    lcp: 'last largest-contentful-paint entry before the page went quiet (PerformanceObserver, buffered)',
    content: 'first time the post body (.post__body) / list (ol.post-list li) is in the DOM with children (MutationObserver from document creation)',
    app: "the app's performance.mark: fumi:app (took over the page rendered for the URL) / fumi:post-body (rendered the post itself)",
    tbt: `sum of (duration − 50 ms) over long tasks (PerformanceObserver 'longtask'), from navigation start until quiet: content and app mark in, then ${1000} ms without a long task (cap 15 s)`,
    js_heap: 'CDP Performance.getMetrics JSHeapUsedSize after HeapProfiler.collectGarbage, when quiet',
    wasm_memory: "byteLength of the app's WebAssembly.Memory (from Trunk's TrunkApplicationStarted event), when quiet",
    floor: 'the same page with every <script> and module/wasm preload removed, same CSS, same server, same run',
    control: 'post-control: the floor again under another file name, paired with the floor exactly as the fumi pages are (full runs and paint pairs): an A/A control whose ratio shows the method\'s own error',
    server: 'nginx (Debian, brotli_static) with examples/nginx/fumi.conf: pre-compressed .br/.gz, cache headers, clean URLs; post-spa from a host with only `try_files $uri $uri/ /index.html`',
    docsify: 'Docsify 5 (npm docsify, docsify.min.js + themes/core.min.css, no plugins, no configuration) rendering `# <title>` + the post Markdown as README.md, same server',
    before_first_paint: 'the HTML document + resources with Resource Timing renderBlockingStatus "blocking" (stylesheets, synchronous head scripts) requested before FCP, encodedBodySize as sent by nginx (the .br copy when the build has one), one cold load at 1×',
    lighthouse: 'Lighthouse 12.2.3, mobile defaults (simulated throttling), performance category only, one fresh Chromium per run, median of FUMI_LIGHTHOUSE_RUNS runs; bytes = total-byte-weight (transferred)',
    initial_load: 'responses of one cold load (1×) of kinds html, js, wasm, css, manifest — the post body (.md, .hints.json), images and favicon excluded',
    returning: `a returning reader: one fresh context loads the home page, then the long post (a browser navigation), every request ${RETURNING_RTT_MS} ms away (CDP Network.emulateNetworkConditions), no CPU throttling, service workers blocked; fumi as shipped and the floor (the floors of both pages), alternating; FCP and LCP of the post; blocking_fetched = the most render-blocking files of the post that went to the server in any run (0: all from the HTTP cache)`,
    ratios: 'fumi ÷ floor at the same CPU rate: median over pairs of back-to-back cold loads (the page and its floor, alternating which goes first): each full run, plus FUMI_BENCH_PAINT_PAIRS (default 6 × runs) short loads per page and rate for the pages with an LCP budget that record only FCP, LCP and content; vs_floor_of_medians has the ratio of the medians of the full runs',
  },
  throughput,
  sizes,
  wasm_bytes,
  publish_sample_ms,
  publish_sample_cold_images_ms: publish_sample.cold_ms,
  images,
  loads,
  returning,
  lighthouse,
  scale,
  live,
};
results.budgets = budgets(results);
writeReport(results);
