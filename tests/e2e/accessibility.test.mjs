// Accessibility: axe-core (WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus axe's best
// practices) on every route, in the light theme, the dark theme chosen with the toggle
// and the dark theme of the system setting; at a 320 px viewport too; and a second
// site with a Japanese interface, a paginated list and every kind of alert. Each
// violation is reported with its rule, the elements and axe's summary.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readManifest, useHarness, expectPoll, postPath, tagPath } from './harness.mjs';
import {
  THEMES,
  themeSetup,
  usedScheme,
  settle,
  axeViolations,
  describeViolations,
  assertNoViolations,
  startFixtureSite,
} from './a11y.mjs';

// Served with the build's `_headers`, Content-Security-Policy included: the pages as deployed.
const h = useHarness({ headers: true });
const manifest = readManifest();

/** A long Japanese post: table of contents, tables, code, footnotes. */
const LONG_JA = 'mlops-pipeline-on-kubernetes';
/** English posts with code blocks, tables, footnotes, a task list, images, a series. */
const RICH_EN = 'writing-posts';
const TABLE_EN = 'kubernetes-resource-requests';
const SERIES_EN = 'welcome-to-fumi';

const ROUTES = [
  '/',
  postPath(LONG_JA),
  postPath(RICH_EN),
  postPath(TABLE_EN),
  postPath(SERIES_EN),
  '/tags',
  '/tags?sort=name&view=cloud',
  tagPath('kubernetes'),
  tagPath('機械学習'),
  '/?tag=kubernetes&tag=aws',
  '/?tag=kubernetes&tag=cloud&match=any',
  '/archive',
  '/about',
  '/authors/mei',
  '/search',
  '/search?q=kubernetes',
  `/search?q=${encodeURIComponent('運用')}`,
  '/search?q=zzqxjw',
  '/no-such-page',
  postPath('no-such-post'),
];

test('the routes under test exist in the sample site', () => {
  for (const slug of [LONG_JA, RICH_EN, TABLE_EN, SERIES_EN]) {
    assert.ok(manifest.posts.some((p) => p.slug === slug), `${slug} is published`);
  }
  const ja = manifest.posts.find((p) => p.slug === LONG_JA);
  assert.equal(ja.lang, 'ja');
});

/** Opens each route in `theme` and returns the violations found, as message lines. */
async function auditRoutes(base, routes, theme, { viewport } = {}) {
  const found = [];
  const { page, errors } = await h.openPage(`${base}${routes[0]}`, themeSetup(theme, { viewport }));
  for (const [i, route] of routes.entries()) {
    if (i > 0) await page.goto(`${base}${route}`);
    await settle(page);
    assert.equal(await usedScheme(page), theme.expect, `${route}: the page is in the ${theme.expect} theme`);
    const violations = await axeViolations(page);
    if (violations.length) found.push(describeViolations(route, violations));
  }
  // The not-found routes answer 404 for their missing post body; nothing else may fail.
  h.assertNoErrors(errors.filter((e) => !/no-such-post/.test(e)));
  return found;
}

for (const theme of THEMES) {
  test(`axe: no violations on any route, ${theme.name}`, async () => {
    assertNoViolations(await auditRoutes('', ROUTES, theme), theme.name);
  });
}

test('axe: no violations at a 320 px viewport (home, a Japanese and an English post), light and dark', async () => {
  const routes = ['/', postPath(LONG_JA), postPath(RICH_EN), postPath(TABLE_EN)];
  const found = [];
  for (const theme of [THEMES[0], THEMES[1]]) {
    found.push(...(await auditRoutes('', routes, theme, { viewport: { width: 320, height: 640 } })));
  }
  assertNoViolations(found, '320 px');
});

test('axe: no violations in the rendered pages shown before the app starts (app blocked), light and dark', async () => {
  const found = [];
  for (const theme of [THEMES[0], THEMES[2]]) {
    const block = { setup: (page) => page.route(/\/fumi-[^/]*\.(js|wasm)$/, (route) => route.abort()) };
    const { page } = await h.openPage('/', themeSetup(theme, block));
    for (const route of ['/', postPath(LONG_JA), postPath(RICH_EN), '/tags', tagPath('機械学習'), '/archive', '/search', '/no-such-page']) {
      await page.goto(route);
      await page.locator('main#main h1').waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.dataset.fumiApp ?? null), null, `${route}: the app is not running`);
      assert.ok(await page.locator('main#main h1').isVisible(), `${route}: the rendered page is shown`);
      assert.equal(await usedScheme(page), theme.expect);
      const violations = await axeViolations(page);
      if (violations.length) found.push(describeViolations(`${route} (rendered, no app)`, violations));
    }
  }
  assertNoViolations(found, 'rendered pages');
});

// ---- a site with a Japanese interface, three posts a page, and alerts ----

const fixture = { site: null };

before(async () => {
  fixture.site = await startFixtureSite();
});

after(async () => {
  await fixture.site?.close();
});

test('axe: a Japanese interface, page 2 of the list and every alert kind, in both themes and at 320 px', async () => {
  const { url, manifest: m } = fixture.site;
  assert.ok(m.posts.length > 2 * m.site.posts_per_page, 'the list has at least three pages');
  const routes = ['/', '/page/2', postPath('alerts-en'), postPath('alerts-ja'), tagPath('日本語'), '/search?q=警告'];
  const found = [];
  for (const theme of THEMES) found.push(...(await auditRoutes(url, routes, theme)));
  for (const theme of [THEMES[0], THEMES[1]]) {
    const narrow = [postPath('alerts-en'), '/page/2'];
    found.push(...(await auditRoutes(url, narrow, theme, { viewport: { width: 320, height: 640 } })));
  }
  assertNoViolations(found, 'fixture site');
});

test('the fixture pages show what they are there to check', async () => {
  const { page, errors } = await h.openPage(`${fixture.site.url}${postPath('alerts-en')}`);
  await settle(page);
  const alerts = await page.locator('main .alert').evaluateAll((els) => els.map((e) => e.className));
  assert.equal(alerts.length, 5, `every alert kind: ${alerts}`);
  assert.equal(await page.locator('main .post__body label.task input[type="checkbox"]').count(), 3);
  await page.goto(`${fixture.site.url}/page/2`);
  await settle(page);
  assert.equal(await page.locator('main .pagination a[aria-current="page"]').textContent(), '2');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ja');
  h.assertNoErrors(errors);
});

test('page links of a list: Enter on "page 2" moves focus to the heading and announces the new page', async () => {
  const { url, manifest: m } = fixture.site;
  const { page, errors } = await h.openPage(`${url}/`);
  await settle(page);
  const next = page.getByRole('navigation', { name: 'ページ' }).getByRole('link', { name: '2 ページ目' });
  await next.focus();
  await page.keyboard.press('Enter');
  await expectPoll(() => new URL(page.url()).pathname, '/page/2', { message: 'on page 2' });
  await expectPoll(() => page.evaluate(() => document.activeElement?.matches('main h1') ?? false), true, {
    message: 'focus on the list heading',
  });
  const title = `2 ページ目 — ${m.site.title}`;
  await expectPoll(() => page.locator('.route-announcer').textContent(), title, { message: 'the page is announced' });
  assert.equal(await page.title(), title);
  h.assertNoErrors(errors);
});
