// The home page: every published post, newest first, as the manifest describes it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readManifest, useHarness, waitForApp, postPath, tagPath, PROFILE } from './harness.mjs';

const h = useHarness();
const manifest = readManifest();

const DRAFT = 'draft-upcoming-gpu-scheduling';
const releaseOnly = PROFILE === 'release' ? {} : { skip: `dist is a ${PROFILE} build, which shows drafts by design` };

test('the manifest holds the sample posts', () => {
  const slugs = manifest.posts.map((p) => p.slug);
  assert.ok(slugs.length >= 2, 'the sample content has several posts');
  assert.ok(slugs.includes('moving-to-eks-team'), 'the Japanese sample post is published');
  const eks = manifest.posts.find((p) => p.slug === 'moving-to-eks-team');
  assert.match(eks.title, /EKS/);
  assert.equal(eks.lang, 'ja');
  assert.equal(eks.date, '2021-01-04');
});

test('a release build publishes no draft: not in the manifest, not on the home page', releaseOnly, async () => {
  assert.ok(!manifest.posts.some((p) => p.slug === DRAFT), `${DRAFT} must not be in a release manifest`);
  assert.ok(manifest.posts.every((p) => !p.draft), 'no post of a release build is a draft');
  const { page, errors } = await h.openPage('/');
  await waitForApp(page);
  assert.equal(await page.locator(`a[href="${postPath(DRAFT)}"]`).count(), 0, 'no draft listed');
  assert.equal(await page.locator('.badge--draft').count(), 0, 'no draft badge');
  h.assertNoErrors(errors);
});

test('home lists every manifest post, newest first, with link, date, reading time, excerpt and tags', async () => {
  const { page, errors } = await h.openPage('/');
  await waitForApp(page);

  // Exactly one h1, the site title.
  assert.deepEqual(await page.locator('h1').allTextContents(), [manifest.site.title]);
  assert.equal(await page.locator('main h1.page-title').count(), 1);

  const cards = await page.locator('ol.post-list > li.post-card').evaluateAll((lis) =>
    lis.map((li) => ({
      lang: li.getAttribute('lang'),
      title: li.querySelector('h2.post-card__title > a')?.textContent,
      href: li.querySelector('h2.post-card__title > a')?.getAttribute('href'),
      datetime: li.querySelector('p.post-meta time')?.getAttribute('datetime'),
      dateLabel: li.querySelector('p.post-meta time')?.textContent.trim(),
      reading: li.querySelector('p.post-meta span.reading-time')?.textContent,
      excerpt: li.querySelector('p.post-card__excerpt')?.textContent,
      tags: [...li.querySelectorAll('ul.tag-list a.tag')].map((a) => ({
        text: a.textContent,
        href: a.getAttribute('href'),
      })),
    })),
  );

  // Newest first: the list is ordered by date, descending, and matches the manifest.
  const byDate = [...manifest.posts].sort((a, b) => b.date.localeCompare(a.date));
  assert.deepEqual(
    manifest.posts.map((p) => p.slug),
    byDate.map((p) => p.slug),
    'manifest order is newest first',
  );
  const datesShown = cards.map((c) => c.datetime);
  assert.deepEqual(datesShown, [...datesShown].sort().reverse(), 'cards are newest first');

  assert.deepEqual(
    cards.map(({ dateLabel, ...c }) => c),
    manifest.posts.map((p) => ({
      lang: p.lang,
      title: p.title,
      href: postPath(p.slug),
      datetime: p.date,
      reading: `${p.reading_minutes} min read`,
      excerpt: p.excerpt,
      tags: p.tags.map((t) => ({ text: t, href: tagPath(t) })),
    })),
  );
  // The date label is for people (not the ISO string) but says the same year.
  for (const [i, card] of cards.entries()) {
    assert.ok(card.dateLabel.length > 0, `card ${i} shows a date`);
    assert.ok(card.dateLabel.includes(card.datetime.slice(0, 4)), `card ${i}: "${card.dateLabel}"`);
  }

  // Concrete facts of the sample content.
  const eks = cards.find((c) => c.href === '/posts/moving-to-eks-team');
  assert.ok(eks, 'the Japanese post is listed');
  assert.equal(eks.lang, 'ja');
  assert.match(eks.title, /EKS/);
  assert.equal(eks.datetime, '2021-01-04');
  assert.ok(
    eks.tags.some((t) => t.text === 'キャリア' && t.href === '/tags/%E3%82%AD%E3%83%A3%E3%83%AA%E3%82%A2'),
    'Japanese tags link to percent-encoded URLs',
  );

  h.assertNoErrors(errors);
});

test('the page frame: skip link, header with site title and nav, main, footer; html lang follows the site', async () => {
  const { page, errors } = await h.openPage('/');
  await waitForApp(page);
  assert.equal(await page.locator('a.skip-link[href="#main"]').count(), 1);
  assert.equal((await page.locator('header.site-header a.site-title').textContent()).trim(), manifest.site.title);
  assert.deepEqual(
    await page.locator('header.site-header nav.site-nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
    // fumi.toml's [[nav]], in order (routes below the site's root, other sites as they are).
    manifest.site.nav.map((link) => link.url),
  );
  assert.equal(await page.locator('main#main').count(), 1);
  assert.equal(await page.locator('footer.site-footer').count(), 1);
  assert.equal(await page.evaluate(() => document.documentElement.lang), manifest.site.language);
  h.assertNoErrors(errors);
});
