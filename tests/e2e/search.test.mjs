// Full-text search: the index loads only when search is used; Japanese substrings
// (including across a kanji/kana boundary), mixed queries and width/case variants are
// found; results update as the reader types, link to the post, and survive reload
// and Back. Expected results are computed here from the built search files.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DIST, readManifest, useHarness, waitForApp, expectPath, expectPoll, postPath } from './harness.mjs';

const h = useHarness();
const manifest = readManifest();
const meta = JSON.parse(fs.readFileSync(path.join(DIST, 'posts/search/meta.json'), 'utf8'));
const texts = [];
for (let n = 0; texts.length < meta.posts; n++) {
  texts.push(...JSON.parse(fs.readFileSync(path.join(DIST, `posts/search/text-${n}.json`), 'utf8')));
}

const norm = (s) => s.normalize('NFKC').toLowerCase();
/** Titles of the posts whose searchable text contains every part of `query`. */
function expectedTitles(query) {
  const parts = norm(query).split(/[\s、。,.!?]+/).filter(Boolean);
  return manifest.posts
    .filter((post, id) => {
      const text = norm([post.title, post.tags.join('\n'), post.excerpt, texts[id].text].join('\n'));
      return parts.every((p) => text.includes(p));
    })
    .map((p) => p.title)
    .sort();
}

async function resultTitles(page) {
  return (await page.locator('.search-result__title a').allTextContents()).map((t) => t.trim()).sort();
}

/** Types into the search page's input and waits for the results of exactly that query. */
async function searchFor(page, query) {
  await page.locator('.search-form__input').fill(query);
  const expected = expectedTitles(query);
  await expectPoll(() => resultTitles(page), expected, { message: `results for ${query}` });
  return expected;
}

/** A 4-character substring of a Japanese post that runs from kanji into kana. */
function kanjiKanaPhrase() {
  const id = manifest.posts.findIndex((p) => p.lang === 'ja');
  const match = texts[id].text.match(/[\u4e00-\u9fff]{2}[\u3041-\u3096]{2}/u);
  assert.ok(match, 'a Japanese sample post has kanji followed by kana');
  return { phrase: match[0], title: manifest.posts[id].title };
}

test('the first page load does not fetch the search index; using search does', async () => {
  const requests = [];
  const { page, errors } = await h.openPage('/', { setup: (p) => p.on('request', (r) => requests.push(r.url())) });
  await waitForApp(page);
  assert.deepEqual(requests.filter((u) => u.includes('/posts/search/')), []);
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'site-search', '/ focuses the search box');
  await page.keyboard.type('Kubernetes');
  await page.keyboard.press('Enter');
  await expectPath(page, '/search');
  await page.locator('.search-result').first().waitFor();
  assert.ok(requests.some((u) => u.endsWith('/posts/search/meta.json')));
  assert.deepEqual(await resultTitles(page), expectedTitles('Kubernetes'));
  h.assertNoErrors(errors);
});

test('a Japanese phrase spanning a kanji/kana boundary finds its post, with the match marked', async () => {
  const { phrase, title } = kanjiKanaPhrase();
  const { page, errors } = await h.openPage('/search');
  await waitForApp(page);
  const titles = await searchFor(page, phrase);
  assert.ok(titles.includes(title), `${phrase} is in ${title}`);
  const marks = await page.locator('.search-result__snippet mark').allTextContents();
  assert.ok(marks.length > 0 && marks.every((m) => norm(m) === norm(phrase)), `marked: ${marks}`);
  h.assertNoErrors(errors);
});

test('a mixed query needs every part: "Kubernetes 運用"', async () => {
  const { page, errors } = await h.openPage('/search');
  await waitForApp(page);
  const both = await searchFor(page, 'Kubernetes 運用');
  const kubernetesOnly = expectedTitles('Kubernetes');
  assert.ok(both.length > 0 && both.length < kubernetesOnly.length, `${both.length} of ${kubernetesOnly.length}`);
  h.assertNoErrors(errors);
});

test('width and case do not matter', async () => {
  const { page } = await h.openPage('/search');
  await waitForApp(page);
  const plain = await searchFor(page, 'terraform');
  await page.locator('.search-form__input').fill('ＴＥＲＲＡＦＯＲＭ');
  await expectPoll(() => resultTitles(page), plain);
  assert.ok(plain.length > 0);
});

test('results follow typing, the URL follows without new history entries, and reload keeps them', async () => {
  const { page, errors } = await h.openPage('/search');
  await waitForApp(page);
  const before = await page.evaluate(() => history.length);
  const input = page.locator('.search-form__input');
  await input.pressSequentially('パイプ', { delay: 30 });
  await expectPoll(() => resultTitles(page), expectedTitles('パイプ'));
  assert.equal(new URL(page.url()).searchParams.get('q'), 'パイプ');
  assert.equal(await page.evaluate(() => history.length), before, 'typing replaces the history entry');
  await page.reload();
  await waitForApp(page);
  assert.equal(await input.inputValue(), 'パイプ');
  await expectPoll(() => resultTitles(page), expectedTitles('パイプ'));
  h.assertNoErrors(errors);
});

test('a result opens its post, and Back returns to the same search', async () => {
  const { page, errors } = await h.openPage('/search?q=' + encodeURIComponent('Terraform'));
  await waitForApp(page);
  const first = page.locator('.search-result__title a').first();
  await first.waitFor();
  const title = (await first.textContent()).trim();
  const post = manifest.posts.find((p) => p.title === title);
  await first.click();
  await expectPath(page, postPath(post.slug));
  await page.locator('article h1', { hasText: title }).waitFor();
  await page.goBack();
  await expectPath(page, '/search');
  await page.locator('.search-result').first().waitFor();
  assert.equal(await page.locator('.search-form__input').inputValue(), 'Terraform');
  h.assertNoErrors(errors);
});

test('no match says so', async () => {
  const { page } = await h.openPage('/search?q=' + encodeURIComponent('存在しない語句xyz'));
  await waitForApp(page);
  await page.locator('.search-status', { hasText: /No posts match/ }).waitFor();
  assert.equal(await page.locator('.search-result').count(), 0);
});
