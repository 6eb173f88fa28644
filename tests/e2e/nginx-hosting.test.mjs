// The site on a real CDN-like host: Debian's nginx with brotli_static, configured
// with examples/nginx/fumi.conf exactly as the README gives it to deployers
// (tests/e2e/nginx.mjs runs it on a free port). Checked at the root and under /blog/:
// pre-compressed brotli for pages, JS, wasm and CSS; a year of `immutable` for hashed
// files and revalidation for the rest; the security headers of the build's _headers;
// clean URLs without redirects (posts/<slug>.html today, posts/<slug>/index.html
// tomorrow); a reload of a post URL shows the post; an unknown path the not-found page.
//
// The /blog/ site is built here (`trunk build --release --public-url /blog/`, 10–20 s
// once dist/ is built), or taken from FUMI_DIST_BLOG when that names such a build.
//
// Only the markup contract is assumed: the post's title is the page's one <h1>, its
// body is in an <article>, links to posts are <a href> to /posts/<slug>.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DIST, PROFILE, readManifest, useHarness, waitForApp, postPath } from './harness.mjs';
import { nginxAvailable, startNginx } from './nginx.mjs';
import { buildSite, cannotBuild } from './build.mjs';

const h = useHarness();
const manifest = readManifest();

/** The longest Japanese post (the bench's post), else the longest. */
const POST = (() => {
  const size = (p) => fs.statSync(path.join(DIST, 'posts', `${p.slug}.md`)).size;
  const sorted = [...manifest.posts].sort((a, b) => size(b) - size(a));
  return sorted.find((p) => p.lang === 'ja') ?? sorted[0];
})();

const HASHED = /-[0-9a-f]{14,16}(_bg)?\.(js|wasm|css|svg|avif|webp|png|jpg)$/;
const REVALIDATE = 'public, max-age=0, must-revalidate';
const IMMUTABLE = 'public, max-age=31536000, immutable';
const CONTENT_TYPES = { html: /^text\/html/, js: /^(application|text)\/javascript/, wasm: /^application\/wasm$/, css: /^text\/css/ };

/** The build's own header policy (`_headers`, from crates/publish): nginx must send the same. */
function headersFileValue(dist, name) {
  const text = fs.readFileSync(path.join(dist, '_headers'), 'utf8');
  return text.match(new RegExp(`^\\s+${name}: (.*)$`, 'm'))?.[1] ?? null;
}

/** Headings of the post's Markdown (`## …`), as plain text: the rendered article shows them. */
function headingsOf(slug, n = 3) {
  const md = fs.readFileSync(path.join(DIST, 'posts', `${slug}.md`), 'utf8').replace(/```[\s\S]*?```/g, '');
  return [...md.matchAll(/^#{2,3} +(.+?) *#*$/gm)]
    .map((m) => m[1].replace(/<wbr>/g, '').replace(/[`*_~]/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').trim())
    .filter(Boolean)
    .slice(0, n);
}

const state = { tmp: null, sites: {}, servers: [], blogSkip: false };

before(async () => {
  assert.ok(nginxAvailable(), 'nginx with brotli_static is not installed: scripts/lib/setup.sh ensure_nginx (apt: nginx libnginx-mod-http-brotli-static)');
  state.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fumi-nginx-hosting-'));
  const serve = async (name, dist, base, mode = 'clean-urls') => {
    const server = await startNginx({ dist, base, mode });
    state.servers.push(server);
    state.sites[name] = { dist, base, origin: server.url, prefix: base.replace(/\/$/, '') };
  };
  await serve('root', DIST, '/');
  await serve('spa', DIST, '/', 'spa-fallback');

  // Tomorrow's layout: posts/<slug>/index.html instead of posts/<slug>.html.
  const dirs = path.join(state.tmp, 'dir-layout');
  fs.cpSync(DIST, dirs, { recursive: true });
  for (const f of fs.readdirSync(path.join(dirs, 'posts')).filter((f) => /\.html(\.br|\.gz)?$/.test(f))) {
    const slug = f.replace(/\.html(\.br|\.gz)?$/, '');
    fs.mkdirSync(path.join(dirs, 'posts', slug), { recursive: true });
    fs.renameSync(path.join(dirs, 'posts', f), path.join(dirs, 'posts', slug, f.replace(slug, 'index')));
  }
  await serve('dirs', dirs, '/');

  let blogDist = process.env.FUMI_DIST_BLOG;
  if (!blogDist) {
    const why = cannotBuild();
    if (why) {
      state.blogSkip = `no /blog/ build: ${why}; set FUMI_DIST_BLOG to a build made with --public-url /blog/`;
      return;
    }
    blogDist = path.join(state.tmp, 'blog-dist');
    buildSite({ publicUrl: '/blog/', dist: blogDist, release: PROFILE === 'release' });
  }
  assert.match(fs.readFileSync(path.join(blogDist, 'index.html'), 'utf8'), /<base href="\/blog\/"/, `${blogDist} is not a --public-url /blog/ build`);
  await serve('blog', blogDist, '/blog/');
});

after(async () => {
  await Promise.all(state.servers.map((s) => s.stop()));
  if (state.tmp) fs.rmSync(state.tmp, { recursive: true, force: true });
});

const get = (url, encodings = 'br, gzip') => fetch(url, { headers: { 'accept-encoding': encodings }, redirect: 'manual' });

/** Headers of a page (HTML) answer: brotli, revalidated, the build's policy. */
async function assertPage(site, url, what) {
  const res = await get(`${site.origin}${site.prefix}${url}`);
  const html = await res.text();
  assert.equal(res.status, 200, `${what}: status`);
  assert.equal(res.headers.get('location'), null, `${what}: no redirect`);
  assert.match(res.headers.get('content-type'), CONTENT_TYPES.html, `${what}: content-type`);
  assert.equal(res.headers.get('content-encoding'), 'br', `${what}: the .br copy is served`);
  assert.equal(res.headers.get('cache-control'), REVALIDATE, `${what}: cache-control`);
  for (const name of ['Content-Security-Policy', 'X-Content-Type-Options', 'Referrer-Policy']) {
    const expected = headersFileValue(site.dist, name);
    assert.ok(expected, `_headers of the build has ${name}`);
    assert.equal(res.headers.get(name), expected, `${what}: ${name} as in the build's _headers (update examples/nginx/fumi.conf)`);
  }
  return html;
}

/** Every hashed JS, wasm and CSS file of the build: brotli, immutable, the right type. */
async function assertHashedAssets(site) {
  const files = fs.readdirSync(site.dist).filter((f) => HASHED.test(f));
  const kinds = new Set();
  for (const f of files) {
    const res = await get(`${site.origin}${site.prefix}/${f}`);
    await res.arrayBuffer();
    const kind = f.split('.').pop();
    assert.equal(res.status, 200, f);
    assert.equal(res.headers.get('cache-control'), IMMUTABLE, `${f}: cache-control`);
    if (CONTENT_TYPES[kind]) assert.match(res.headers.get('content-type'), CONTENT_TYPES[kind], `${f}: content-type`);
    const hasBr = fs.existsSync(path.join(site.dist, `${f}.br`));
    assert.equal(res.headers.get('content-encoding'), hasBr ? 'br' : null, `${f}: content-encoding`);
    if (hasBr) kinds.add(kind);
  }
  for (const kind of ['js', 'wasm', 'css']) assert.ok(kinds.has(kind), `a hashed .${kind} file served brotli-compressed (files: ${files})`);
  // gzip for clients without brotli; a missing hashed file is a 404, never the app shell.
  const wasm = files.find((f) => f.endsWith('.wasm'));
  const gz = await get(`${site.origin}${site.prefix}/${wasm}`, 'gzip');
  await gz.arrayBuffer();
  assert.equal(gz.headers.get('content-encoding'), 'gzip', `${wasm} without brotli support`);
  const missing = await get(`${site.origin}${site.prefix}/fumi-0123456789abcdef.js`);
  await missing.arrayBuffer();
  assert.equal(missing.status, 404, 'a missing hashed file');
}

/**
 * Opens `url` on the site in Chromium, waits for the app, and returns the page, its
 * errors and every response (url, status, resource type, content-encoding).
 */
async function open(site, url) {
  const responses = [];
  const { page, errors } = await h.openPage(`${site.origin}${site.prefix}${url}`, {
    setup: (p) =>
      p.on('response', (r) =>
        responses.push({ url: r.url(), status: r.status(), type: r.request().resourceType(), encoding: r.headers()['content-encoding'] ?? null }),
      ),
  });
  await waitForApp(page);
  return { page, errors, responses };
}

/** The post is on screen: its title as the one h1, its article with its headings. */
async function assertPostShown(page, post, what) {
  const headings = headingsOf(post.slug);
  await page.locator('article h1').first().waitFor();
  assert.deepEqual(await page.locator('h1').allTextContents().then((t) => t.map((s) => s.trim())), [post.title], `${what}: the one h1`);
  const text = await page.locator('article').first().textContent();
  for (const heading of headings) assert.ok(text.includes(heading), `${what}: the article shows the heading "${heading}"`);
}

/** Responses of the load whose file has a .br copy in the build arrived brotli-compressed. */
function assertBrotliResponses(site, responses, what) {
  const origin = `${site.origin}${site.prefix}/`;
  const checked = new Set();
  for (const r of responses) {
    if (!r.url.startsWith(origin) || r.status !== 200) continue;
    let file = decodeURIComponent(new URL(r.url).pathname.slice(origin.length - site.origin.length));
    if (r.type === 'document') file = file === '' || file.endsWith('/') ? `${file}index.html` : `${file}.html`;
    const kind = file.split('.').pop();
    if (!['html', 'js', 'wasm', 'css'].includes(kind)) continue;
    const diskFile = fs.existsSync(path.join(site.dist, file)) ? file : file.replace(/\.html$/, '/index.html');
    if (!fs.existsSync(path.join(site.dist, `${diskFile}.br`))) continue;
    assert.equal(r.encoding, 'br', `${what}: ${r.url} (${r.type})`);
    checked.add(kind);
  }
  for (const kind of ['html', 'js', 'wasm', 'css']) assert.ok(checked.has(kind), `${what}: a ${kind} response was checked (${[...checked]})`);
}

// ---- at the root ----

test('root: pages and the post URL come brotli-compressed, revalidated, with the build\'s security headers', async () => {
  const site = state.sites.root;
  await assertPage(site, '/', '/');
  const post = await assertPage(site, postPath(POST.slug), postPath(POST.slug));
  assert.ok(post.includes(POST.title.replace(/&/g, '&amp;')), 'the post URL answers with the static post page');
  // The app shell for paths that are no file (status 200: the app routes them).
  const shell = await assertPage(site, '/no/such/page', '/no/such/page');
  assert.equal(shell, fs.readFileSync(path.join(DIST, '404.html'), 'utf8'), 'an unknown path gets 404.html');
  // The post body and manifest the app fetches: revalidated, brotli when there is a copy.
  for (const file of ['posts/manifest.json', `posts/${POST.slug}.md`]) {
    const res = await get(`${site.origin}/${file}`);
    await res.arrayBuffer();
    assert.equal(res.status, 200, file);
    assert.equal(res.headers.get('cache-control'), REVALIDATE, `${file}: cache-control`);
    if (fs.existsSync(path.join(DIST, `${file}.br`))) assert.equal(res.headers.get('content-encoding'), 'br', `${file}: content-encoding`);
  }
});

test('root: hashed JS, wasm and CSS are brotli-compressed and immutable', async () => {
  await assertHashedAssets(state.sites.root);
});

test('root: a post URL loads compressed in Chromium, renders the post, and renders it again on reload', async () => {
  const site = state.sites.root;
  const { page, errors, responses } = await open(site, postPath(POST.slug));
  const doc = responses.find((r) => r.type === 'document');
  assert.equal(doc.status, 200, 'the post URL itself, not a redirect or the fallback');
  await assertPostShown(page, POST, 'first load');
  assertBrotliResponses(site, responses, 'post load');
  responses.length = 0;
  await page.reload();
  await waitForApp(page);
  await assertPostShown(page, POST, 'after reload');
  assert.equal(responses.find((r) => r.type === 'document')?.status, 200, 'reload');
  h.assertNoErrors(errors);
});

test('root: a returning reader\'s next page waits on no request but its own HTML before the first paint', async () => {
  // Every file that blocks the first paint (the stylesheets and the script that applies
  // the stored theme) is content-hashed and immutable, so the second page of a visit
  // takes all of them from the cache without asking the server: an unhashed,
  // revalidated one would add a round trip before anything is drawn.
  const site = state.sites.root;
  const { page, errors } = await h.openPage(`${site.origin}${site.prefix}/`);
  await page.waitForLoadState('load');
  await page.goto(`${site.origin}${site.prefix}${postPath(POST.slug)}`);
  await page.waitForLoadState('load');
  const blocking = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((r) => r.renderBlockingStatus === 'blocking')
      .map((r) => ({ file: new URL(r.name).pathname.split('/').pop(), transferred: r.transferSize })),
  );
  assert.ok(blocking.some((r) => /^theme-[0-9a-f]{14,16}\.js$/.test(r.file)), `the theme script blocks the first paint, hashed: ${JSON.stringify(blocking)}`);
  assert.ok(blocking.some((r) => r.file.endsWith('.css')), `stylesheets block it: ${JSON.stringify(blocking)}`);
  for (const r of blocking) {
    assert.match(r.file, HASHED, `${r.file} blocks the first paint, so it must be hashed`);
    assert.equal(r.transferred, 0, `${r.file} came from the cache without a request`);
  }
  h.assertNoErrors(errors);
});

test('root: the home page loads compressed and lists the posts', async () => {
  const site = state.sites.root;
  const { page, errors, responses } = await open(site, '/');
  assertBrotliResponses(site, responses, 'home load');
  const newest = [...manifest.posts].sort((a, b) => (a.date < b.date ? 1 : -1))[0];
  await page.locator(`a[href="${postPath(newest.slug)}"]`).first().waitFor();
  h.assertNoErrors(errors);
});

test('root: an unknown path shows the not-found page', async () => {
  const { page, errors, responses } = await open(state.sites.root, '/no/such/page');
  assert.equal(responses.find((r) => r.type === 'document')?.status, 200, 'the app shell, status 200');
  assert.deepEqual(await page.locator('h1').allTextContents().then((t) => t.map((s) => s.trim())), ['Page not found']);
  assert.equal(await page.locator('article').count(), 0, 'no article');
  h.assertNoErrors(errors);
});

test('directory layout: /posts/<slug> is served from posts/<slug>/index.html without a redirect', async () => {
  const site = state.sites.dirs;
  const html = await assertPage(site, postPath(POST.slug), `${postPath(POST.slug)} (posts/<slug>/index.html)`);
  assert.ok(html.includes(POST.title.replace(/&/g, '&amp;')), 'the static post page');
  await assertPage(site, `${postPath(POST.slug)}/`, `${postPath(POST.slug)}/`);
  const { page, errors } = await open(site, postPath(POST.slug));
  await assertPostShown(page, POST, 'directory layout');
  h.assertNoErrors(errors);
});

test('spa-fallback mode (the bench\'s "host with only an SPA fallback") finds the post\'s directory page after a redirect', async () => {
  const site = state.sites.spa;
  const res = await get(`${site.origin}${postPath(POST.slug)}`);
  // nginx's `$uri/` answers a directory with a redirect to the slash form…
  assert.equal(res.status, 301);
  assert.equal(new URL(res.headers.get('location'), site.origin).pathname, `${postPath(POST.slug)}/`);
  // …where the post's own page is, not the home page.
  const page = await get(`${site.origin}${postPath(POST.slug)}/`);
  assert.equal(page.status, 200);
  assert.equal(await page.text(), fs.readFileSync(path.join(DIST, 'posts', POST.slug, 'index.html'), 'utf8'));
  assert.equal(page.headers.get('content-encoding'), 'br');
  // A URL without a page of its own gets the home page, on which the app renders it.
  const other = await get(`${site.origin}/no/such/page`);
  assert.equal(other.status, 200);
  assert.equal(await other.text(), fs.readFileSync(path.join(DIST, 'index.html'), 'utf8'));
});

// ---- under /blog/ ----

const blogTest = (name, fn) => test(`/blog/: ${name}`, async (t) => (state.blogSkip ? t.skip(state.blogSkip) : fn()));

blogTest('pages, the post URL and hashed files have the same headers; /blog redirects to /blog/', async () => {
  const site = state.sites.blog;
  await assertPage(site, '/', '/blog/');
  const post = await assertPage(site, postPath(POST.slug), `/blog${postPath(POST.slug)}`);
  assert.ok(post.includes(POST.title.replace(/&/g, '&amp;')), 'the static post page');
  await assertPage(site, '/no/such/page', '/blog/no/such/page');
  await assertHashedAssets(site);
  const bare = await get(`${site.origin}/blog`);
  assert.equal(bare.status, 301);
  assert.equal(bare.headers.get('location'), '/blog/');
});

blogTest('a post URL renders the post, on load and on reload, with every request under /blog/', async () => {
  const site = state.sites.blog;
  const { page, errors, responses } = await open(site, postPath(POST.slug));
  await assertPostShown(page, POST, 'first load');
  assertBrotliResponses(site, responses, 'post load under /blog/');
  await page.reload();
  await waitForApp(page);
  await assertPostShown(page, POST, 'after reload');
  const outside = responses.filter((r) => !r.url.startsWith(`${site.origin}/blog/`));
  assert.deepEqual(outside.map((r) => r.url), [], 'no request leaves /blog/');
  h.assertNoErrors(errors);
});

blogTest('an unknown path shows the not-found page', async () => {
  const { page, errors } = await open(state.sites.blog, '/no/such/page');
  assert.deepEqual(await page.locator('h1').allTextContents().then((t) => t.map((s) => s.trim())), ['Page not found']);
  assert.equal(await page.locator('article').count(), 0, 'no article');
  h.assertNoErrors(errors);
});
