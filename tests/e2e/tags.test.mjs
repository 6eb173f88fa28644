// The tag index and the per-tag pages, Japanese tags and case-insensitive matching.

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
  tagCounts,
  tagKey,
} from './harness.mjs';

const h = useHarness();
const manifest = readManifest();
const counts = tagCounts(manifest);
const countLabel = (n) => (n === 1 ? '1 post' : `${n} posts`);
const postsWith = (tag) => manifest.posts.filter((p) => p.tags.some((t) => tagKey(t) === tagKey(tag)));

/** Slugs listed on the current page, in order. */
const listedSlugs = (page) =>
  page
    .locator('main ol.post-list > li.post-card h2.post-card__title a')
    .evaluateAll((as) => as.map((a) => decodeURIComponent(a.getAttribute('href')).replace(/^\/posts\//, '')));

test('/tags lists every tag once, with its post count', async () => {
  const { page, errors } = await h.openPage('/tags');
  await waitForApp(page);
  assert.deepEqual(await page.locator('h1').allTextContents(), ['Tags']);
  await expectTitle(page, `Tags — ${manifest.site.title}`);
  const rows = await page.locator('main ul.tag-index > li').evaluateAll((lis) =>
    lis.map((li) => ({
      name: li.querySelector('a.tag')?.textContent,
      href: li.querySelector('a.tag')?.getAttribute('href'),
      count: li.querySelector('span.tag-index__count')?.textContent,
    })),
  );
  const expected = counts.map((c) => ({ name: c.name, href: tagPath(c.name), count: countLabel(c.count) }));
  const byName = (a, b) => a.name.localeCompare(b.name);
  assert.deepEqual([...rows].sort(byName), [...expected].sort(byName));
  // Most used first.
  const numbers = rows.map((r) => Number.parseInt(r.count, 10));
  assert.deepEqual(numbers, [...numbers].sort((a, b) => b - a), 'sorted by count, descending');
  // Known facts of the sample content.
  const kube = rows.find((r) => r.name === 'kubernetes');
  assert.equal(kube?.count, `${postsWith('kubernetes').length} posts`);
  assert.ok(postsWith('kubernetes').length >= 3);
  for (const ja of ['機械学習', 'コンテナ', 'キャリア']) {
    const row = rows.find((r) => r.name === ja);
    assert.ok(row, `${ja} is listed`);
    assert.equal(row.href, `/tags/${encodeURIComponent(ja)}`, `${ja} link is percent-encoded`);
    assert.equal(row.count, '1 post');
  }
  h.assertNoErrors(errors);
});

test('clicking a tag on /tags opens its page with only the matching posts', async () => {
  const { page, errors } = await h.openPage('/tags');
  await waitForApp(page);
  await page.evaluate(() => {
    window.__marker = 1;
  });
  for (const tag of ['kubernetes', 'コンテナ']) {
    await page.locator('ul.tag-index a.tag').getByText(tag, { exact: true }).click();
    await expectPath(page, tagPath(tag));
    assert.match(page.url(), tag === 'コンテナ' ? /\/tags\/%E3%82%B3/ : /\/tags\/kubernetes$/, 'URL is percent-encoded');
    await page.locator('main h1', { hasText: tag }).waitFor();
    assert.deepEqual(await listedSlugs(page), postsWith(tag).map((p) => p.slug), `posts tagged ${tag}`);
    assert.equal(await page.locator('h1').count(), 1);
    await expectTitle(page, `Posts tagged #${tag} — ${manifest.site.title}`);
    await page.goBack();
    await expectPath(page, '/tags');
    await page.locator('ul.tag-index').waitFor();
  }
  assert.equal(await page.evaluate(() => window.__marker), 1, 'tag pages opened without a full page load');
  h.assertNoErrors(errors);
});

test('a Japanese tag URL loaded directly shows the decoded tag and its posts', async () => {
  const tag = '機械学習';
  const { page, errors } = await h.openPage(`/tags/${encodeURIComponent(tag)}`);
  await waitForApp(page);
  const h1 = (await page.locator('main h1').textContent()).trim();
  assert.ok(h1.includes(tag), `h1 shows the decoded tag: ${h1}`);
  assert.ok(!h1.includes('%E6'), 'h1 is not percent-encoded');
  const expected = postsWith(tag).map((p) => p.slug);
  assert.ok(expected.includes('mlops-pipeline-on-kubernetes'));
  assert.deepEqual(await listedSlugs(page), expected);
  // Round trip: a reload keeps the same URL and page.
  await page.reload();
  await waitForApp(page);
  assert.equal(new URL(page.url()).pathname, `/tags/${encodeURIComponent(tag)}`);
  assert.deepEqual(await listedSlugs(page), expected);
  // The tag links on the listed cards point back to the same encoded URL.
  assert.ok(
    (await page.locator(`ol.post-list a.tag[href="/tags/${encodeURIComponent(tag)}"]`).count()) >= 1,
    'cards link to the encoded tag URL',
  );
  h.assertNoErrors(errors);
});

test('tag matching ignores case: /tags/KUBERNETES lists the kubernetes posts', async () => {
  const { page, errors } = await h.openPage('/tags/KUBERNETES');
  await waitForApp(page);
  const expected = postsWith('kubernetes').map((p) => p.slug);
  assert.ok(expected.length >= 3);
  assert.deepEqual(await listedSlugs(page), expected);
  assert.equal(await page.locator('main section.not-found').count(), 0);
  // The heading shows the tag as the site spells it.
  assert.equal((await page.locator('main h1 .tag').textContent()).trim(), 'kubernetes');
  h.assertNoErrors(errors);
});

test('a tag link on a post card leads to that tag page', async () => {
  const { page, errors } = await h.openPage('/');
  await waitForApp(page);
  const card = page.locator(`li.post-card:has(a[href="${postPath('moving-to-eks-team')}"])`);
  await card.locator('a.tag', { hasText: 'キャリア' }).click();
  await expectPath(page, tagPath('キャリア'));
  await page.locator('main h1', { hasText: 'キャリア' }).waitFor();
  assert.deepEqual(await listedSlugs(page), postsWith('キャリア').map((p) => p.slug));
  h.assertNoErrors(errors);
});
