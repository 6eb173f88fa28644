// The site as its owner configured it in fumi.toml, without touching code: a page
// from pages/ (`/about`), two authors with profiles, pages and feeds, a post written
// by both, the header's links (one leaving the site), and the footer's own line.
// Checked on the rendered pages before the app runs, and after it has taken over.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DIST, readManifest, useHarness, holdApp, waitForApp, postPath, expectPath, expectPoll } from './harness.mjs';

const h = useHarness();
const manifest = readManifest();
const SITE = manifest.site;
const BOTH = 'mlops-pipeline-on-kubernetes';
const SITE_URL = SITE.base_url.replace(/\/$/, '');

/** The schema.org Person the publishing tool made of an author's settings. */
const person = (id) => JSON.parse(SITE.authors[id].person);

/** Ids of the authors of `post`: those it names, else the site's author. */
const authorsOf = (post) => (post.authors?.length ? post.authors : [SITE.author]);

/** The JSON-LD data blocks of the document's head, parsed. */
const jsonLd = (page) =>
  page.evaluate(() =>
    [...document.head.querySelectorAll('script[type="application/ld+json"]')].map((s) => JSON.parse(s.textContent)),
  );

test('the sample site configures an About page, two authors and its own links', () => {
  assert.deepEqual(manifest.pages.map((p) => p.slug), ['about']);
  assert.deepEqual(Object.keys(SITE.authors).sort(), ['aki', 'mei']);
  assert.deepEqual(manifest.posts.find((p) => p.slug === BOTH).authors, ['mei', 'aki']);
  assert.ok(SITE.nav.some((l) => l.url === '/about') && SITE.nav.some((l) => l.url.startsWith('https://')));
  // A page is not a post: no list, tag or feed holds it.
  assert.ok(!manifest.posts.some((p) => p.slug === 'about'));
  const feed = fs.readFileSync(path.join(DIST, 'feed.xml'), 'utf8');
  assert.ok(!feed.includes(`${SITE_URL}/about<`), 'the site feed has no page');
  const sitemap = fs.readFileSync(path.join(DIST, 'sitemap.xml'), 'utf8');
  for (const route of ['about', 'authors/aki', 'authors/mei']) assert.ok(sitemap.includes(`<loc>${SITE_URL}/${route}</loc>`), route);
});

test('the About page is a rendered page with its body, before the app and after it', async () => {
  const { page, errors } = await h.openPage('/', { viewport: { width: 1100, height: 900 } });
  const release = await holdApp(page);
  await page.goto(`${h.url}/about`);
  const h1 = page.getByRole('heading', { level: 1, name: 'このブログについて', exact: true });
  await h1.waitFor();
  assert.equal(await page.locator('main#main article').getAttribute('lang'), 'ja');
  assert.equal(await page.locator('main#main .post__body h2').first().textContent().then((t) => t.replace('#', '').trim()), '書いている人');
  // No date, byline, tags or share links: a page is not a post.
  assert.equal(await page.locator('main#main time, main#main .byline, main#main .tag-list, main#main .share').count(), 0);
  assert.equal(await page.title(), `このブログについて — ${SITE.title}`);
  release();
  await waitForApp(page);
  await h1.waitFor();
  assert.equal(await page.locator('main#main h1').count(), 1);
  h.assertNoErrors(errors);
});

test('the header has the configured links, marks the one leaving the site, and routes to the page', async () => {
  const { page, errors } = await h.openPage('/', { viewport: { width: 1100, height: 900 } });
  await waitForApp(page);
  const links = await page.locator('header .site-nav a').evaluateAll((as) =>
    as.map((a) => ({ text: a.textContent.trim(), href: a.getAttribute('href'), external: a.relList.contains('external') })),
  );
  assert.deepEqual(
    links.map((l) => l.text.replace(/\s*\((another site|外部サイト)\)$/, '')),
    SITE.nav.map((l) => l.title),
    'in the configured order',
  );
  const zenn = SITE.nav.find((l) => l.url.startsWith('https://'));
  const outside = links.find((l) => l.href === zenn.url);
  assert.ok(outside?.external, `${zenn.url} is marked as leaving the site`);
  // Its accessible name says so too.
  assert.match(await page.locator(`header .site-nav a[href="${zenn.url}"]`).innerText(), new RegExp(zenn.title));
  assert.match(await page.locator(`header .site-nav a[href="${zenn.url}"] .visually-hidden`).textContent(), /another site|外部サイト/);
  // A client-side navigation: the app renders the page from its Markdown.
  const before = await page.evaluate(() => (window.__sameDocument = true));
  await page.locator('header .site-nav a', { hasText: 'About' }).click();
  await expectPath(page, '/about');
  await page.getByRole('heading', { level: 1, name: 'このブログについて', exact: true }).waitFor();
  assert.equal(await page.evaluate(() => window.__sameDocument), before, 'no full page load');
  assert.ok((await page.locator('main#main .post__body').textContent()).includes('田中アキ'));
  await expectPoll(
    () => page.locator('header .site-nav a[aria-current="page"]').allTextContents(),
    ['About'],
    { message: 'the link to the page being read is the current one' },
  );
  h.assertNoErrors(errors);
});

test('the footer carries the configured line and the licence link', async () => {
  const { page } = await h.openPage('/about', { viewport: { width: 1100, height: 900 } });
  const footer = page.locator('footer.site-footer');
  await footer.waitFor();
  const licence = footer.locator('.site-footer__text a');
  assert.equal(await licence.getAttribute('href'), 'https://creativecommons.org/licenses/by/4.0/');
  assert.match(await footer.textContent(), /Text under CC BY 4\.0/);
  assert.match(await footer.textContent(), /Published with fumi/, 'generated_by is on by default');
});

test('a post by two authors names both, links their pages, shows their cards and says so in JSON-LD', async () => {
  const post = manifest.posts.find((p) => p.slug === BOTH);
  const { page, errors } = await h.openPage('/', { viewport: { width: 1100, height: 900 } });
  const release = await holdApp(page);
  await page.goto(`${h.url}${postPath(BOTH)}`);
  const check = async (when) => {
    const byline = await page.locator('main#main .byline a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
    assert.deepEqual(
      byline.map(([name, href]) => [name, href.replace(/^.*\/authors\//, '')]),
      post.authors.map((id) => [SITE.authors[id].name, id]),
      `byline ${when}`,
    );
    const cards = await page.locator('main#main .post__authors .profile-card .profile-card__name').allTextContents();
    assert.deepEqual(cards, post.authors.map((id) => SITE.authors[id].name), `profile cards ${when}`);
    const github = await page.locator('main#main .post__authors a[data-service="github"]').evaluateAll((as) => as.map((a) => a.href));
    assert.deepEqual(github, post.authors.map((id) => person(id).sameAs.find((url) => url.startsWith('https://github.com/'))));
    assert.ok(github.every(Boolean) && github.length === 2, `each card links its author's GitHub: ${github}`);
    const [data, ...more] = await jsonLd(page);
    assert.equal(more.length, 0, `one data block ${when}`);
    assert.equal(data['@type'], 'BlogPosting');
    assert.equal(data.headline, post.title);
    assert.deepEqual(data.author.map((a) => a.url), post.authors.map((id) => `${SITE_URL}/authors/${id}`));
  };
  await page.locator('main#main .byline').waitFor();
  await check('on the rendered page');
  release();
  await waitForApp(page);
  await check('after the app took over');

  // Client-side navigation to a post by the site's author alone: the head is not stale.
  const other = manifest.posts.find((p) => !p.authors?.length && !p.draft);
  await page.evaluate((href) => {
    const a = Object.assign(document.createElement('a'), { href });
    document.querySelector('main#main').append(a);
    a.click();
  }, postPath(other.slug));
  await expectPath(page, postPath(other.slug));
  await expectPoll(async () => (await jsonLd(page)).map((d) => d.headline), [other.title]);
  const [data] = await jsonLd(page);
  assert.deepEqual(data.author.map((a) => a.name), [SITE.authors[SITE.author].name], 'the default author');
  assert.deepEqual(await page.locator('main#main .byline a').allTextContents(), [SITE.authors[SITE.author].name]);
  h.assertNoErrors(errors);
});

test("an author's page lists exactly their posts, links their feeds, and is a ProfilePage", async () => {
  const id = 'mei';
  const theirs = manifest.posts.filter((p) => !p.draft && authorsOf(p).includes(id));
  assert.ok(theirs.length >= 2 && theirs.length < manifest.posts.length, 'some posts, not all');
  const { page, errors } = await h.openPage('/', { viewport: { width: 1100, height: 900 } });
  const release = await holdApp(page);
  await page.goto(`${h.url}/authors/${id}`);
  const h1 = page.getByRole('heading', { level: 1, name: SITE.authors[id].name, exact: true });
  await h1.waitFor();
  const listed = async () =>
    (await page.locator('main#main .post-list a[href*="/posts/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href'))))
      .map((href) => decodeURIComponent(href.replace(/^.*\/posts\//, '')))
      .filter((slug, i, all) => all.indexOf(slug) === i);
  assert.deepEqual(await listed(), theirs.map((p) => p.slug));
  const avatar = await page.locator('main#main .profile-card img.profile-card__avatar').evaluate((img) => [img.src, img.complete && img.naturalWidth]);
  assert.deepEqual(avatar, [person(id).image.replace(SITE_URL, h.url), 72], 'the avatar is the configured file, loaded');
  const feeds = await page.locator('head link[rel="alternate"][href*="/feeds/authors/"]').evaluateAll((ls) => ls.map((l) => l.href));
  assert.deepEqual(feeds, [`${SITE_URL}/feeds/authors/${id}.xml`, `${SITE_URL}/feeds/authors/${id}.json`]);
  const [data] = await jsonLd(page);
  assert.equal(data['@type'], 'ProfilePage');
  assert.equal(data.mainEntity.name, SITE.authors[id].name);
  release();
  await waitForApp(page);
  assert.deepEqual(await listed(), theirs.map((p) => p.slug), 'the same after take-over');

  // The author's feeds hold their posts and no one else's, each entry naming its authors.
  const atom = fs.readFileSync(path.join(DIST, `feeds/authors/${id}.xml`), 'utf8');
  const entries = [...atom.matchAll(/<entry[\s\S]*?<\/entry>/g)].map(([e]) => e);
  assert.deepEqual(entries.map((e) => e.match(/<id>[^<]*\/posts\/([^<]*)<\/id>/)[1]), theirs.map((p) => encodeURIComponent(p.slug)));
  assert.ok(entries.every((e) => e.includes(`<author><name>${SITE.authors[id].name}</name></author>`)));
  const json = JSON.parse(fs.readFileSync(path.join(DIST, `feeds/authors/${id}.json`), 'utf8'));
  assert.deepEqual(json.items.map((i) => i.authors.map((a) => a.name).includes(SITE.authors[id].name)), theirs.map(() => true));

  // An unknown author is a real not-found page.
  await page.goto(`${h.url}/authors/nobody`);
  await waitForApp(page);
  assert.match(await page.locator('main#main h1').textContent(), /not found|見つかりません/i);
  h.assertNoErrors(errors.filter((e) => !/404/.test(e)));
});

test('with two authors the home page shows no single profile, and an unknown single segment is not found', async () => {
  const { page } = await h.openPage('/', { viewport: { width: 1100, height: 900 } });
  await waitForApp(page);
  assert.equal(await page.locator('main#main .page--home > .profile-card').count(), 0);
  await page.goto(`${h.url}/no-such-page`);
  await waitForApp(page);
  assert.match(await page.locator('main#main h1').textContent(), /not found|見つかりません/i);
});
