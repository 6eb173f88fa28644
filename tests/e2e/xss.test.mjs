// Hostile content: a corpus of XSS payloads (tests/e2e/fixtures/xss-payloads.json),
// written as Markdown bodies and as front-matter values, published by the real tool
// (bodies, static pages, feeds) and rendered in Chromium: nothing may run. A payload
// that ran would call window.__xss(id), open a dialog, or request a URL off the site.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { DIST, useHarness, waitForApp, postPath, tagPath } from './harness.mjs';
import { startServer } from './server.mjs';
import { plainShell } from './build.mjs';

const h = useHarness();
const corpus = JSON.parse(fs.readFileSync(new URL('./fixtures/xss-payloads.json', import.meta.url), 'utf8'));
const site = { tmp: null, server: null, manifest: null };
const PER_POST = 6;

function publish(args, env = {}) {
  execFileSync('cargo', ['run', '--quiet', '--offline', '-p', 'fumi-publish', '--', ...args], {
    stdio: 'pipe',
    // The corpus's URLs are never fetched: a card's data is tested in rich-content.test.mjs.
    env: { ...process.env, FUMI_OFFLINE: '1', ...env },
  });
}

before(async () => {
  site.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fumi-xss-'));
  const root = path.join(site.tmp, 'site');
  const dist = path.join(site.tmp, 'dist');
  fs.mkdirSync(path.join(root, 'posts'), { recursive: true });
  fs.writeFileSync(path.join(root, 'fumi.toml'), 'title = "xss"\nbase_url = "http://127.0.0.1:1/"\n');
  for (let i = 0; i * PER_POST < corpus.markdown.length; i++) {
    const body = corpus.markdown.slice(i * PER_POST, (i + 1) * PER_POST).join('\n\n---\n\n');
    fs.writeFileSync(path.join(root, 'posts', `body-${i}.md`), `---\ntitle: "Body payloads ${i}"\ndate: 2024-01-0${i + 1}\ntags: [xss]\n---\n${body}\n`);
  }
  corpus.front_matter.forEach((payload, i) => {
    const value = JSON.stringify(payload); // a JSON string is a YAML string
    fs.writeFileSync(
      path.join(root, 'posts', `front-${i}.md`),
      `---\ntitle: ${value}\ndate: 2023-01-0${i + 1}\ntags: [${value}, xss]\nsummary: ${value}\n---\nxss body\n`,
    );
  });
  // The release app, with this site's posts, rendered pages and feeds, as a build makes them.
  fs.cpSync(DIST, dist, { recursive: true });
  fs.rmSync(path.join(dist, 'posts'), { recursive: true, force: true });
  fs.writeFileSync(path.join(dist, 'index.html'), plainShell(fs.readFileSync(path.join(dist, '404.html'), 'utf8')));
  publish(['build', '--root', root, '--out', path.join(dist, 'posts'), '--site-root', dist]);
  publish(['trunk-post-build'], { TRUNK_STAGING_DIR: dist, TRUNK_PUBLIC_URL: '/', TRUNK_PROFILE: 'debug' });
  publish(['trunk-post-build'], { TRUNK_STAGING_DIR: dist, TRUNK_PUBLIC_URL: '/', TRUNK_PROFILE: 'release' });
  site.manifest = JSON.parse(fs.readFileSync(path.join(dist, 'posts', 'manifest.json'), 'utf8'));
  site.server = await startServer({ dir: dist, port: 0 });
});

after(async () => {
  await site.server?.close();
  if (site.tmp) fs.rmSync(site.tmp, { recursive: true, force: true });
});

/** Opens a page that records any sign of script running; `noApp`: the wasm and its glue are refused. */
async function openWatched(url, { noApp = false } = {}) {
  const signs = [];
  const { page } = await h.openPage(url, {
    setup: async (page) => {
      if (noApp) await page.route(/\/fumi-[0-9a-f]{14,16}(_bg\.wasm|\.js)$/, (route) => route.abort());
      await page.addInitScript(() => {
        window.__xss = (id) => (window.__xssHits = [...(window.__xssHits ?? []), id]);
      });
      page.on('dialog', (d) => {
        signs.push(`dialog: ${d.message()}`);
        d.dismiss().catch(() => {});
      });
      page.on('request', (r) => {
        if (!r.url().startsWith(site.server.url) && !r.url().startsWith('data:')) signs.push(`request: ${r.url()}`);
      });
    },
  });
  return { page, signs };
}

async function assertInert(page, signs, where) {
  await page.waitForTimeout(150); // let onload/onerror handlers fire if any exist
  const hits = await page.evaluate(() => window.__xssHits ?? []);
  const active = await page.evaluate(() =>
    [
      ...document.querySelectorAll(
        // Anything active in the page body, apart from fumi's own search forms, the form
        // that closes its keyboard-shortcuts dialog, and the page record (a JSON data
        // block, never run; checked below).
        'body script:not(body > script#fumi-page[type="application/json"]), iframe, object, embed, form:not(.search-box, .search-form, dialog#keyboard-shortcuts > form[method="dialog"]), body base, body meta, [onerror], [onload], [onmouseover], [ontoggle], a[href^="javascript:" i], a[href^="vbscript:" i], a[href^="data:" i], img[src^="javascript:" i]',
      ),
    ].map((el) => el.outerHTML.slice(0, 120)),
  );
  assert.deepEqual({ hits, signs, active }, { hits: [], signs: [], active: [] }, where);
  // At most one page record, fumi's own: JSON that parses and names this page's route.
  const records = await page.evaluate(() =>
    [...document.querySelectorAll('#fumi-page')].map((el) => ({ tag: el.tagName, type: el.type, text: el.textContent })),
  );
  assert.ok(records.length <= 1, `${where}: one page record at most`);
  for (const r of records) {
    assert.equal(`${r.tag} ${r.type}`, 'SCRIPT application/json', `${where}: the record is a JSON data block`);
    assert.equal(typeof JSON.parse(r.text).route, 'string', `${where}: the record is fumi's`);
  }
}

test('no payload in a post body runs, in the rendered page or after the app takes over', async () => {
  const bodies = site.manifest.posts.filter((p) => p.slug.startsWith('body-'));
  assert.equal(bodies.length, Math.ceil(corpus.markdown.length / PER_POST));
  for (const post of bodies) {
    // The page as rendered by the publishing tool, before (here: without) the app.
    const rendered = await openWatched(`${site.server.url}${postPath(post.slug)}`, { noApp: true });
    await rendered.page.locator('main#main .post__body').waitFor();
    assert.ok((await rendered.page.locator('main#main .post__body').textContent()).includes('__xss'), `${post.slug} (rendered)`);
    await assertInert(rendered.page, rendered.signs, `${post.slug} (rendered, no app)`);

    const { page, signs } = await openWatched(`${site.server.url}${postPath(post.slug)}`);
    await waitForApp(page);
    await page.locator('main#main .post__body').waitFor();
    // The payloads are there, as text: escaped, not dropped.
    assert.ok((await page.locator('main#main .post__body').textContent()).includes('__xss'), post.slug);
    // Hover and click the links, as a reader would.
    for (const link of await page.locator('main#main .post__body a').all()) {
      await link.hover().catch(() => {});
      await link.click({ modifiers: ['Alt'], trial: false }).catch(() => {});
    }
    await assertInert(page, signs, post.slug);
  }
});

test('front-matter payloads stay text in lists, posts, tags, search, static pages and feeds', async () => {
  const fronts = site.manifest.posts.filter((p) => p.slug.startsWith('front-'));
  assert.equal(fronts.length, corpus.front_matter.length);
  const pages = ['/', '/tags', tagPath('xss'), '/archive', `/search?q=${encodeURIComponent('img src')}`];
  pages.push(...fronts.map((p) => postPath(p.slug)));
  pages.push(...fronts.map((p) => tagPath(p.tags[0])));
  for (const url of pages) {
    const rendered = await openWatched(`${site.server.url}${url}`, { noApp: true });
    // (A URL with a query gets another route's page, hidden until the app renders its own.)
    await rendered.page.locator('main#main h1').waitFor({ state: 'attached' });
    await assertInert(rendered.page, rendered.signs, `${url} (rendered, no app)`);
    const { page, signs } = await openWatched(`${site.server.url}${url}`);
    await waitForApp(page);
    await assertInert(page, signs, url);
  }
  // The titles are shown literally.
  const { page } = await openWatched(`${site.server.url}${postPath('front-0')}`);
  await waitForApp(page);
  await page.locator('main#main article h1').waitFor();
  assert.equal(await page.locator('main#main article h1').textContent(), corpus.front_matter[0]);
  // Feeds carry them escaped: well-formed XML with the payload as text.
  const feed = await (await fetch(`${site.server.url}/feed.xml`)).text();
  assert.ok(!feed.includes('<script>'), 'no raw <script> in the feed');
  assert.ok(feed.includes('&lt;/title&gt;&lt;script&gt;'), 'the title payload is escaped in the feed');
});
