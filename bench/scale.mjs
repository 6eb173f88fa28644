// fumi at scale: synthetic sites of 100, 1,000 and 10,000 posts (fumi-publish
// generate), published with the release tool and served with the release app from
// dist/. Prints, per size: publishing time, manifest and search-index bytes, native
// search latency, and in headless Chromium the time to render the list, to apply a
// tag filter and to update search results after a keystroke. Medians; a benchmark,
// never a test. Run through ./scripts/bench (it builds first).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { startServer } from '../tests/e2e/server.mjs';

const SIZES = (process.env.FUMI_BENCH_SIZES ?? '100,1000,10000').split(',').map(Number);
const RUNS = 5;
const publish = path.resolve('target/release/fumi-publish');
const searchLatency = path.resolve('target/release/examples/search_latency');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const brotli = (buf) => zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
function bytes(files) {
  let raw = 0;
  let br = 0;
  for (const f of files) {
    const b = fs.readFileSync(f);
    raw += b.length;
    br += brotli(b);
  }
  return { raw, br };
}

async function browserTimings(url) {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const list = [];
  const filter = [];
  const keystroke = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    // List render after navigation: from a click on the header's "Posts" link (a
    // client-side navigation from /tags) until the list is in the DOM.
    await page.goto(url + '/tags');
    await page.locator('ul.tag-index').waitFor();
    list.push(
      await page.evaluate(async () => {
        const link = document.querySelector('.site-nav a');
        const t0 = performance.now();
        link.click();
        while (!document.querySelector('ol.post-list li.post-card')) await new Promise(requestAnimationFrame);
        return performance.now() - t0;
      }),
    );
    // Tag filter: a click on the first tag toggle until the list has changed.
    await page.locator('.tag-toggle').first().waitFor();
    filter.push(
      await page.evaluate(async () => {
        const before = document.querySelector('ol.post-list')?.innerHTML;
        const t0 = performance.now();
        document.querySelector('.tag-toggle').click();
        while (document.querySelector('ol.post-list')?.innerHTML === before) await new Promise(requestAnimationFrame);
        return performance.now() - t0;
      }),
    );
    // Search keystroke, index already loaded: "運" → "運用" until results change.
    await page.goto(url + '/search?q=' + encodeURIComponent('運'));
    await page.locator('.search-status').waitFor();
    await page.waitForFunction(() => !/Loading|読み込み中/.test(document.querySelector('.search-status')?.textContent ?? ''));
    keystroke.push(
      await page.evaluate(async () => {
        const input = document.querySelector('.search-form__input');
        const before = document.querySelector('.search-results')?.innerHTML;
        const t0 = performance.now();
        input.value = '運用';
        input.dispatchEvent(new Event('input', { bubbles: true }));
        while (document.querySelector('.search-results')?.innerHTML === before) await new Promise(requestAnimationFrame);
        return performance.now() - t0;
      }),
    );
    await context.close();
  }
  await browser.close();
  return { list_ms: median(list), tag_filter_ms: median(filter), search_keystroke_ms: median(keystroke) };
}

const results = [];
for (const n of SIZES) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `fumi-scale-${n}-`));
  const site = path.join(tmp, 'site');
  const dist = path.join(tmp, 'dist');
  execFileSync(publish, ['generate', '--posts', String(n), '--out', site], { stdio: 'ignore' });
  fs.cpSync('dist', dist, { recursive: true });
  fs.rmSync(path.join(dist, 'posts'), { recursive: true, force: true });
  const runs = [];
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint();
    execFileSync(publish, ['build', '--root', site, '--out', path.join(dist, 'posts')], { stdio: 'ignore' });
    runs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const posts = path.join(dist, 'posts');
  const manifest = bytes([path.join(posts, 'manifest.json')]);
  const searchFiles = fs.readdirSync(path.join(posts, 'search')).map((f) => path.join(posts, 'search', f));
  const index = bytes(searchFiles.filter((f) => /terms-|meta/.test(f)));
  const texts = bytes(searchFiles.filter((f) => /text-/.test(f)));
  const native = JSON.parse(execFileSync(searchLatency, [posts]).toString());
  const server = await startServer({ dir: dist });
  const browser = await browserTimings(server.url);
  await server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
  results.push({
    posts: n,
    publish_ms: median(runs),
    manifest_bytes: manifest,
    manifest_br_per_post: manifest.br / n,
    index_bytes: index,
    index_br_per_post: index.br / n,
    text_bytes: texts,
    term_shards: native.term_shards,
    native_query_us: median(native.queries.map((q) => q.median_us)),
    ...browser,
  });
  console.error(`measured ${n} posts`);
}

const pad = (v, w = 10) => String(v).padStart(w);
console.log('\nscale (medians)      ' + SIZES.map((n) => pad(n + ' posts', 14)).join(''));
const row = (label, f) => console.log(label.padEnd(21) + results.map((r) => pad(f(r), 14)).join(''));
row('publish (ms)', (r) => r.publish_ms.toFixed(0));
row('manifest br (KiB)', (r) => (r.manifest_bytes.br / 1024).toFixed(1));
row('manifest br/post (B)', (r) => r.manifest_br_per_post.toFixed(0));
row('index br (KiB)', (r) => (r.index_bytes.br / 1024).toFixed(1));
row('index br/post (B)', (r) => r.index_br_per_post.toFixed(0));
row('text br (KiB)', (r) => (r.text_bytes.br / 1024).toFixed(1));
row('term shards', (r) => r.term_shards);
row('query native (µs)', (r) => r.native_query_us);
row('list render (ms)', (r) => r.list_ms.toFixed(1));
row('tag filter (ms)', (r) => r.tag_filter_ms.toFixed(1));
row('search key (ms)', (r) => r.search_keystroke_ms.toFixed(1));
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync('bench/results/scale.json', JSON.stringify(results, null, 2));
console.log('\nwritten: bench/results/scale.json');
