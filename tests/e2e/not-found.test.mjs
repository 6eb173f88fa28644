// Unknown routes, slugs and tags, and drafts in a release build: the not-found page.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readManifest, useHarness, waitForApp, expectPath, expectTitle, PROFILE } from './harness.mjs';

const h = useHarness();
const manifest = readManifest();
const NOT_FOUND_TITLE = `Page not found — ${manifest.site.title}`;

async function assertNotFound(page, where) {
  await waitForApp(page);
  await page.locator('main section.not-found').waitFor();
  assert.deepEqual(await page.locator('h1').allTextContents(), ['Page not found'], `${where}: h1`);
  assert.equal(await page.locator('main article.post').count(), 0, `${where}: no article`);
  assert.equal(await page.locator('main ol.post-list').count(), 0, `${where}: no post list`);
  assert.equal(await page.locator('main section.not-found a[href="/"]').count(), 1, `${where}: link home`);
  await expectTitle(page, NOT_FOUND_TITLE);
}

for (const path of ['/no/such/page', '/posts/does-not-exist', '/tags/no-such-tag', '/posts/draft-upcoming-gpu-scheduling']) {
  // Drafts are published by debug builds only.
  const skip = path.includes('draft') && PROFILE !== 'release' && `dist is a ${PROFILE} build, which shows drafts`;
  test(`${path} shows the not-found page, whose home link works`, { skip }, async () => {
    const { page } = await h.openPage(path);
    await assertNotFound(page, path);
    await expectPath(page, path); // the URL is left as typed

    await page.evaluate(() => {
      window.__marker = 1;
    });
    await page.locator('main section.not-found a[href="/"]').click();
    await expectPath(page, '/');
    await page.locator('main ol.post-list > li.post-card').first().waitFor();
    assert.equal(await page.locator('main ol.post-list > li.post-card').count(), manifest.posts.length);
    await expectTitle(page, manifest.site.title);
    assert.equal(await page.evaluate(() => window.__marker), 1, 'home link navigates client-side');
  });
}

test('a client-side navigation to an unknown post shows not-found, then Back restores the list', async () => {
  const { page, errors } = await h.openPage('/');
  await waitForApp(page);
  await page.evaluate(() => {
    const a = document.createElement('a');
    a.href = '/posts/nothing-here';
    a.id = 'e2e-dead-link';
    a.textContent = 'dead link';
    document.querySelector('main').prepend(a);
  });
  await page.locator('#e2e-dead-link').click();
  await expectPath(page, '/posts/nothing-here');
  await assertNotFound(page, '/posts/nothing-here (client-side)');
  await page.goBack();
  await expectPath(page, '/');
  await page.locator('main ol.post-list').waitFor();
  await expectTitle(page, manifest.site.title);
  // Tolerated: the 404 of a body the manifest never listed (see the report).
  assert.deepEqual(errors.filter((e) => !e.includes('/posts/nothing-here.md')), []);
});
