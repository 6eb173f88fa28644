// A post and its translation: the sample site's Japanese career post
// (moving-to-eks-team) has an English version (moving-to-eks-team-en, `translation_of`).
// Each links the other in its own language; both pages carry the pair as `hreflang`
// alternates, before and after the app takes over and with nothing left behind on
// other pages; the sitemap lists them, each language has its feeds, and the home list
// and search can be limited to one language.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DIST, PROFILE, readManifest, useHarness, waitForApp, expectPath, expectPoll, postPath } from './harness.mjs';

const h = useHarness();
const manifest = readManifest();
const JA = 'moving-to-eks-team';
const EN = 'moving-to-eks-team-en';
const base = manifest.site.base_url.replace(/\/+$/, '');

/** The page's hreflang alternates, as `lang href` lines, sorted. */
const alternates = (page) =>
  page.evaluate(() =>
    [...document.head.querySelectorAll('link[rel=alternate][hreflang]')]
      .map((l) => `${l.getAttribute('hreflang')} ${l.getAttribute('href')}`)
      .sort(),
  );

test('the manifest pairs the post with its translation', () => {
  const en = manifest.posts.find((p) => p.slug === EN);
  assert.equal(en?.translation_of, JA);
  assert.equal(en.lang, 'en');
  assert.equal(manifest.posts.find((p) => p.slug === JA).lang, 'ja');
});

test('each version links the other, labelled in its own language, and the link switches', async () => {
  const { page } = await h.openPage(postPath(JA));
  await waitForApp(page);
  const switcher = page.locator('main#main .post__translations');
  assert.equal(await switcher.getAttribute('aria-label'), 'ほかの言語で読む');
  const link = switcher.locator('a');
  assert.equal(await link.count(), 1);
  assert.equal(await link.innerText(), 'English');
  assert.equal(await link.getAttribute('hreflang'), 'en');
  await link.click();
  await expectPath(page, postPath(EN));
  await page.locator('main#main h1', { hasText: 'Moving to the EKS platform team' }).waitFor();
  const back = page.locator('main#main .post__translations');
  assert.equal(await back.getAttribute('aria-label'), 'Also in');
  assert.equal(await back.locator('a').innerText(), '日本語');
  assert.equal(await page.locator('main#main article').getAttribute('lang'), 'en');
});

test('both versions carry the pair as hreflang alternates, and other pages none, after navigation too', async () => {
  const expected = [`en ${base}/posts/${EN}`, `ja ${base}/posts/${JA}`];
  if (PROFILE === 'release') {
    // In the page as served, before any script.
    const html = fs.readFileSync(path.join(DIST, `posts/${JA}.html`), 'utf8');
    for (const line of expected) {
      const [lang, href] = line.split(' ');
      assert.ok(html.includes(`<link rel="alternate" hreflang="${lang}" href="${href}" data-fumi-head />`), line);
    }
  }
  const { page } = await h.openPage(postPath(EN));
  await waitForApp(page);
  assert.deepEqual(await alternates(page), expected);
  await page.locator('main#main .post__translations a').click();
  await expectPath(page, postPath(JA));
  await expectPoll(() => alternates(page), expected);
  await page.goto(postPath('kubernetes-resource-requests'));
  await waitForApp(page);
  assert.deepEqual(await alternates(page), [], 'a post in one language has none');
  await page.goto(postPath(JA));
  await waitForApp(page);
  await page.locator('.site-title').click();
  await expectPath(page, '/');
  await expectPoll(() => alternates(page), [], { message: 'nothing stale after navigating away' });
});

test('the sitemap lists both versions of the pair as alternates of each other', () => {
  const sitemap = fs.readFileSync(path.join(DIST, 'sitemap.xml'), 'utf8');
  assert.match(sitemap, /xmlns:xhtml="http:\/\/www\.w3\.org\/1999\/xhtml"/);
  for (const slug of [JA, EN]) {
    const entry = sitemap.split('<url>').find((u) => u.includes(`<loc>${base}/posts/${slug}</loc>`));
    assert.ok(entry, slug);
    assert.match(entry, new RegExp(`hreflang="ja" href="${base}/posts/${JA}"`));
    assert.match(entry, new RegExp(`hreflang="en" href="${base}/posts/${EN}"`));
  }
  const single = sitemap.split('<url>').find((u) => u.includes('/posts/kubernetes-resource-requests</loc>'));
  assert.doesNotMatch(single, /xhtml:link/);
});

test('each language has its own feeds, holding only its posts', () => {
  const ja = fs.readFileSync(path.join(DIST, 'feeds/lang/ja.xml'), 'utf8');
  const en = JSON.parse(fs.readFileSync(path.join(DIST, 'feeds/lang/en.json'), 'utf8'));
  const jaTitles = manifest.posts.filter((p) => p.lang === 'ja').map((p) => p.title);
  for (const title of jaTitles) assert.ok(ja.includes(title), title);
  assert.ok(!ja.includes('Moving to the EKS platform team'));
  const enTitles = en.items.map((i) => i.title);
  assert.ok(enTitles.includes('Moving to the EKS platform team'));
  assert.ok(!enTitles.includes('EKS 基盤チームに移ります'));
});

test('the home list shows one language at a time, and every language again', async () => {
  const { page } = await h.openPage('/');
  await waitForApp(page);
  const filter = page.locator('main#main .language-filter');
  assert.deepEqual(await filter.locator('a').allInnerTexts(), ['All', 'English', '日本語']);
  await filter.locator('a', { hasText: '日本語' }).click();
  await expectPoll(() => page.evaluate(() => location.search), '?lang=ja');
  const langs = async () => [...new Set(await page.locator('main#main .post-card').evaluateAll((cards) => cards.map((c) => c.lang)))];
  await expectPoll(langs, ['ja']);
  assert.equal(await filter.locator('a[aria-current="page"]').innerText(), '日本語');
  // The list in one language links that language's feed.
  await expectPoll(
    () => page.evaluate(() => document.head.querySelector('link[type="application/atom+xml"][href$="/feeds/lang/ja.xml"]')?.title),
    `${manifest.site.title} (日本語)`,
  );
  await filter.locator('a', { hasText: 'English' }).click();
  await expectPoll(langs, ['en']);
  assert.ok((await page.locator('main#main .post-card__title').allInnerTexts()).includes('Moving to the EKS platform team'));
  await page.goBack();
  await expectPoll(langs, ['ja']);
  await filter.locator('a', { hasText: 'All' }).click();
  await expectPoll(async () => (await langs()).sort(), ['en', 'ja']);
});

test('search can be limited to one language', async () => {
  const titles = (page) => page.locator('.search-result__title a').allInnerTexts();
  const { page } = await h.openPage('/search?q=EKS&lang=en');
  await waitForApp(page);
  await expectPoll(async () => (await titles(page)).includes('Moving to the EKS platform team'), true);
  assert.ok(!(await titles(page)).includes('EKS 基盤チームに移ります'), 'no Japanese post');
  await page.locator('main#main .language-filter a', { hasText: '日本語' }).click();
  await expectPoll(() => page.evaluate(() => location.search), `?q=EKS&lang=ja`);
  await expectPoll(async () => (await titles(page)).includes('EKS 基盤チームに移ります'), true);
  assert.ok(!(await titles(page)).includes('Moving to the EKS platform team'), 'no English post');
});
