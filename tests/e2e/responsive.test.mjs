// Small screens: nothing widens the document beyond a 320 px viewport; wide tables and
// code blocks scroll inside themselves.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readManifest, useHarness, waitForApp, postPath, tagPath } from './harness.mjs';

const h = useHarness();
const manifest = readManifest();
const WIDTH = 320;
const viewport = { width: WIDTH, height: 640 };

/** Layout facts of the current page at the small viewport. */
const measure = (page) =>
  page.evaluate(() => {
    const doc = document.documentElement;
    const vw = doc.clientWidth;
    const sticking = [...document.body.querySelectorAll('*')]
      .filter((e) => {
        const r = e.getBoundingClientRect();
        if (r.width === 0 || r.right <= vw + 1) return false;
        // Overflow inside a scrolling box (pre, table) is fine; count only outermost.
        for (let p = e.parentElement; p; p = p.parentElement) {
          const s = getComputedStyle(p);
          if (/(auto|scroll|hidden)/.test(s.overflowX)) return false;
        }
        return true;
      })
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}→${Math.round(e.getBoundingClientRect().right)}`);
    return { scrollWidth: doc.scrollWidth, bodyScrollWidth: document.body.scrollWidth, sticking };
  });

test(`at ${WIDTH}px, no post page scrolls horizontally, even with wide tables and code`, async () => {
  const { page, errors } = await h.openPage('/', { viewport });
  await waitForApp(page);
  let wideBlocks = 0;
  for (const post of manifest.posts) {
    await page.goto(postPath(post.slug));
    await waitForApp(page);
    await page.locator('.post__body').waitFor();
    await page.evaluate(() => document.fonts.ready);
    const m = await measure(page);
    assert.ok(
      m.scrollWidth <= WIDTH,
      `${postPath(post.slug)}: document is ${m.scrollWidth}px wide (sticking out: ${m.sticking.join(', ')})`,
    );
    assert.ok(m.bodyScrollWidth <= WIDTH, `${postPath(post.slug)}: body is ${m.bodyScrollWidth}px wide`);
    // Count blocks that really are wider than the screen: they must scroll on their own.
    wideBlocks += await page.evaluate(
      () => [...document.querySelectorAll('.post__body pre, .post__body table')].filter((e) => e.scrollWidth > e.clientWidth).length,
    );
  }
  assert.ok(wideBlocks > 0, 'the sample content does exercise wide blocks at this width');
  h.assertNoErrors(errors);
});

test(`at ${WIDTH}px, list pages and the frame fit the screen`, async () => {
  const { page, errors } = await h.openPage('/', { viewport });
  for (const path of ['/', '/tags', tagPath('kubernetes'), tagPath('機械学習'), '/no/such/page']) {
    await page.goto(path);
    await waitForApp(page);
    const m = await measure(page);
    assert.ok(m.scrollWidth <= WIDTH, `${path}: document is ${m.scrollWidth}px wide (${m.sticking.join(', ')})`);
  }
  h.assertNoErrors(errors);
});
