// Reading from the keyboard: `j` / `k` step to the older / newer post, `h` goes back to
// the list, `/` searches and `?` lists the keys in a dialog that Esc closes. None
// fires while the reader types or holds a modifier, and none reloads the page.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readManifest, useHarness, waitForApp, expectPath, expectPoll, postPath } from './harness.mjs';

const h = useHarness();
const manifest = readManifest();
// A post with a newer and an older neighbour (the list is newest first).
const middle = Math.floor(manifest.posts.length / 2);
const [newer, current, older] = manifest.posts.slice(middle - 1, middle + 2);

async function openPost(slug) {
  const { page } = await h.openPage(postPath(slug));
  await waitForApp(page);
  await page.evaluate(() => (window.stillTheSamePage = true));
  return page;
}
const samePage = (page) => page.evaluate(() => window.stillTheSamePage === true);

test('j and k step to the older and the newer post, h back to the list, without a reload', async () => {
  const page = await openPost(current.slug);
  await page.keyboard.press('j');
  await expectPath(page, postPath(older.slug));
  await page.locator('main#main h1', { hasText: older.title }).waitFor();
  await page.keyboard.press('k');
  await expectPath(page, postPath(current.slug));
  await page.keyboard.press('k');
  await expectPath(page, postPath(newer.slug));
  await page.keyboard.press('h');
  await expectPath(page, '/');
  await page.locator('main#main .post-card').first().waitFor();
  assert.equal(await samePage(page), true, 'client-side navigation only');
});

test('keys typed into a field stay in the field, and a modifier key is the browser\'s', async () => {
  const page = await openPost(current.slug);
  await page.keyboard.press('/');
  await expectPoll(() => page.evaluate(() => document.activeElement?.id), 'site-search');
  await page.keyboard.type('jk?h');
  assert.equal(await page.locator('#site-search').inputValue(), 'jk?h');
  assert.equal(await page.evaluate(() => location.pathname), postPath(current.slug));
  await page.locator('main#main h1').click();
  await page.keyboard.press('Control+j');
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => location.pathname), postPath(current.slug));
});

test('? lists the keys in a dialog that Esc closes', async () => {
  const page = await openPost(current.slug);
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  assert.equal(await dialog.isVisible(), false);
  await page.keyboard.press('?');
  await dialog.waitFor();
  assert.deepEqual(await dialog.locator('kbd').allInnerTexts(), ['/', 'j', 'k', 'h', '?']);
  // While it is open, the keys are the dialog's.
  await page.keyboard.press('j');
  assert.equal(await page.evaluate(() => location.pathname), postPath(current.slug));
  await page.keyboard.press('Escape');
  await expectPoll(() => dialog.isVisible(), false);
  await page.keyboard.press('?');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expectPoll(() => dialog.isVisible(), false);
});
