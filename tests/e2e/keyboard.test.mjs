// Keyboard use and what assistive technology is told: Tab order from the skip link,
// a visible focus ring with enough contrast on every stop in both themes, the roles,
// names and states of the theme toggle, the tag filter, the search box and the table
// of contents, and route changes that move focus to the new page's heading and
// announce its title in a polite live region.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readManifest, useHarness, waitForApp, expectPath, expectPoll, postPath } from './harness.mjs';
import { THEMES, themeSetup, settle, usedScheme } from './a11y.mjs';

const h = useHarness({ headers: true }); // with the build's CSP, as deployed
const manifest = readManifest();
const SITE = manifest.site.title;
const LONG_JA = 'mlops-pipeline-on-kubernetes';
const RICH_EN = 'writing-posts';

/** What has focus: enough to tell elements apart in a message. */
const focused = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id || null,
      className: typeof el.className === 'string' ? el.className : '',
      text: (el.getAttribute('aria-label') ?? el.textContent ?? el.value ?? '').trim().slice(0, 60),
      inMain: Boolean(el.closest('main')),
    };
  });

/** The live region that announces route changes, and its text. */
const announcer = (page) => page.locator('.route-announcer[aria-live="polite"]');
const announced = (page) => announcer(page).textContent();

/** Presses Tab until `matches(focus)` holds; fails after `max` presses. */
async function tabUntil(page, matches, what, max = 120) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focus = await focused(page);
    if (focus && matches(focus)) return focus;
  }
  assert.fail(`${what}: not reached with ${max} presses of Tab`);
}

test('the skip link is the first Tab stop, shows when focused, and moves focus to main', async () => {
  const { page, errors } = await h.openPage(postPath(RICH_EN));
  await settle(page);
  await page.keyboard.press('Tab');
  const first = await focused(page);
  assert.equal(first?.className, 'skip-link', `first Tab stop: ${JSON.stringify(first)}`);
  const box = await page.locator('.skip-link').boundingBox();
  assert.ok(box && box.y >= 0 && box.height > 0, `the focused skip link is on screen: ${JSON.stringify(box)}`);
  await page.keyboard.press('Enter');
  await expectPoll(() => page.evaluate(() => document.activeElement?.id), 'main', { message: 'focus on main' });
  assert.equal(decodeURIComponent(new URL(page.url()).pathname), postPath(RICH_EN), 'still on the post');
  // The next Tab stop is inside main: the skip link really skips the header.
  await page.keyboard.press('Tab');
  assert.equal((await focused(page))?.inMain, true, 'Tab after the skip link continues inside main');
  h.assertNoErrors(errors);
});

test('Tab visits the header in reading order: title, navigation, search box, theme toggle', async () => {
  const { page, errors } = await h.openPage('/');
  await settle(page);
  // fumi.toml's [[nav]], in order; a link to another site says so in its name.
  const nav = manifest.site.nav.map((link) => `nav:${link.title}${/^https?:/.test(link.url) ? ' (another site)' : ''}`);
  const stops = [];
  for (let i = 0; i < nav.length + 4; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    stops.push(f.id ?? f.className ?? f.tag);
    if (f.tag === 'a' && !f.className) stops[i] = `nav:${f.text}`;
  }
  assert.deepEqual(stops, ['skip-link', 'site-title', ...nav, 'site-search', 'theme-toggle']);
  h.assertNoErrors(errors);
});

test('Enter on a post link: the post opens, focus lands on its heading, and its title is announced', async () => {
  const post = manifest.posts.find((p) => p.slug === LONG_JA);
  const { page, errors } = await h.openPage('/');
  await settle(page);
  assert.equal(await announcer(page).getAttribute('role'), 'status');
  // (A rendered page holds a blank text node there for the app to take over: blank is silent.)
  assert.equal((await announced(page)).trim(), '', 'nothing is announced on the first load');
  // Scroll the list a little, as a reader would before choosing a post (focusing its
  // link scrolls on if the link is further down: that is where the reader leaves from).
  await page.evaluate(() => window.scrollTo(0, 300));
  const link = page.locator(`main h2.post-card__title a[href="${postPath(LONG_JA)}"]`);
  await link.focus();
  // A reader's Enter comes frames after the focus moved; the scroll that the move caused
  // is reported (a scroll event) at the next frame, and that is when the app records it.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const left = await page.evaluate(() => Math.round(window.scrollY));
  assert.ok(left >= 300, `scrolled down the list (${left})`);
  await page.keyboard.press('Enter');
  await expectPath(page, postPath(LONG_JA));
  await expectPoll(
    () => page.evaluate(() => document.activeElement?.matches('main article h1') ?? false),
    true,
    { message: 'focus is on the post heading' },
  );
  const title = `${post.title} — ${SITE}`;
  await expectPoll(() => announced(page), title, { message: 'the new title is announced' });
  assert.equal(await page.title(), title);
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'a new page starts at the top');
  // Focus on a heading is not a control's focus: no ring around it.
  assert.equal(await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle), 'none');
  // Tab goes on from the heading into the post, not back to the header.
  await page.keyboard.press('Tab');
  assert.equal((await focused(page))?.inMain, true, 'Tab continues inside main');

  // Back: the list again, its scroll position restored, its heading focused, its title announced.
  await page.goBack();
  await expectPath(page, '/');
  await expectPoll(
    () => page.evaluate(() => document.activeElement?.matches('main h1') ?? false),
    true,
    { message: 'focus is on the list heading after Back' },
  );
  await expectPoll(() => announced(page), SITE, { message: 'the list title is announced after Back' });
  await expectPoll(() => page.evaluate(() => Math.round(window.scrollY)), left, {
    message: 'Back restores the scroll position despite the focus move',
  });
  h.assertNoErrors(errors);
});

test('the theme toggle is a named toggle button: Enter and Space switch it, its state is exposed', async () => {
  for (const theme of [THEMES[0], THEMES[2]]) {
    const { page, errors } = await h.openPage('/', themeSetup(theme));
    await settle(page);
    const startsDark = theme.expect === 'dark';
    await tabUntil(page, (f) => f.className === 'theme-toggle', 'the theme toggle');
    const toggle = page.getByRole('button', { name: 'Dark theme', exact: true });
    assert.equal(await toggle.count(), 1, 'one button named "Dark theme"');
    assert.equal(await toggle.getAttribute('aria-pressed'), String(startsDark), `${theme.name}: state before`);
    await page.keyboard.press('Enter');
    assert.equal(await toggle.getAttribute('aria-pressed'), String(!startsDark), 'Enter toggles');
    assert.equal(await usedScheme(page), startsDark ? 'light' : 'dark');
    assert.equal((await focused(page))?.className, 'theme-toggle', 'focus stays on the toggle');
    await page.keyboard.press('Space');
    assert.equal(await toggle.getAttribute('aria-pressed'), String(startsDark), 'Space toggles back');
    assert.equal(await usedScheme(page), theme.expect);
    assert.equal(await page.evaluate(() => localStorage.getItem('fumi-theme')), theme.expect, 'the choice is stored');
    h.assertNoErrors(errors);
  }
});

test('tag filter: toggle buttons with aria-pressed, operable by keyboard, focus kept and the count announced', async () => {
  const { page, errors } = await h.openPage('/');
  await settle(page);
  const region = page.getByRole('region', { name: 'Filter by tags' });
  assert.equal(await region.count(), 1, 'the filter bar is a named region');
  assert.equal(await page.getByRole('group', { name: 'Show posts with' }).count(), 1, 'the all/any switch is a named group');
  const toggle = region.getByRole('button', { name: /^kubernetes \d+$/ });
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  await tabUntil(page, (f) => f.className.includes('tag-toggle') && f.text.startsWith('kubernetes'), 'the kubernetes toggle');

  await page.keyboard.press('Enter');
  await expectPoll(() => new URL(page.url()).searchParams.getAll('tag'), ['kubernetes'], { message: 'filtered by Enter' });
  await expectPoll(() => region.getByRole('button', { name: /^kubernetes/, pressed: true }).count(), 1, {
    message: 'the toggle is pressed',
  });
  await expectPoll(async () => (await focused(page))?.text.startsWith('kubernetes'), true, {
    message: 'focus stays on the pressed toggle across the re-render',
  });
  const count = (await page.locator('main .list-count').textContent()).trim();
  assert.match(count, /^\d+ posts?$/);
  await expectPoll(() => announced(page), count, { message: 'the number of matching posts is announced' });

  // Space on the same (re-rendered) button turns the filter off again.
  await page.keyboard.press('Space');
  await expectPoll(() => new URL(page.url()).searchParams.getAll('tag'), [], { message: 'unfiltered by Space' });
  await expectPoll(() => region.getByRole('button', { name: /^kubernetes/, pressed: false }).count(), 1);
  await expectPoll(async () => (await focused(page))?.text.startsWith('kubernetes'), true, { message: 'focus kept' });

  // The match switch: two toggle buttons, the current one pressed.
  const any = page.getByRole('button', { name: 'Any of them' });
  await any.focus();
  await page.keyboard.press('Enter');
  await expectPoll(() => any.getAttribute('aria-pressed'), 'true', { message: 'match=any pressed' });
  assert.equal(await page.getByRole('button', { name: 'All of them' }).getAttribute('aria-pressed'), 'false');
  assert.equal((await focused(page))?.id, 'tag-filter-match-any', 'focus stays on the switch');
  h.assertNoErrors(errors);
});

test('search: one search landmark with a labelled box, reached by / and Tab, submitted with Enter', async () => {
  const { page, errors } = await h.openPage('/');
  await settle(page);
  const landmark = page.getByRole('search');
  assert.equal(await landmark.count(), 1, 'one search landmark');
  const box = landmark.getByRole('searchbox', { name: 'Search' });
  assert.equal(await box.count(), 1, 'a search box labelled "Search" in it');
  await tabUntil(page, (f) => f.id === 'site-search', 'the header search box');
  await page.keyboard.type('kubernetes');
  await page.keyboard.press('Enter');
  await expectPath(page, '/search');
  await settle(page);
  assert.equal(new URL(page.url()).searchParams.get('q'), 'kubernetes');
  assert.ok((await page.locator('main .search-result').count()) > 0, 'results are shown');
  await expectPoll(
    () => page.evaluate(() => document.activeElement?.matches('main h1') ?? false),
    true,
    { message: 'focus on the search page heading' },
  );
  await expectPoll(() => announced(page), `Search: kubernetes — ${SITE}`, { message: 'the search page is announced' });
  // On the search page, its own box is labelled by the page heading, and is not a second landmark.
  assert.equal(await page.getByRole('search').count(), 1);
  assert.equal(await page.locator('main').getByRole('searchbox', { name: 'Search' }).count(), 1);
  // Typing there updates the results without moving focus or announcing a new page.
  const pageBox = page.locator('main').getByRole('searchbox');
  await page.keyboard.press('Tab');
  assert.equal(await pageBox.evaluate((el) => el === document.activeElement), true, 'Tab from the heading reaches the box');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('運用');
  await expectPoll(() => new URL(page.url()).searchParams.get('q'), '運用');
  await settle(page);
  assert.equal(await pageBox.evaluate((el) => el === document.activeElement), true, 'focus stays in the box');
  assert.equal(await announced(page), '', 'typing announces no new page (the results region speaks for itself)');

  // `/` from anywhere outside a text field goes to the header box.
  await page.locator('main h1').click();
  await page.keyboard.press('/');
  assert.equal((await focused(page))?.id, 'site-search');
  h.assertNoErrors(errors);
});

test('table of contents: a named navigation landmark; Enter on an entry focuses its section and marks it current', async () => {
  const { page, errors } = await h.openPage(postPath(LONG_JA));
  await settle(page);
  const toc = page.getByRole('navigation', { name: 'Contents' });
  assert.equal(await toc.count(), 1, 'the TOC is a navigation landmark, named');
  const third = toc.getByRole('link').nth(2);
  const href = await third.getAttribute('href');
  const id = decodeURIComponent(href.slice(1));
  await tabUntil(page, (f) => f.className.includes('toc__link') && f.text === id, 'the third TOC entry');
  await page.keyboard.press('Enter');
  await expectPoll(() => page.evaluate(() => document.activeElement?.id), id, { message: 'focus on the section heading' });
  await expectPoll(() => third.getAttribute('aria-current'), 'true', { message: 'the entry is marked current' });
  assert.equal(await toc.locator('[aria-current]').count(), 1, 'exactly one entry is current');
  // Tab continues from the section, not from the table of contents.
  await page.keyboard.press('Tab');
  const next = await page.evaluate(
    (id) => Boolean(document.getElementById(id).compareDocumentPosition(document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING) || document.getElementById(id).contains(document.activeElement),
    id,
  );
  assert.ok(next, 'the next Tab stop follows the section heading');
  h.assertNoErrors(errors);
});

test('/tags sort and view switches are links marked aria-current; focus stays on the chosen one', async () => {
  const { page, errors } = await h.openPage('/tags');
  await settle(page);
  const sort = page.getByRole('group', { name: 'Sort by' });
  assert.equal(await sort.getByRole('link', { name: 'Most used' }).getAttribute('aria-current'), 'true');
  await tabUntil(page, (f) => f.id === 'tags-sort-name', 'the "Name" switch');
  await page.keyboard.press('Enter');
  await expectPoll(() => new URL(page.url()).searchParams.get('sort'), 'name');
  await expectPoll(() => sort.getByRole('link', { name: 'Name' }).getAttribute('aria-current'), 'true');
  await expectPoll(async () => (await focused(page))?.id, 'tags-sort-name', { message: 'focus stays on "Name"' });
  h.assertNoErrors(errors);
});

test('code blocks that scroll sideways are Tab stops and scroll with the arrow keys; those that fit are not', async () => {
  const { page, errors } = await h.openPage(postPath(RICH_EN), { viewport: { width: 320, height: 640 } });
  await settle(page);
  const blocks = await page.locator('main .post__body pre').evaluateAll((els) =>
    els.map((el) => ({ scrolls: el.scrollWidth > el.clientWidth + 1, tabindex: el.getAttribute('tabindex') })),
  );
  assert.ok(blocks.some((b) => b.scrolls), 'some block is wider than a phone');
  for (const [i, b] of blocks.entries()) assert.equal(b.tabindex, b.scrolls ? '0' : null, `block ${i}: ${JSON.stringify(b)}`);
  const wide = page.locator('main .post__body pre[tabindex="0"]').first();
  await tabUntil(page, (f) => f.tag === 'pre', 'a wide code block');
  assert.equal(await wide.evaluate((el) => el === document.activeElement), true);
  await page.keyboard.press('ArrowRight');
  await expectPoll(async () => (await wide.evaluate((el) => el.scrollLeft)) > 0, true, { message: 'ArrowRight scrolls it' });
  // Wide enough for every block: no Tab stops left behind.
  await page.setViewportSize({ width: 1280, height: 800 });
  await expectPoll(() => page.locator('main .post__body pre[tabindex]').count(), 0, { message: 'no tabindex once they fit' });
  h.assertNoErrors(errors);
});

// ---- the focus ring ----

/**
 * Facts about the focus ring of the focused element: its outline (or box-shadow), and
 * the contrast of its colour against the background it is drawn on.
 */
const ringFacts = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    const parse = (c) => {
      const srgb = c.match(/^color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)(?: \/ ([\d.]+))?\)$/);
      if (srgb) return [+srgb[1] * 255, +srgb[2] * 255, +srgb[3] * 255, srgb[4] === undefined ? 1 : +srgb[4]];
      const m = c.match(/rgba?\(([\d.]+),? ([\d.]+),? ([\d.]+)(?:,? \/? ?([\d.]+))?\)/);
      if (!m) throw new Error(`unparsed colour ${c}`);
      return [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]];
    };
    // The opaque background behind `from`: translucent layers composited upwards.
    const background = (from) => {
      const layers = [];
      for (let e = from; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c[3] > 0) layers.push(c);
        if (c[3] >= 1) break;
      }
      let out = [255, 255, 255];
      for (const [r, g, b, a] of layers.reverse()) out = [r * a + out[0] * (1 - a), g * a + out[1] * (1 - a), b * a + out[2] * (1 - a)];
      return out;
    };
    const lum = ([r, g, b]) => {
      const f = (v) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const contrast = (a, b) => {
      const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
      return (x + 0.05) / (y + 0.05);
    };
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
    const shadow = s.boxShadow !== 'none';
    const offset = parseFloat(s.outlineOffset) || 0;
    const behind = offset >= 0 ? background(el.parentElement) : background(el);
    const ringContrast = outline ? contrast(parse(s.outlineColor).slice(0, 3), behind) : null;
    // The ring must not be cut off by a scrolling or clipping ancestor.
    const pad = outline ? parseFloat(s.outlineWidth) + offset : 0;
    const r = el.getBoundingClientRect();
    let clippedBy = null;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const as = getComputedStyle(a);
      if (as.overflowX === 'visible' && as.overflowY === 'visible') continue;
      const ar = a.getBoundingClientRect();
      if (r.left - pad < ar.left - 0.5 || r.right + pad > ar.right + 0.5 || r.top - pad < ar.top - 0.5 || r.bottom + pad > ar.bottom + 0.5) {
        // Scrolled out of its box is not clipping of a visible ring.
        if (r.right > ar.left && r.left < ar.right && r.bottom > ar.top && r.top < ar.bottom) clippedBy = a.className || a.tagName;
      }
      break;
    }
    const describe = `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${String(el.className).split(' ')[0]} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30)}"`;
    return { describe, outline, shadow, ringContrast, clippedBy, opacity: s.opacity, visible: r.width > 0 && r.height > 0 };
  });

/** Tabs through the whole page and returns the stops whose focus ring falls short. */
async function weakRings(page, label) {
  const problems = [];
  let stops = 0;
  const seen = new Set();
  for (let i = 0; i < 250; i++) {
    await page.keyboard.press('Tab');
    const key = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      el.scrollIntoView({ block: 'center' });
      if (!el.dataset.tabVisit) el.dataset.tabVisit = String(Math.random());
      return el.dataset.tabVisit;
    });
    if (key === null || seen.has(key)) break; // round the page and back
    seen.add(key);
    stops++;
    const f = await ringFacts(page);
    const problem = [];
    if (!f.outline && !f.shadow) problem.push('no outline or box-shadow');
    if (f.ringContrast !== null && f.ringContrast < 3) problem.push(`ring contrast ${f.ringContrast.toFixed(2)}:1`);
    if (f.clippedBy) problem.push(`ring clipped by ${f.clippedBy}`);
    if (f.opacity !== '1') problem.push(`opacity ${f.opacity}`);
    if (!f.visible) problem.push('not visible');
    if (problem.length) problems.push(`${label}: ${f.describe}: ${problem.join(', ')}`);
  }
  return { problems, stops };
}

test('every Tab stop shows a focus ring of at least 3:1, unclipped, in both themes', async () => {
  const problems = [];
  for (const theme of [THEMES[0], THEMES[1]]) {
    for (const route of ['/', postPath(RICH_EN), postPath(LONG_JA), '/tags', '/?tag=kubernetes']) {
      const { page, errors } = await h.openPage(route, themeSetup(theme));
      await settle(page);
      const found = await weakRings(page, `${route} (${theme.name})`);
      assert.ok(found.stops > 10, `${route}: Tab went through the page (${found.stops} stops)`);
      problems.push(...found.problems);
      h.assertNoErrors(errors);
    }
  }
  assert.ok(problems.length === 0, `weak focus rings (${problems.length}):\n${problems.slice(0, 40).join('\n')}`);
});

test('the focus ring is visible on the main kinds of control in both themes (computed outline)', async () => {
  for (const theme of THEMES) {
    const { page } = await h.openPage('/', themeSetup(theme));
    await settle(page);
    for (const selector of ['.skip-link', '#site-search', '.theme-toggle', '.tag-toggle', '.post-card__title a']) {
      await tabUntil(page, () => true, 'any stop', 1);
      await page.locator(selector).first().evaluate((el) => el.focus());
      // Focus moved by script after keyboard use shows the ring like Tab does.
      const ring = await page.evaluate(() => {
        const s = getComputedStyle(document.activeElement);
        return { matches: document.activeElement.matches(':focus-visible'), style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
      });
      assert.ok(ring.matches && ring.style !== 'none' && ring.width >= 2, `${theme.name} ${selector}: ${JSON.stringify(ring)}`);
    }
    await waitForApp(page);
  }
});
