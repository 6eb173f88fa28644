// Making the site its own without Rust: the sample site's fumi.toml sets an accent
// colour for each theme, a logo and a favicon, and custom.css beside it adds a rule.
// Checked as readers get them: on the static page before the app starts, after
// client-side navigation, in an embedded instance, and with axe in both themes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DIST, expectPoll, holdApp, postPath, readManifest, useHarness, waitForApp } from './harness.mjs';
import { THEMES, themeSetup, usedScheme, settle, axeViolations, describeViolations, assertNoViolations } from './a11y.mjs';

// Served with the build's `_headers`, Content-Security-Policy included: the pages as deployed.
const h = useHarness({ headers: true });
const manifest = readManifest();
const POST = 'writing-posts';

/** `[theme]` and `[theme.dark]` colours as fumi.toml writes them (its simple form only). */
function themeColours() {
  const colours = {};
  let table = '';
  for (const line of fs.readFileSync('fumi.toml', 'utf8').split('\n')) {
    const header = line.match(/^\[([\w.]+)\]/);
    if (header) table = header[1];
    const entry = line.match(/^(\w+)\s*=\s*"(#[0-9a-fA-F]{3,6})"/);
    if (entry && table.startsWith('theme')) colours[`${table}.${entry[1]}`] = entry[2];
  }
  return colours;
}

/** `#a8361c` → `rgb(168, 54, 28)`, as getComputedStyle reports colours. */
function rgb(hex) {
  const digits = hex.slice(1).length === 3 ? [...hex.slice(1)].map((d) => d + d) : hex.slice(1).match(/../g);
  return `rgb(${digits.map((d) => parseInt(d, 16)).join(', ')})`;
}

const colours = themeColours();
const ACCENT = { light: rgb(colours['theme.accent']), dark: rgb(colours['theme.dark.accent']) };
const FUMI_ACCENT = { light: rgb('#1f5f99'), dark: rgb('#7cb7f0') };
/** fumi's own weight of the site title; the sample custom.css makes it 800. */
const FUMI_TITLE_WEIGHT = '700';

test('the sample site sets its own accent in both themes, a logo and a favicon', () => {
  assert.ok(colours['theme.accent'] && colours['theme.dark.accent'], JSON.stringify(colours));
  assert.notEqual(ACCENT.light, FUMI_ACCENT.light, 'visibly not fumi’s own');
  assert.notEqual(ACCENT.dark, FUMI_ACCENT.dark, 'visibly not fumi’s own');
  assert.match(fs.readFileSync('fumi.toml', 'utf8'), /^logo = "images\/logo\.svg"$/m);
  assert.ok(fs.existsSync('custom.css'));
});

/** Colours and stylesheets of the page as they are now (a link in a paragraph of the post, a tag, the title). */
const looks = (page) =>
  page.evaluate(() => {
    const style = (selector) => getComputedStyle(document.querySelector(selector));
    return {
      link: style('main .post__body p a').color,
      tag: style('main .tag').color,
      accent: getComputedStyle(document.documentElement).getPropertyValue('--color-accent').trim(),
      titleWeight: style('.site-title').fontWeight,
      sheets: [...document.querySelectorAll('link[rel="stylesheet"]')].map((l) => new URL(l.href).pathname.slice(1)),
    };
  });

for (const theme of THEMES) {
  test(`the accent from fumi.toml colours links and tags, ${theme.name}`, async () => {
    const { page, errors } = await h.openPage(postPath(POST), themeSetup(theme));
    await waitForApp(page);
    assert.equal(await usedScheme(page), theme.expect);
    const now = await looks(page);
    assert.equal(now.link, ACCENT[theme.expect], 'a link in the post');
    assert.equal(now.tag, ACCENT[theme.expect], 'a tag');
    h.assertNoErrors(errors);
  });
}

test('custom.css is linked after fumi’s stylesheets and the theme, and wins over them', async () => {
  const { page, errors } = await h.openPage(postPath(POST));
  await waitForApp(page);
  const { sheets, titleWeight } = await looks(page);
  const at = (pattern) => sheets.findIndex((name) => pattern.test(name));
  const [main, search, theme, custom] = [/^main-/, /^search-/, /^theme-[0-9a-f]{16}\.css$/, /^custom-[0-9a-f]{16}\.css$/].map(at);
  assert.ok(main >= 0 && theme > main && theme > search && custom > theme, sheets.join(', '));
  assert.equal(custom, sheets.length - 1, 'the last stylesheet');
  // Same selector as fumi's own `.site-title` rule: only the later one can win.
  assert.notEqual(titleWeight, FUMI_TITLE_WEIGHT);
  assert.equal(titleWeight, '800');
  const served = fs.readFileSync(path.join(DIST, sheets[custom]), 'utf8');
  assert.equal(served, fs.readFileSync('custom.css', 'utf8'), 'custom.css as written');
  h.assertNoErrors(errors);
});

/** The header's logo (drawn before the title by the theme stylesheet): its image and size. */
const logo = (page) =>
  page.evaluate(() => {
    const title = document.querySelector('header a.site-title');
    const before = getComputedStyle(title, '::before');
    const url = before.backgroundImage.match(/^url\("(.*)"\)$/)?.[1];
    return url && { url, width: parseFloat(before.width), height: parseFloat(before.height), content: before.content };
  });

/** Asserts that the logo is the sample's file, served, and shown at a line's height. */
async function assertLogo(page, shown, origin) {
  assert.ok(shown, 'a logo before the title');
  assert.equal(shown.url, `${origin}/images/logo.svg`);
  assert.equal(shown.content, '""', 'no text of its own: the title names the link');
  assert.ok(shown.height > 16 && shown.height < 48, `as tall as a line of the title: ${shown.height}px`);
  assert.equal(shown.width, shown.height, 'the square logo at its proportions');
  const response = await page.request.get(shown.url);
  assert.equal(response.status(), 200);
  assert.equal(await response.text(), fs.readFileSync('public/images/logo.svg', 'utf8'));
}

test('the logo is in the header of the static page, before the app, and after client-side navigation', async () => {
  const { page, errors } = await h.openPage('/', { goto: false });
  const release = await holdApp(page);
  await page.goto('/');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.fumiApp), undefined, 'the app is held back');
  const before = await logo(page);
  await assertLogo(page, before, h.url);
  // The link's accessible name is the site's title alone.
  const titleLink = page.getByRole('link', { name: manifest.site.title, exact: true }).and(page.locator('header a.site-title'));
  assert.equal(await titleLink.count(), 1);
  // The static page already has the theme (fumi's own colours would show without it).
  const staticLook = await page.evaluate(() => getComputedStyle(document.querySelector('main .tag')).color);
  assert.equal(staticLook, ACCENT.light, 'the theme is in the static page');

  release();
  await waitForApp(page);
  await page.locator(`main a[href$="${postPath(POST)}"]`).first().click();
  await expectPoll(() => page.locator('main h1').first().textContent(), manifest.posts.find((p) => p.slug === POST).title);
  assert.deepEqual(await logo(page), before, 'the same logo after navigating');
  h.assertNoErrors(errors);
});

test('the favicon link points to the configured icon, served', async () => {
  const { page, errors } = await h.openPage('/tags', { goto: false });
  await holdApp(page);
  await page.goto('/tags');
  const icons = await page.evaluate(() =>
    [...document.querySelectorAll('link[rel="icon"]')].map((l) => ({ href: l.href, type: l.type })),
  );
  assert.equal(icons.length, 1, JSON.stringify(icons));
  assert.match(new URL(icons[0].href).pathname, /^\/favicon-[0-9a-f]{16}\.svg$/);
  assert.equal(icons[0].type, 'image/svg+xml');
  const response = await page.request.get(icons[0].href);
  assert.equal(response.status(), 200);
  assert.equal(await response.text(), fs.readFileSync('public/images/logo.svg', 'utf8'), 'the file fumi.toml names');
  h.assertNoErrors(errors);
});

test('an embedded instance gets the theme, custom.css and the logo', async () => {
  h.intercept((req, res) => {
    if (req.url !== '/embedding-page') return false;
    // Another site's page, not the blog's: without the blog's own policy.
    res.removeHeader('Content-Security-Policy');
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(
      '<!doctype html><html lang="en"><title>Host</title><link rel="icon" href="data:,">' +
        '<main><div id="blog" data-fumi data-routing="hash"></div></main><script src="/embed.js" defer></script>',
    );
    return true;
  });
  const { page, errors } = await h.openPage('/embedding-page');
  const inside = (selector) => page.locator(`#blog .fumi-embed ${selector}`);
  await inside('.post-card').first().waitFor();
  const embedded = await page.evaluate(() => {
    const shadow = document.getElementById('blog').shadowRoot;
    const before = getComputedStyle(shadow.querySelector('.site-title'), '::before');
    return {
      logo: before.backgroundImage.match(/^url\("(.*)"\)$/)?.[1],
      tag: getComputedStyle(shadow.querySelector('.post-card .tag')).color,
      titleWeight: getComputedStyle(shadow.querySelector('.site-title')).fontWeight,
      sheets: [...shadow.querySelectorAll('link[rel="stylesheet"]')].map((l) => new URL(l.href).pathname.slice(1)),
    };
  });
  assert.equal(embedded.tag, ACCENT.light);
  assert.equal(embedded.titleWeight, '800');
  assert.equal(embedded.logo, `${h.url}/images/logo.svg`, 'from the blog’s own site');
  assert.match(embedded.sheets.at(-2), /^embed-theme-/, embedded.sheets.join(', '));
  assert.match(embedded.sheets.at(-1), /^embed-custom-/, embedded.sheets.join(', '));
  h.assertNoErrors(errors);
});

for (const theme of THEMES) {
  test(`axe: no violations with the site's colours on the home page and a post, ${theme.name}`, async () => {
    const found = [];
    const { page, errors } = await h.openPage('/', themeSetup(theme));
    for (const route of ['/', postPath(POST)]) {
      await page.goto(route);
      await settle(page);
      assert.equal(await usedScheme(page), theme.expect);
      const accent = await page.evaluate(() => getComputedStyle(document.querySelector('main .tag')).color);
      assert.equal(accent, ACCENT[theme.expect], `${route}: the site's accent is in use`);
      const violations = await axeViolations(page);
      if (violations.length) found.push(describeViolations(route, violations));
    }
    assertNoViolations(found, theme.name);
    h.assertNoErrors(errors);
  });
}
