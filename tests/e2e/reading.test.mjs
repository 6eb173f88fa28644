// The reading experience of a post: table of contents, copy buttons, highlighting,
// related posts and series, reading progress, scroll restoration across history, the
// light/dark theme, and the print stylesheet.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  readManifest,
  useHarness,
  waitForApp,
  expectPath,
  expectPoll,
  postPath,
  tagKey,
} from './harness.mjs';

const h = useHarness();
const manifest = readManifest();
const JA = 'moving-to-eks-team';
const MLOPS = 'mlops-pipeline-on-kubernetes';
/** An English post with a code block. */
const EN = 'kubernetes-resource-requests';
const WIDE = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 740 };

/** Opens a post and waits for its body. */
async function openPost(slug, options = {}) {
  const opened = await h.openPage(postPath(slug), options);
  await waitForApp(opened.page);
  await opened.page.locator('article.post .post__body').waitFor();
  return opened;
}

/** The h2/h3 headings of the rendered body: id and text without the "#" anchor. */
const bodyHeadings = (page) =>
  page.locator('.post__body').locator(':is(h2, h3)').evaluateAll((hs) =>
    hs.map((h) => ({
      id: h.id,
      text: [...h.childNodes]
        .filter((n) => !(n.nodeType === 1 && n.matches('.heading-anchor')))
        .map((n) => n.textContent)
        .join('')
        .trim(),
    })),
  );

/** The table of contents as `{ id, text }` from its links. */
const tocEntries = (page) =>
  page.locator('nav.toc a.toc__link').evaluateAll((as) =>
    as.map((a) => ({ id: decodeURIComponent(a.getAttribute('href')).slice(1), text: a.textContent.trim() })),
  );

/** Ids of the TOC links marked as the current section. */
const activeEntries = (page) =>
  page
    .locator('nav.toc a[aria-current="true"]')
    .evaluateAll((as) => as.map((a) => decodeURIComponent(a.getAttribute('href')).slice(1)));

/** Viewport top of the element with `id`, or null. */
const topOf = (page, id) => page.evaluate((id) => document.getElementById(id)?.getBoundingClientRect().top ?? null, id);

const near = (top) => top !== null && top >= -2 && top <= 120;

test('long posts get a table of contents listing their h2/h3 headings, beside the body on wide screens', async () => {
  for (const slug of [JA, MLOPS]) {
    const { page, errors } = await openPost(slug, { viewport: WIDE });
    const toc = page.locator('main nav.toc');
    assert.equal(await toc.count(), 1, `${slug}: one table of contents`);
    assert.ok((await toc.getAttribute('aria-label')).length > 0, `${slug}: the TOC landmark is named`);
    const headings = await bodyHeadings(page);
    assert.ok(headings.length >= 3, `${slug}: a long post`);
    assert.deepEqual(await tocEntries(page), headings, `${slug}: TOC entries are the body's h2/h3 in order`);
    assert.ok(
      await page.locator('nav.toc li.toc__item--h3').count(),
      `${slug}: h3 entries are marked for indentation`,
    );

    // Wide layout: the TOC is open, to the right of the body, and stays in view.
    const layout = await page.evaluate(() => {
      const toc = document.querySelector('nav.toc').getBoundingClientRect();
      const body = document.querySelector('.post__body').getBoundingClientRect();
      return { open: document.querySelector('nav.toc details').open, tocLeft: toc.left, bodyRight: body.right };
    });
    assert.ok(layout.open, `${slug}: TOC open on a wide screen`);
    assert.ok(layout.tocLeft >= layout.bodyRight, `${slug}: TOC beside the body (${JSON.stringify(layout)})`);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
    const tocTop = await page.evaluate(() => document.querySelector('nav.toc').getBoundingClientRect().top);
    assert.ok(tocTop >= 0 && tocTop < 100, `${slug}: the TOC sticks at the top while scrolling (top=${tocTop})`);
    h.assertNoErrors(errors);
  }
});

test('on a phone the table of contents is a folded <details> above the body', async () => {
  const { page, errors } = await openPost(JA, { viewport: PHONE });
  const details = page.locator('nav.toc details');
  assert.equal(await details.evaluate((d) => d.open), false, 'folded at first');
  const above = await page.evaluate(
    () =>
      document.querySelector('nav.toc').getBoundingClientRect().bottom <=
      document.querySelector('.post__body').getBoundingClientRect().top,
  );
  assert.ok(above, 'the TOC comes before the body');
  await page.locator('nav.toc summary').click();
  assert.equal(await details.evaluate((d) => d.open), true, 'opens on tap');
  await page.evaluate(() => window.scrollBy(0, 300));
  await page.waitForTimeout(100);
  assert.equal(await details.evaluate((d) => d.open), true, 'stays open while scrolling');
  h.assertNoErrors(errors);
});

test('posts with fewer than three h2/h3 headings have no table of contents', async () => {
  const slug = 'welcome-to-fumi';
  const body = ['## One', '', 'Text.', '', '#### Deep', '', 'More.', '', '#### Deeper', '', '## Two', '', 'End.', ''].join('\n');
  // Reached client-side: a direct load shows the post as published, without fetching it.
  const { page, errors } = await h.openPage('/archive', {
    setup: (page) =>
      page.route(`**/posts/${slug}.md`, (route) =>
        route.fulfill({ status: 200, contentType: 'text/markdown; charset=utf-8', body }),
      ),
  });
  await waitForApp(page);
  await page.locator(`main a[href="${postPath(slug)}"]`).click();
  await page.locator('.post__body h2#two').waitFor();
  assert.equal(await page.locator('.post__body :is(h2, h4)').count(), 4, 'two h2 and two h4');
  assert.equal(await page.locator('nav.toc').count(), 0, 'h4 headings do not count');
  h.assertNoErrors(errors);
});

test('clicking a TOC entry scrolls to its heading, keeps the path and marks the entry current', async () => {
  const { page, errors } = await openPost(JA, { viewport: WIDE });
  const entries = await tocEntries(page);
  const target = entries[entries.length - 4];
  await page.locator('nav.toc a.toc__link', { hasText: target.text }).nth(0).click();
  await expectPoll(async () => near(await topOf(page, target.id)), true, { message: `#${target.id} at the top` });
  await expectPath(page, postPath(JA));
  assert.equal(decodeURIComponent(new URL(page.url()).hash), `#${target.id}`, 'the fragment is in the URL');
  await expectPoll(() => activeEntries(page), [target.id], { message: 'the clicked entry is current' });
  h.assertNoErrors(errors);
});

test('the current TOC entry follows the scroll position', async () => {
  const { page, errors } = await openPost(JA, { viewport: WIDE });
  const entries = await tocEntries(page);
  const scrollToHeading = (id) =>
    page.evaluate((id) => {
      const top = document.getElementById(id).getBoundingClientRect().top + window.scrollY;
      window.scrollTo(0, top - 40);
    }, id);
  const middle = entries[Math.floor(entries.length / 2)];
  const later = entries[entries.length - 3];
  await scrollToHeading(middle.id);
  await expectPoll(() => activeEntries(page), [middle.id], { message: 'middle section current' });
  await scrollToHeading(later.id);
  await expectPoll(() => activeEntries(page), [later.id], { message: 'later section current' });
  await page.evaluate(() => window.scrollTo(0, 0));
  await expectPoll(() => activeEntries(page), [], { message: 'nothing current above the first heading' });
  h.assertNoErrors(errors);
});

test('a deep link to a later heading lands there on load and again after a reload', async () => {
  const id = '新しいチームでやりたいこと';
  const { page, errors } = await h.openPage(`${postPath(JA)}#${encodeURIComponent(id)}`);
  await waitForApp(page);
  await expectPoll(async () => near(await topOf(page, id)), true, { message: `#${id} at the top on load` });
  assert.ok((await page.evaluate(() => window.scrollY)) > 1000, 'the page scrolled');
  await page.reload();
  await waitForApp(page);
  await expectPoll(async () => near(await topOf(page, id)), true, { message: `#${id} at the top after reload` });
  await expectPath(page, postPath(JA));
  h.assertNoErrors(errors);
});

test('code is highlighted in yaml, python and shell blocks', async () => {
  for (const [slug, languages] of [
    [JA, ['yaml', 'sh']],
    [MLOPS, ['yaml', 'python']],
  ]) {
    const { page, errors } = await openPost(slug);
    for (const lang of languages) {
      const spans = await page.locator(`.code-block pre code.language-${lang} span[class*="hl-"]`).count();
      assert.ok(spans > 5, `${slug}: ${lang} block has highlighting spans (${spans})`);
    }
    // Comments get their own colour.
    const colours = await page.evaluate(() => {
      const code = document.querySelector('.code-block pre code');
      const comment = document.querySelector('.code-block .hl-comment');
      return [getComputedStyle(code).color, comment && getComputedStyle(comment).color];
    });
    assert.notEqual(colours[1], null, `${slug}: has a comment`);
    assert.notEqual(colours[0], colours[1], `${slug}: comments are coloured`);
    h.assertNoErrors(errors);
  }
});

test('the copy button puts the block code on the clipboard and says so, in the post language', async () => {
  const { page, errors } = await openPost(JA, {
    setup: (_page, context) => context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.url }),
  });
  const block = page.locator('.post__body .code-block', { has: page.locator('code.language-yaml') }).first();
  const code = await block.locator('pre code').textContent();
  const button = block.locator('button.copy-button');
  assert.equal((await button.textContent()).trim(), 'コピー');
  await button.click();
  await expectPoll(() => button.textContent(), 'コピーしました', { message: 'feedback on the button' });
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), code, 'clipboard holds the code');
  await expectPoll(() => button.textContent(), 'コピー', { timeout: 4000, message: 'the label comes back' });

  // An English post says it in English.
  await page.goto(postPath(EN));
  const english = page.locator('.post__body .code-block').first();
  await english.waitFor();
  await english.locator('button.copy-button').click();
  await expectPoll(() => english.locator('button.copy-button').textContent(), 'Copied');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await english.locator('pre code').textContent());
  h.assertNoErrors(errors);
});

test('newer and older links navigate between posts', async () => {
  const i = manifest.posts.findIndex((p) => p.slug === JA);
  const { page, errors } = await openPost(JA);
  const newer = manifest.posts[i - 1];
  await page.locator('nav.post-nav a.post-nav__link--newer').click();
  await expectPath(page, postPath(newer.slug));
  await page.locator('h1.post__title', { hasText: newer.title }).waitFor();
  await page.locator('nav.post-nav a.post-nav__link--older').click();
  await expectPath(page, postPath(JA));
  await page.locator('h1.post__title', { hasText: manifest.posts[i].title }).waitFor();
  h.assertNoErrors(errors);
});

/** Related posts as the app defines them: most shared tags, then newest first. */
function expectedRelated(slug) {
  const keys = manifest.posts.find((p) => p.slug === slug).tags.map(tagKey);
  return manifest.posts
    .map((p, i) => ({ p, i, shared: p.tags.filter((t) => keys.includes(tagKey(t))).length }))
    .filter(({ p, shared }) => p.slug !== slug && shared > 0)
    .sort((a, b) => b.shared - a.shared || a.i - b.i)
    .slice(0, 3)
    .map(({ p }) => postPath(p.slug));
}

test('related posts: up to three sharing tags, after the post', async () => {
  for (const slug of [JA, MLOPS]) {
    const { page, errors } = await openPost(slug);
    const related = page.locator('main section.related');
    assert.equal(await related.count(), 1, `${slug}: a related section`);
    assert.ok((await related.locator('h2').textContent()).trim().length > 0);
    const hrefs = await related.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(hrefs, expectedRelated(slug), `${slug}: related posts`);
    assert.ok(hrefs.length > 0 && hrefs.length <= 3);
    await related.locator('a').first().click();
    await expectPath(page, hrefs[0]);
    h.assertNoErrors(errors);
  }
});

test('a series box lists the series oldest first above the body, marking the current post', async () => {
  // The sample guide posts form a series; derive it from the manifest.
  const series = manifest.posts.find((p) => p.series)?.series;
  assert.ok(series, 'the sample site has a series');
  const members = manifest.posts.filter((p) => p.series === series);
  assert.ok(members.length > 1, 'the series has several posts');
  const current = members[0].slug;
  const { page, errors } = await h.openPage(postPath(current));
  await waitForApp(page);
  const box = page.locator('article.post nav.series');
  await box.waitFor();
  assert.ok((await box.textContent()).includes(series), 'the box names the series');
  const links = await box.locator('a').evaluateAll((as) =>
    as.map((a) => [a.getAttribute('href'), a.getAttribute('aria-current')]),
  );
  const oldestFirst = [...members].reverse().map((p) => postPath(p.slug));
  assert.deepEqual(
    links,
    oldestFirst.map((href) => [href, href === postPath(current) ? 'page' : null]),
  );
  const before = await page.evaluate(() => {
    const box = document.querySelector('nav.series');
    const body = document.querySelector('.post__body');
    return Boolean(box.compareDocumentPosition(body) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  assert.ok(before, 'the series box comes before the body');

  // A post outside the series has no box.
  const outsider = manifest.posts.find((p) => !p.series);
  await page.goto(postPath(outsider.slug));
  await page.locator('.post__body').waitFor();
  assert.equal(await page.locator('nav.series').count(), 0);
  h.assertNoErrors(errors);
});

test('**「強調」** in the Japanese post renders as <strong>', async () => {
  const { page, errors } = await openPost(JA);
  const strong = await page.locator('.post__body strong').allTextContents();
  assert.ok(strong.includes('「例外こそが本番」'), `strong texts: ${strong}`);
  assert.ok(!(await page.locator('.post__body').textContent()).includes('**'), 'no literal asterisks');
  h.assertNoErrors(errors);
});

test('the reading progress bar follows the scroll through the post', async () => {
  const { page, errors } = await openPost(JA);
  const bar = page.locator('.reading-progress[role="progressbar"]');
  assert.equal(await bar.count(), 1);
  assert.equal(await bar.getAttribute('aria-valuemin'), '0');
  assert.equal(await bar.getAttribute('aria-valuemax'), '100');
  assert.equal(await bar.evaluate((e) => getComputedStyle(e).position), 'fixed');
  await expectPoll(() => bar.getAttribute('aria-valuenow'), '0');
  await page.evaluate(() => {
    const article = document.querySelector('article.post');
    window.scrollTo(0, article.offsetTop + (article.offsetHeight - innerHeight) / 2);
  });
  await expectPoll(async () => {
    const n = Number(await bar.getAttribute('aria-valuenow'));
    return n > 30 && n < 70;
  }, true, { message: 'about half way' });
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await expectPoll(() => bar.getAttribute('aria-valuenow'), '100');
  // Only posts have one.
  await page.goto('/');
  await waitForApp(page);
  assert.equal(await page.locator('.reading-progress').count(), 0);
  h.assertNoErrors(errors);
});

test('Back to the list restores its scroll position; Forward restores the post position', async () => {
  const viewport = { width: 1000, height: 500 };
  // A slow body: the position can only be restored once it has arrived.
  const slowBody = (page) =>
    page.route(`**/posts/${JA}.md`, async (route) => {
      await new Promise((r) => setTimeout(r, 300));
      await route.continue();
    });
  const { page, errors } = await h.openPage('/', { viewport, setup: slowBody });
  await waitForApp(page);
  const link = page.locator(`h2.post-card__title a[href="${postPath(JA)}"]`);
  await link.scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, 40));
  await page.waitForTimeout(100); // let the scroll be recorded
  const listY = await page.evaluate(() => window.scrollY);
  assert.ok(listY > 200, `the list is scrolled (scrollY=${listY})`);

  await link.click();
  await expectPath(page, postPath(JA));
  await page.locator('.post__body').waitFor();
  await expectPoll(() => page.evaluate(() => window.scrollY), 0, { message: 'a new page starts at the top' });
  await page.evaluate(() => window.scrollTo(0, 2500));
  await page.waitForTimeout(100);
  const postY = await page.evaluate(() => window.scrollY);
  assert.equal(postY, 2500);

  await page.goBack();
  await expectPath(page, '/');
  await page.locator('ol.post-list').waitFor();
  await expectPoll(() => page.evaluate(() => window.scrollY), listY, { message: 'list position restored' });

  await page.goForward();
  await expectPath(page, postPath(JA));
  await page.locator('.post__body').waitFor();
  await expectPoll(() => page.evaluate(() => window.scrollY), postY, { message: 'post position restored' });

  // After a reload the body is fetched again; Forward still lands where the reader was.
  await page.goBack();
  await page.locator('ol.post-list').waitFor();
  await page.reload();
  await waitForApp(page);
  await page.goForward();
  await expectPath(page, postPath(JA));
  await page.locator('.post__body').waitFor();
  await expectPoll(() => page.evaluate(() => window.scrollY), postY, {
    message: 'post position restored after the body loaded',
  });
  h.assertNoErrors(errors);
});

test('a link followed in the same frame as a scroll: Back still returns to where the reader left', async () => {
  const { page, errors } = await h.openPage('/', { viewport: { width: 1000, height: 500 } });
  await waitForApp(page);
  await page.evaluate(() => window.scrollTo(0, 120));
  await page.waitForTimeout(100); // the older place, recorded
  // One task: scroll on, then tap the link. The scroll is reported only at the next
  // frame, after the router has changed the URL.
  const left = await page.locator(`h2.post-card__title a[href="${postPath(JA)}"]`).evaluate((a) => {
    window.scrollTo(0, 360);
    a.click();
    return Math.round(window.scrollY);
  });
  assert.equal(left, 360);
  await expectPath(page, postPath(JA));
  await page.locator('.post__body').waitFor();
  await page.goBack();
  await expectPath(page, '/');
  await page.locator('ol.post-list').waitFor();
  await expectPoll(() => page.evaluate(() => Math.round(window.scrollY)), left, {
    message: 'Back returns to the place the link was followed from, not an older one',
  });
  h.assertNoErrors(errors);
});

/** Records, before any of the page's scripts, the theme at the moment <body> appears. */
const recordEarlyTheme = (page) =>
  page.addInitScript(() => {
    const record = () => {
      if (document.body && !('themeAtBody' in window)) window.themeAtBody = document.documentElement.dataset.theme ?? null;
    };
    new MutationObserver(record).observe(document, { childList: true, subtree: true });
    document.addEventListener('DOMContentLoaded', () => {
      window.themeAtDomContentLoaded = document.documentElement.dataset.theme ?? null;
    });
  });

const background = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

test('the theme toggle switches light/dark, changes the colours and survives a reload without a flash', async () => {
  const { page, errors } = await h.openPage(postPath(JA), { setup: recordEarlyTheme });
  await waitForApp(page);
  const toggle = page.locator('header.site-header button.theme-toggle');
  assert.ok((await toggle.getAttribute('aria-label')).length > 0, 'the toggle is named');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false', 'light by default (the system is light)');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme ?? null), null);
  const light = await background(page);
  const lightKeyword = await page.evaluate(() => getComputedStyle(document.querySelector('.hl-keyword, .hl-string')).color);

  await toggle.click();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  const dark = await background(page);
  assert.notEqual(dark, light, 'the background changes');
  assert.notEqual(
    await page.evaluate(() => getComputedStyle(document.querySelector('.hl-keyword, .hl-string')).color),
    lightKeyword,
    'the highlighting palette changes',
  );

  await page.reload({ waitUntil: 'domcontentloaded' });
  assert.equal(await page.evaluate(() => window.themeAtBody), 'dark', 'dark before <body> is parsed');
  assert.equal(await page.evaluate(() => window.themeAtDomContentLoaded), 'dark', 'dark at DOMContentLoaded');
  await waitForApp(page);
  assert.equal(await background(page), dark, 'still dark after reload');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');

  await toggle.click();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
  assert.equal(await background(page), light);
  h.assertNoErrors(errors);
});

test('with a dark system setting the site starts dark, and the toggle can choose light', async () => {
  const { page, errors } = await h.openPage('/', { setup: (page) => page.emulateMedia({ colorScheme: 'dark' }) });
  await waitForApp(page);
  const toggle = page.locator('button.theme-toggle');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true', 'follows the system');
  const dark = await background(page);
  await toggle.click();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
  assert.notEqual(await background(page), dark, 'light despite the dark system setting');
  h.assertNoErrors(errors);
});

test('heading anchors show on hover only; external links get a marker', async () => {
  const { page, errors } = await openPost(MLOPS);
  const heading = page.locator('.post__body h2').nth(1);
  const anchor = heading.locator('a.heading-anchor');
  assert.equal(await anchor.evaluate((a) => getComputedStyle(a).opacity), '0', 'hidden at rest');
  await heading.hover();
  await expectPoll(() => anchor.evaluate((a) => getComputedStyle(a).opacity), '1', { message: 'shown on hover' });
  const external = page.locator('.post__body a.external').first();
  if (await external.count()) {
    assert.match(await external.evaluate((a) => getComputedStyle(a, '::after').content), /↗/);
  }
  h.assertNoErrors(errors);
});

test('printing a post leaves out the chrome, the table of contents and the buttons', async () => {
  const { page, errors } = await openPost(JA);
  await page.emulateMedia({ media: 'print' });
  const hidden = await page.evaluate(() =>
    ['.site-header', '.site-footer', 'nav.toc', '.reading-progress', '.copy-button', 'nav.post-nav', 'section.related'].map(
      (selector) => [selector, [...document.querySelectorAll(selector)].every((e) => getComputedStyle(e).display === 'none')],
    ),
  );
  assert.deepEqual(hidden, hidden.map(([selector]) => [selector, true]));
  assert.notEqual(await page.locator('.post__body').evaluate((e) => getComputedStyle(e).display), 'none');
  h.assertNoErrors(errors);
});
