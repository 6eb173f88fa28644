// Images as a reader sees them: an image with a dark twin beside it
// (public/images/mlops-pipeline.svg and mlops-pipeline.dark.svg) follows the theme,
// and the twin that is not shown is never downloaded.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectPoll, postPath, useHarness } from './harness.mjs';

const h = useHarness();
const SLUG = 'mlops-pipeline-on-kubernetes';

/** The post, with every image request noted; `colorScheme`: the reader's system theme. */
async function open(colorScheme) {
  const requested = [];
  const { page } = await h.openPage(postPath(SLUG), {
    goto: false,
    setup: (page) => page.on('request', (r) => /\/images\/mlops-pipeline/.test(r.url()) && requested.push(new URL(r.url()).pathname)),
  });
  await page.emulateMedia({ colorScheme });
  await page.goto(postPath(SLUG));
  const figure = page.locator('main#main .post__body figure', { has: page.locator('img.img-light') });
  await figure.scrollIntoViewIfNeeded();
  return { page, figure, requested };
}

/** The address of the image shown in `figure`. */
const shown = (figure) =>
  figure.evaluate((f) => [...f.querySelectorAll('img')].filter((img) => img.offsetWidth > 0).map((img) => new URL(img.src).pathname));

test('an image with a dark twin shows the one of the theme, and only that one is downloaded', async () => {
  const light = await open('light');
  assert.deepEqual(await shown(light.figure), ['/images/mlops-pipeline.svg']);
  await expectPoll(() => light.requested.length, 1);
  assert.deepEqual(light.requested, ['/images/mlops-pipeline.svg'], 'the dark twin is not fetched');
  // Both carry the same size, so switching never moves the page.
  const sizes = await light.figure.locator('img').evaluateAll((imgs) => imgs.map((img) => `${img.getAttribute('width')}x${img.getAttribute('height')}`));
  assert.deepEqual(sizes, ['760x314', '760x314']);

  // The reader's own choice wins over the system's: switch to dark with the toggle.
  await light.page.locator('button.theme-toggle').click();
  await expectPoll(() => light.page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.deepEqual(await shown(light.figure), ['/images/mlops-pipeline.dark.svg']);
  await expectPoll(() => light.requested.includes('/images/mlops-pipeline.dark.svg'), true);

  // A system in dark mode gets the dark twin from the first paint.
  const dark = await open('dark');
  assert.deepEqual(await shown(dark.figure), ['/images/mlops-pipeline.dark.svg']);
  await expectPoll(() => dark.requested.length, 1);
  assert.deepEqual(dark.requested, ['/images/mlops-pipeline.dark.svg']);
});

// A screenshot-heavy post: each PNG is published with smaller AVIF copies, and the
// browser takes the one its screen needs.
const SHOTS = 'oom-incident-in-screenshots';
const SHOT = 'oom-memory-dashboard.png';

/** The screenshot post on a screen `width` CSS pixels wide at `scale` device pixels
 * each, with every request for the dashboard image noted. */
async function openShots(width, scale, { hold = false } = {}) {
  const requested = [];
  const { page } = await h.openPage(postPath(SHOTS), {
    goto: false,
    viewport: { width, height: 800 },
    deviceScaleFactor: scale,
    setup: async (page) => {
      page.on('request', (r) => r.url().includes(SHOT) && requested.push(new URL(r.url()).pathname));
      // Holds the dashboard's copies back: what the reader sees while they travel.
      if (hold) await page.route(new RegExp(`_img/images/${SHOT}/`), () => {});
    },
  });
  await page.goto(postPath(SHOTS));
  const image = page.locator(`main#main .post__body img[src="images/${SHOT}"]`);
  await image.scrollIntoViewIfNeeded();
  return { page, image, requested };
}

test('a screenshot arrives as the AVIF copy the screen needs, never the original', async () => {
  for (const [width, scale, expected] of [
    [390, 1, /\/480-[0-9a-f]{16}\.avif$/], // a phone: the image is the viewport's width
    [1280, 2, /\/1344-[0-9a-f]{16}\.avif$/], // a desktop at 2×: the 42rem column, twice
  ]) {
    const { image, requested } = await openShots(width, scale);
    await expectPoll(() => image.evaluate((img) => img.complete && img.naturalWidth > 0), true);
    const chosen = await image.evaluate((img) => new URL(img.currentSrc).pathname);
    assert.ok(chosen.startsWith(`/_img/images/${SHOT}/`) && expected.test(chosen), `${width}px @${scale}×: ${chosen}`);
    assert.deepEqual(requested, [chosen], 'only the chosen copy is downloaded');
    // The reserved box is the original's shape, so nothing moves when it arrives.
    const box = await image.boundingBox();
    assert.ok(Math.abs(box.width / box.height - 1600 / 900) < 0.01, JSON.stringify(box));
  }
});

test('a blurred preview holds the image place until the image arrives', async () => {
  const { page, image } = await openShots(1280, 1, { hold: true });
  const frame = image.locator('xpath=ancestor::span[contains(@class, "img-frame")]');
  const preview = frame.locator('img.img-preview');
  assert.match(await preview.getAttribute('src'), /^data:image\/(png|webp);base64,/);
  assert.equal(await preview.getAttribute('aria-hidden'), 'true');
  // The preview fills the frame, which has the image's reserved size, before a byte of it.
  assert.equal(await image.evaluate((img) => img.complete && img.naturalWidth > 0), false, 'the image is held back');
  const [frameBox, previewBox, imageBox] = await Promise.all([frame.boundingBox(), preview.boundingBox(), image.boundingBox()]);
  assert.ok(imageBox.height > 300, `the image's space is reserved: ${JSON.stringify(imageBox)}`);
  assert.ok(Math.abs(imageBox.width - frameBox.width) < 1 && Math.abs(imageBox.height - frameBox.height) < 1, JSON.stringify({ frameBox, imageBox }));
  // The preview covers the whole frame (slightly enlarged, so the blur has no pale edge).
  const covers = previewBox.x <= frameBox.x && previewBox.y <= frameBox.y
    && previewBox.x + previewBox.width >= frameBox.x + frameBox.width && previewBox.y + previewBox.height >= frameBox.y + frameBox.height;
  assert.ok(covers, JSON.stringify({ frameBox, previewBox }));
  assert.ok(await preview.isVisible());
  // It carries the picture's colours: the dashboard is dark, so is its preview.
  const shade = await preview.evaluate(async (img) => {
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext('2d');
    context.drawImage(img, 0, 0);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let sum = 0;
    for (let i = 0; i < data.length; i += 4) sum += (data[i] + data[i + 1] + data[i + 2]) / 3;
    return sum / (data.length / 4);
  });
  assert.ok(shade < 80, `a dark preview of a dark dashboard: mean ${shade}`);
});

test('published images carry no EXIF, GPS position or text metadata', async () => {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const source = fs.readFileSync(path.resolve('public/images/oom-describe-pod.png'));
  assert.ok(source.includes('eXIf') && source.includes('tEXt'), 'the source screenshot was saved with metadata');
  const served = await fetch(new URL('/images/oom-describe-pod.png', h.url));
  const bytes = Buffer.from(await served.arrayBuffer());
  assert.equal(served.status, 200);
  assert.ok(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'still a PNG');
  for (const marker of ['eXIf', 'tEXt', 'Exif', 'GPS']) assert.ok(!bytes.includes(marker), `no ${marker} in the published image`);
  assert.ok(bytes.length < source.length && source.length - bytes.length < 400, 'only the metadata went');
});
