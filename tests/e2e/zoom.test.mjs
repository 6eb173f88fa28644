// Zooming a post image: each image is a button the keyboard reaches, it opens full size
// in a modal dialog (focus kept inside, Esc closes, focus back on the image), and
// nothing behind the dialog moves: before the app has taken the page over (the start
// script does it, the dialog loads on first use), and after a client-side navigation.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DIST, expectPoll, holdApp, postPath, useHarness, waitForApp } from './harness.mjs';
import { THEMES, axeViolations, describeViolations, assertNoViolations, themeSetup } from './a11y.mjs';

// Served with the build's headers: the dialog works under its Content-Security-Policy
// (a violation is a console error, which fails the test).
const h = useHarness({ headers: true });
const SLUG = 'mlops-pipeline-on-kubernetes'; // a diagram with a dark twin and a caption
const ALT = '学習パイプラインの構成図';
const CAPTION = '学習パイプラインの全体像';

/** The post image the theme shows (its dark twin is hidden). */
const shownImage = (page) => page.locator('main#main .post__body img[data-zoom]:visible');
const dialog = (page) => page.locator('dialog.zoom');

/** Where the page is and where the image sits on it. */
const layout = (img) =>
  img.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const main = document.querySelector('main#main').getBoundingClientRect();
    return {
      scroll: [scrollX, scrollY],
      width: document.documentElement.clientWidth,
      image: [r.x, r.y, r.width, r.height].map((n) => Math.round(n * 2) / 2),
      main: [main.x, main.width].map((n) => Math.round(n * 2) / 2),
    };
  });

const isOpen = (page) => page.evaluate(() => document.querySelector('dialog.zoom')?.matches('[open]:modal') ?? false);
const focusInDialog = (page) =>
  page.evaluate(() => {
    const d = document.querySelector('dialog.zoom');
    return Boolean(d && d !== document.activeElement && d.contains(document.activeElement));
  });
const hasFocus = (img) => img.evaluate((el) => document.activeElement === el);

/** Presses Tab until `img` has focus: it is a stop in the page's order. */
async function tabTo(page, img, max = 200) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await hasFocus(img)) return;
  }
  assert.fail(`the image was not reached with ${max} presses of Tab`);
}

/** With `img` focused: Enter opens it, focus stays in the dialog, Esc closes, and nothing moved. */
async function zoomWithKeyboard(page, img) {
  const before = await layout(img);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('dialog.zoom')?.open);
  assert.equal(await isOpen(page), true, 'a modal dialog');
  assert.equal(await focusInDialog(page), true, 'focus moved into the dialog');
  assert.deepEqual(await layout(img), before, 'the page behind did not move when the dialog opened');
  for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
    await page.keyboard.press(key);
    assert.equal(await focusInDialog(page), true, `${key} keeps focus in the dialog`);
  }
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('dialog.zoom').open);
  assert.equal(await hasFocus(img), true, 'focus is back on the image');
  assert.deepEqual(await layout(img), before, 'the page is where it was');
}

test('before the app runs, Tab reaches a post image, Enter opens it full size in a dialog that keeps focus, and Esc closes it without moving the page', async () => {
  const requests = [];
  const { page, errors } = await h.openPage(postPath(SLUG), {
    goto: false,
    setup: (p) => p.on('request', (r) => requests.push(new URL(r.url()).pathname)),
  });
  const release = await holdApp(page);
  await page.goto(postPath(SLUG));
  const img = shownImage(page);
  assert.equal(await img.getAttribute('role'), 'button');
  assert.equal(await img.getAttribute('aria-label'), `画像を拡大: ${ALT}`, 'named in the post’s language');
  assert.ok(!requests.some((p) => /fumi-zoom-/.test(p)), 'the dialog’s code is not loaded before it is used');

  await tabTo(page, img);
  const before = await layout(img);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('dialog.zoom')?.open);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.fumiApp), undefined, 'the app is held back');
  assert.equal(await isOpen(page), true, 'a modal dialog');
  assert.equal(await focusInDialog(page), true, 'focus moved into the dialog');
  const d = dialog(page);
  const shown = await d.locator('img').evaluate(async (zoomed) => {
    await zoomed.decode();
    return { src: zoomed.src, alt: zoomed.alt, width: zoomed.clientWidth, natural: zoomed.naturalWidth, right: zoomed.getBoundingClientRect().right };
  });
  const original = await img.evaluate((el) => ({ src: el.src, width: el.clientWidth }));
  assert.equal(shown.src, original.src, 'the original file');
  assert.equal(shown.alt, ALT);
  assert.ok(shown.width >= original.width && shown.width === shown.natural, `full size (${shown.width} px of ${shown.natural}, ${original.width} in the post)`);
  assert.ok(shown.right <= 1280, 'within the window');
  assert.equal((await d.locator('figcaption').textContent()).trim(), CAPTION, 'the caption');
  assert.equal(await d.getAttribute('aria-label'), CAPTION, 'the dialog is named by it');
  assert.equal(await d.locator('button.zoom__close').isVisible(), true, 'a visible close button');
  assert.equal((await d.locator('button.zoom__close').textContent()).trim(), '閉じる');
  assert.deepEqual(await layout(img), before, 'the page behind did not move');

  for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
    await page.keyboard.press(key);
    assert.equal(await focusInDialog(page), true, `${key} keeps focus in the dialog`);
  }
  // The wheel and the keys scroll neither the dialog nor, through it, the page.
  await page.mouse.move(640, 700);
  await page.mouse.wheel(0, 600);
  await page.keyboard.press('PageDown');
  await page.waitForTimeout(200);
  assert.deepEqual(await layout(img), before, 'the page behind does not scroll');

  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('dialog.zoom').open);
  assert.equal(await hasFocus(img), true, 'focus is back on the image');
  assert.deepEqual(await layout(img), before, 'the page is where it was');
  assert.equal(requests.filter((p) => /fumi-zoom-[0-9a-f]{16}\.js$/.test(p)).length, 1, 'the dialog loaded once');

  // The app takes the page over; the image still zooms, as the same button.
  release();
  await waitForApp(page);
  await img.focus();
  await zoomWithKeyboard(page, img);
  h.assertNoErrors(errors);
});

test('before the app runs, a click opens the image, and a click beside it or on Close closes it; the page stays put', async () => {
  const { page, errors } = await h.openPage(postPath(SLUG), { goto: false });
  const release = await holdApp(page);
  await page.goto(postPath(SLUG));
  const img = shownImage(page);
  await img.scrollIntoViewIfNeeded();
  const before = await layout(img);
  await img.click();
  await page.waitForFunction(() => document.querySelector('dialog.zoom')?.open);
  assert.equal(await isOpen(page), true);
  // Beside the image, in the space around it: the backdrop.
  await page.mouse.click(20, 780);
  await page.waitForFunction(() => !document.querySelector('dialog.zoom').open);
  assert.deepEqual(await layout(img), before, 'nothing moved');
  assert.equal(await hasFocus(img), true, 'focus is back on the image');

  await img.click();
  await page.waitForFunction(() => document.querySelector('dialog.zoom')?.open);
  // A click on the image itself (here smaller than the window) keeps it open.
  await dialog(page).locator('img').click();
  assert.equal(await isOpen(page), true, 'a click on the image does not close it');
  // (The start script holds clicks on buttons for the app, but not this one.)
  await dialog(page).locator('button.zoom__close').click();
  await page.waitForFunction(() => !document.querySelector('dialog.zoom').open);
  assert.deepEqual(await layout(img), before, 'nothing moved');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.fumiApp), undefined, 'the app is held back');
  release();
  await waitForApp(page);
  h.assertNoErrors(errors);
});

test('on a narrow screen the image fits, and "actual size" shows it larger, scrolling inside the dialog', async () => {
  const { page, errors } = await h.openPage(postPath(SLUG), { viewport: { width: 390, height: 844 } });
  const img = shownImage(page);
  await img.scrollIntoViewIfNeeded();
  const before = await layout(img);
  await img.click();
  await page.waitForFunction(() => document.querySelector('dialog.zoom')?.open);
  const d = dialog(page);
  const zoomed = d.locator('img');
  const actual = d.locator('button.zoom__actual');
  await actual.waitFor({ state: 'visible' });
  assert.equal((await actual.textContent()).trim(), '原寸で表示');
  assert.ok((await zoomed.evaluate((el) => el.clientWidth)) <= 390, 'fitted to the window');
  await actual.click();
  assert.equal(await actual.getAttribute('aria-pressed'), 'true');
  const size = await zoomed.evaluate((el) => [el.clientWidth, el.naturalWidth]);
  assert.equal(size[0], size[1], 'at its own size');
  assert.ok(await d.evaluate((el) => el.scrollWidth > el.clientWidth), 'the dialog scrolls to show it');
  await d.evaluate((el) => el.scrollTo(200, 0));
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('dialog.zoom').open);
  assert.deepEqual(await layout(img), before, 'nothing moved');
  h.assertNoErrors(errors);
});

test('after a client-side navigation to the post, its image zooms too, and the app’s keys do not act behind the dialog', async () => {
  const { page, errors } = await h.openPage('/archive');
  await waitForApp(page);
  await page.evaluate(() => (window.__marker = 1));
  await page.locator(`main#main a[href$="${postPath(SLUG)}"]`).first().click();
  const img = shownImage(page);
  await img.waitFor();
  await page.waitForFunction(() => document.querySelector('main#main .post__body img[data-zoom][role="button"]'));
  assert.equal(await page.evaluate(() => window.__marker), 1, 'a client-side navigation');
  await img.focus();
  await zoomWithKeyboard(page, img);

  // Space too, as on a button: on its release, and it does not scroll the page.
  const before = await layout(img);
  await page.keyboard.press(' ');
  await page.waitForFunction(() => document.querySelector('dialog.zoom')?.open);
  assert.deepEqual(await layout(img), before, 'Space did not scroll the page');
  const url = page.url();
  await page.keyboard.press('j'); // the next post, on the page behind
  await page.waitForTimeout(300);
  assert.equal(page.url(), url, 'no navigation behind the dialog');
  assert.equal(await isOpen(page), true);
  await page.keyboard.press('Escape');
  h.assertNoErrors(errors);
});

test('the open dialog has no accessibility violations, and in the dark theme shows the dark twin', async () => {
  for (const theme of [THEMES[0], THEMES[2]]) {
    const { page, errors } = await h.openPage(postPath(SLUG), themeSetup(theme));
    await waitForApp(page);
    const img = shownImage(page);
    await img.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('dialog.zoom')?.open);
    const src = await dialog(page).locator('img').getAttribute('src');
    assert.match(src, theme.expect === 'dark' ? /mlops-pipeline\.dark\.svg$/ : /mlops-pipeline\.svg$/, theme.name);
    const found = await axeViolations(page);
    assertNoViolations(found.length ? [describeViolations(`${theme.name}, dialog open`, found)] : [], theme.name);
    h.assertNoErrors(errors);
  }
});

test('an image published with copies for each screen and a blurred preview: the image is the button, and the dialog shows the original', async (t) => {
  const file = fs
    .readdirSync(path.join(DIST, 'posts'))
    .find((f) => f.endsWith('.html') && fs.readFileSync(path.join(DIST, 'posts', f), 'utf8').includes('<picture>'));
  if (!file) return t.skip('no post of this build has image copies');
  const { page, errors } = await h.openPage(`/posts/${file.slice(0, -'.html'.length)}`);
  const picture = page.locator('main#main .post__body picture').first();
  const img = picture.locator('img');
  // Made a button by the start script, which runs once the page has painted.
  await expectPoll(() => img.getAttribute('role'), 'button');
  const previews = page.locator('main#main .post__body img[aria-hidden="true"]');
  assert.ok((await previews.count()) > 0, 'the page has previews');
  assert.equal(await previews.and(page.locator('[data-zoom], [tabindex]')).count(), 0, 'previews are not buttons');
  await img.scrollIntoViewIfNeeded();
  await img.evaluate((el) => el.decode());
  const before = await layout(img);
  await img.click();
  await page.waitForFunction(() => document.querySelector('dialog.zoom')?.open);
  const original = await img.evaluate((el) => el.src); // its src attribute, resolved
  assert.equal(await dialog(page).locator('img').evaluate((el) => el.src), original, 'the original, not the copy for this screen');
  assert.notEqual(await img.evaluate((el) => el.currentSrc), original, 'the page shows a copy');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('dialog.zoom').open);
  assert.deepEqual(await layout(img), before, 'nothing moved');
  h.assertNoErrors(errors);
});
