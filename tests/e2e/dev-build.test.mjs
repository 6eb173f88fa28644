// What an author sees while `trunk serve` runs: its build publishes with
// `--drafts --keep-going` (see `fumi-publish trunk-hook`), so drafts are listed with a
// badge, and a post with broken front matter does not stop the site: every page shows
// a banner naming the file, line and field, and the other posts stay readable.
// The app is the release build from dist/; the posts are published here as the dev
// server's hook publishes them, from a copy of the sample project plus a broken post.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { DIST, useHarness, waitForApp, postPath } from './harness.mjs';
import { startServer } from './server.mjs';

const h = useHarness();
const dev = { tmp: null, server: null, manifest: null };
const BROKEN = 'posts/zz-broken-date.md';

before(async () => {
  dev.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fumi-dev-build-'));
  const site = path.join(dev.tmp, 'site');
  const dist = path.join(dev.tmp, 'dist');
  for (const part of ['posts', 'public', 'fumi.toml']) fs.cpSync(part, path.join(site, part), { recursive: true });
  fs.writeFileSync(path.join(site, BROKEN), '---\ntitle: "Half-written"\ndate: 2024-02-30\n---\nBody.\n');
  fs.cpSync(DIST, dist, { recursive: true });
  fs.rmSync(path.join(dist, 'posts'), { recursive: true, force: true });
  execFileSync(
    'cargo',
    ['run', '--quiet', '--offline', '-p', 'fumi-publish', '--', 'build', '--drafts', '--keep-going', '--root', site, '--out', path.join(dist, 'posts')],
    { stdio: 'pipe' },
  );
  dev.manifest = JSON.parse(fs.readFileSync(path.join(dist, 'posts', 'manifest.json'), 'utf8'));
  dev.server = await startServer({ dir: dist, port: 0 });
});

after(async () => {
  await dev.server?.close();
  if (dev.tmp) fs.rmSync(dev.tmp, { recursive: true, force: true });
});

test('drafts are listed with a Draft badge, and only drafts', async () => {
  const drafts = dev.manifest.posts.filter((p) => p.draft);
  assert.ok(drafts.length >= 1, 'the sample draft is published for the dev server');
  const { page, errors } = await h.openPage(`${dev.server.url}/`);
  await waitForApp(page);
  for (const d of drafts) {
    const card = page.locator(`li.post-card:has(a[href="${postPath(d.slug)}"])`);
    assert.equal((await card.locator('p.post-meta .badge--draft').textContent()).trim(), 'Draft');
  }
  assert.equal(await page.locator('.badge--draft').count(), drafts.length, 'only drafts have the badge');
  h.assertNoErrors(errors);
});

test('a broken post is named with file, line and field on every page; the rest still renders', async () => {
  assert.equal(dev.manifest.problems.length, 1);
  const { page, errors } = await h.openPage(`${dev.server.url}/`);
  await waitForApp(page);
  const banner = page.locator('.problems[role="alert"]');
  await banner.waitFor();
  const text = await banner.textContent();
  assert.match(text, /posts\/zz-broken-date\.md:3: date: `2024-02-30` has day 30/);
  assert.equal(await page.locator('li.post-card').count(), Math.min(dev.manifest.posts.length, dev.manifest.site.posts_per_page));

  await page.locator('li.post-card h2 a').first().click();
  await page.locator('article.post .post__body').waitFor();
  assert.equal(await page.locator('.problems[role="alert"]').count(), 1, 'the banner stays on post pages');
  h.assertNoErrors(errors);
});
