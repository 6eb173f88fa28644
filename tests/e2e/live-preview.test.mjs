// The writer's loop, end to end: the real dev server (`./scripts/serve`: Trunk plus
// `fumi-publish watch`) serving a copy of the sample project, and an author saving,
// adding, breaking and deleting posts while a page is open. Each change shows in the
// open page in place: no reload, the scroll position kept.
//
// Slow to start on a machine that has never built the debug app (Trunk compiles it);
// `bench/live.mjs` measures how fast a save shows.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TIMEOUT, expectPoll, launchChromium, waitForApp } from './harness.mjs';
import { startDevServer } from './dev-server.mjs';

const state = { dev: null, browser: null, contexts: [], tmp: null, project: null };

before(async () => {
  state.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fumi-live-'));
  state.project = path.join(state.tmp, 'project');
  for (const part of ['posts', 'public', 'fumi.toml']) fs.cpSync(part, path.join(state.project, part), { recursive: true });
  state.dev = await startDevServer({ project: state.project, dist: path.join(state.tmp, 'dev-dist') });
  state.browser = await launchChromium();
});

after(async () => {
  await Promise.all(state.contexts.map((c) => c.close().catch(() => {})));
  await state.browser?.close();
  await state.dev?.stop();
  if (state.tmp) fs.rmSync(state.tmp, { recursive: true, force: true });
});

async function open(pathname) {
  const context = await state.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  state.contexts.push(context);
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(state.dev.url + pathname);
  await waitForApp(page);
  // Gone if the page reloads.
  await page.evaluate(() => (window.stillTheSamePage = true));
  return { page, errors };
}

const post = (name) => path.join(state.project, 'posts', name);
const samePage = (page) => page.evaluate(() => window.stillTheSamePage === true);

test('a saved post shows in the open page, in place, at the same scroll position', async () => {
  const file = post('mlops-pipeline-on-kubernetes.md');
  const { page, errors } = await open('/posts/mlops-pipeline-on-kubernetes');
  await page.locator('main#main .post__body p').first().waitFor();
  await page.evaluate(() => window.scrollTo(0, 1500));
  await expectPoll(() => page.evaluate(() => Math.round(scrollY)), 1500);

  fs.appendFileSync(file, '\n\nライブプレビューで書き足した段落。\n');
  await page.locator('main#main .post__body p:text-is("ライブプレビューで書き足した段落。")').waitFor();
  assert.equal(await samePage(page), true, 'no reload');
  assert.equal(await page.evaluate(() => Math.round(scrollY)), 1500, 'the reader stays where they were');
  assert.deepEqual(errors, []);
});

test('a broken post is named with file and line at once, and the banner goes when it is fixed', async () => {
  const file = post('zz-half-written.md');
  const { page } = await open('/');
  fs.writeFileSync(file, '---\ntitle: "Half-written"\ndate: 2024-02-30\n---\nBody.\n');
  const banner = page.locator('.problems[role="alert"]');
  await banner.waitFor();
  assert.match(await banner.textContent(), /zz-half-written\.md:3/);
  fs.writeFileSync(file, '---\ntitle: "Half-written"\ndate: 2024-02-28\n---\nBody.\n');
  await expectPoll(() => banner.count(), 0, { message: 'the banner is gone' });
  assert.equal(await samePage(page), true, 'no reload');
  fs.rmSync(file);
});

test('a new post appears in the open list, and a deleted one disappears', async () => {
  const file = post('zz-live-new.md');
  const { page } = await open('/');
  const card = page.locator('li.post-card', { hasText: 'A post written just now' });
  fs.writeFileSync(file, '---\ntitle: "A post written just now"\ndate: 2099-01-01\n---\nHello.\n');
  await card.waitFor();
  fs.rmSync(file);
  await expectPoll(() => card.count(), 0, { message: 'the deleted post is gone from the list' });
  assert.equal(await samePage(page), true, 'no reload');
});
