// Static post pages (posts/<slug>.html, written by the publishing tool after Trunk):
// crawlers and link-preview bots get the real title, description, Open Graph tags and
// body without running anything; readers see the post before the wasm has loaded, and
// the app then takes over with no second copy left behind.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readManifest, useHarness, waitForApp, postPath, expectPath } from './harness.mjs';

const h = useHarness();
const manifest = readManifest();
const JA = 'moving-to-eks-team';
const post = manifest.posts.find((p) => p.slug === JA);

const unescape = (s) =>
  s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const meta = (html, attr, name) => {
  const m = html.match(new RegExp(`<meta ${attr}="${name}" content="([^"]*)"`));
  return m && unescape(m[1]);
};

test('a post URL answers, without scripts, with its title, description, Open Graph tags and body', async () => {
  for (const p of manifest.posts) {
    const response = await fetch(h.url + postPath(p.slug));
    assert.equal(response.status, 200, p.slug);
    const html = await response.text();
    assert.equal(unescape(html.match(/<title>([^<]*)<\/title>/)[1]), `${p.title} — ${manifest.site.title}`);
    assert.equal(meta(html, 'name', 'description'), p.excerpt);
    assert.equal(meta(html, 'property', 'og:title'), p.title);
    assert.equal(meta(html, 'property', 'og:type'), 'article');
    assert.equal(meta(html, 'property', 'og:description'), p.excerpt);
    assert.equal(meta(html, 'name', 'twitter:card'), 'summary');
    const canonical = html.match(/<link rel="canonical" href="([^"]*)"/)[1];
    assert.equal(canonical, new URL(postPath(p.slug).slice(1), manifest.site.base_url).href);
    assert.equal(meta(html, 'property', 'og:url'), canonical);
    assert.match(html, new RegExp(`<h1 class="post__title">`));
  }
  const html = await (await fetch(h.url + postPath(JA))).text();
  assert.match(html, /異動し、Amazon EKS の上で/, 'the rendered body text is in the HTML, Japanese lines joined');
  assert.match(html, /<h2 id="なぜ移るのか">/, 'headings carry their ids');
});

test('with the wasm blocked, the reader still sees the post', async () => {
  const { page } = await h.openPage(postPath(JA), {
    setup: (p) => p.route('**/*.wasm', (route) => route.abort()),
  });
  const h1 = page.locator('#fumi-static h1');
  await h1.waitFor();
  assert.equal((await h1.textContent()).trim(), post.title);
  assert.ok(await page.locator('#fumi-static .post__body').isVisible());
  assert.equal(await page.title(), `${post.title} — ${manifest.site.title}`);
});

test('the app takes over: one copy of the post, the same body, client-side navigation works', async () => {
  // The static copy's first paragraph, as served (the app may replace it at once).
  const served = await (await fetch(h.url + postPath(JA))).text();
  const staticParagraph = served.match(/<div class="post__body prose">[\s\S]*?<p>([\s\S]*?)<\/p>/)[1];
  const { page, errors } = await h.openPage(postPath(JA));
  await waitForApp(page);
  await page.locator('main#main .post__body').waitFor();
  await page.waitForFunction(() => !document.getElementById('fumi-static'));
  assert.equal(await page.locator('h1').count(), 1, 'a single h1 after the takeover');
  assert.equal(await page.locator('main#main .post__body p').first().innerHTML(), staticParagraph, 'same renderer');
  assert.ok(await page.locator('main#main .post__body').isVisible());
  await page.locator('nav.post-nav a').first().click();
  await page.waitForFunction((slug) => !location.pathname.endsWith(slug), JA);
  await page.locator('article.post .post__body').waitFor();
  assert.equal(await page.locator('h1').count(), 1);
  h.assertNoErrors(errors);
});

test('navigating away before the body arrives removes the static copy', async () => {
  let release;
  const gate = new Promise((r) => (release = r));
  const { page, errors } = await h.openPage(postPath(JA), {
    setup: (p) =>
      p.route(`**/posts/${JA}.md`, async (route) => {
        await gate;
        await route.continue();
      }),
  });
  await page.waitForFunction(() => window.wasmBindings !== undefined);
  await page.evaluate(() => history.pushState(null, '', '/tags'));
  await page.evaluate(() => dispatchEvent(new PopStateEvent('popstate')));
  await expectPath(page, '/tags');
  await page.locator('ul.tag-index').waitFor();
  assert.equal(await page.locator('#fumi-static').count(), 0);
  assert.ok(await page.locator('ul.tag-index').isVisible());
  release();
  h.assertNoErrors(errors);
});

test('title, description, canonical, Open Graph and Twitter tags follow client-side navigation', async () => {
  const { page, errors } = await h.openPage('/tags');
  await waitForApp(page);
  const head = () =>
    page.evaluate(() => ({
      title: document.title,
      description: document.querySelector('meta[name="description"]')?.content,
      canonical: document.querySelector('link[rel="canonical"]')?.href,
      ogTitle: document.querySelector('meta[property="og:title"]')?.content,
      ogUrl: document.querySelector('meta[property="og:url"]')?.content,
      twitterTitle: document.querySelector('meta[name="twitter:title"]')?.content,
    }));
  const base = manifest.site.base_url.replace(/\/$/, '');
  let tags = await head();
  assert.equal(tags.ogTitle, 'Tags');
  assert.equal(tags.description, manifest.site.description);
  assert.equal(tags.canonical, `${base}/tags`);

  await page.locator('.site-nav a').first().click();
  await page.locator('li.post-card').first().waitFor();
  const target = manifest.posts[0];
  await page.locator(`a[href="${postPath(target.slug)}"]`).first().click();
  await page.locator('article.post h1', { hasText: target.title }).waitFor();
  let post;
  for (let i = 0; i < 50; i++) {
    post = await head();
    if (post.ogTitle === target.title) break;
    await page.waitForTimeout(20);
  }
  assert.deepEqual(post, {
    title: `${target.title} — ${manifest.site.title}`,
    description: target.excerpt,
    canonical: `${base}${postPath(target.slug)}`,
    ogTitle: target.title,
    ogUrl: `${base}${postPath(target.slug)}`,
    twitterTitle: target.title,
  });
  assert.equal(await page.locator('meta[name="description"]').count(), 1, 'tags are updated, not piled up');
  h.assertNoErrors(errors);
});
