// Document titles follow the route; the happy path logs no errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readManifest, useHarness, waitForApp, expectPath, expectTitle, postPath, tagPath, tagCounts } from './harness.mjs';

const h = useHarness();
const manifest = readManifest();
const site = manifest.site.title;

test('page titles follow the route, on full loads and on client-side navigation', async () => {
  const post = manifest.posts.find((p) => p.slug === 'moving-to-eks-team');
  const { page, errors } = await h.openPage('/');
  await waitForApp(page);
  await expectTitle(page, site);

  // Full loads.
  for (const [path, title] of [
    [postPath(post.slug), `${post.title} — ${site}`],
    ['/tags', `Tags — ${site}`],
    [tagPath('kubernetes'), `Posts tagged #kubernetes — ${site}`],
    ['/', site],
  ]) {
    await page.goto(path);
    await waitForApp(page);
    await expectTitle(page, title);
  }

  // Client-side: home → post → tags → tag → home.
  await page.locator(`h2.post-card__title a[href="${postPath(post.slug)}"]`).click();
  await page.locator('h1.post__title').waitFor();
  await expectTitle(page, `${post.title} — ${site}`);
  await page.locator('nav.site-nav a[href="/tags"]').click();
  await page.locator('ul.tag-index').waitFor();
  await expectTitle(page, `Tags — ${site}`);
  await page.locator('ul.tag-index a.tag').getByText('キャリア', { exact: true }).click();
  await page.locator('main h1 .tag', { hasText: 'キャリア' }).waitFor();
  await expectTitle(page, `Posts tagged #キャリア — ${site}`);
  await page.locator('a.site-title').click();
  await page.locator('ol.post-list').waitFor();
  await expectTitle(page, site);
  // And history.
  await page.goBack();
  await expectTitle(page, `Posts tagged #キャリア — ${site}`);
  await page.goBack();
  await expectTitle(page, `Tags — ${site}`);
  h.assertNoErrors(errors);
});

test('no console errors, page errors or failed requests on any happy-path page', async () => {
  const { page, errors } = await h.openPage('/');
  const visited = [];
  const visit = async (path) => {
    await page.goto(path);
    await waitForApp(page);
    assert.equal(await page.locator('main .error-view, main section.not-found').count(), 0, `${path} rendered`);
    visited.push(path);
  };
  await visit('/');
  await visit('/tags');
  for (const post of manifest.posts) {
    await visit(postPath(post.slug));
    await page.locator('.post__body').waitFor();
    // Images in the body have loaded (failed ones are caught as HTTP errors); they
    // load lazily, so bring each into view first. (The dark twin of an image is not
    // shown in the light theme, and never loads there.)
    for (const img of await page.locator('.post__body img:visible').all()) await img.scrollIntoViewIfNeeded();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.post__body img')].filter((i) => i.checkVisibility()).every((i) => i.complete),
    );
  }
  // Every tag page, reached client-side from /tags.
  await visit('/tags');
  for (const { name } of tagCounts(manifest)) {
    await page.locator('ul.tag-index a.tag').getByText(name, { exact: true }).click();
    await expectPath(page, tagPath(name));
    await page.locator('main ol.post-list').waitFor();
    visited.push(tagPath(name));
    await page.goBack();
    await page.locator('ul.tag-index').waitFor();
  }
  assert.ok(visited.length >= manifest.posts.length + 3);
  h.assertNoErrors(errors, `errors while visiting ${visited.join(', ')}`);
});
