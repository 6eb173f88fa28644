// Share links and comments under a post, against the sample site's build (giscus
// configured, Mastodon asking for the reader's instance): the links carry the post's
// canonical URL and title, in the rendered page and after a client-side navigation;
// "Copy link", the system share sheet and the Mastodon question work before the app
// runs and after it has taken the page over; and comments stay private until asked
// for: no request leaves the site before "Show comments" is pressed, then giscus's
// script loads and its frame is allowed by the post page's policy (and only a post
// page's). The machine is offline: giscus.app is answered by page.route.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DIST, expectPath, expectPoll, holdApp, postPath, readManifest, useHarness, waitForApp } from './harness.mjs';
import { THEMES, axeViolations, describeViolations, assertNoViolations, themeSetup } from './a11y.mjs';

// Served with the build's headers: the Content-Security-Policy is in force.
const h = useHarness({ headers: true });
const manifest = readManifest();
const BASE_URL = manifest.site.base_url.replace(/\/?$/, '/');
const post = (slug) => manifest.posts.find((p) => p.slug === slug);
/** A post with a Japanese title, and the older one its page links to. */
const JA = 'inference-capacity-math';
const OLDER = 'mlops-pipeline-on-kubernetes';
const canonical = (slug) => `${BASE_URL}posts/${encodeURIComponent(slug)}`;

/** The share links' hrefs by their text. */
const shareLinks = (page) =>
  page
    .locator('main#main .share a.share__link')
    .evaluateAll((as) => Object.fromEntries(as.map((a) => [a.textContent.trim(), a.href])));

/** What each network's link must be for `slug`. */
function expectedLinks(slug) {
  const url = encodeURIComponent(canonical(slug));
  const title = encodeURIComponent(post(slug).title);
  return {
    X: `https://x.com/intent/post?text=${title}&url=${url}`,
    'Hatena Bookmark': `https://b.hatena.ne.jp/add?mode=confirm&url=${url}&title=${title}`,
    Bluesky: `https://bsky.app/intent/compose?text=${title}%20${url}`,
    Mastodon: `https://mastodon.social/share?text=${title}%20${url}`,
    LinkedIn: `https://www.linkedin.com/sharing/share-offsite/?url=${url}`,
  };
}

/** Runs in every document before its scripts: records each policy violation. */
function recordViolations() {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) =>
    window.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'}`),
  );
}

/** giscus, offline: its script fills the first `.giscus` with a frame, as the real one does. */
async function fakeGiscus(context) {
  const asked = [];
  await context.route('https://giscus.app/**', (route) => {
    const url = route.request().url();
    asked.push(url);
    if (url === 'https://giscus.app/client.js') {
      return route.fulfill({
        contentType: 'text/javascript',
        body: `{
          const data = document.currentScript.dataset;
          const frame = document.createElement('iframe');
          frame.className = 'giscus-frame';
          frame.title = 'Comments';
          const params = new URLSearchParams({ term: data.term, repo: data.repo, theme: data.theme });
          frame.src = 'https://giscus.app/widget?' + params;
          document.querySelector('.giscus').replaceChildren(frame);
        }`,
      });
    }
    return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>giscus</title><p>No comments yet.' });
  });
  return asked;
}

test('the rendered page carries share links with the canonical URL and Japanese title, and so does a post the app shows later', async () => {
  const { page, errors } = await h.openPage(postPath(JA), { goto: false });
  const release = await holdApp(page);
  await page.goto(postPath(JA));
  const rendered = await page.locator('link[rel="canonical"]').getAttribute('href');
  assert.equal(rendered, canonical(JA), 'the canonical URL the links share');
  assert.deepEqual(await shareLinks(page), expectedLinks(JA), 'before the app runs');
  for (const link of await page.locator('.share a.share__link').all()) {
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
  }
  release();
  await waitForApp(page);
  assert.deepEqual(await shareLinks(page), expectedLinks(JA), 'the app kept them');
  await page.locator('main#main a.post-nav__link--older').click();
  await expectPath(page, postPath(OLDER));
  await expectPoll(() => shareLinks(page), expectedLinks(OLDER), { message: 'the next post’s links' });
  assert.equal(await page.locator('main#main .share').count(), 1);
  h.assertNoErrors(errors);
});

test('"Copy link" copies the canonical URL and says so, before the app runs and after it has taken the page over', async () => {
  const { page, context, errors } = await h.openPage(postPath(JA), { goto: false });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.url });
  const release = await holdApp(page);
  await page.goto(postPath(JA));
  const status = page.locator('main#main .share [role="status"]');
  assert.equal(await status.textContent(), '', 'nothing said yet');
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expectPoll(() => status.textContent(), 'Link copied.', { message: 'announced' });
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), canonical(JA));
  assert.equal(await page.evaluate(() => document.documentElement.dataset.fumiApp ?? null), null, 'the app did not run');

  release();
  await waitForApp(page);
  assert.equal(await status.textContent(), 'Link copied.', 'the app took the page over without clearing it');
  await page.evaluate(() => navigator.clipboard.writeText(''));
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expectPoll(() => page.evaluate(() => navigator.clipboard.readText()), canonical(JA));
  // The next post starts with nothing said, and copies its own address.
  await page.locator('main#main a.post-nav__link--older').click();
  await expectPath(page, postPath(OLDER));
  await expectPoll(() => status.textContent(), '', { message: 'the message went with its post' });
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expectPoll(() => page.evaluate(() => navigator.clipboard.readText()), canonical(OLDER));
  h.assertNoErrors(errors);
});

test('the system share button shows only where the browser has a share sheet, and shares the post', async () => {
  const { page: without } = await h.openPage(postPath(JA), {
    setup: (page) => page.addInitScript(() => delete Navigator.prototype.share),
  });
  assert.equal(await without.locator('.share [data-share-native]').isVisible(), false, 'no navigator.share: hidden');
  assert.equal(await without.getByRole('button', { name: 'Share…' }).count(), 0, 'and out of the accessibility tree');

  const { page, errors } = await h.openPage(postPath(JA), {
    setup: (page) =>
      page.addInitScript(() => {
        Navigator.prototype.share = async function (data) {
          window.__shared = data;
        };
      }),
  });
  const button = page.getByRole('button', { name: 'Share…' });
  assert.equal(await button.isVisible(), true, 'navigator.share: shown');
  await button.click();
  assert.deepEqual(await page.evaluate(() => window.__shared), { title: post(JA).title, url: canonical(JA) });
  // The app's page of another post keeps it shown.
  await waitForApp(page);
  await page.locator('main#main a.post-nav__link--older').click();
  await expectPath(page, postPath(OLDER));
  await expectPoll(() => page.locator('main#main .share [data-share-native]').isVisible(), true);
  h.assertNoErrors(errors);
});

test('Mastodon asks for the reader’s instance, remembers it, and shares there', async () => {
  const { page, context, errors } = await h.openPage(postPath(JA));
  await context.route('https://fosstodon.org/**', (route) => route.fulfill({ contentType: 'text/html', body: 'ok' }));
  const answers = ['https://Fosstodon.org/@someone', null];
  const defaults = [];
  page.on('dialog', (dialog) => {
    defaults.push(dialog.defaultValue());
    const answer = answers.shift();
    return answer === null ? dialog.dismiss() : dialog.accept(answer);
  });
  const mastodon = page.locator('.share a', { hasText: 'Mastodon' });
  const [popup] = await Promise.all([context.waitForEvent('page'), mastodon.click()]);
  const text = `${post(JA).title} ${canonical(JA)}`;
  assert.equal(popup.url(), `https://fosstodon.org/share?text=${encodeURIComponent(text)}`);
  assert.equal(await page.evaluate(() => localStorage.getItem('fumi-mastodon')), 'fosstodon.org');
  await popup.close();
  // Asked again, with the remembered one offered; cancelling goes nowhere.
  await mastodon.click();
  await expectPoll(() => defaults.length, 2);
  assert.deepEqual(defaults, ['', 'fosstodon.org']);
  assert.equal(context.pages().length, 1, 'no window opened');
  assert.equal(new URL(page.url()).pathname, postPath(JA));
  h.assertNoErrors(errors);
});

test('comments: nothing leaves the site until "Show comments", then giscus loads under the post page’s policy', async () => {
  const { page, context, errors } = await h.openPage(postPath(JA), {
    goto: false,
    setup: (page) => page.addInitScript(recordViolations),
  });
  const asked = await fakeGiscus(context);
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(postPath(JA));
  await waitForApp(page);
  // Everything a reader does short of asking: scroll to the comments, look around.
  const button = page.getByRole('button', { name: 'Show comments' });
  await button.scrollIntoViewIfNeeded();
  await button.hover();
  await page.waitForLoadState('networkidle');
  const elsewhere = requests.filter((url) => new URL(url).origin !== h.url && !url.startsWith('data:'));
  assert.deepEqual(elsewhere, [], 'no request to another origin before the reader asks');
  assert.deepEqual(asked, []);
  assert.equal(await page.locator('main#main .comments iframe').count(), 0);

  await button.click();
  const frame = page.locator('main#main .comments__thread iframe.giscus-frame');
  await frame.waitFor();
  assert.equal(asked[0], 'https://giscus.app/client.js');
  const src = new URL(await frame.getAttribute('src'));
  assert.equal(src.searchParams.get('term'), `posts/${JA}`, 'the thread is named after the canonical path');
  assert.equal(src.searchParams.get('repo'), 'fumi-blog/fumi', 'the repository fumi.toml names');
  assert.equal(src.searchParams.get('theme'), 'preferred_color_scheme', 'no theme chosen: the system’s');
  await expectPoll(() => asked.some((url) => url.startsWith('https://giscus.app/widget')), true, {
    message: 'the frame loaded',
  });
  assert.equal(await button.isVisible(), false, 'the button gives way to the thread');
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('comments__thread')), true);
  assert.deepEqual(await page.evaluate(() => window.__violations), [], 'the policy allowed script and frame');

  // Another post: its own comment area, not this one's thread.
  await page.locator('main#main a.post-nav__link--older').click();
  await expectPath(page, postPath(OLDER));
  await page.getByRole('button', { name: 'Show comments' }).waitFor();
  assert.equal(await page.locator('main#main .comments iframe').count(), 0, 'the thread is gone');
  h.assertNoErrors(errors);
});

test('comments asked for on a post reached from a page whose policy lacks giscus: the post loads afresh with the thread', async () => {
  const { page, context, errors } = await h.openPage('/', {
    goto: false,
    setup: async (page) => {
      await page.addInitScript(recordViolations);
      // The reader chose fumi's dark theme: the thread follows.
      await page.addInitScript(() => window === top && localStorage.setItem('fumi-theme', 'dark'));
    },
  });
  const asked = await fakeGiscus(context);
  await page.goto('/');
  await waitForApp(page);
  await page.locator(`main#main a[href$="${postPath(JA)}"]`).first().click();
  await expectPath(page, postPath(JA));
  await page.getByRole('button', { name: 'Show comments' }).click();
  await page.locator('main#main .comments__thread iframe.giscus-frame').waitFor();
  assert.equal(asked[0], 'https://giscus.app/client.js');
  const src = new URL(await page.locator('main#main iframe.giscus-frame').getAttribute('src'));
  assert.equal(src.searchParams.get('theme'), 'dark');
  assert.deepEqual(await page.evaluate(() => window.__violations), [], 'no script was refused: the page was reloaded first');
  h.assertNoErrors(errors);
});

test('the policy allows giscus in post pages only', () => {
  const metaPolicy = (file) =>
    fs
      .readFileSync(path.join(DIST, file), 'utf8')
      .match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/)[1];
  const directive = (policy, name) =>
    policy
      .split('; ')
      .find((d) => d.startsWith(`${name} `))
      ?.split(' ')
      .slice(1) ?? [];
  for (const file of [`posts/${JA}.html`, `posts/${JA}/index.html`]) {
    const policy = metaPolicy(file);
    for (const name of ['script-src', 'frame-src', 'style-src']) {
      assert.ok(directive(policy, name).includes('https://giscus.app'), `${file}: ${name} allows giscus: ${policy}`);
    }
  }
  for (const file of ['index.html', '404.html', 'archive.html', 'tags.html']) {
    assert.doesNotMatch(metaPolicy(file), /giscus/, `${file}: no giscus`);
  }
});

test('a post page with its share links and comments button has no axe violations, in every theme and at 320 px', async () => {
  const found = [];
  for (const theme of THEMES) {
    for (const viewport of [undefined, { width: 320, height: 640 }]) {
      const { page, errors } = await h.openPage(postPath(JA), themeSetup(theme, { viewport }));
      await waitForApp(page);
      await page.locator('main#main .comments__load').scrollIntoViewIfNeeded();
      const violations = await axeViolations(page);
      if (violations.length) found.push(describeViolations(`${theme.name} ${viewport?.width ?? 1280}px`, violations));
      h.assertNoErrors(errors);
      await page.context().close();
    }
  }
  assertNoViolations(found, 'post page with share links and comments');
});
