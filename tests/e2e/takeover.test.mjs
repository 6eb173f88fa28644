// Static first, one renderer: every route's page is the app's own markup (rendered by
// its components, natively, by the publishing tool), and the app takes the page over
// without redoing it: no node replaced, nothing fetched twice, nothing the reader did
// before it arrived lost.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DIST, expectPoll, holdApp, holdStartScript, postPath, readManifest, tagPath, useHarness, waitForApp } from './harness.mjs';

const h = useHarness();
const manifest = readManifest();
const JA = 'mlops-pipeline-on-kubernetes'; // long, Japanese, a table of contents, code
const EN = 'kubernetes-resource-requests';
const JA_TAG = '機械学習';

/**
 * The markup of `selector` in `html` (or in the live document when `html` is null),
 * normalised to what is the same page: without comments (hydration markers), and
 * without the state the app adds as it runs (inline styles set through the CSSOM, an
 * opened table of contents, the section being read and how far, scroll stops on wide
 * code, focus
 * moved to the heading, images made zoom buttons), with attributes in one order.
 */
function markup(page, selector, html = null) {
  return page.evaluate(
    ([selector, html]) => {
      const doc = html === null ? document : new DOMParser().parseFromString(html, 'text/html');
      const element = doc.querySelector(selector);
      if (!element) return null;
      const clone = element.cloneNode(true);
      const walker = doc.createTreeWalker(clone, NodeFilter.SHOW_COMMENT);
      const comments = [];
      while (walker.nextNode()) comments.push(walker.currentNode);
      for (const c of comments) c.remove();
      for (const el of [clone, ...clone.querySelectorAll('*')]) {
        for (const name of ['style', 'open', 'aria-current', 'aria-valuenow']) el.removeAttribute(name);
        if (el.hasAttribute('data-scrolls')) {
          el.removeAttribute('data-scrolls');
          el.removeAttribute('tabindex');
        }
        // Post images the start script made buttons that zoom (zoom.test.mjs).
        if (el.hasAttribute('data-zoom')) {
          for (const name of ['data-zoom', 'tabindex', 'role', 'aria-label']) el.removeAttribute(name);
        }
        // Focus moved to the heading after a navigation (route announcer).
        if (el.tagName === 'H1' && el.getAttribute('tabindex') === '-1') el.removeAttribute('tabindex');
        // Attribute order is the serialiser's, not the page's.
        const attributes = [...el.attributes].map((a) => [a.name, a.value]).sort(([a], [b]) => (a < b ? -1 : 1));
        for (const [name] of attributes) el.removeAttribute(name);
        for (const [name, value] of attributes) el.setAttribute(name, value);
      }
      clone.normalize();
      return clone.outerHTML;
    },
    [selector, html],
  );
}

/** Navigates client-side, as a click on an in-app link does. */
async function navigate(page, href) {
  await page.evaluate((href) => {
    const a = document.createElement('a');
    a.href = href;
    document.body.append(a);
    a.click();
    a.remove();
  }, href);
}

/** Records layout shifts from the start of the page (their sum is the CLS). */
const recordLayoutShifts = (page) =>
  page.addInitScript(() => {
    window.__shifts = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });

const ROUTES = [
  ['the home page', '/'],
  ['a Japanese post with a table of contents', postPath(JA)],
  ['an English post with code', postPath(EN)],
  ['the tag index', '/tags'],
  ['a Japanese tag', tagPath(JA_TAG)],
  ['the archive', '/archive'],
  ['the search page', '/search'],
];

for (const [name, route] of ROUTES) {
  test(`${name}: the page served for ${decodeURIComponent(route)} is what the app renders there itself`, async () => {
    const served = await (await fetch(h.url + route)).text();
    assert.match(served, /<main id="main"/, 'the page holds the route, before any script');
    // Start elsewhere, then let the app render the route client-side.
    const { page, errors } = await h.openPage(route === '/archive' ? '/' : '/archive');
    await waitForApp(page);
    await page.evaluate(() => (window.__marker = 1));
    const expectedTitle = await page.evaluate(
      (html) => new DOMParser().parseFromString(html, 'text/html').querySelector('main h1').textContent,
      served,
    );
    await navigate(page, route);
    await page.waitForFunction(
      (title) => {
        const main = document.querySelector('main#main');
        return main?.querySelector('h1')?.textContent === title && !main.querySelector('.loading, [aria-busy="true"]');
      },
      expectedTitle,
    );
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    assert.equal(await page.evaluate(() => window.__marker), 1, 'a client-side navigation');
    assert.equal(await markup(page, 'main#main'), await markup(page, 'main#main', served), 'main');
    assert.equal(await markup(page, 'header.site-header'), await markup(page, 'header.site-header', served), 'header');
    h.assertNoErrors(errors);
  });
}

test('taking over a page replaces no node and keeps scroll, focus, typed text and an opened table', async () => {
  const { page, errors } = await h.openPage(postPath(JA), { viewport: { width: 390, height: 844 }, goto: false });
  const release = await holdApp(page);
  await page.goto(postPath(JA));
  const served = await markup(page, 'main#main');
  // What a reader does while the app is on its way.
  await page.locator('.toc__title').click(); // phones show the table folded
  await page.evaluate(() => window.scrollTo(0, 1500));
  await page.locator('#site-search').fill('kube');
  const link = page.locator('main .post__body a').first();
  await link.focus();
  await page.evaluate(() => {
    window.__h1 = document.querySelector('main h1');
    window.__focused = document.activeElement;
    window.__headTags = [...document.head.querySelectorAll('[data-fumi-head]')];
  });
  const before = await page.evaluate(() => window.scrollY);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.fumiApp), undefined, 'the app is held back');

  release();
  await page.waitForFunction(() => document.documentElement.dataset.fumiApp === 'ready');
  assert.equal(await page.evaluate(() => document.querySelector('main h1') === window.__h1), true, 'the same h1 node');
  assert.equal(await page.evaluate(() => document.activeElement === window.__focused), true, 'focus stays');
  assert.equal(await page.evaluate(() => window.scrollY), before, 'scroll position stays');
  assert.equal(await page.locator('#site-search').inputValue(), 'kube', 'typed text stays');
  assert.equal(await page.locator('.toc__details').evaluate((d) => d.open), true, 'the opened table stays open');
  assert.equal(await markup(page, 'main#main'), served, 'the same markup');
  // The head's tags (description, canonical, Open Graph, JSON-LD …) are already the
  // route's: the same nodes, not replaced by equal ones.
  const headTags = () =>
    page.evaluate(() => {
      const now = [...document.head.querySelectorAll('[data-fumi-head]')];
      return { count: now.length, same: now.length === window.__headTags.length && now.every((el, i) => el === window.__headTags[i]) };
    });
  const taken = await headTags();
  assert.ok(taken.count > 5, `the page has its head tags (${taken.count})`);
  assert.equal(taken.same, true, 'the same head tag nodes');
  // The app is in charge: Enter in the header's box searches, client-side.
  await page.evaluate(() => (window.__marker = 1));
  await page.locator('#site-search').press('Enter');
  await page.waitForFunction(() => location.pathname.endsWith('/search') && location.search === '?q=kube');
  assert.equal(await page.evaluate(() => window.__marker), 1, 'no page load');
  // … and another route's head replaces the post's.
  await expectPoll(() => headTags().then((t) => t.same), false, { message: 'the search page has its own head tags' });
  assert.equal(await page.locator('head meta[property="article:published_time"]').count(), 0, 'no tag of the post stays');
  h.assertNoErrors(errors);
});

test("the post a page shows is never fetched again, not even when the reader comes back to it", async () => {
  const requests = [];
  const { page, errors } = await h.openPage(postPath(JA), { setup: (p) => p.on('request', (r) => requests.push(r.url())) });
  await waitForApp(page);
  await page.evaluate(() => (window.__marker = 1));
  const next = page.locator('nav.post-nav a').first();
  const nextHref = await next.getAttribute('href');
  await next.click();
  await page.waitForFunction((href) => location.pathname === href, nextHref);
  await page.locator('article.post .post__body p').first().waitFor();
  await page.goBack();
  await page.waitForFunction((slug) => location.pathname.endsWith(`/${encodeURIComponent(slug)}`), JA);
  await page.locator('article.post .post__body h2').first().waitFor();
  assert.equal(await page.evaluate(() => window.__marker), 1, 'client-side all along');
  const own = requests.filter((u) => u.includes(`/posts/${JA}.`) || u.includes(`/posts/${encodeURIComponent(JA)}.`));
  assert.deepEqual(own, [], "the post's Markdown and hints were never requested");
  assert.ok(requests.some((u) => u.endsWith('.md')), 'the other post was fetched as Markdown');
  assert.ok((await page.locator('article.post .post__body h2').count()) > 3, 'the body is back, whole');
  h.assertNoErrors(errors);
});

test('a click on a control before the app runs is held, then done once the app is there', async () => {
  const { page, errors } = await h.openPage('/', { goto: false });
  const release = await holdApp(page);
  await page.goto('/');
  const toggle = page.locator('button.theme-toggle');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  await toggle.click();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), undefined, 'nothing yet');
  release();
  await expectPoll(() => toggle.getAttribute('aria-pressed'), 'true', { message: 'the held click was replayed' });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await page.waitForTimeout(300);
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true', 'done once, not twice');
  h.assertNoErrors(errors);
});

test('the first-paint script follows every stylesheet, the site\'s own included', async () => {
  // It waits for them, so the body is parsed once the styles are in and a long post's
  // first frame lays out its top, not all of it (the probe in index.html's comment).
  for (const url of [postPath(JA), '/']) {
    const { page, errors } = await h.openPage(url);
    const order = await page.evaluate(() => {
      const script = document.querySelector('script[data-after-first-paint]');
      const sheets = [...document.querySelectorAll('link[rel="stylesheet"]')];
      return {
        script: script !== null,
        sheets: sheets.length,
        siteSheets: sheets.filter((l) => l.hasAttribute('data-site-style')).length,
        before: sheets.filter((l) => script && l.compareDocumentPosition(script) & Node.DOCUMENT_POSITION_PRECEDING).map((l) => l.getAttribute('href')),
      };
    });
    assert.ok(order.script, `${url}: has the first-paint script`);
    assert.ok(order.sheets >= 3 && order.siteSheets >= 1, `${url}: the app's and the site's stylesheets (${JSON.stringify(order)})`);
    assert.deepEqual(order.before, [], `${url}: no stylesheet after the first-paint script`);
    h.assertNoErrors(errors);
  }
});

test('the page asks for no module script before its first contentful paint', async () => {
  const { page, errors } = await h.openPage(postPath(JA));
  // Both scripts loaded (their entries are recorded when their responses end).
  await page.waitForFunction(
    () => performance.getEntriesByType('resource').filter((e) => /\/fumi-(start|offline)-/.test(e.name)).length === 2,
  );
  const { paint, scripts } = await page.evaluate(() => ({
    paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    scripts: performance
      .getEntriesByType('resource')
      .filter((e) => /\/fumi-(start|offline)-[0-9a-f]+\.js$/.test(e.name))
      .map((e) => ({ name: e.name.split('/').pop(), start: e.startTime })),
  }));
  assert.ok(paint > 0, 'the page painted');
  assert.deepEqual(scripts.map((s) => s.name.split('-').slice(0, 2).join('-')).sort(), ['fumi-offline', 'fumi-start']);
  for (const script of scripts) assert.ok(script.start >= paint, `${script.name} requested at ${script.start} ms, before the first paint at ${paint} ms`);
  h.assertNoErrors(errors);
});

test('a click on a control before even the start script runs is held, then done once the app is there', async () => {
  const { page, errors } = await h.openPage('/', { goto: false });
  const release = await holdStartScript(page);
  await page.goto('/', { waitUntil: 'domcontentloaded' });
  const toggle = page.locator('button.theme-toggle');
  await toggle.click();
  await page.waitForTimeout(200);
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false', 'nothing yet: no script of the app has run');
  release();
  await expectPoll(() => toggle.getAttribute('aria-pressed'), 'true', { message: 'the held click was passed on and done' });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await page.waitForTimeout(300);
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true', 'done once, not twice');
  h.assertNoErrors(errors);
});

test('a sign of intent before the start script runs starts the app the moment the script arrives', async () => {
  const { page, errors } = await h.openPage('/', { goto: false });
  const release = await holdStartScript(page);
  await page.goto('/', { waitUntil: 'domcontentloaded' });
  await page.mouse.move(200, 300);
  await page.mouse.wheel(0, 200);
  await page.waitForTimeout(200);
  release();
  // Without the intent noted, the app would start only when idle, 5 s after the load.
  await page.waitForFunction(() => document.documentElement.dataset.fumiApp === 'ready', null, { timeout: 3000 });
  h.assertNoErrors(errors);
});

test("a URL the page was not rendered for (a filter) is hidden until the app shows it, with no layout shift", async () => {
  const tag = 'kubernetes';
  const { page, errors } = await h.openPage('/', { goto: false });
  await recordLayoutShifts(page);
  const release = await holdApp(page);
  await page.goto(`/?tag=${tag}`);
  assert.equal(await page.locator('main#main').evaluate((m) => getComputedStyle(m).visibility), 'hidden');
  release();
  await waitForApp(page);
  assert.equal(await page.locator('main#main').evaluate((m) => getComputedStyle(m).visibility), 'visible');
  const tagged = manifest.posts.filter((p) => p.tags.includes(tag)).length;
  await expectPoll(() => page.locator('main ol.post-list > li').count(), tagged, { message: 'the filtered list' });
  assert.equal(await page.evaluate(() => window.__shifts), 0, 'cumulative layout shift');
  h.assertNoErrors(errors);
});

test('a host that answers every path with the home page still shows the post, with no layout shift', async () => {
  const home = fs.readFileSync(path.join(DIST, 'index.html'));
  h.intercept((req, res) => {
    if (req.url.split('?')[0] !== postPath(JA)) return false; // the page, not its .md
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(home);
    return true;
  });
  const { page, errors } = await h.openPage(postPath(JA), { goto: false });
  await recordLayoutShifts(page);
  await page.goto(postPath(JA));
  await waitForApp(page);
  const post = manifest.posts.find((p) => p.slug === JA);
  await page.locator('article.post .post__body h2').first().waitFor();
  assert.equal(await page.locator('main h1').textContent(), post.title);
  assert.equal(await page.title(), `${post.title} — ${manifest.site.title}`);
  assert.equal(await page.evaluate(() => window.__shifts), 0, 'cumulative layout shift');
  h.assertNoErrors(errors);
});

test('a page from another build than its manifest is rendered afresh, not hydrated', async () => {
  const file = fs.readFileSync(path.join(DIST, 'posts/manifest.json'), 'utf8');
  h.intercept((req, res) => {
    if (!req.url.endsWith('/posts/manifest.json')) return false;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(`${file}\n`); // the same posts, another file: published since the page was
    return true;
  });
  const { page, errors } = await h.openPage(postPath(EN), { goto: false });
  const release = await holdApp(page);
  await page.goto(postPath(EN));
  await page.evaluate(() => (window.__h1 = document.querySelector('main h1')));
  release();
  await waitForApp(page);
  await page.locator('article.post .post__body p').first().waitFor();
  assert.equal(await page.evaluate(() => document.querySelector('main h1') !== window.__h1), true, 'rendered anew');
  assert.equal(await page.locator('main h1').count(), 1);
  h.assertNoErrors(errors);
});

test('the footer is as tall before the offline panel arrives as after: the script may run after the first paint', async () => {
  const footerHeight = async (offlineScript) => {
    const { page, errors } = await h.openPage('/about', { goto: false });
    if (!offlineScript) await page.route(/fumi-offline-[^/]*\.js$/, (route) => route.abort());
    await page.goto('/about');
    if (offlineScript) await page.locator('.offline-keep summary').waitFor();
    else assert.equal(await page.locator('.offline-keep').evaluate((slot) => slot.childElementCount), 0, 'the slot is empty');
    const height = await page.locator('footer.site-footer').evaluate((f) => f.getBoundingClientRect().height);
    if (offlineScript) h.assertNoErrors(errors);
    return height;
  };
  const before = await footerHeight(false);
  const after = await footerHeight(true);
  assert.equal(before, after, `footer ${before} px without the panel, ${after} px with it`);
});
