// Finding posts: the multi-tag filter on / (AND/OR, counts, Japanese tags, history),
// pagination, /archive and the /tags sort and cloud view.
//
// Pagination needs more posts than a page holds, so besides the build under test
// (sample posts), these tests serve a copy of it whose posts/ is replaced by a
// generated site (`fumi-publish generate`) with three posts per page.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DIST, expectPath, expectPoll, expectTitle, readManifest, tagCounts, tagKey, tagPath, useHarness, waitForApp } from './harness.mjs';
import { startServer } from './server.mjs';

const h = useHarness();
const manifest = readManifest();

// ---- the generated site ----

const generated = { tmp: null, server: null, manifest: null };

function fumiPublish(args) {
  execFileSync('cargo', ['run', '--quiet', '--offline', '-p', 'fumi-publish', '--', ...args], { stdio: 'pipe' });
}

before(async () => {
  generated.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fumi-discovery-'));
  const site = path.join(generated.tmp, 'site');
  const dist = path.join(generated.tmp, 'dist');
  fs.cpSync(DIST, dist, { recursive: true });
  fs.rmSync(path.join(dist, 'posts'), { recursive: true, force: true });
  fumiPublish(['generate', '--posts', '23', '--per-page', '3', '--seed', '5', '--out', site]);
  fumiPublish(['build', '--root', site, '--out', path.join(dist, 'posts')]);
  generated.manifest = JSON.parse(fs.readFileSync(path.join(dist, 'posts', 'manifest.json'), 'utf8'));
  generated.server = await startServer({ dir: dist, port: 0 });
});

after(async () => {
  await generated.server?.close();
  if (generated.tmp) fs.rmSync(generated.tmp, { recursive: true, force: true });
});

// ---- what the pages should show, derived from a manifest ----

const hasTag = (post, tag) => post.tags.some((t) => tagKey(t) === tagKey(tag));
const postsWith = (m, tag) => m.posts.filter((p) => hasTag(p, tag));
const passes = (post, tags, mode) =>
  tags.length === 0 || (mode === 'any' ? tags.some((t) => hasTag(post, t)) : tags.every((t) => hasTag(post, t)));
const filtered = (m, tags, mode) => m.posts.filter((p) => passes(p, tags, mode));
const slugs = (posts) => posts.map((p) => p.slug);

/** The filter bar as it should be: each tag, pressed or not, with its count label. */
function expectedBar(m, tags, mode) {
  const result = filtered(m, tags, mode);
  return tagCounts(m)
    .map(({ name }) => {
      const selected = tags.some((t) => tagKey(t) === tagKey(name));
      const gain = mode === 'any' && tags.length > 0 && !selected;
      const count = gain
        ? m.posts.filter((p) => hasTag(p, name) && !result.includes(p)).length
        : result.filter((p) => hasTag(p, name)).length;
      return { name, pressed: String(selected), count: gain ? `+${count}` : String(count) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

// ---- what the pages do show ----

const listedSlugs = (page) =>
  page
    .locator('main ol.post-list > li.post-card h2.post-card__title a')
    .evaluateAll((as) => as.map((a) => decodeURIComponent(a.getAttribute('href')).replace(/^\/posts\//, '')));

const filterBar = async (page) =>
  (
    await page.locator('section.tag-filter button.tag-toggle').evaluateAll((buttons) =>
      buttons.map((b) => ({
        name: b.querySelector('.tag-toggle__name').textContent,
        pressed: b.getAttribute('aria-pressed'),
        count: b.querySelector('.tag-toggle__count').textContent,
      })),
    )
  ).sort((a, b) => a.name.localeCompare(b.name));

/** The filter as the URL states it. */
const urlFilter = (page) => {
  const params = new URL(page.url()).searchParams;
  return { tags: params.getAll('tag'), match: params.get('match') };
};

const toggle = (page, tag) =>
  page.locator('button.tag-toggle').filter({ has: page.getByText(tag, { exact: true }) }).click();

/** Waits until the page shows the list for `tags`/`mode` and the URL says so. */
async function expectFilter(page, tags, mode, message) {
  await expectPoll(() => urlFilter(page), { tags, match: tags.length ? mode : null }, { message: `${message}: URL` });
  const expected = slugs(filtered(manifest, tags, mode)).slice(0, manifest.site.posts_per_page);
  await expectPoll(() => listedSlugs(page), expected, { message: `${message}: listed posts` });
  await expectPoll(() => filterBar(page), expectedBar(manifest, tags, mode), { message: `${message}: filter bar` });
}

/** Two tags that narrow each other: some but not all posts with the first carry the second. */
function narrowingPair(m) {
  const tags = tagCounts(m).sort((a, b) => b.count - a.count);
  for (const first of tags) {
    for (const second of tags) {
      const both = filtered(m, [first.name, second.name], 'all').length;
      if (first !== second && both > 0 && both < first.count) return [first.name, second.name];
    }
  }
  throw new Error('the sample posts need two overlapping tags');
}

test('tags combine with AND; each click is a history entry that Back, Forward and reload restore', async () => {
  const [first, second] = narrowingPair(manifest);
  const { page, errors } = await h.openPage('/');
  await waitForApp(page);
  await expectFilter(page, [], 'all', 'no filter');
  await page.evaluate(() => {
    window.__marker = 1;
  });

  await toggle(page, first);
  await expectFilter(page, [first], 'all', `after ${first}`);
  await toggle(page, second);
  await expectFilter(page, [first, second], 'all', `after ${first} + ${second}`);
  assert.ok(filtered(manifest, [first, second], 'all').length < postsWith(manifest, first).length, 'AND narrows');
  assert.equal(await page.locator('.match-switch__option[data-match="all"]').getAttribute('aria-pressed'), 'true');

  await page.goBack();
  await expectFilter(page, [first], 'all', 'Back once');
  await page.goBack();
  await expectFilter(page, [], 'all', 'Back twice');
  await page.goForward();
  await expectFilter(page, [first], 'all', 'Forward once');
  await page.goForward();
  await expectFilter(page, [first, second], 'all', 'Forward twice');
  assert.equal(await page.evaluate(() => window.__marker), 1, 'no full page load');

  await page.reload();
  await waitForApp(page);
  await expectFilter(page, [first, second], 'all', 'after reload');

  // Deselecting a tag is a step too.
  await toggle(page, first);
  await expectFilter(page, [second], 'all', `after deselecting ${first}`);
  h.assertNoErrors(errors);
});

test('"any of them" lists posts with either tag and counts the posts each tag would add', async () => {
  const [first] = narrowingPair(manifest);
  const third = tagCounts(manifest).find((t) => filtered(manifest, [first], 'all').every((p) => !hasTag(p, t.name)))?.name;
  assert.ok(third, 'a tag that no post tagged with the first one carries');
  const { page, errors } = await h.openPage(`/?tag=${encodeURIComponent(first)}&match=all`);
  await waitForApp(page);
  await expectFilter(page, [first], 'all', 'loaded');

  await page.locator('.match-switch__option[data-match="any"]').click();
  await expectFilter(page, [first], 'any', 'switched to any');
  assert.equal(await page.locator('.match-switch__option[data-match="any"]').getAttribute('aria-pressed'), 'true');
  await toggle(page, third);
  await expectFilter(page, [first, third], 'any', `any: ${first} or ${third}`);
  const union = filtered(manifest, [first, third], 'any');
  assert.ok(union.length > postsWith(manifest, first).length, 'OR widens');
  const gains = (await filterBar(page)).filter((b) => b.pressed === 'false').map((b) => b.count);
  assert.ok(gains.every((c) => c.startsWith('+')), `unselected tags show posts gained: ${gains}`);

  await page.goBack();
  await expectFilter(page, [first], 'any', 'Back to one tag under any');
  await page.goBack();
  await expectFilter(page, [first], 'all', 'Back to all');
  await page.goForward();
  await page.goForward();
  await expectFilter(page, [first, third], 'any', 'Forward again');
  await page.reload();
  await waitForApp(page);
  await expectFilter(page, [first, third], 'any', 'after reload');
  assert.equal(await page.locator('p.list-count').textContent(), `${union.length} posts`);
  h.assertNoErrors(errors);
});

test('a Japanese tag in the URL filters, in any case or width, and is written back percent-encoded', async () => {
  const japanese = tagCounts(manifest).find((t) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(t.name) && postsWith(manifest, t.name).some((p) => p.tags.length > 1));
  assert.ok(japanese, 'the sample posts have a Japanese tag on a post with other tags');
  const tag = japanese.name;
  const other = postsWith(manifest, tag)[0].tags.find((t) => tagKey(t) !== tagKey(tag));
  // The other tag in full-width upper case: the same tag to the filter.
  const wide = other.toUpperCase().replace(/[A-Z0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  const { page, errors } = await h.openPage(`/?tag=${encodeURIComponent(tag)}&tag=${encodeURIComponent(wide)}`);
  await waitForApp(page);
  const expected = slugs(filtered(manifest, [tag, other], 'all'));
  assert.ok(expected.length >= 1);
  await expectPoll(() => listedSlugs(page), expected, { message: 'posts with both tags' });
  const pressed = (await filterBar(page)).filter((b) => b.pressed === 'true').map((b) => b.name);
  assert.deepEqual(pressed.sort(), [tag, other].sort(), 'both toggles pressed, in the site spelling');

  // Changing the filter writes the tags back, encoded, and they decode to the same text.
  await toggle(page, other);
  await expectPoll(() => urlFilter(page), { tags: [tag], match: 'all' });
  assert.ok(page.url().includes(`tag=${encodeURIComponent(tag)}`), `percent-encoded in ${page.url()}`);
  await expectPoll(() => listedSlugs(page), slugs(postsWith(manifest, tag)));
  h.assertNoErrors(errors);
});

test('an unknown tag in the filter lists nothing and can be deselected', async () => {
  const { page, errors } = await h.openPage('/?tag=no-such-tag-anywhere');
  await waitForApp(page);
  await page.locator('main .empty-state').waitFor();
  assert.deepEqual(await listedSlugs(page), []);
  await toggle(page, 'no-such-tag-anywhere');
  await expectPoll(() => listedSlugs(page), slugs(manifest.posts).slice(0, manifest.site.posts_per_page));
  h.assertNoErrors(errors);
});

// ---- pagination (generated site, 3 per page) ----

const pageLinks = (page) =>
  page.locator('main nav.pagination').evaluate((nav) => ({
    prev: nav.querySelector('a[rel="prev"]')?.getAttribute('href') ?? null,
    next: nav.querySelector('a[rel="next"]')?.getAttribute('href') ?? null,
    current: nav.querySelector('a[aria-current="page"]')?.textContent ?? null,
  }));

test('the home list is paginated with real page links, rel=prev/next and aria-current', async () => {
  const m = generated.manifest;
  const perPage = m.site.posts_per_page;
  assert.equal(perPage, 3);
  const pages = Math.ceil(m.posts.length / perPage);
  const pageSlugs = (n) => slugs(m.posts.slice((n - 1) * perPage, n * perPage));
  const { page, errors } = await h.openPage(`${generated.server.url}/`);
  await waitForApp(page);
  await expectPoll(() => listedSlugs(page), pageSlugs(1));
  assert.deepEqual(await pageLinks(page), { prev: null, next: '/page/2', current: '1' });

  await page.locator('main nav.pagination a[rel="next"]').click();
  await expectPoll(() => listedSlugs(page), pageSlugs(2));
  assert.equal(new URL(page.url()).pathname, '/page/2', 'a page of its own, a path');
  assert.deepEqual(await pageLinks(page), { prev: '/', next: '/page/3', current: '2' });
  await expectTitle(page, `Page 2 — ${m.site.title}`);

  await page.reload();
  await waitForApp(page);
  await expectPoll(() => listedSlugs(page), pageSlugs(2), { message: 'page 2 after reload' });

  await page.locator(`main nav.pagination a[href="/page/${pages}"]`).click();
  await expectPoll(() => listedSlugs(page), pageSlugs(pages));
  assert.deepEqual(await pageLinks(page), { prev: `/page/${pages - 1}`, next: null, current: String(pages) });
  await page.goBack();
  await expectPoll(() => listedSlugs(page), pageSlugs(2), { message: 'Back to page 2' });
  h.assertNoErrors(errors);
});

test('pages past the end, page 0 and non-numbers are not found', async () => {
  const m = generated.manifest;
  const pages = Math.ceil(m.posts.length / m.site.posts_per_page);
  const top = tagCounts(m).sort((a, b) => b.count - a.count)[0];
  const tagPages = Math.ceil(top.count / m.site.posts_per_page);
  for (const url of [`/page/${pages + 1}`, '/page/0', '/page/two', `${tagPath(top.name)}/page/${tagPages + 1}`, `/?page=${pages + 1}`]) {
    const { page, errors } = await h.openPage(`${generated.server.url}${url}`);
    await waitForApp(page);
    await page.locator('main section.not-found').waitFor();
    assert.deepEqual(await listedSlugs(page), [], url);
    h.assertNoErrors(errors);
  }
});

test('filtered lists and tag pages paginate, and their page links keep the tag', async () => {
  const m = generated.manifest;
  const perPage = m.site.posts_per_page;
  const top = tagCounts(m).sort((a, b) => b.count - a.count)[0];
  assert.ok(top.count > 2 * perPage, 'the most used generated tag spans three pages');
  const withTag = slugs(postsWith(m, top.name));
  const encoded = encodeURIComponent(top.name);

  const { page, errors } = await h.openPage(`${generated.server.url}/?tag=${encoded}&match=all&page=2`);
  await waitForApp(page);
  await expectPoll(() => listedSlugs(page), withTag.slice(perPage, 2 * perPage));
  const links = await pageLinks(page);
  assert.equal(links.prev, `/?tag=${encoded}&match=all`);
  assert.equal(links.next, `/?tag=${encoded}&match=all&page=3`);
  // A new filter starts again at page 1.
  const second = tagCounts(m).find((t) => tagKey(t.name) !== tagKey(top.name)).name;
  await toggle(page, second);
  await expectPoll(() => new URL(page.url()).searchParams.get('page'), null);

  await page.goto(`${generated.server.url}${tagPath(top.name)}/page/2`);
  await waitForApp(page);
  await expectPoll(() => listedSlugs(page), withTag.slice(perPage, 2 * perPage));
  assert.deepEqual(await pageLinks(page), { prev: tagPath(top.name), next: `${tagPath(top.name)}/page/3`, current: '2' });
  // Links from before pages were paths still lead to the page.
  await page.goto(`${generated.server.url}${tagPath(top.name)}?page=2`);
  await waitForApp(page);
  await expectPoll(() => listedSlugs(page), withTag.slice(perPage, 2 * perPage));
  h.assertNoErrors(errors);
});

// ---- /archive ----

const monthName = (month) => new Date(Date.UTC(2000, month - 1, 1)).toLocaleString('en-US', { month: 'long', timeZone: 'UTC' });
const postCount = (n) => (n === 1 ? '1 post' : `${n} posts`);

/** Years and months, newest first, with counts and slugs. */
function expectedArchive(m) {
  const years = [];
  const posts = [...m.posts].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  for (const post of posts) {
    const [year, month] = post.date.split('-').map(Number);
    if (years.at(-1)?.year !== String(year)) years.push({ year: String(year), count: postCount(0), n: 0, months: [] });
    const y = years.at(-1);
    y.n += 1;
    y.count = postCount(y.n);
    if (y.months.at(-1)?.datetime !== `${year}-${String(month).padStart(2, '0')}`) {
      y.months.push({ datetime: `${year}-${String(month).padStart(2, '0')}`, label: `${monthName(month)} ${year}`, count: '', posts: [] });
    }
    const mo = y.months.at(-1);
    mo.posts.push({ href: `/posts/${encodeURIComponent(post.slug)}`, datetime: post.date });
    mo.count = postCount(mo.posts.length);
  }
  return years.map(({ n, ...y }) => y);
}

const readArchive = (page) =>
  page.locator('main section.archive-year').evaluateAll((sections) =>
    sections.map((s) => ({
      year: s.querySelector('h2').textContent.replace(s.querySelector('h2 .archive__count').textContent, '').trim(),
      count: s.querySelector('h2 .archive__count').textContent,
      months: [...s.querySelectorAll('section.archive-month')].map((mo) => ({
        datetime: mo.querySelector('h3 time').getAttribute('datetime'),
        label: mo.querySelector('h3 time').textContent,
        count: mo.querySelector('h3 .archive__count').textContent,
        posts: [...mo.querySelectorAll('li a')].map((a) => ({
          href: a.getAttribute('href'),
          datetime: a.closest('li').querySelector('time').getAttribute('datetime'),
        })),
      })),
    })),
  );

test('/archive groups posts by year and month, newest first, with counts (reached from the header)', async () => {
  const { page, errors } = await h.openPage('/');
  await waitForApp(page);
  await page.locator('header nav.site-nav a', { hasText: 'Archive' }).click();
  await expectPath(page, '/archive');
  await page.locator('main section.archive-year').first().waitFor();
  assert.deepEqual(await page.locator('main h1').allTextContents(), ['Archive']);
  await expectTitle(page, `Archive — ${manifest.site.title}`);
  assert.deepEqual(await readArchive(page), expectedArchive(manifest));
  await page.reload();
  await waitForApp(page);
  assert.deepEqual(await readArchive(page), expectedArchive(manifest), 'after reload');
  h.assertNoErrors(errors);
});

test('/archive of a larger site spans several years with correct counts', async () => {
  const { page, errors } = await h.openPage(`${generated.server.url}/archive`);
  await waitForApp(page);
  const expected = expectedArchive(generated.manifest);
  assert.ok(expected.length >= 3, 'several years');
  assert.deepEqual(await readArchive(page), expected);
  h.assertNoErrors(errors);
});

// ---- /tags sort and cloud ----

/** Tag names of the index, in order (a link's own text, without its count). */
const indexNames = (page, selector) =>
  page
    .locator(`main ${selector} a.tag`)
    .evaluateAll((as) =>
      as.map((a) => [...a.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('').trim()),
    );

test('/tags sorts by name or count and shows a cloud sized by count, all in the URL', async () => {
  const counts = tagCounts(manifest);
  const byCount = [...counts].sort((a, b) => b.count - a.count || (tagKey(a.name) < tagKey(b.name) ? -1 : 1)).map((t) => t.name);
  const byName = [...counts].sort((a, b) => (tagKey(a.name) < tagKey(b.name) ? -1 : 1)).map((t) => t.name);
  assert.notDeepEqual(byCount, byName, 'the two orders differ on the sample posts');

  const { page, errors } = await h.openPage('/tags');
  await waitForApp(page);
  assert.deepEqual(await indexNames(page, 'ul.tag-index'), byCount);
  await page.locator('[data-switch="sort"] a', { hasText: 'Name' }).click();
  await expectPoll(() => new URL(page.url()).search, '?sort=name');
  await expectPoll(() => indexNames(page, 'ul.tag-index'), byName, { message: 'sorted by name' });
  assert.equal(await page.locator('[data-switch="sort"] a[aria-current="true"]').textContent(), 'Name');

  await page.locator('[data-switch="view"] a', { hasText: 'Cloud' }).click();
  await expectPoll(() => new URL(page.url()).search, '?sort=name&view=cloud');
  await expectPoll(() => indexNames(page, 'ul.tag-cloud'), byName, { message: 'cloud keeps the order' });
  const sizes = await page.locator('main ul.tag-cloud a.tag').evaluateAll((as) =>
    Object.fromEntries(as.map((a) => [a.firstChild.textContent.trim(), Number.parseFloat(getComputedStyle(a).fontSize)])),
  );
  const most = counts.reduce((a, b) => (b.count > a.count ? b : a));
  const least = counts.reduce((a, b) => (b.count < a.count ? b : a));
  assert.ok(sizes[most.name] > sizes[least.name], `${most.name} (${most.count}) is larger than ${least.name} (${least.count})`);
  for (const t of counts.filter((t) => t.count === least.count)) assert.equal(sizes[t.name], sizes[least.name], 'equal counts, equal sizes');

  await page.reload();
  await waitForApp(page);
  assert.deepEqual(await indexNames(page, 'ul.tag-cloud'), byName, 'cloud after reload');
  await page.goBack();
  await expectPoll(() => new URL(page.url()).search, '?sort=name');
  await expectPoll(() => indexNames(page, 'ul.tag-index'), byName, { message: 'Back to the list' });
  h.assertNoErrors(errors);
});
