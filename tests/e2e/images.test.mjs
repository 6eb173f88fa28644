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
