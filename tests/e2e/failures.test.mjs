// Loading and failure states, driven by request interception: a slow manifest shows
// the skeleton, a failed or damaged one an error with a working retry button; the same
// for a post body.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readManifest, useHarness, waitForApp, postPath } from './harness.mjs';

const h = useHarness();
const manifest = readManifest();
const MANIFEST = '**/posts/manifest.json';
const BODIES = '**/posts/*.md';

/** The error view in main: visible, an alert, with a retry button. Returns its text. */
async function assertErrorView(page, where) {
  const view = page.locator('main .error-view[role="alert"]');
  await view.waitFor();
  assert.ok(await view.isVisible(), `${where}: error view visible`);
  const retry = view.locator('button.retry');
  assert.equal(await retry.count(), 1, `${where}: one retry button`);
  assert.ok(await retry.isVisible(), `${where}: retry button visible`);
  assert.equal((await retry.textContent()).trim(), 'Retry');
  const text = (await view.textContent()).trim();
  assert.ok(text.length > 20, `${where}: the error says something (${text})`);
  assert.equal(await page.locator('main .loading').count(), 0, `${where}: no skeleton left`);
  return text;
}

/** A promise and the function that settles it: holds a request until released. */
function gate() {
  let release;
  const held = new Promise((resolve) => {
    release = resolve;
  });
  return { held, release };
}

test('while the manifest is on its way, a page without a static copy shows a busy skeleton, then the page', async () => {
  const { held, release } = gate();
  // /tags is answered with the plain app shell, so the app's own loading state shows.
  const { page, errors } = await h.openPage('/tags', {
    setup: (page) =>
      page.route(MANIFEST, async (route) => {
        await held;
        await route.continue();
      }),
  });
  const loading = page.locator('main .loading[aria-busy="true"]');
  await loading.waitFor();
  assert.ok(await loading.isVisible());
  assert.equal(await page.locator('main ul.tag-index').count(), 0);
  release();
  await page.locator('main ul.tag-index').waitFor();
  await waitForApp(page);
  assert.equal(await loading.count(), 0, 'the skeleton is gone');
  h.assertNoErrors(errors);
});

test('while the manifest is on its way, the home page shows its static list, then the app takes over', async () => {
  const { held, release } = gate();
  const { page, errors } = await h.openPage('/', {
    setup: (page) =>
      page.route(MANIFEST, async (route) => {
        await held;
        await route.continue();
      }),
  });
  const staticCards = page.locator('#fumi-static li.post-card');
  await staticCards.first().waitFor();
  assert.ok(await staticCards.first().isVisible(), 'readers see the list before the app has its data');
  assert.equal(await staticCards.count(), Math.min(manifest.posts.length, manifest.site.posts_per_page));
  release();
  await page.waitForFunction(() => !document.getElementById('fumi-static'));
  await page.locator('main#main ol.post-list > li.post-card').first().waitFor();
  assert.ok(await page.locator('main#main ol.post-list').isVisible());
  assert.equal(await page.locator('h1').count(), 1);
  h.assertNoErrors(errors);
});

test('while a post body is on its way after a click, the header shows at once with a busy skeleton below', async () => {
  const post = manifest.posts.find((p) => p.slug === 'moving-to-eks-team');
  const { held, release } = gate();
  const { page, errors } = await h.openPage('/tags', {
    setup: (page) =>
      page.route(BODIES, async (route) => {
        await held;
        await route.continue();
      }),
  });
  await waitForApp(page);
  // A client-side navigation: the app renders the post itself, no static copy.
  await page.evaluate((href) => {
    const a = document.createElement('a');
    a.href = href;
    document.querySelector('main#main').append(a);
    a.click();
  }, postPath(post.slug));
  await page.locator('article.post .loading[aria-busy="true"]').waitFor();
  assert.equal((await page.locator('h1.post__title').textContent()).trim(), post.title, 'header already shown');
  assert.equal(await page.locator('article.post time[datetime]').first().getAttribute('datetime'), post.date);
  assert.equal(await page.locator('.post__body').count(), 0);
  release();
  await page.locator('article.post .post__body h2').first().waitFor();
  await waitForApp(page);
  assert.equal(await page.locator('main .loading').count(), 0, 'the skeleton is gone');
  h.assertNoErrors(errors);
});

test('while a post body is on its way on a direct load, the static copy of the post is what readers see', async () => {
  const post = manifest.posts.find((p) => p.slug === 'moving-to-eks-team');
  const { held, release } = gate();
  const { page, errors } = await h.openPage(postPath(post.slug), {
    setup: (page) =>
      page.route(BODIES, async (route) => {
        await held;
        await route.continue();
      }),
  });
  await page.waitForFunction(() => window.wasmBindings !== undefined);
  const copy = page.locator('#fumi-static .post__body');
  assert.ok(await copy.isVisible(), 'the static body stays visible while the app waits');
  assert.equal(await page.locator('main#main .loading').isVisible(), false, 'no skeleton over it');
  release();
  await page.waitForFunction(() => !document.getElementById('fumi-static'));
  assert.ok(await page.locator('main#main .post__body').isVisible());
  h.assertNoErrors(errors);
});

test('manifest answering 500 shows an error view; Retry loads the list once the server recovers', async () => {
  let hits = 0;
  const { page } = await h.openPage('/', {
    setup: (page) =>
      page.route(MANIFEST, (route) => {
        hits += 1;
        return route.fulfill({ status: 500, contentType: 'text/plain', body: 'boom' });
      }),
  });
  await waitForApp(page);
  const text = await assertErrorView(page, 'manifest 500');
  assert.match(text, /500/, 'the error names the HTTP status');
  assert.equal(hits, 1);
  // Not a blank page: the frame is still there.
  assert.equal(await page.locator('header.site-header nav.site-nav a').count(), 3);
  assert.equal(await page.locator('footer.site-footer').count(), 1);

  await page.unroute(MANIFEST);
  await page.locator('main .error-view button.retry').click();
  await page.locator('main ol.post-list > li.post-card').first().waitFor();
  assert.equal(await page.locator('main ol.post-list > li.post-card').count(), manifest.posts.length);
  assert.equal(await page.locator('main .error-view').count(), 0, 'the error view is gone');
  assert.equal((await page.locator('header a.site-title').textContent()).trim(), manifest.site.title);
});

test('manifest network failure shows an error view too', async () => {
  const { page } = await h.openPage('/tags', {
    setup: (page) => page.route(MANIFEST, (route) => route.abort('connectionrefused')),
  });
  await waitForApp(page);
  await assertErrorView(page, 'manifest aborted');
  await page.unroute(MANIFEST);
  await page.locator('main .error-view button.retry').click();
  await page.locator('main ul.tag-index > li').first().waitFor();
});

test('malformed manifest JSON shows an error view saying the data is damaged', async () => {
  const { page } = await h.openPage('/', {
    setup: (page) =>
      page.route(MANIFEST, (route) =>
        route.fulfill({ status: 200, contentType: 'application/json', body: '{"version": 1, "site": {"tit' }),
      ),
  });
  await waitForApp(page);
  const text = await assertErrorView(page, 'malformed manifest');
  assert.match(text, /damaged/i);
  assert.equal(await page.locator('main ol.post-list').count(), 0);
  await page.unroute(MANIFEST);
  await page.locator('main .error-view button.retry').click();
  await page.locator('main ol.post-list > li.post-card').first().waitFor();
});

test('a manifest of another format version is reported, not half-rendered', async () => {
  const { page } = await h.openPage('/', {
    setup: (page) =>
      page.route(MANIFEST, (route) =>
        route.fulfill({
          status: 200,
          contentType: 'application/json',
          body: JSON.stringify({ ...manifest, version: manifest.version + 1 }),
        }),
      ),
  });
  await waitForApp(page);
  const text = await assertErrorView(page, 'manifest version');
  assert.match(text, /version/i);
  assert.equal(await page.locator('main ol.post-list').count(), 0);
});

test('a post body answering 500 keeps the header, shows an error view, and Retry renders the body', async () => {
  const post = manifest.posts.find((p) => p.slug === 'writing-posts');
  let hits = 0;
  const { page } = await h.openPage(postPath(post.slug), {
    setup: (page) =>
      page.route(BODIES, (route) => {
        hits += 1;
        return route.fulfill({ status: 500, contentType: 'text/plain', body: 'boom' });
      }),
  });
  await waitForApp(page);
  // The header comes from the manifest and is shown regardless.
  assert.deepEqual(await page.locator('h1').allTextContents(), [post.title]);
  const text = await assertErrorView(page, 'body 500');
  assert.match(text, /500/);
  assert.equal(await page.locator('article.post .error-view').count(), 1, 'the error is inside the article');
  assert.equal(await page.locator('.post__body').count(), 0);
  assert.equal(hits, 1);

  await page.unroute(BODIES);
  await page.locator('main .error-view button.retry').click();
  await page.locator('article.post .post__body table').first().waitFor();
  assert.equal(await page.locator('main .error-view').count(), 0, 'the error view is gone');
  assert.deepEqual(await page.locator('h1').allTextContents(), [post.title]);
});

test('a missing post body (404) shows an error view, not an empty article', async () => {
  const post = manifest.posts[0];
  const { page } = await h.openPage(postPath(post.slug), {
    setup: (page) => page.route(BODIES, (route) => route.fulfill({ status: 404, body: 'not here' })),
  });
  await waitForApp(page);
  const text = await assertErrorView(page, 'body 404');
  assert.match(text, /404/);
});
