// Cold page loads of the release build in headless Chromium: the home page and the
// longest Japanese sample post, each against a "floor" — the same page as plain static
// HTML with the same CSS and no scripts — generated from the build in the same run.
//
// Pages (each served from a temporary copy of the build by nginx with the README's
// configuration, examples/nginx/fumi.conf — brotli/gzip copies, cache headers, clean
// URLs; tests/e2e/nginx.mjs):
//   home         `/` as shipped: index.html carries the first page of the list, the app
//                takes over
//   home-floor   that index.html with every script removed
//   post-static  `/posts/<slug>` as shipped: posts/<slug>.html carries the rendered
//                post, the app starts on it and takes over
//   post-spa     `/posts/<slug>` from a host whose only rule is the usual SPA
//                fallback, `try_files $uri $uri/ /index.html` (nginx.mjs mode
//                'spa-fallback'): it redirects to `/posts/<slug>/` (301, as object
//                storage does) and answers with posts/<slug>/index.html, the same page
//   post-app     `/posts/<slug>` from a copy of the build without the static post
//                pages, so the host answers with the app shell (404.html, status 200,
//                like `_redirects`): the pure app path — shell, wasm, manifest, body
//   post-floor   posts/<slug>.html with every script removed
//   post-control the floor again under another name, paired with the floor like a
//                fumi page: an A/A control, the method's own error
//   docsify      Docsify 5 (npm `docsify`, pinned; its own docsify.min.js and
//                themes/core.min.css, no plugins, no configuration) rendering the same
//                post's Markdown, `# <title>` + posts/<slug>.md as its README.md, from
//                the same server (pre-compressed like the build)
//
// Each run is a fresh browser context (empty HTTP cache, no compiled-wasm cache), at
// 1× and at 4× CPU throttling (CDP Emulation.setCPUThrottlingRate; wasm compilation
// on background threads is not throttled). Runs are interleaved (run 1 of every page,
// then run 2 …) so background load spreads evenly, and each load of a page is paired
// with a load of its floor made right before or after it; medians are reported, and
// ratios to the floor as the median of the pairs' ratios (see measureLoads).
//
// Figures (ms from navigation start, performance.timeOrigin):
//   fcp      the `first-contentful-paint` paint entry
//   lcp      the last `largest-contentful-paint` entry before the page went quiet
//            (no input is given, so none is discarded)
//   content  first time the content (`.post__body` / `ol.post-list li`) is in the
//            DOM with children — a MutationObserver from document creation, so it
//            also sees parser-inserted static copies
//   app      the app's own mark: `fumi:app` when it has taken over a page rendered
//            for the URL (it starts at the reader's first intent, or idle ~5 s after
//            load; the bench shows no intent), `fumi:post-body` when it rendered the
//            post itself (the app path); none on floors
//   tbt      sum over long tasks (> 50 ms, PerformanceObserver 'longtask') of
//            (duration − 50), from navigation start until the page is quiet: content
//            and the app's mark are in, and no long task has run for 1 s (at most
//            15 s after that)
//   cls      layout shifts summed over the load, through the app's take-over ('layout-shift'
//            entries; no input is given); the report shows the worst run
//   heap     CDP Performance.getMetrics JSHeapUsedSize after a forced GC, when quiet
//   wasm     byteLength of the app's WebAssembly.Memory when quiet (linear memory only
//            grows, so this is its peak)

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { startNginx } from '../tests/e2e/nginx.mjs';
import { compressedSizes, initScript, jsHeapUsed, launchChromium, median, readRecorded, sumSizes } from './lib.mjs';
import { longestJapanesePost } from './long-post.mjs';

export { longestJapanesePost };

export const RATES = [1, 4];
// FUMI_BENCH_PAGES=post-static,post-spa measures only those pages (and their floors):
// for probing one change; a reference run measures every page.
const ONLY = process.env.FUMI_BENCH_PAGES ? process.env.FUMI_BENCH_PAGES.split(',') : null;
const QUIET_MS = 1000;
// First paint moves by ±40% from one identical load to the next on a shared 2-core
// machine (a page with one heading does too), so the ratios to the floor of the pages
// with an LCP budget (the post, as shipped, from the SPA host and by the app path) also
// get FUMI_BENCH_PAINT_PAIRS extra pairs of short loads per page and rate (default
// six times the runs) that record only the paint figures (measurePaint). Six, not
// three: with 36 pairs the 95% interval of the median ratio at 4× spanned ±8%, wider
// than the 5% budget, and one run put byte-identical pages (as shipped, and the same
// page behind the SPA host's 4 ms redirect) at 0.97× and 1.09×.
const PAINT_PAIRS = (runs) => Math.max(0, Number(process.env.FUMI_BENCH_PAINT_PAIRS ?? 6 * runs));
const PAINT_FIGURES = ['fcp', 'lcp', 'content'];
const SETTLE_CAP_MS = 15_000;
const TIMEOUT_MS = 60_000;
/** Kinds of file counted in "initial load" (everything a page needs before its content). */
export const INITIAL_KINDS = ['html', 'js', 'wasm', 'css', 'manifest'];
/** Docsify's rendered post: the README's first heading inside its article. */
const DOCSIFY_CONTENT = '.markdown-section h1';

/** A page of the build with every script removed: what a plain static site would serve. */
export function withoutScripts(html) {
  const out = html
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '')
    .replace(/<link\b[^>]*\brel="(?:modulepreload|preload)"[^>]*>/gi, '');
  if (/<script\b/i.test(out)) throw new Error('a script survived in the floor page');
  return out;
}

function kindOf(url, resourceType) {
  const p = new URL(url).pathname;
  if (resourceType === 'document') return 'html';
  if (p.endsWith('/manifest.json')) return 'manifest';
  if (p.endsWith('.md') || p.endsWith('.hints.json')) return 'post body';
  if (p.endsWith('.wasm')) return 'wasm';
  if (p.endsWith('.js')) return 'js';
  if (p.endsWith('.css')) return 'css';
  return 'other';
}

async function openPage(browser, scenario, rate, contextOptions = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', ...contextOptions });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await page.addInitScript(initScript, scenario.content);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, cdp, errors };
}

/** Loads the page and waits until it is quiet; returns what was recorded. */
async function loadUntilQuiet(page, scenario) {
  await page.goto(scenario.url, { waitUntil: 'load', timeout: TIMEOUT_MS });
  await page.waitForFunction(
    (mark) => window.__fumiBench.content !== null && (!mark || performance.getEntriesByName(mark).length > 0),
    scenario.mark,
    { timeout: TIMEOUT_MS, polling: 100 },
  );
  const capAt = Date.now() + SETTLE_CAP_MS;
  for (;;) {
    await page.waitForTimeout(250);
    const rec = await page.evaluate(readRecorded);
    const appAt = rec.marks.find((m) => m.name === scenario.mark)?.time ?? 0;
    const busyUntil = Math.max(rec.content, appAt, ...rec.longTasks.map((t) => t.start + t.duration));
    if (rec.now - busyUntil >= QUIET_MS || Date.now() > capAt) return { ...rec, windowEnd: rec.now, appAt };
  }
}

async function measureOnce(browser, scenario, rate) {
  const { context, page, cdp, errors } = await openPage(browser, scenario, rate);
  try {
    const rec = await loadUntilQuiet(page, scenario);
    const heap = await jsHeapUsed(cdp);
    const tasks = rec.longTasks.filter((t) => t.start < rec.windowEnd);
    const lcp = rec.lcp.at(-1);
    return {
      fcp: rec.paint['first-contentful-paint'] ?? null,
      lcp: lcp?.time ?? null,
      lcp_element: lcp?.element ?? null,
      cls: rec.cls,
      content: rec.content,
      app: scenario.mark ? rec.appAt : null,
      app_started: rec.started,
      tbt: tasks.reduce((sum, t) => sum + Math.max(0, t.duration - 50), 0),
      max_task: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
      long_tasks: tasks.length,
      js_heap: heap,
      wasm_memory: rec.wasmBytes,
      window_end: rec.windowEnd,
      errors,
    };
  } catch (e) {
    return { error: String(e.message ?? e).split('\n')[0], errors };
  } finally {
    await context.close();
  }
}

/**
 * A short cold load for the paint figures only: until the content is in and no new
 * LCP entry has come for QUIET_MS (the app's idle-time take-over is not waited for:
 * it starts seconds after the page's last paint).
 */
export async function measurePaint(browser, scenario, rate) {
  const { context, page } = await openPage(browser, scenario, rate);
  try {
    await page.goto(scenario.url, { waitUntil: 'load', timeout: TIMEOUT_MS });
    await page.waitForFunction(() => window.__fumiBench.content !== null, null, { timeout: TIMEOUT_MS, polling: 100 });
    for (;;) {
      await page.waitForTimeout(250);
      const rec = await page.evaluate(readRecorded);
      const last = Math.max(rec.content, rec.lcp.at(-1)?.time ?? 0);
      if (rec.now - last >= QUIET_MS) return { fcp: rec.paint['first-contentful-paint'] ?? null, lcp: rec.lcp.at(-1)?.time ?? null, content: rec.content };
    }
  } catch (e) {
    return { error: String(e.message ?? e).split('\n')[0] };
  } finally {
    await context.close();
  }
}

/** Every response of one cold load at 1× (untimed), with its size raw / gzip / brotli. */
async function inventory(browser, scenario) {
  const { context, page } = await openPage(browser, scenario, 1);
  const pending = [];
  page.on('response', (res) => {
    pending.push(
      (async () => {
        const body = await res.body().catch(() => Buffer.alloc(0));
        const url = res.url();
        return { path: decodeURIComponent(new URL(url).pathname), kind: kindOf(url, res.request().resourceType()), status: res.status(), ...compressedSizes(body) };
      })(),
    );
  });
  try {
    await loadUntilQuiet(page, scenario);
    const files = await Promise.all(pending);
    const byKind = {};
    for (const f of files) byKind[f.kind] = sumSizes([byKind[f.kind] ?? { raw: 0, gzip: 0, brotli: 0 }, f]);
    const initial = sumSizes(INITIAL_KINDS.map((k) => byKind[k]).filter(Boolean));
    const before_first_paint = beforeFirstPaint(await page.evaluate(resourceEntries));
    return { files, by_kind: byKind, initial, before_first_paint };
  } finally {
    await context.close();
  }
}

/** In the page: the navigation and every resource entry, with FCP. */
function resourceEntries() {
  const pick = (e) => ({
    name: e.name,
    start: e.startTime,
    blocking: e.renderBlockingStatus ?? null,
    initiator: e.initiatorType,
    encoded: e.encodedBodySize,
    decoded: e.decodedBodySize,
  });
  return {
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    navigation: pick(performance.getEntriesByType('navigation')[0]),
    resources: performance.getEntriesByType('resource').map(pick),
  };
}

/**
 * Bytes before first paint: the HTML document plus every resource the browser marked
 * render-blocking (Resource Timing `renderBlockingStatus`: stylesheets and
 * synchronous scripts in the head) that was requested before FCP, as sent by the
 * server (`encodedBodySize`: the .br copy when there is one). `requested` also counts
 * the non-blocking requests started before FCP (preloads, module scripts, the wasm).
 */
function beforeFirstPaint({ fcp, navigation, resources }) {
  if (fcp == null) return null;
  const early = resources.filter((r) => r.start < fcp);
  const blocking = early.filter((r) => r.blocking === 'blocking');
  const sum = (list) => list.reduce((t, r) => t + r.encoded, 0);
  const short = (r) => ({ path: decodeURIComponent(new URL(r.name).pathname), bytes: r.encoded, raw: r.decoded, blocking: r.blocking === 'blocking' });
  return {
    fcp,
    bytes: navigation.encoded + sum(blocking),
    raw: navigation.decoded + blocking.reduce((t, r) => t + r.decoded, 0),
    requested_bytes: navigation.encoded + sum(early),
    files: [short(navigation), ...early.map(short)],
  };
}

/** `.br` (brotli 11) and `.gz` (gzip 9) beside every text file over 1 KiB, as the build makes them. */
function precompress(dir) {
  for (const f of fs.readdirSync(dir, { recursive: true })) {
    const file = path.join(dir, f);
    if (!/\.(html|js|css|md|svg|json)$/.test(f) || !fs.statSync(file).isFile()) continue;
    const buf = fs.readFileSync(file);
    if (buf.length <= 1024) continue;
    fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(buf, { level: 9 }));
  }
}

/** A Docsify 5 site rendering `markdown`: its own script and core theme, no plugins, no configuration. */
function writeDocsifySite(dir, { title, markdown, lang, images }) {
  const docsify = path.resolve('node_modules/docsify/dist');
  if (!fs.existsSync(path.join(docsify, 'docsify.min.js'))) throw new Error('node_modules/docsify is missing: npm ci');
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(docsify, 'docsify.min.js'), path.join(dir, 'docsify.min.js'));
  fs.copyFileSync(path.join(docsify, 'themes/core.min.css'), path.join(dir, 'core.min.css'));
  fs.writeFileSync(path.join(dir, 'README.md'), `# ${title}\n\n${markdown}`);
  // The post's relative image paths (images/…) resolve inside the Docsify site.
  if (fs.existsSync(images)) fs.cpSync(images, path.join(dir, 'images'), { recursive: true });
  const esc = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="core.min.css">
</head>
<body>
<div id="app"></div>
<script src="docsify.min.js"></script>
</body>
</html>
`,
  );
}

/**
 * The sites the cold loads and Lighthouse measure, each behind its own nginx:
 * the build as shipped (plus the floors and the Docsify site), the same behind a
 * host with only an SPA fallback, and the build without static post pages.
 * Returns { post, urls: { home, homeFloor, post, postSpa, postApp, postFloor, postFloorAgain, docsify }, stop }.
 */
export async function prepareSites(dist) {
  const post = longestJapanesePost(dist);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fumi-bench-sites-'));
  const shipped = path.join(tmp, 'shipped');
  const appOnly = path.join(tmp, 'app-only');
  fs.cpSync(dist, shipped, { recursive: true });
  fs.cpSync(dist, appOnly, { recursive: true });
  // No page of the post's own (neither posts/<slug>.html nor posts/<slug>/index.html):
  // the host answers with 404.html, on which the app renders the post.
  for (const f of fs.readdirSync(path.join(appOnly, 'posts'), { withFileTypes: true })) {
    if (f.isDirectory() || /\.html(\.br|\.gz)?$/.test(f.name)) fs.rmSync(path.join(appOnly, 'posts', f.name), { recursive: true });
  }
  const floors = path.join(shipped, 'bench-floor');
  fs.mkdirSync(floors);
  const postHtml = fs.readFileSync(path.join(dist, 'posts', `${post.slug}.html`), 'utf8');
  fs.writeFileSync(path.join(floors, 'post.html'), withoutScripts(postHtml));
  // The A/A control: the floor again under another name, measured against the floor
  // like a fumi page. What it shows is the method's own error (a 5% budget means
  // little if identical pages differ by as much).
  fs.writeFileSync(path.join(floors, 'post-again.html'), withoutScripts(postHtml));
  fs.writeFileSync(path.join(floors, 'home.html'), withoutScripts(fs.readFileSync(path.join(dist, 'index.html'), 'utf8')));
  precompress(floors);
  const docsify = path.join(shipped, 'bench-docsify');
  writeDocsifySite(docsify, {
    title: post.title,
    markdown: fs.readFileSync(path.join(dist, 'posts', `${post.slug}.md`), 'utf8'),
    lang: post.lang ?? 'ja',
    images: path.join(dist, 'images'),
  });
  precompress(docsify);

  const servers = [];
  const stop = async () => {
    await Promise.all(servers.map((s) => s.stop()));
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  try {
    const serve = async (dir, mode) => {
      const s = await startNginx({ dist: dir, mode });
      servers.push(s);
      return s.url;
    };
    const a = await serve(shipped, 'clean-urls');
    const spa = await serve(shipped, 'spa-fallback');
    const b = await serve(appOnly, 'clean-urls');
    const postPath = `/posts/${encodeURIComponent(post.slug)}`;
    const urls = {
      home: `${a}/`,
      homeFloor: `${a}/bench-floor/home.html`,
      post: a + postPath,
      postSpa: spa + postPath,
      postApp: b + postPath,
      postFloor: `${a}/bench-floor/post.html`,
      postFloorAgain: `${a}/bench-floor/post-again.html`,
      docsify: `${a}/bench-docsify/`,
    };
    return { post, urls, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * A 95% interval for the median of `xs` (bootstrap: the median of 2,000 resamples,
 * with a fixed seed so a report is reproducible from its data): how far the median of
 * this many noisy pairs can be trusted. Null with fewer than 5 values.
 */
export function medianInterval(xs) {
  const values = xs.filter((x) => typeof x === 'number' && Number.isFinite(x));
  if (values.length < 5) return null;
  let seed = 0x9e3779b9;
  const random = () => {
    // xorshift32: enough for resampling, and the same every run.
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };
  const medians = Array.from({ length: 2000 }, () => median(values.map(() => values[Math.floor(random() * values.length)]))).sort((a, b) => a - b);
  return [medians[Math.floor(0.025 * medians.length)], medians[Math.ceil(0.975 * medians.length) - 1]];
}

export async function measureLoads({ sites, runs, log = console.error }) {
  const { post, urls } = sites;
  const LIST = 'ol.post-list li';
  const BODY = '.post__body';
  const every = [
    { id: 'home', label: 'home, as shipped', short: 'home', url: urls.home, content: LIST, mark: 'fumi:app', floor: 'home-floor', paintPaired: false },
    { id: 'home-floor', label: 'home, floor', url: urls.homeFloor, content: LIST, mark: null },
    { id: 'post-static', label: 'post, as shipped', short: 'post', url: urls.post, content: BODY, mark: 'fumi:app', floor: 'post-floor' },
    { id: 'post-spa', label: 'post, SPA-fallback host', short: 'post, SPA host', url: urls.postSpa, content: BODY, mark: 'fumi:app', floor: 'post-floor' },
    { id: 'post-app', label: 'post, app path', short: 'post, app path', url: urls.postApp, content: BODY, mark: 'fumi:post-body', floor: 'post-floor' },
    { id: 'post-floor', label: 'post, floor', url: urls.postFloor, content: BODY, mark: null },
    { id: 'post-control', label: 'post, floor again (A/A control)', short: 'floor vs itself', url: urls.postFloorAgain, content: BODY, mark: null, floor: 'post-floor' },
    { id: 'docsify', label: 'post, Docsify 5', short: 'Docsify 5', url: urls.docsify, content: DOCSIFY_CONTENT, mark: null, floor: 'post-floor', paintPaired: false },
  ];
  const wanted = (s) => ONLY.includes(s.id) || every.some((o) => ONLY.includes(o.id) && o.floor === s.id);
  const scenarios = ONLY ? every.filter(wanted) : every;

  const byId = Object.fromEntries(scenarios.map((s) => [s.id, s]));
  const browser = await launchChromium();
  try {
    for (const s of scenarios) s.inventory = await inventory(browser, s);
    for (const s of scenarios) s.runs = Object.fromEntries(RATES.map((r) => [r, []]));
    // A page with a floor is measured back to back with a fresh load of that floor,
    // alternating which goes first, so both see the same moment of a shared machine;
    // the floor's own figures are all of its loads.
    for (const s of scenarios) if (s.floor && byId[s.floor]) s.floorRuns = Object.fromEntries(RATES.map((r) => [r, []]));
    const order = scenarios.filter((s) => s.floorRuns || !scenarios.some((o) => o.floorRuns && o.floor === s.id));
    for (let run = 0; run < runs; run++) {
      for (const rate of RATES) {
        // Rotate the order so no page is always first after a context switch.
        for (let i = 0; i < order.length; i++) {
          const s = order[(i + run) % order.length];
          const floor = s.floorRuns ? byId[s.floor] : null;
          const loads = !floor ? [s] : (run + i) % 2 === 0 ? [floor, s] : [s, floor];
          for (const which of loads) {
            const m = await measureOnce(browser, which, rate);
            if (m.error) log(`  ${which.id} ${rate}×: ${m.error}`);
            which.runs[rate].push(m);
            if (which === floor) s.floorRuns[rate].push(m);
          }
        }
      }
      log(`  cold loads: run ${run + 1}/${runs} done`);
    }
    const paired = order.filter((s) => s.floorRuns && s.paintPaired !== false);
    const pairs = PAINT_PAIRS(runs);
    for (const s of paired) s.paintPairs = Object.fromEntries(RATES.map((r) => [r, []]));
    for (let n = 0; n < pairs; n++) {
      for (const rate of RATES) {
        for (let i = 0; i < paired.length; i++) {
          const s = paired[(i + n) % paired.length];
          const floor = byId[s.floor];
          const [a, b] = (n + i) % 2 === 0 ? [floor, s] : [s, floor];
          const first = await measurePaint(browser, a, rate);
          const second = await measurePaint(browser, b, rate);
          const [page, base] = a === floor ? [second, first] : [first, second];
          for (const m of [page, base]) if (m.error) log(`  paint pair ${s.id} ${rate}×: ${m.error}`);
          s.paintPairs[rate].push({ page, floor: base });
        }
      }
      if ((n + 1) % 4 === 0 || n + 1 === pairs) log(`  paint pairs: ${n + 1}/${pairs} done`);
    }
  } finally {
    await browser.close();
  }

  const FIGURES = ['fcp', 'lcp', 'content', 'app', 'tbt', 'max_task', 'long_tasks', 'cls', 'js_heap', 'wasm_memory'];
  for (const s of scenarios) {
    s.median = {};
    for (const rate of RATES) {
      const ok = s.runs[rate].filter((m) => !m.error);
      s.median[rate] = Object.fromEntries(FIGURES.map((f) => [f, median(ok.map((m) => m[f]))]));
      s.median[rate].ok_runs = ok.length;
      // A layout shift in any run is a shift a reader can see: the worst run counts.
      s.median[rate].cls_worst = ok.length ? Math.max(...ok.map((m) => m.cls ?? Infinity)) : null;
      const elements = ok.map((m) => m.lcp_element).filter(Boolean);
      s.median[rate].lcp_element = elements.sort((x, y) => elements.filter((e) => e === y).length - elements.filter((e) => e === x).length)[0] ?? null;
    }
  }
  // fumi ÷ floor, per figure and throttling rate: the median of the ratios of paired
  // loads (each load of the page ÷ the load of its floor made just before or after it:
  // the full runs and the paint pairs), and for reference the ratio of the medians.
  for (const s of scenarios) {
    if (!s.floorRuns) continue;
    s.vs_floor = {};
    s.vs_floor_of_medians = {};
    const floor = byId[s.floor];
    for (const rate of RATES) {
      const pairs = [
        ...s.runs[rate].map((m, i) => ({ page: m, floor: s.floorRuns[rate][i] })),
        ...(s.paintPairs?.[rate] ?? []),
      ];
      const ratios = (k) => pairs.map(({ page: m, floor: f }) => (m.error || f?.error || m[k] == null || !f?.[k] ? null : m[k] / f[k]));
      const paired = (k) => median(ratios(k));
      const ofMedians = (k) => (s.median[rate][k] != null && floor.median[rate][k] ? s.median[rate][k] / floor.median[rate][k] : null);
      s.vs_floor[rate] = Object.fromEntries(PAINT_FIGURES.map((k) => [k, paired(k)]));
      s.vs_floor[rate].pairs = pairs.filter(({ page: m, floor: f }) => !m.error && !f?.error).length;
      s.vs_floor[rate].lcp_interval = medianInterval(ratios('lcp'));
      s.vs_floor_of_medians[rate] = { fcp: ofMedians('fcp'), lcp: ofMedians('lcp'), content: ofMedians('content') };
    }
  }
  return {
    post,
    runs,
    rates: RATES,
    quiet_ms: QUIET_MS,
    scenarios: scenarios.map(({ id, label, short, url, content, mark, floor, inventory, runs: r, floorRuns, paintPairs, median: m, vs_floor, vs_floor_of_medians }) => ({
      id,
      label,
      short: short ?? label,
      path: new URL(url).pathname,
      content,
      mark,
      floor: floor ?? null,
      inventory,
      median: m,
      vs_floor: vs_floor ?? null,
      vs_floor_of_medians: vs_floor_of_medians ?? null,
      runs: r,
      // The floor's loads paired with this page's runs, and the paint pairs.
      floor_runs: floorRuns ?? null,
      paint_pairs: paintPairs ?? null,
    })),
  };
}

/** The round trip every request of a returning reader's loads takes (CDP emulation), ms. */
export const RETURNING_RTT_MS = 100;

/**
 * A returning reader: the home page, then the long post, in one fresh context (so the
 * second page finds the first one's files in the HTTP cache), with every request
 * RETURNING_RTT_MS away and no CPU throttling; fumi as shipped and the floor (the floors
 * of both pages: the same stylesheets), alternating which goes first. Only the post is
 * measured: its FCP and LCP, and how many of its render-blocking files still went to the
 * server (a revalidated one costs a round trip before the first paint). Service workers
 * are blocked: this measures the HTTP cache a first-time installer of the page has.
 */
export async function measureReturning({ sites, runs, log = console.error }) {
  const { urls } = sites;
  const kinds = [
    { id: 'post-static', label: 'post, as shipped', first: urls.home, then: urls.post },
    { id: 'post-floor', label: 'post, floor', first: urls.homeFloor, then: urls.postFloor },
  ];
  const loads = Object.fromEntries(kinds.map((k) => [k.id, []]));
  const browser = await launchChromium();
  try {
    for (let run = 0; run < runs; run++) {
      for (const k of run % 2 ? [...kinds].reverse() : kinds) {
        const { context, page, cdp } = await openPage(browser, { content: '.post__body' }, 1, { serviceWorkers: 'block' });
        try {
          await cdp.send('Network.enable');
          await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: RETURNING_RTT_MS, downloadThroughput: -1, uploadThroughput: -1 });
          await page.goto(k.first, { waitUntil: 'load', timeout: TIMEOUT_MS });
          await page.goto(k.then, { waitUntil: 'load', timeout: TIMEOUT_MS });
          await page.waitForTimeout(QUIET_MS);
          const rec = await page.evaluate(readRecorded);
          const fetched = await page.evaluate(() =>
            performance.getEntriesByType('resource').filter((e) => e.renderBlockingStatus === 'blocking' && e.transferSize > 0).length,
          );
          loads[k.id].push({ fcp: rec.paint['first-contentful-paint'] ?? null, lcp: rec.lcp.at(-1)?.time ?? null, blocking_fetched: fetched });
        } catch (e) {
          const error = String(e.message ?? e).split('\n')[0];
          log(`  returning reader ${k.id}: ${error}`);
          loads[k.id].push({ error });
        } finally {
          await context.close();
        }
      }
    }
  } finally {
    await browser.close();
  }
  const ok = (id) => loads[id].filter((m) => !m.error);
  const pages = kinds.map((k) => ({
    id: k.id,
    label: k.label,
    fcp: median(ok(k.id).map((m) => m.fcp)),
    lcp: median(ok(k.id).map((m) => m.lcp)),
    blocking_fetched: Math.max(0, ...ok(k.id).map((m) => m.blocking_fetched)),
    ok_runs: ok(k.id).length,
  }));
  // Paired by run, like the cold loads: the page ÷ the floor loaded just before or after it.
  const pairs = loads['post-static'].map((m, i) => [m, loads['post-floor'][i]]).filter(([m, f]) => !m.error && !f?.error && f.fcp && f.lcp);
  const vs_floor = {
    fcp: median(pairs.map(([m, f]) => m.fcp / f.fcp)),
    lcp: median(pairs.map(([m, f]) => m.lcp / f.lcp)),
    pairs: pairs.length,
  };
  return { rtt_ms: RETURNING_RTT_MS, runs, pages, vs_floor, loads };
}
