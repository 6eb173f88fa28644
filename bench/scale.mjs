// fumi at scale: synthetic sites of 100, 1,000 and 10,000 posts (fumi-publish
// generate), published with the release tool and served with the release app (every
// path answered by the app shell: the app at that size, not the sample site's rendered
// pages). Per size: publishing time, manifest and search-index bytes, native search latency, and
// in headless Chromium (fresh context per run, no throttling):
//   cold_list_ms   navigation start → the app's list is in the DOM (`fumi:post-list`
//                  mark), cold: manifest download and parse included
//   list_ms        a click on the header's "Posts" link (client-side, from /tags) →
//                  the list is in the DOM
//   tag_filter_ms  a click on the first tag toggle → the list has changed
//   search_keystroke_ms   "運" → "運用" in the search box, index shards already
//                  loaded → the results have changed
//   max_task_after_startup_ms   longest long task (> 50 ms) overlapping any of the
//                  three interactions (0 if none)
//   js_heap / wasm_memory       after the interactions, JS heap after a forced GC
//                  (CDP JSHeapUsedSize) and the wasm linear memory; the larger of the
//                  list page and the search page
// Medians of FUMI_BENCH_RUNS runs. Part of ./scripts/bench (bench.mjs), which builds
// first; on its own: `node bench/scale.mjs` (FUMI_DIST, FUMI_BENCH_SIZES).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startServer } from '../tests/e2e/server.mjs';
import { DIST, RUNS, compressedSizes, initScript, jsHeapUsed, launchChromium, median, readRecorded } from './lib.mjs';

export const SIZES = (process.env.FUMI_BENCH_SIZES ?? '100,1000,10000').split(',').map(Number).filter((n) => n > 0);
const publish = path.resolve('target/release/fumi-publish');
const searchLatency = path.resolve('target/release/examples/search_latency');
const SETTLE_MS = 300;

function bytes(files) {
  let raw = 0;
  let br = 0;
  for (const f of files) {
    const s = compressedSizes(fs.readFileSync(f));
    raw += s.raw;
    br += s.brotli;
  }
  return { raw, br };
}

/** Runs `fn` in the page (an interaction that returns its duration) and the long tasks overlapping it. */
async function interaction(page, fn) {
  const { t0, ms } = await page.evaluate(fn);
  await page.waitForTimeout(SETTLE_MS);
  const rec = await page.evaluate(readRecorded);
  const end = t0 + ms + SETTLE_MS;
  const tasks = rec.longTasks.filter((t) => t.start + t.duration > t0 && t.start < end);
  return { ms, maxTask: tasks.reduce((m, t) => Math.max(m, t.duration), 0) };
}

async function memory(page, cdp) {
  const heap = await jsHeapUsed(cdp);
  const { wasmBytes } = await page.evaluate(readRecorded);
  return { js_heap: heap, wasm_memory: wasmBytes, total: (heap ?? 0) + (wasmBytes ?? 0) };
}

async function browserRun(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.addInitScript(initScript, null);

    // Cold start on the list.
    await page.goto(url + '/');
    await page.waitForFunction(() => performance.getEntriesByName('fumi:post-list').length > 0, null, { timeout: 60_000, polling: 100 });
    const coldList = await page.evaluate(() => performance.getEntriesByName('fumi:post-list')[0].startTime);

    // List render after a client-side navigation from /tags.
    await page.goto(url + '/tags');
    await page.locator('ul.tag-index').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(SETTLE_MS);
    const list = await interaction(page, async () => {
      const link = document.querySelector('.site-nav a');
      const t0 = performance.now();
      link.click();
      while (!document.querySelector('ol.post-list li.post-card')) await new Promise(requestAnimationFrame);
      return { t0, ms: performance.now() - t0 };
    });
    // Tag filter: a click on the first tag toggle until the list has changed.
    await page.locator('.tag-toggle').first().waitFor();
    const filter = await interaction(page, async () => {
      const before = document.querySelector('ol.post-list')?.innerHTML;
      const t0 = performance.now();
      document.querySelector('.tag-toggle').click();
      while (document.querySelector('ol.post-list')?.innerHTML === before) await new Promise(requestAnimationFrame);
      return { t0, ms: performance.now() - t0 };
    });
    const listMemory = await memory(page, cdp);

    // Search keystroke, index already loaded: "運" → "運用" until results change.
    await page.goto(url + '/search?q=' + encodeURIComponent('運'));
    await page.locator('.search-status').waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => !/Loading|読み込み中/.test(document.querySelector('.search-status')?.textContent ?? ''), null, { timeout: 60_000 });
    await page.waitForTimeout(SETTLE_MS);
    const key = await interaction(page, async () => {
      const input = document.querySelector('.search-form__input');
      const before = document.querySelector('.search-results')?.innerHTML;
      const t0 = performance.now();
      input.value = '運用';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      while (document.querySelector('.search-results')?.innerHTML === before) await new Promise(requestAnimationFrame);
      return { t0, ms: performance.now() - t0 };
    });
    const searchMemory = await memory(page, cdp);
    const peak = listMemory.total >= searchMemory.total ? listMemory : searchMemory;
    return {
      cold_list_ms: coldList,
      list_ms: list.ms,
      tag_filter_ms: filter.ms,
      search_keystroke_ms: key.ms,
      max_task_after_startup_ms: Math.max(list.maxTask, filter.maxTask, key.maxTask),
      max_task_list_ms: list.maxTask,
      max_task_filter_ms: filter.maxTask,
      max_task_search_ms: key.maxTask,
      js_heap: peak.js_heap,
      wasm_memory: peak.wasm_memory,
      memory_total: peak.total,
      memory_list_page: listMemory.total,
      memory_search_page: searchMemory.total,
    };
  } finally {
    await context.close();
  }
}

async function browserTimings(url, runs, log) {
  const browser = await launchChromium();
  const all = [];
  try {
    for (let run = 0; run < runs; run++) {
      try {
        all.push(await browserRun(browser, url));
      } catch (e) {
        log(`  run ${run + 1}: ${String(e.message ?? e).split('\n')[0]}`);
      }
    }
  } finally {
    await browser.close();
  }
  const keys = Object.keys(all[0] ?? {});
  const out = Object.fromEntries(keys.map((k) => [k, median(all.map((r) => r[k]))]));
  // The worst run for "no long task after start-up": a single one is a failure.
  out.max_task_after_startup_worst_ms = Math.max(0, ...all.map((r) => r.max_task_after_startup_ms));
  out.ok_runs = all.length;
  out.runs = all;
  return out;
}

/**
 * Drops the sample site's rendered pages from a copy of the build, so that every path
 * is answered with the app shell (404.html, and index.html made a copy of it): the
 * synthetic site has no pages of its own, and what is measured here is the app itself
 * at that size — manifest download and parse, lists, filters, search.
 */
function appShellOnly(dir) {
  for (const f of fs.readdirSync(dir, { recursive: true })) {
    if (f.endsWith('.html') && f !== '404.html') fs.rmSync(path.join(dir, f));
  }
  fs.copyFileSync(path.join(dir, '404.html'), path.join(dir, 'index.html'));
}

export async function measureScale({ dist = DIST, sizes = SIZES, runs = RUNS, log = console.error } = {}) {
  const results = [];
  for (const n of sizes) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `fumi-scale-${n}-`));
    try {
      const site = path.join(tmp, 'site');
      const served = path.join(tmp, 'dist');
      execFileSync(publish, ['generate', '--posts', String(n), '--out', site], { stdio: 'ignore' });
      fs.cpSync(dist, served, { recursive: true, filter: (src) => !/\.(br|gz)$/.test(src) });
      fs.rmSync(path.join(served, 'posts'), { recursive: true, force: true });
      appShellOnly(served);
      const publishRuns = [];
      for (let i = 0; i < 3; i++) {
        const t0 = process.hrtime.bigint();
        execFileSync(publish, ['build', '--root', site, '--out', path.join(served, 'posts')], { stdio: 'ignore' });
        publishRuns.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      const posts = path.join(served, 'posts');
      const manifest = bytes([path.join(posts, 'manifest.json')]);
      const searchFiles = fs.readdirSync(path.join(posts, 'search')).map((f) => path.join(posts, 'search', f));
      const index = bytes(searchFiles.filter((f) => /terms-|meta/.test(f)));
      const texts = bytes(searchFiles.filter((f) => /text-/.test(f)));
      const native = JSON.parse(execFileSync(searchLatency, [posts]).toString());
      const server = await startServer({ dir: served });
      let browser;
      try {
        browser = await browserTimings(server.url, runs, log);
      } finally {
        await server.close();
      }
      results.push({
        posts: n,
        publish_ms: median(publishRuns),
        manifest_bytes: manifest,
        manifest_br_per_post: manifest.br / n,
        index_bytes: index,
        index_br_per_post: index.br / n,
        text_bytes: texts,
        term_shards: native.term_shards,
        native_query_us: median(native.queries.map((q) => q.median_us)),
        ...browser,
      });
      log(`  scale: measured ${n} posts`);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = await measureScale();
  const pad = (v, w = 14) => String(v).padStart(w);
  console.log('\nscale (medians)          ' + results.map((r) => pad(r.posts + ' posts')).join(''));
  const row = (label, f) => console.log(label.padEnd(25) + results.map((r) => pad(f(r))).join(''));
  row('publish (ms)', (r) => r.publish_ms.toFixed(0));
  row('manifest br/post (B)', (r) => r.manifest_br_per_post.toFixed(0));
  row('index br/post (B)', (r) => r.index_br_per_post.toFixed(0));
  row('cold list (ms)', (r) => r.cold_list_ms?.toFixed(0));
  row('list render (ms)', (r) => r.list_ms?.toFixed(1));
  row('tag filter (ms)', (r) => r.tag_filter_ms?.toFixed(1));
  row('search key (ms)', (r) => r.search_keystroke_ms?.toFixed(1));
  row('memory (MiB)', (r) => (r.memory_total / 2 ** 20).toFixed(1));
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync('bench/results/scale.json', JSON.stringify(results, null, 2));
  console.log('\nwritten: bench/results/scale.json');
}
