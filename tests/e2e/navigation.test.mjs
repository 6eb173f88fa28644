// Client-side navigation, history, reloads of deep URLs (SPA fallback) and the frame's
// own links.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  readManifest,
  useHarness,
  waitForApp,
  expectPath,
  expectTitle,
  postPath,
  tagPath,
} from './harness.mjs';

const h = useHarness();
const manifest = readManifest();
const site = manifest.site.title;

/** A post whose body has a table and a fenced code block. */
const RICH = 'writing-posts';

test('clicking a post title navigates client-side, and Back returns to the list', async () => {
  const post = manifest.posts.find((p) => p.slug === RICH);
  assert.ok(post, `${RICH} is in the manifest`);
  const { page, errors } = await h.openPage('/');
  await waitForApp(page);
  // Survives only if no full page load happens.
  await page.evaluate(() => {
    window.__marker = 1;
  });

  await page.locator(`li.post-card h2.post-card__title a[href="${postPath(RICH)}"]`).click();
  await expectPath(page, postPath(RICH));
  await page.locator('article.post h1.post__title').waitFor();
  await page.locator('article.post .post__body table').first().waitFor();
  assert.deepEqual(await page.locator('h1').allTextContents(), [post.title]);
  assert.ok((await page.locator('.post__body pre code').count()) > 0, 'code blocks rendered');
  assert.equal(await page.locator('main .loading').count(), 0);
  await expectTitle(page, `${post.title} — ${site}`);
  assert.equal(await page.evaluate(() => window.__marker), 1, 'no full page load on click');

  await page.goBack();
  await expectPath(page, '/');
  await page.locator('ol.post-list > li.post-card').first().waitFor();
  assert.equal(await page.locator('ol.post-list > li.post-card').count(), manifest.posts.length);
  assert.equal(await page.locator('article.post').count(), 0, 'the post is gone');
  await expectTitle(page, site);
  assert.equal(await page.evaluate(() => window.__marker), 1, 'no full page load on Back');

  await page.goForward();
  await expectPath(page, postPath(RICH));
  await page.locator('article.post .post__body table').first().waitFor();
  assert.equal(await page.evaluate(() => window.__marker), 1, 'no full page load on Forward');
  h.assertNoErrors(errors);
});

test('header links, tag links and newer/older links all navigate client-side', async () => {
  const { page, errors } = await h.openPage('/');
  await waitForApp(page);
  await page.evaluate(() => {
    window.__marker = 1;
  });

  await page.locator('nav.site-nav a[href="/tags"]').click();
  await expectPath(page, '/tags');
  await page.locator('ul.tag-index').waitFor();

  await page.locator('a.site-title').click();
  await expectPath(page, '/');
  await page.locator('ol.post-list').waitFor();

  // Second post → its "older" neighbour is the third in the manifest.
  const [, second, third] = manifest.posts;
  await page.locator(`h2.post-card__title a[href="${postPath(second.slug)}"]`).click();
  await page.locator('h1.post__title', { hasText: second.title }).waitFor();
  await page.locator('nav.post-nav a.post-nav__link--older').click();
  await expectPath(page, postPath(third.slug));
  await page.locator('h1.post__title', { hasText: third.title }).waitFor();
  await page.locator('.post__body').waitFor();

  // A tag of that post → the tag page.
  const tag = third.tags[0];
  await page.locator('article.post ul.tag-list a.tag', { hasText: tag }).first().click();
  await expectPath(page, tagPath(tag));
  await page.locator('main h1 .tag', { hasText: tag }).waitFor();

  assert.equal(await page.evaluate(() => window.__marker), 1, 'every hop stayed in the same document');
  h.assertNoErrors(errors);
});

test('following a link from far down a long post shows the next page from its top', async () => {
  const { page, errors } = await h.openPage(postPath('moving-to-eks-team'));
  await waitForApp(page);
  const nav = page.locator('nav.post-nav a.post-nav__link--newer');
  const target = await nav.getAttribute('href');
  await nav.scrollIntoViewIfNeeded();
  assert.ok((await page.evaluate(() => window.scrollY)) > 1000, 'scrolled far down');
  await nav.click();
  await expectPath(page, target);
  await page.locator('article.post .post__body').waitFor();
  await page.waitForFunction(() => window.scrollY === 0, null, { timeout: 3000 }).catch(() => {});
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'the new post starts at the top');
  h.assertNoErrors(errors);
});

test('reloading deep URLs shows the same page (SPA fallback)', async () => {
  const post = manifest.posts.find((p) => p.slug === 'moving-to-eks-team');
  const cases = [
    { path: postPath(post.slug), h1: post.title, check: 'article.post .post__body h2' },
    { path: '/tags', h1: 'Tags', check: 'ul.tag-index li' },
    { path: tagPath('kubernetes'), h1: 'Posts tagged kubernetes', check: 'ol.post-list li.post-card' },
    { path: tagPath('機械学習'), h1: 'Posts tagged 機械学習', check: 'ol.post-list li.post-card' },
  ];
  const { page, errors } = await h.openPage('/');
  await waitForApp(page);
  for (const c of cases) {
    await page.goto(c.path);
    await waitForApp(page);
    const before = { h1: (await page.locator('main h1').textContent()).trim(), url: page.url() };
    assert.equal(before.h1, c.h1, `${c.path} before reload`);

    const response = await page.reload();
    assert.equal(response.status(), 200, `${c.path} is served on reload`);
    await waitForApp(page);
    assert.equal(page.url(), before.url, `${c.path}: URL unchanged by reload`);
    assert.equal((await page.locator('main h1').textContent()).trim(), c.h1, `${c.path} after reload`);
    assert.ok((await page.locator(c.check).count()) > 0, `${c.path}: ${c.check} after reload`);
  }

  // A URL reached by client-side navigation also survives a reload.
  await page.goto('/');
  await waitForApp(page);
  await page.locator(`h2.post-card__title a[href="${postPath(RICH)}"]`).click();
  await page.locator('.post__body table').first().waitFor();
  await page.reload();
  await waitForApp(page);
  await expectPath(page, postPath(RICH));
  await page.locator('.post__body table').first().waitFor();
  h.assertNoErrors(errors);
});

test('the skip link moves focus to main and stays on the current page', async () => {
  const post = manifest.posts[1];
  const { page, errors } = await h.openPage(postPath(post.slug));
  await waitForApp(page);
  await page.keyboard.press('Tab');
  assert.equal(
    await page.evaluate(() => document.activeElement?.className),
    'skip-link',
    'the skip link is the first focusable element',
  );
  const start = new URL(page.url()).pathname;
  await page.keyboard.press('Enter');
  // Settles either way: focus lands in main (correct), or the app navigates away.
  await page
    .waitForFunction(
      (start) => document.activeElement?.id === 'main' || location.pathname !== start,
      start,
      { timeout: 3000 },
    )
    .catch(() => {});
  assert.equal(
    decodeURIComponent(new URL(page.url()).pathname),
    postPath(post.slug),
    'the skip link must not leave the current page',
  );
  assert.equal(
    (await page.locator('main h1').textContent()).trim(),
    post.title,
    'still showing the post after using the skip link',
  );
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main', 'focus moved to main');
  h.assertNoErrors(errors);
});
