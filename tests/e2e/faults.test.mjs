// Faults of a real network, made on real sockets by the test server (a connection
// closed mid-body, a server that never answers, a file cut short, one bad manifest
// entry, a missing manifest) or by the browser itself (slow network, offline). Each
// ends in something a reader can act on: the rest of the site, or an error that says
// what happened with a Retry that works once the network does.
//
// A rendered page does not need the manifest to be read (a manifest fault there leaves
// the page as it is: failures.test.mjs), so the manifest faults are met where the app
// renders the page itself: on a URL without a page of its own (a query the host's page
// was not rendered for); and the body faults after a client-side navigation, since a
// post's own page already holds its body.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DIST, readManifest, useHarness, waitForApp, expectPath, postPath } from './harness.mjs';

const h = useHarness();
const manifest = readManifest();
const MANIFEST_PATH = '/posts/manifest.json';
const bodyPath = (slug) => `/posts/${encodeURIComponent(slug)}.md`;
const file = (urlPath) => fs.readFileSync(path.join(DIST, decodeURIComponent(urlPath)));
/** The tag index sorted by name: answered with the page rendered for /tags, so the app renders it. */
const TAGS_BY_NAME = '/tags?sort=name';
/** The home list filtered by a tag: answered with the home page, so the app renders it. */
const FILTERED = '/?tag=aws';

/** The time limit the fault tests give a request, set the way a site owner would. */
const TIMEOUT_MS = 2500;

/** Sends the first half of `bytes` while announcing all of them, then closes the connection. */
function closeMidBody(res, bytes) {
  res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': bytes.length });
  res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket.destroy());
}

/** Waits for the error view in main and returns its text; checks it offers Retry. */
async function errorView(page, where) {
  const view = page.locator('main#main .error-view[role="alert"]');
  await view.waitFor();
  assert.equal(await view.locator('button.retry').count(), 1, `${where}: a Retry button`);
  assert.equal(await page.locator('main#main .loading').count(), 0, `${where}: no skeleton left`);
  return (await view.textContent()).trim();
}

/** Adds `<meta name="fumi-fetch-timeout">` to every page the browser loads, as a site owner would in index.html. */
function withFetchTimeout(ms) {
  return (page) =>
    page.route(
      (url) => url.origin === h.url && !/\.[a-z0-9]+$/i.test(url.pathname),
      async (route) => {
        if (route.request().resourceType() !== 'document') return route.fallback();
        const response = await route.fetch();
        const html = (await response.text()).replace(
          '<head>',
          `<head>\n    <meta name="fumi-fetch-timeout" content="${ms}" />`,
        );
        return route.fulfill({ response, body: html });
      },
    );
}

/** Follows an in-app link to `pathname` like a reader (a real click on a real anchor). */
async function clickTo(page, pathname) {
  await page.locator(`main#main a[href="${pathname}"]`).first().click();
  await expectPath(page, pathname);
}

test('a manifest cut off mid-JSON by a dropped connection: an error that says so, and Retry loads the list', async () => {
  let broken = true;
  h.intercept((req, res) => {
    if (!broken || req.url !== MANIFEST_PATH) return false;
    closeMidBody(res, file(MANIFEST_PATH));
    return true;
  });
  const { page } = await h.openPage(TAGS_BY_NAME);
  await waitForApp(page);
  const text = await errorView(page, 'manifest cut off');
  assert.match(text, /connection broke before the whole file had arrived/);
  assert.equal(await page.locator('main#main ul.tag-index').count(), 0);
  broken = false;
  await page.locator('main#main button.retry').click();
  await page.locator('main#main ul.tag-index > li').first().waitFor();
  assert.equal(await page.locator('main#main .error-view').count(), 0);
});

test('a manifest cut short but delivered as complete (a broken upload) is reported as ending too early', async () => {
  let broken = true;
  h.intercept((req, res) => {
    if (!broken || req.url !== MANIFEST_PATH) return false;
    const bytes = file(MANIFEST_PATH);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    return true;
  });
  const { page } = await h.openPage(FILTERED);
  await waitForApp(page);
  const text = await errorView(page, 'manifest cut short');
  assert.match(text, /posts\/manifest\.json ends too early/);
  assert.equal(await page.locator('main#main ol.post-list').count(), 0);
  broken = false;
  await page.locator('main#main button.retry').click();
  await page.locator('main#main ol.post-list > li.post-card').first().waitFor();
  const aws = manifest.posts.filter((p) => p.tags.includes('aws')).map((p) => p.title);
  assert.deepEqual((await page.locator('main#main ol.post-list h2').allTextContents()).map((t) => t.trim()), aws);
});

test('one unreadable entry in the manifest is left out with a warning naming it; the rest of the site shows', async () => {
  const damaged = JSON.parse(file(MANIFEST_PATH));
  const [noSlug, badDate] = [damaged.posts[1], damaged.posts[3]];
  delete noSlug.slug;
  badDate.date = 20230308;
  h.intercept((req, res) => {
    if (req.url !== MANIFEST_PATH) return false;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(damaged));
    return true;
  });
  const warnings = [];
  const { page, errors } = await h.openPage('/', {
    setup: (page) => page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text())),
  });
  // The damaged manifest is not the one the home page was rendered from: the app
  // renders the list from what it could read.
  await waitForApp(page);
  const shown = await page.locator('main#main ol.post-list h2').allTextContents();
  const expected = manifest.posts.filter((_, i) => i !== 1 && i !== 3).map((p) => p.title);
  assert.deepEqual(shown.map((t) => t.trim()), expected, 'every other post is listed');
  assert.equal(await page.locator('main#main .error-view').count(), 0);
  const total = manifest.posts.length;
  const warned = (name, why) => warnings.some((w) => w.includes(name) && why.test(w));
  assert.ok(
    warned(`leaving out post 2 of ${total} (title "${noSlug.title}")`, /missing field `slug`/),
    `a warning names the entry without a slug: ${warnings.join(' | ')}`,
  );
  assert.ok(
    warned(`leaving out post 4 of ${total} (slug "${badDate.slug}")`, /invalid type: integer/),
    `a warning names the entry with a numeric date: ${warnings.join(' | ')}`,
  );
  // The good posts open as usual.
  await clickTo(page, postPath(manifest.posts[2].slug));
  await page.locator('main#main .post__body p').first().waitFor();
  h.assertNoErrors(errors);
});

test('a missing manifest (404) says the site is not completely published, with Retry', async () => {
  h.intercept((req, res) => {
    if (req.url !== MANIFEST_PATH) return false;
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found\n');
    return true;
  });
  const { page } = await h.openPage(TAGS_BY_NAME);
  await waitForApp(page);
  const text = await errorView(page, 'manifest 404');
  assert.match(text, /list of posts \(posts\/manifest\.json\) is not on the server \(HTTP 404\)/);
  assert.match(text, /not completely published/);
});

test('a post body that never comes: skeleton at once, navigation still works, then a timeout error whose Retry works', async () => {
  const [hung, other] = [manifest.posts[2], manifest.posts[3]];
  let hang = true;
  const held = [];
  h.intercept((req, res) => {
    if (!hang || req.url !== bodyPath(hung.slug)) return false;
    const request = { closedAt: null };
    req.socket.on('close', () => {
      request.closedAt = Date.now();
    });
    held.push(request);
    return true; // and never answer
  });
  const { page, errors } = await h.openPage('/archive', { setup: withFetchTimeout(TIMEOUT_MS) });
  await waitForApp(page);

  const clicked = Date.now();
  await clickTo(page, postPath(hung.slug));
  await page.locator('article.post .loading[aria-busy="true"]').waitFor();
  assert.ok(Date.now() - clicked < 1000, `the skeleton shows at once (${Date.now() - clicked} ms)`);
  assert.equal((await page.locator('main#main h1').textContent()).trim(), hung.title, 'with the header from the manifest');

  // While the body hangs, the reader moves on: the hung request is given up and the
  // next post opens at once, long before the time limit.
  await page.locator('main#main .post-nav__link--older').click();
  await expectPath(page, postPath(other.slug));
  await page.locator('main#main').getByRole('heading', { level: 1, name: other.title, exact: true }).waitFor();
  await page.locator('main#main .post__body p').first().waitFor();
  const opened = Date.now() - clicked;
  assert.ok(opened < TIMEOUT_MS, `the next post rendered without waiting for the hung one (${opened} ms)`);
  await expectPollClosed(held.slice(0, 1));
  assert.ok(held[0].closedAt - clicked < TIMEOUT_MS, 'the hung request was abandoned, not left to time out');

  // Back to the hung post: a fresh request, which times out.
  const back = Date.now();
  await page.goBack();
  await expectPath(page, postPath(hung.slug));
  const text = await errorView(page, 'body timeout');
  const waited = Date.now() - back;
  assert.match(text, new RegExp(`No complete answer came from the server within ${TIMEOUT_MS} ms`));
  assert.ok(waited >= TIMEOUT_MS - 100 && waited < TIMEOUT_MS + 3000, `the error came after the time limit (${waited} ms)`);
  assert.equal(await page.locator('main#main .post__body').count(), 0);
  assert.equal(held.length, 2, 'two requests were held');
  await expectPollClosed(held);

  hang = false;
  await page.locator('main#main button.retry').click();
  await page.locator('main#main .post__body p').first().waitFor();
  assert.equal(await page.locator('main#main .error-view').count(), 0);
  h.assertNoErrors(errors.filter((e) => !e.includes(bodyPath(hung.slug))));
});

/** The browser gave up the held requests (the timeout aborts them), freeing its connections. */
async function expectPollClosed(held) {
  for (const deadline = Date.now() + 3000; held.some((r) => r.closedAt === null); ) {
    assert.ok(Date.now() < deadline, 'the timed-out requests were aborted by the browser');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('a post body that arrives half (the connection closes early): error view, and Retry renders it once the server behaves', async () => {
  const post = manifest.posts.find((p) => p.slug === 'writing-posts');
  let broken = true;
  let hits = 0;
  h.intercept((req, res) => {
    if (req.url !== bodyPath(post.slug)) return false;
    hits += 1;
    if (!broken) return false;
    closeMidBody(res, file(bodyPath(post.slug)));
    return true;
  });
  const { page } = await h.openPage('/archive');
  await waitForApp(page);
  await clickTo(page, postPath(post.slug));
  const text = await errorView(page, 'half body');
  assert.match(text, /connection broke before the whole file had arrived/);
  assert.equal(await page.locator('.post__body').count(), 0, 'no half post rendered');
  assert.deepEqual(await page.locator('h1').allTextContents(), [post.title]);
  broken = false;
  await page.locator('main#main button.retry').click();
  await page.locator('main#main .post__body table').first().waitFor();
  assert.equal(await page.locator('main#main .error-view').count(), 0);
  assert.equal(hits, 2);
});

test('on a slow network the skeleton shows and the interface keeps responding while a body is on its way', async () => {
  const [read, post] = [manifest.posts[3], manifest.posts[4]];
  const { page, context } = await h.openPage(postPath(read.slug));
  await waitForApp(page);
  await page.locator('main#main .post__body p').first().waitFor();
  let bodyArrived = false;
  page.on('requestfinished', (r) => {
    if (new URL(r.url()).pathname === bodyPath(post.slug)) bodyArrived = true;
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 3000,
    downloadThroughput: 32 * 1024,
    uploadThroughput: 32 * 1024,
  });

  // From one post to the next: the new header at once, and a skeleton below it, not
  // the previous post's body.
  await page.locator('main#main .post-nav__link--older').click();
  await expectPath(page, postPath(post.slug));
  await page.locator('article.post .loading[aria-busy="true"]').waitFor({ timeout: 1000 });
  assert.ok(await page.locator('article.post .loading').isVisible(), 'the skeleton is visible');
  assert.equal((await page.locator('main#main h1').textContent()).trim(), post.title);
  assert.equal(await page.locator('main#main .post__body').count(), 0, 'not the previous post\'s body');

  // The page answers at once: the theme toggle, a frame's worth of main thread, the nav.
  const toggle = page.locator('header .theme-toggle');
  let started = Date.now();
  const pressed = await toggle.getAttribute('aria-pressed');
  await toggle.click();
  await page.waitForFunction(
    (before) => document.querySelector('header .theme-toggle').getAttribute('aria-pressed') !== before,
    pressed,
    { timeout: 500 },
  );
  const toggled = Date.now() - started;
  const frame = await page.evaluate(
    () => new Promise((resolve) => {
      const t = performance.now();
      requestAnimationFrame(() => resolve(performance.now() - t));
    }),
  );
  started = Date.now();
  await page.locator('header nav.site-nav a').nth(1).click();
  await page.locator('main#main ul.tag-index').waitFor({ timeout: 1000 });
  const navigated = Date.now() - started;
  assert.equal(bodyArrived, false, 'all of that while the body was still on its way');
  assert.ok(
    toggled < 500 && frame < 200 && navigated < 1000,
    `responsive: toggle ${toggled} ms, frame ${frame} ms, nav ${navigated} ms`,
  );

  // Back on the post, the body arrives in its own time.
  await page.goBack();
  await page.locator('main#main .post__body p').first().waitFor({ timeout: 15_000 });
  await cdp.detach();
});

test('offline after reading two posts: they and the lists stay readable; an unread post says it was not saved for offline reading, and Retry works online', async () => {
  const [a, b, unread] = [manifest.posts[0], manifest.posts[3], manifest.posts[5]];
  const { page, context } = await h.openPage('/archive');
  await waitForApp(page);
  const home = 'header nav.site-nav a';
  for (const post of [a, b]) {
    await clickTo(page, postPath(post.slug));
    await page.locator('main#main .post__body p').first().waitFor();
    await page.locator(home).first().click();
    await page.locator('main#main ol.post-list').waitFor();
  }

  await context.setOffline(true);
  for (const post of [a, b, a]) {
    await clickTo(page, postPath(post.slug));
    await page.locator('main#main').getByRole('heading', { level: 1, name: post.title, exact: true }).waitFor();
    await page.locator('main#main .post__body p').first().waitFor();
    assert.equal(await page.locator('main#main .error-view').count(), 0, `${post.slug} reads offline`);
    await page.locator(home).nth(1).click();
    await page.locator('main#main ul.tag-index').waitFor();
    await page.locator(home).first().click();
    await page.locator('main#main ol.post-list').waitFor();
  }

  await clickTo(page, postPath(unread.slug));
  const text = await errorView(page, 'unread post offline');
  assert.match(text, /offline, and this page has not been saved/);
  await context.setOffline(false);
  await page.locator('main#main button.retry').click();
  await page.locator('main#main .post__body p').first().waitFor();
  assert.equal(await page.locator('main#main .error-view').count(), 0);
});
