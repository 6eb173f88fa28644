// Zenn's and Qiita's block syntax and furigana, as a reader sees them: the sample
// post container-image-diet uses `:::message`, a `::::details` fold holding code and a
// `:::message alert`, and `｜技術的負債《ぎじゅつてきふさい》`. The publishing tool turns
// the blocks into Markdown fumi renders; the page shows boxes, a fold that opens, and
// ruby — in the page as served (no script) and after the app has taken over.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROFILE, useHarness, waitForApp, expectPoll, postPath } from './harness.mjs';

const h = useHarness();
const POST = postPath('container-image-diet');

async function checkBody(page) {
  const body = page.locator('main#main .post__body');
  assert.match(await body.locator('.alert--note').first().innerText(), /debug タグは調査のためのもの/);
  const fold = body.locator('details.fold');
  assert.equal(await fold.count(), 1);
  assert.equal(await fold.locator('summary').innerText(), '差し替えに使ったマニフェストの一部');
  assert.equal(await fold.evaluate((d) => d.open), false, 'a fold starts closed');
  assert.equal(await fold.locator('pre code').isVisible(), false);
  // Inside the closed fold: in the DOM, not on screen.
  assert.match(await fold.locator('.alert--warning').textContent(), /差し替えたまま放置すると/);
  const ruby = body.locator('ruby');
  assert.equal(await ruby.count(), 1);
  assert.equal(await ruby.locator('rt').innerText(), 'ぎじゅつてきふさい');
  assert.equal(await ruby.evaluate((r) => r.firstChild.textContent), '技術的負債');
  assert.doesNotMatch(await body.innerText(), /:::|《|\uFDD0/, 'no syntax left in sight');
  return fold;
}

test('boxes, a fold and furigana in the page as served, without scripts', { skip: PROFILE !== 'release' && 'a release build has pages' }, async () => {
  const { page } = await h.openPage(POST, { setup: (p) => p.route(/\.wasm$/, (route) => route.abort()) });
  await checkBody(page);
});

test('after the app takes over, and on a client-side visit, the fold opens and closes by click and keyboard', async () => {
  const { page } = await h.openPage('/');
  await waitForApp(page);
  await page.locator(`a[href$="${POST}"]`).first().click();
  await page.locator('main#main .post__body details.fold').waitFor();
  const fold = await checkBody(page);
  await fold.locator('summary').click();
  await expectPoll(() => fold.evaluate((d) => d.open), true);
  assert.equal(await fold.locator('pre code').isVisible(), true);
  await fold.locator('summary').focus();
  await page.keyboard.press('Enter');
  await expectPoll(() => fold.evaluate((d) => d.open), false);
});

test('search and excerpts read the base text of furigana', async () => {
  const { page } = await h.openPage('/search?q=' + encodeURIComponent('技術的負債'));
  await waitForApp(page);
  await expectPoll(() => page.locator('.search-result__title a').allInnerTexts(), ['コンテナイメージのダイエット：1GB 近くから 15MB へ']);
});
