// Network economy: the manifest once per page load, each post body once per page.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readManifest, useHarness, waitForApp, expectPath, postPath } from './harness.mjs';

const h = useHarness();
const manifest = readManifest();

/** Counts requests by URL path for one page. */
function countRequests(page) {
  const counts = new Map();
  page.on('request', (req) => {
    const path = decodeURIComponent(new URL(req.url()).pathname);
    counts.set(path, (counts.get(path) ?? 0) + 1);
  });
  return (path) => counts.get(path) ?? 0;
}

test('opening a post, going home and opening it again fetches its body once', async () => {
  const slug = manifest.posts[2].slug;
  const other = manifest.posts[0].slug;
  let count;
  const { page, errors } = await h.openPage('/', {
    setup: (page) => {
      count = countRequests(page);
    },
  });
  await waitForApp(page);
  assert.equal(count(`/posts/${slug}.md`), 0, 'the home page fetches no body');

  const open = async (s) => {
    await page.locator(`h2.post-card__title a[href="${postPath(s)}"]`).click();
    await expectPath(page, postPath(s));
    await page.locator('article.post .post__body').waitFor();
  };
  const home = async () => {
    await page.locator('nav.site-nav a[href="/"]').click();
    await expectPath(page, '/');
    await page.locator('main ol.post-list').waitFor();
  };

  await open(slug);
  assert.equal(count(`/posts/${slug}.md`), 1);
  await home();
  await open(slug);
  await home();
  await open(other); // a different post costs its own request …
  await page.goBack(); // … and going back through history costs nothing
  await page.goBack();
  await expectPath(page, postPath(slug));
  await page.locator('article.post .post__body').waitFor();
  await home();
  await open(slug);
  assert.equal(count(`/posts/${slug}.md`), 1, `one request for /posts/${slug}.md`);
  assert.equal(count(`/posts/${other}.md`), 1, `one request for /posts/${other}.md`);
  assert.equal(count('/posts/manifest.json'), 1, 'the manifest is fetched once for all these views');
  h.assertNoErrors(errors);
});

test('the manifest is requested exactly once per page load, on every kind of page', async () => {
  let count;
  const { page, errors } = await h.openPage('/', {
    goto: false,
    setup: (page) => {
      count = countRequests(page);
    },
  });
  const paths = ['/', postPath('moving-to-eks-team'), '/tags', `/tags/${encodeURIComponent('機械学習')}`, '/no/such/page'];
  for (const [i, path] of paths.entries()) {
    await page.goto(path);
    await waitForApp(page);
    assert.equal(count('/posts/manifest.json'), i + 1, `after loading ${path}`);
  }
  // A reload is a new page load: one more, not more.
  await page.reload();
  await waitForApp(page);
  assert.equal(count('/posts/manifest.json'), paths.length + 1, 'after a reload');
  // Client-side navigation reuses it.
  await page.locator('nav.site-nav a[href="/tags"]').click();
  await page.locator('ul.tag-index').waitFor();
  await page.locator('a.site-title').click();
  await page.locator('ol.post-list').waitFor();
  assert.equal(count('/posts/manifest.json'), paths.length + 1, 'client-side navigation fetches nothing more');
  h.assertNoErrors(errors);
});
