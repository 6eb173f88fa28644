// Japanese typography as a reader sees it: titles and headings break between phrases
// (文節), never inside a word, at every window width. Measured from the rendered line
// boxes in Chromium: each character's box says on which line it sits.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { postPath, readManifest, useHarness } from './harness.mjs';

const h = useHarness();
const SLUG = 'inference-capacity-math';
// Words of the sample post's title and first heading that must never be split.
const WORDS = ['推論', '待ち時間', '数式', '見積もる', '流れ', '図に'];
const WIDTHS = Array.from({ length: 36 }, (_, i) => 200 + i * 8);

/** Where each line of `selector`'s text starts (character indices after the first line). */
function lineStarts(page, selector) {
  return page.locator(selector).first().evaluate((el) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
      // The heading's anchor link (#) is not part of its text.
      acceptNode: (node) => (node.parentElement.closest('.heading-anchor') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    const starts = [];
    let text = '';
    let lastTop = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.data.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const box = range.getClientRects()[0];
        if (box && node.data[i].trim()) {
          if (lastTop !== null && box.top > lastTop + box.height / 2) starts.push(text.length);
          lastTop = box.top;
        }
        text += node.data[i];
      }
    }
    return { text, starts };
  });
}

/** The words of WORDS that a line break falls inside. */
function splitWords({ text, starts }) {
  const split = [];
  for (const word of WORDS) {
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
      for (const start of starts) if (start > at && start < at + word.length) split.push(`${word} (at ${start} in ${text})`);
    }
  }
  return split;
}

test('Japanese titles and headings break between phrases at every width, never inside a word', async () => {
  const post = readManifest().posts.find((p) => p.slug === SLUG);
  assert.ok(post, `the sample post ${SLUG}`);
  const { page } = await h.openPage(postPath(SLUG), { viewport: { width: 360, height: 800 } });
  await page.locator('main#main article h1').waitFor();
  // Breaks between two Japanese characters (not at a space): phrase boundaries.
  const between = new Set();
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    for (const selector of ['main#main article h1', 'main#main .post__body h2']) {
      const lines = await lineStarts(page, selector);
      assert.deepEqual(splitWords(lines), [], `${selector} at ${width} px`);
      for (const start of lines.starts) {
        if (lines.text[start - 1] !== ' ' && lines.text[start] !== ' ') between.add(`${lines.text.slice(0, start)} / ${lines.text.slice(start)}`);
      }
    }
  }
  assert.ok(between.size >= 2, `titles wrapped between phrases: ${[...between].join(', ')}`);

  // The same measure finds split words once the phrase rule is off: it can fail.
  await page.evaluate(() => {
    for (const el of document.querySelectorAll('main#main article h1, main#main .post__body h2')) el.style.wordBreak = 'normal';
  });
  const splits = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    splits.push(...splitWords(await lineStarts(page, 'main#main article h1')));
  }
  assert.ok(splits.length > 0, 'ordinary breaking splits a word at some width');
});

test('where the browser cannot find phrases, the publishing tool’s <wbr> marks them', async () => {
  const { page } = await h.openPage(postPath(SLUG), { viewport: { width: 360, height: 800 } });
  // The table of contents lists the headings with the same marks; opened, since a
  // narrow window folds it up.
  await page.locator('main#main .toc__details').evaluate((details) => (details.open = true));
  const selectors = ['main#main article h1', 'main#main .post__body h2', 'main#main .toc__link'];
  for (const selector of selectors) {
    assert.ok((await page.locator(`${selector} wbr`).count()) > 0, `${selector} carries <wbr> between its phrases`);
  }
  // What the stylesheet applies without auto-phrase (Firefox, Safari): keep-all, so
  // lines break only at the <wbr>, at spaces, or (as a last resort) anywhere.
  const fallback = () =>
    page.evaluate((selectors) => {
      for (const el of document.querySelectorAll(selectors.join(','))) {
        el.style.wordBreak = 'keep-all';
        el.style.overflowWrap = 'anywhere';
      }
    }, selectors);
  await fallback();
  const between = new Set();
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    for (const selector of selectors) {
      const lines = await lineStarts(page, selector);
      assert.deepEqual(splitWords(lines), [], `${selector} at ${width} px`);
      for (const start of lines.starts) if (lines.text[start - 1] !== ' ' && lines.text[start] !== ' ') between.add(start);
    }
  }
  assert.ok(between.size >= 2, 'titles still wrap between Japanese phrases');

  // Without the marks, keep-all has nowhere to break a Japanese run but anywhere: it can fail.
  await page.evaluate((selectors) => document.querySelectorAll(selectors.map((s) => `${s} wbr`).join(',')).forEach((w) => w.remove()), selectors);
  const splits = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    splits.push(...splitWords(await lineStarts(page, selectors[0])));
  }
  assert.ok(splits.length > 0, 'keep-all without <wbr> splits a word at some width');
});
