// Link-preview images: every post's page names a 1200×630 PNG the publishing tool drew
// (title, site name, date, tags) as og:image and twitter:image, with a large Twitter
// card, and the tags follow the reader from post to post in the app.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectPoll, postPath, readManifest, useHarness, waitForApp } from './harness.mjs';

const h = useHarness();
const manifest = readManifest();
const BASE = manifest.site.base_url.replace(/\/?$/, '/');
const SLUG = 'moving-to-eks-team';

const unescape = (s) => s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Contents of the page head's `<meta {attr}="{key}">` tags. */
function metas(html, key) {
  const head = html.split('</head>')[0];
  return [...head.matchAll(/<meta (?:name|property)="([^"]*)" content="([^"]*)"/g)]
    .filter(([, k]) => k === key)
    .map(([, , content]) => unescape(content));
}

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(bytes) {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG signature');
  assert.equal(bytes.subarray(12, 16).toString('latin1'), 'IHDR');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

test("a post's page names its drawn 1200×630 preview image, served under the site's base", async () => {
  const html = await (await fetch(h.url + postPath(SLUG))).text();
  const [image] = metas(html, 'og:image');
  assert.ok(image?.startsWith(`${BASE}previews/`), `og:image is absolute, under ${BASE}: ${image}`);
  assert.deepEqual(metas(html, 'og:image'), [image], 'once');
  assert.deepEqual(metas(html, 'twitter:image'), [image]);
  assert.deepEqual(metas(html, 'twitter:card'), ['summary_large_image']);
  assert.deepEqual([metas(html, 'og:image:width'), metas(html, 'og:image:height')], [['1200'], ['630']]);
  assert.deepEqual(metas(html, 'og:image:alt'), [manifest.posts.find((p) => p.slug === SLUG).title]);

  const response = await fetch(h.url + '/' + image.slice(BASE.length));
  assert.equal(response.status, 200, image);
  assert.equal(response.headers.get('content-type'), 'image/png');
  assert.deepEqual(pngSize(Buffer.from(await response.arrayBuffer())), [1200, 630]);
});

test('every published post has a preview image, and a page without a post keeps the small card', async () => {
  for (const post of manifest.posts) assert.ok(post.image, `${post.slug} has an image`);
  const home = await (await fetch(h.url + '/')).text();
  assert.deepEqual(metas(home, 'og:image'), []);
  assert.deepEqual(metas(home, 'twitter:card'), ['summary']);
});

test("after a client-side navigation to another post the head names that post's image", async () => {
  const { page, errors } = await h.openPage(postPath(SLUG));
  await waitForApp(page);
  const images = () =>
    page.evaluate(() => ({
      og: [...document.querySelectorAll('meta[property="og:image"]')].map((m) => m.content),
      twitter: [...document.querySelectorAll('meta[name="twitter:image"]')].map((m) => m.content),
      card: document.querySelector('meta[name="twitter:card"]')?.content,
    }));
  const first = await images();
  assert.equal(first.og.length, 1);

  await page.evaluate(() => (window.__sameDocument = true));
  const link = page.locator('nav.post-nav a').first();
  const next = decodeURIComponent(new URL(await link.evaluate((a) => a.href)).pathname).replace(/^\/posts\//, '');
  await link.click();
  await page.locator('article.post h1', { hasText: manifest.posts.find((p) => p.slug === next).title }).waitFor();
  const expected = `${BASE}${manifest.posts.find((p) => p.slug === next).image}`;
  await expectPoll(images, { og: [expected], twitter: [expected], card: 'summary_large_image' });
  assert.notEqual(expected, first.og[0], 'another image, none stale');
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'client-side navigation');
  h.assertNoErrors(errors);
});
