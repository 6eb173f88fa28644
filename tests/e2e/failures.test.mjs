// Loading and failure states, driven by request interception. A rendered page is
// complete without the app: a slow manifest leaves it on screen until the app takes it
// over, and a failed one leaves it as it is. Where the app renders (a URL without its
// own page, a client-side navigation), a slow manifest or body shows the skeleton, a
// failed or damaged one an error with a working retry button.

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

/**
 * URLs without a page of their own: the host answers them with another route's page
 * (here the home page or the tag index, for a query they were not rendered for), which
 * the app replaces with the route it renders itself. Only there, and after a
 * client-side navigation, can a reader meet the app's loading and error views.
 */
const TAGS_BY_NAME = '/tags?sort=name';
const FILTER_TAG = 'kubernetes';
const FILTERED = `/?tag=${FILTER_TAG}`;
const filteredPosts = manifest.posts.filter((p) => p.tags.includes(FILTER_TAG));

/** Follows an in-app link to `pathname` like a reader, once the app is in charge. */
async function clickTo(page, pathname) {
  await page.locator(`main a[href="${pathname}"]`).first().click();
  await page.waitForFunction((p) => decodeURIComponent(location.pathname) === decodeURIComponent(p), pathname);
}

test('while the manifest is on its way, a URL without its own page shows no other page, then its own, whole', async () => {
  const { held, release } = gate();
  // /tags?sort=name is answered with the tag index rendered for /tags: not this URL's
  // page, so it stays hidden until the app renders this one, complete at once (a
  // skeleton replaced by content would move the layout).
  const { page, errors } = await h.openPage(TAGS_BY_NAME, {
    setup: (page) =>
      page.route(MANIFEST, async (route) => {
        await held;
        await route.continue();
      }),
  });
  await page.evaluate(() => window.dispatchEvent(new Event('scroll')));
  await page.waitForTimeout(300);
  assert.equal(await page.locator('main#main').evaluate((m) => getComputedStyle(m).visibility), 'hidden');
  assert.equal(await page.locator('h1:visible').count(), 0, "the other route's page is not shown");
  assert.ok(await page.locator('header.site-header').isVisible(), 'the frame is');
  release();
  await waitForApp(page);
  assert.equal(await page.locator('main#main').evaluate((m) => getComputedStyle(m).visibility), 'visible');
  assert.ok(await page.locator('main ul.tag-index').isVisible());
  assert.equal(await page.locator('main .loading').count(), 0, 'no skeleton on the way');
  h.assertNoErrors(errors);
});

test('while the manifest is on its way, the home page shows its rendered list, then the app takes it over in place', async () => {
  const { held, release } = gate();
  let asked = 0;
  const { page, errors } = await h.openPage('/', {
    setup: async (page) => {
      await page.route(MANIFEST, async (route) => {
        asked += 1;
        await held;
        await route.continue();
      });
      await page.addInitScript(() =>
        document.addEventListener('DOMContentLoaded', () => {
          window.__firstCard = document.querySelector('main#main li.post-card');
        }),
      );
    },
  });
  const cards = page.locator('main#main ol.post-list > li.post-card');
  await cards.first().waitFor();
  assert.ok(await cards.first().isVisible(), 'readers see the list before the app has its data');
  assert.equal(await cards.count(), Math.min(manifest.posts.length, manifest.site.posts_per_page));
  // The app has loaded and is waiting for the manifest: the page stays as it is.
  for (const deadline = Date.now() + 10_000; asked === 0; ) {
    assert.ok(Date.now() < deadline, 'the app asks for the manifest');
    await page.mouse.move(10, 10); // a sign of intent starts the app at once
    await page.waitForTimeout(50);
  }
  await page.waitForTimeout(200);
  assert.ok(await cards.first().isVisible(), 'the list stays while the app waits');
  assert.equal(await page.locator('main .loading').count(), 0, 'no skeleton over it');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.fumiApp ?? null), null, 'not in charge yet');
  release();
  await waitForApp(page);
  assert.ok(
    await page.evaluate(() => window.__firstCard.isConnected && window.__firstCard === document.querySelector('main#main li.post-card')),
    'the rendered list was taken over, not replaced',
  );
  assert.ok(await page.locator('main#main ol.post-list').isVisible());
  assert.equal(await cards.count(), Math.min(manifest.posts.length, manifest.site.posts_per_page));
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

test('on a direct load the post is already on the page: its body is never fetched, however slow the server', async () => {
  const post = manifest.posts.find((p) => p.slug === 'moving-to-eks-team');
  const { held, release } = gate();
  let asked = 0;
  const { page, errors } = await h.openPage(postPath(post.slug), {
    setup: (page) =>
      page.route(BODIES, async (route) => {
        asked += 1;
        await held;
        await route.continue();
      }),
  });
  const body = page.locator('main#main .post__body');
  assert.ok(await body.isVisible(), 'the rendered body is visible before the app runs');
  await waitForApp(page);
  assert.ok(await body.isVisible(), 'and stays visible once the app is in charge');
  assert.equal(await page.locator('main#main .loading').count(), 0, 'no skeleton over it');
  assert.ok(await page.locator('main#main .post__body h2').first().isVisible());
  assert.equal(asked, 0, 'the body on the page is not fetched again');
  release();
  h.assertNoErrors(errors);
});

test('a manifest failure on a rendered page leaves the page as it is: complete, readable, its links real', async () => {
  const post = manifest.posts.find((p) => p.slug === 'writing-posts');
  for (const [url, check] of [
    ['/', async (page) => {
      assert.equal(await page.locator('main#main ol.post-list > li.post-card').count(), Math.min(manifest.posts.length, manifest.site.posts_per_page));
    }],
    [postPath(post.slug), async (page) => {
      assert.deepEqual(await page.locator('main#main h1').allTextContents(), [post.title]);
      assert.ok(await page.locator('main#main .post__body table').first().isVisible(), 'the whole body');
    }],
    ['/tags', async (page) => assert.ok(await page.locator('main#main ul.tag-index > li').first().isVisible())],
  ]) {
    const warnings = [];
    const { page } = await h.openPage(url, {
      setup: (page) => {
        page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
        return page.route(MANIFEST, (route) => route.fulfill({ status: 500, contentType: 'text/plain', body: 'boom' }));
      },
    });
    // The app tried, and gave up on taking this page over.
    await page.waitForFunction(() => document.documentElement.dataset.fumiApp === 'ready');
    assert.ok(warnings.some((w) => /could not start on this page/.test(w)), `${url}: says why in the console (${warnings})`);
    assert.equal(await page.locator('main .error-view').count(), 0, `${url}: no error view`);
    assert.equal(await page.locator('main .loading').count(), 0, `${url}: no skeleton`);
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains('fumi-stale')), false, `${url}: not hidden`);
    assert.ok(await page.locator('main#main h1').isVisible(), `${url}: its heading is visible`);
    await check(page);
  }

  // Its links are real links: a post from the home page opens as a full page, complete.
  const { page } = await h.openPage('/', {
    setup: (page) => page.route(MANIFEST, (route) => route.abort('connectionrefused')),
  });
  await page.waitForFunction(() => document.documentElement.dataset.fumiApp === 'ready');
  await page.evaluate(() => (window.__sameDocument = true));
  await page.locator(`main#main a[href="${postPath(post.slug)}"]`).first().click();
  await page.waitForFunction((p) => location.pathname === p, postPath(post.slug));
  await page.locator('main#main .post__body table').first().waitFor();
  assert.equal(await page.evaluate(() => window.__sameDocument ?? false), false, 'a full page load');
  assert.deepEqual(await page.locator('main#main h1').allTextContents(), [post.title]);
  assert.equal(await page.locator('main .error-view').count(), 0);
});

test('manifest answering 500 shows an error view; Retry loads the list once the server recovers', async () => {
  let hits = 0;
  const { page } = await h.openPage(FILTERED, {
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
  assert.equal(await page.locator('main ol.post-list').count(), 0, 'not the unfiltered list of the home page');

  await page.unroute(MANIFEST);
  await page.locator('main .error-view button.retry').click();
  await page.locator('main ol.post-list > li.post-card').first().waitFor();
  assert.equal(
    await page.locator('main ol.post-list > li.post-card').count(),
    Math.min(filteredPosts.length, manifest.site.posts_per_page),
    'the filtered list',
  );
  assert.equal(await page.locator('main .error-view').count(), 0, 'the error view is gone');
  assert.equal((await page.locator('header a.site-title').textContent()).trim(), manifest.site.title);
});

test('manifest network failure shows an error view too', async () => {
  const { page } = await h.openPage(TAGS_BY_NAME, {
    setup: (page) => page.route(MANIFEST, (route) => route.abort('connectionrefused')),
  });
  await waitForApp(page);
  await assertErrorView(page, 'manifest aborted');
  await page.unroute(MANIFEST);
  await page.locator('main .error-view button.retry').click();
  await page.locator('main ul.tag-index > li').first().waitFor();
});

test('malformed manifest JSON shows an error view saying the data is damaged', async () => {
  const { page } = await h.openPage(FILTERED, {
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
  const { page } = await h.openPage(FILTERED, {
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
  const { page } = await h.openPage('/archive', {
    setup: (page) =>
      page.route(BODIES, (route) => {
        hits += 1;
        return route.fulfill({ status: 500, contentType: 'text/plain', body: 'boom' });
      }),
  });
  await waitForApp(page);
  // A client-side navigation: the app fetches the body.
  await clickTo(page, postPath(post.slug));
  // The header comes from the manifest and is shown regardless.
  await page.locator('main h1', { hasText: post.title }).waitFor();
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
  const { page } = await h.openPage('/archive', {
    setup: (page) => page.route(BODIES, (route) => route.fulfill({ status: 404, body: 'not here' })),
  });
  await waitForApp(page);
  await clickTo(page, postPath(post.slug));
  const text = await assertErrorView(page, 'body 404');
  assert.match(text, /404/);
  assert.equal(await page.locator('article.post .post__body').count(), 0);
});
