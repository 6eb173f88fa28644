// Any host, any path: the site at the root and under a sub-path (/blog/), on a host
// with an SPA fallback (unknown paths → index.html, 200: Netlify `_redirects`, nginx
// `try_files`) and on one without rewrites (unknown paths → the site's 404.html with
// status 404: GitHub Pages, S3). In every combination a reload of any deep URL shows
// the right page, every link carries the prefix, and no request leaves it.
//
// The sub-path site is what a deployer builds: `trunk build --public-url /blog/`, run
// once here (10–20 s: the wasm is already compiled by the build of dist/). Every copy
// lists 3 posts per page, so the seven sample posts have a page 2 to reload.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { DIST, PROFILE, useHarness, waitForApp, expectPath, expectTitle, expectPoll, postPath, tagPath } from './harness.mjs';
import { startServer } from './server.mjs';
import { renderPages } from './build.mjs';

const h = useHarness();
const PER_PAGE = 3;
const JA_TAG = '機械学習';
const QUERY = '運用';
/** The slug the home page's first card links to, and a post with a table of contents. */
const POST = 'writing-posts';
const JA_BASE = '/日記/';

const state = { tmp: null, servers: [], sites: {} };

/**
 * Makes a built folder (made for `publicUrl`) into the test site: 3 posts per page.
 * `render`: every route's page is rendered again from that manifest, as a build with
 * `posts_per_page = 3` would write them, so the app takes them over as on a real host.
 * Only for a build made here from the tree (the publishing tool renders with the
 * tree's components, which must be the ones compiled into the build's wasm); the
 * copy of the build under test keeps its pages, which now name another manifest, so
 * the app renders every route itself there (a deploy whose pages are older than its
 * manifest).
 */
function prepareSite(dir, publicUrl, { render }) {
  const file = path.join(dir, 'posts', 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  manifest.site.posts_per_page = PER_PAGE;
  fs.writeFileSync(file, JSON.stringify(manifest));
  // A release build has a page per route; a debug build (FUMI_PROFILE=debug) has none.
  if (render && /data-fumi-route=/.test(fs.readFileSync(path.join(dir, 'index.html'), 'utf8'))) renderPages(dir, publicUrl);
  return manifest;
}

before(async () => {
  state.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fumi-hosting-'));
  const rootDist = path.join(state.tmp, 'root-dist');
  const blogDist = path.join(state.tmp, 'blog-dist');
  fs.cpSync(DIST, rootDist, { recursive: true });
  const bin = path.resolve('node_modules/.bin');
  execFileSync(
    'trunk',
    ['build', ...(PROFILE === 'release' ? ['--release'] : []), '--offline', '--public-url', '/blog/', '--dist', blogDist],
    {
      stdio: 'pipe',
      timeout: 300_000,
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        TRUNK_TOOLS_WASM_BINDGEN: process.env.TRUNK_TOOLS_WASM_BINDGEN ?? '0.2.130',
        TRUNK_TOOLS_WASM_OPT: process.env.TRUNK_TOOLS_WASM_OPT ?? 'version_132',
      },
    },
  );
  // A sub-path that is not ASCII. Trunk writes `--public-url /日記/` into the pages as
  // is (checked by hand: the same build as /blog/ with the path swapped, so it is made
  // here from the /blog/ build rather than built a third time), and the browser's
  // location.pathname carries it percent-encoded.
  const manifests = { root: prepareSite(rootDist, '/', { render: false }), blog: prepareSite(blogDist, '/blog/', { render: true }) };
  const jaDist = path.join(state.tmp, 'ja-dist');
  fs.cpSync(blogDist, jaDist, { recursive: true });
  for (const file of fs.readdirSync(jaDist, { recursive: true }).filter((f) => f.endsWith('.html'))) {
    const html = fs.readFileSync(path.join(jaDist, file), 'utf8');
    fs.writeFileSync(path.join(jaDist, file), html.replace(/(["'])\/blog\//g, `$1${JA_BASE}`));
  }
  // Its pages rendered for /日記/ by the publishing tool, as `trunk build --public-url /日記/` has it do.
  prepareSite(jaDist, JA_BASE, { render: true });
  for (const [name, dir, base] of [['root', rootDist, '/'], ['blog', blogDist, '/blog/'], ['ja', jaDist, JA_BASE]]) {
    const manifest = manifests[name] ?? manifests.blog;
    for (const fallback of name === 'ja' ? ['404.html'] : ['spa', '404.html']) {
      const server = await startServer({ dir, port: 0, base, fallback });
      state.servers.push(server);
      // The prefix as links and location.pathname carry it: percent-encoded.
      const prefix = encodeURI(base).replace(/\/$/, '');
      state.sites[`${name} ${fallback}`] = { dir, manifest, fallback, origin: server.url, prefix };
    }
  }
});

after(async () => {
  await Promise.all(state.servers.map((s) => s.close()));
  if (state.tmp) fs.rmSync(state.tmp, { recursive: true, force: true });
});

// ---- the build ----

test('dist/404.html (written by the post_build hook) is the not-found page, and starts the app like index.html', () => {
  const notFound = path.join(DIST, '404.html');
  assert.ok(fs.existsSync(notFound), `${notFound} is missing: hosts without rewrites cannot start the app on a deep URL`);
  const page = fs.readFileSync(notFound, 'utf8');
  const index = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  // The same <base> and the same app entry, so it starts the app on any URL, at any depth…
  const entry = (html) => [html.match(/<base [^>]*>/)?.[0], html.match(/<script data-after-first-paint="[^"]*fumi-start-[^>]*>/)?.[0]];
  assert.deepEqual(entry(page), entry(index));
  assert.ok(entry(page).every(Boolean), 'a <base> and the script that loads the start script');
  // …and it is no route's page (the app renders the URL's route over it at once), not the
  // home page, which would show the home on every deep URL: the not-found page.
  assert.doesNotMatch(page, /data-fumi-route|id="fumi-page"/);
  if (PROFILE === 'release') {
    assert.match(page, /<section class="page not-found">/);
    assert.doesNotMatch(page, /<ol class="post-list">/);
  }
});

test('a --public-url /blog/ build differs from the root build only in the URLs of index.html', () => {
  const blogDist = path.join(state.tmp, 'blog-dist');
  const html = fs.readFileSync(path.join(blogDist, 'index.html'), 'utf8');
  assert.match(html, /<base href="\/blog\/"/);
  // The head's URLs: assets, which must be files of the build (the body may hold page links).
  const urls = [...html.split('</head>')[0].matchAll(/(?:href|src)="([^"#]*)"|from '([^']*)'|module_or_path: '([^']*)'/g)]
    .map((m) => m[1] ?? m[2] ?? m[3])
    // Full URLs (canonical, og:url) come from fumi.toml's base_url, not from the build.
    .filter((u) => u !== '/blog/' && !/^[a-z]+:/.test(u));
  assert.ok(urls.length >= 5, `asset URLs found: ${urls}`);
  for (const url of urls) {
    // Absolute URLs carry the prefix; relative ones resolve against <base href="/blog/">.
    assert.ok(url.startsWith('/blog/') || !url.startsWith('/'), `${url} escapes /blog/`);
    const file = url.startsWith('/blog/') ? url.slice('/blog/'.length) : url;
    assert.ok(fs.existsSync(path.join(blogDist, file)), `${url} is in the build`);
  }
  // Otherwise the same page, and the same files: the app finds its base at run time.
  // (Content hashes are left out: dist/ may be a build of an older tree.)
  const unhash = (text) => text.replace(/-[0-9a-f]{14,16}(_bg)?\./g, '-HASH$1.').replace(/integrity="[^"]*"/g, '');
  // (The pages of the build under test list 10 posts a page; this copy's, rendered again, 3.)
  const lists = (text) => text.replace(/<body>[\s\S]*<\/body>/, '').replace(/\s+/g, ' ');
  assert.equal(lists(unhash(html.replaceAll('/blog/', '/'))), lists(unhash(fs.readFileSync(path.join(DIST, 'index.html'), 'utf8'))));
  const files = (dir) => unhash(fs.readdirSync(dir).filter((f) => /\.(wasm|js|css|svg)$/.test(f)).sort().join('\n'));
  assert.equal(files(blogDist), files(DIST));
});

// ---- every host × every path ----

/**
 * Opens `url` (relative to the site) in a fresh page that records every request. Returns
 * the page, its error list (a deep URL's 404 document status is the host's, not an
 * error, in 404.html mode) and the requested URLs.
 */
async function open(site, url) {
  const requests = [];
  const documents = [];
  const { page, errors } = await h.openPage(`${site.origin}${site.prefix}${url}`, {
    setup: (p) => {
      p.on('request', (req) => requests.push(req.url()));
      p.on('response', (res) => {
        if (res.request().isNavigationRequest() && res.frame() === p.mainFrame()) documents.push(res);
      });
    },
  });
  const appErrors = () =>
    errors.filter((e) => {
      if (site.fallback !== '404.html') return true;
      // The host answers a deep URL with 404.html and status 404: expected, and the
      // browser logs it. Anything else (a fetch, an asset) is still an error.
      return !documents.some((d) => d.status() === 404 && (e === `http 404: ${d.url()}` || (e.startsWith('console: Failed to load resource') && e.endsWith(`(${d.url()})`))));
    });
  return { page, errors, requests, documents, appErrors };
}

/** Asserts every request went to this site's origin and under its prefix. */
function assertUnderPrefix(site, requests) {
  const root = `${site.origin}${site.prefix}/`;
  const outside = requests.filter((u) => !u.startsWith(root) && !u.startsWith('data:'));
  assert.deepEqual(outside, [], `requests outside ${root}`);
}

const cardLinks = (page) =>
  page.locator('main ol.post-list h2.post-card__title a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));

for (const where of ['root', 'blog']) {
  for (const fallback of ['spa', '404.html']) {
    const name = `${where} ${fallback}`;
    const label = `${where === 'root' ? 'at /' : 'under /blog/'}, ${fallback === 'spa' ? 'SPA fallback' : '404.html fallback'}`;

    test(`${label}: home, links with the prefix, a post, Back and Forward`, async () => {
      const site = state.sites[name];
      const p = site.prefix;
      const m = site.manifest;
      const { page, requests, documents, appErrors } = await open(site, '/');
      await waitForApp(page);
      assert.equal(documents[0].status(), 200);
      assert.deepEqual(await page.locator('main h1').allTextContents(), [m.site.title]);
      assert.deepEqual(
        await page.locator('header a.site-title, header nav.site-nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
        // The title, then fumi.toml's [[nav]]: routes below the prefix, other sites as they are.
        [`${p}/`, ...m.site.nav.map((link) => (/^https?:/.test(link.url) ? link.url : `${p}${link.url}`))],
      );
      assert.deepEqual(await cardLinks(page), m.posts.slice(0, PER_PAGE).map((post) => `${p}${postPath(post.slug)}`));
      assert.equal(await page.locator('main nav.pagination a[rel="next"]').getAttribute('href'), `${p}/page/2`);
      await page.evaluate(() => {
        window.__marker = 1;
      });

      const post = m.posts.find((x) => x.slug === POST);
      await page.locator(`main h2.post-card__title a[href="${p}${postPath(POST)}"]`).click();
      await expectPath(page, `${p}${postPath(POST)}`);
      await page.locator('article.post h1.post__title', { hasText: post.title }).waitFor();
      await page.locator('article.post .post__body').waitFor();
      assert.equal(await page.evaluate(() => window.__marker), 1, 'client-side navigation');
      for (const tag of post.tags) {
        assert.equal(await page.locator(`article.post a.tag[href="${p}${tagPath(tag)}"]`).count(), 1, `tag link ${tag}`);
      }
      // Same-page links (table of contents) stay on the post under the prefix.
      const toc = page.locator('.toc a.toc__link').first();
      const fragment = await toc.getAttribute('href');
      await toc.click();
      await expectPoll(() => new URL(page.url()).hash, fragment);
      await expectPath(page, `${p}${postPath(POST)}`);
      await page.goBack();
      await expectPath(page, `${p}${postPath(POST)}`);

      await page.goBack();
      await expectPath(page, `${p}/`);
      await page.locator('main ol.post-list').waitFor();
      await expectTitle(page, m.site.title);
      await page.goForward();
      await expectPath(page, `${p}${postPath(POST)}`);
      await page.locator('article.post h1.post__title', { hasText: post.title }).waitFor();
      assert.equal(await page.evaluate(() => window.__marker), 1, 'no full load on Back/Forward');

      // Header links navigate under the prefix too.
      await page.locator('header nav.site-nav a', { hasText: 'Tags' }).click();
      await expectPath(page, `${p}/tags`);
      await page.locator('main ul.tag-index').waitFor();
      await page.locator('main ul.tag-index a.tag').getByText(JA_TAG, { exact: true }).click();
      await expectPath(page, `${p}${tagPath(JA_TAG)}`);
      await page.locator('main h1', { hasText: JA_TAG }).waitFor();
      assert.equal(await page.evaluate(() => window.__marker), 1, 'still no full load');

      assert.ok(requests.includes(`${site.origin}${p}/posts/manifest.json`), 'manifest under the prefix');
      assert.ok(requests.includes(`${site.origin}${p}/posts/${POST}.md`), 'body under the prefix');
      assertUnderPrefix(site, requests);
      h.assertNoErrors(appErrors());
    });

    test(`${label}: reloading deep URLs shows the right page`, async () => {
      const site = state.sites[name];
      const p = site.prefix;
      const m = site.manifest;
      const post = m.posts.find((x) => x.slug === 'mlops-pipeline-on-kubernetes');
      const tagged = m.posts.filter((x) => x.tags.includes('kubernetes'));
      // [URL, expected h1 (text or RegExp), then a check of the page's content]
      const cases = [
        [postPath(post.slug), post.title, async (page) => page.locator('article.post .post__body h2').first().waitFor()],
        [tagPath(JA_TAG), new RegExp(JA_TAG), async (page) => {
          await expectPoll(() => cardLinks(page), m.posts.filter((x) => x.tags.includes(JA_TAG)).map((x) => `${p}${postPath(x.slug)}`));
        }],
        [`/search?q=${encodeURIComponent(QUERY)}`, 'Search', async (page) => {
          await page.locator('.search-result').first().waitFor();
          const links = await page.locator('.search-result__title a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
          assert.ok(links.length > 0 && links.every((l) => l.startsWith(`${p}/posts/`)), `result links: ${links}`);
          assert.equal(await page.locator('.search-form__input').inputValue(), QUERY);
        }],
        ['/archive', 'Archive', async (page) => page.locator('main section.archive-year').first().waitFor()],
        ['/page/2', m.site.title, async (page) => {
          await expectPoll(() => cardLinks(page), m.posts.slice(PER_PAGE, 2 * PER_PAGE).map((x) => `${p}${postPath(x.slug)}`));
          assert.equal(await page.locator('main nav.pagination a[rel="prev"]').getAttribute('href'), `${p}/`);
        }],
        [`${tagPath('kubernetes')}/page/2`, /kubernetes/, async (page) => {
          await expectPoll(() => cardLinks(page), tagged.slice(PER_PAGE, 2 * PER_PAGE).map((x) => `${p}${postPath(x.slug)}`));
          assert.equal(await page.locator('main nav.pagination a[rel="prev"]').getAttribute('href'), `${p}${tagPath('kubernetes')}`);
        }],
      ];
      const { page, requests, documents, appErrors } = await open(site, cases[0][0]);
      for (const [i, [url, h1, check]] of cases.entries()) {
        if (i > 0) await page.goto(`${site.origin}${p}${url}`);
        // Reload too: the second load of the same deep URL must work as well as the first.
        if (i === 0) await page.reload();
        await waitForApp(page);
        // A host without rewrites answers 404 (with 404.html), unless the build has a
        // file for the URL: index.html for /, posts/<slug>.html (a static post page,
        // served for /posts/<slug> by hosts with clean URLs) for a post.
        const file = decodeURIComponent(url.split('?')[0]).replace(/\/$/, '/index');
        const isFile = fs.existsSync(path.join(site.dir, `${file}.html`));
        assert.equal(documents.at(-1).status(), site.fallback === 'spa' || isFile ? 200 : 404, `${url}: document status`);
        await expectPath(page, `${p}${url.split('?')[0]}`);
        const title = (await page.locator('main h1').textContent()).trim();
        if (h1 instanceof RegExp) assert.match(title, h1, `${url}: h1`);
        else assert.equal(title, h1, `${url}: h1`);
        assert.equal(await page.locator('main section.not-found').count(), 0, `${url}: not the not-found page`);
        await check(page);
      }
      assert.ok(requests.some((u) => u.startsWith(`${site.origin}${p}/posts/search/`)), 'search shards under the prefix');
      assertUnderPrefix(site, requests);
      h.assertNoErrors(appErrors());
    });

    test(`${label}: an unknown path shows the not-found page, whose home link keeps the prefix`, async () => {
      const site = state.sites[name];
      const p = site.prefix;
      const { page, requests, documents, appErrors } = await open(site, '/no/such/page');
      await waitForApp(page);
      assert.equal(documents[0].status(), site.fallback === 'spa' ? 200 : 404);
      await page.locator('main section.not-found').waitFor();
      await expectTitle(page, `Page not found — ${site.manifest.site.title}`);
      await expectPath(page, `${p}/no/such/page`);
      const home = page.locator('main section.not-found a.button');
      assert.equal(await home.getAttribute('href'), `${p}/`);
      await home.click();
      await expectPath(page, `${p}/`);
      await page.locator('main ol.post-list').waitFor();

      // The tag filter writes its URL under the prefix, and a reload keeps the filter.
      await page.locator('button.tag-toggle').filter({ has: page.getByText(JA_TAG, { exact: true }) }).click();
      await expectPoll(() => new URL(page.url()).searchParams.getAll('tag'), [JA_TAG]);
      await expectPath(page, `${p}/`);
      const filtered = site.manifest.posts.filter((x) => x.tags.includes(JA_TAG)).map((x) => `${p}${postPath(x.slug)}`);
      await expectPoll(() => cardLinks(page), filtered);
      await page.reload();
      await waitForApp(page);
      await expectPoll(() => cardLinks(page), filtered, { message: 'filter after reload' });

      // A search from the search box stays under the prefix as well.
      await page.locator('header .search-box input').fill(QUERY);
      await page.keyboard.press('Enter');
      await expectPath(page, `${p}/search`);
      await page.locator('.search-result').first().waitFor();
      assertUnderPrefix(site, requests);
      h.assertNoErrors(appErrors());
    });
  }
}

test('under /blog/, the bare /blog is redirected to /blog/ and starts the app', async () => {
  const site = state.sites['blog 404.html'];
  const { page, requests, appErrors } = await open(site, '');
  await waitForApp(page);
  await expectPath(page, '/blog/');
  assert.deepEqual(await page.locator('main h1').allTextContents(), [site.manifest.site.title]);
  assertUnderPrefix(site, requests.filter((u) => u !== `${site.origin}/blog`));
  h.assertNoErrors(appErrors());
});

test('under a Japanese sub-path (/日記/), deep URLs and links work like under /blog/', async () => {
  const site = state.sites['ja 404.html'];
  const p = site.prefix;
  assert.equal(p, '/%E6%97%A5%E8%A8%98');
  const m = site.manifest;
  const { page, requests, appErrors } = await open(site, tagPath(JA_TAG));
  await waitForApp(page);
  await page.locator('main h1', { hasText: JA_TAG }).waitFor();
  assert.equal(await page.locator('main section.not-found').count(), 0);
  await expectPoll(() => cardLinks(page), m.posts.filter((x) => x.tags.includes(JA_TAG)).map((x) => `${p}${postPath(x.slug)}`));
  assert.equal(await page.locator('header nav.site-nav a', { hasText: 'Archive' }).getAttribute('href'), `${p}/archive`);
  await page.locator('header nav.site-nav a', { hasText: 'Archive' }).click();
  await expectPath(page, `${p}/archive`);
  await page.locator('main section.archive-year').first().waitFor();
  await page.goto(`${site.origin}${p}/search?q=${encodeURIComponent(QUERY)}`);
  await waitForApp(page);
  await page.locator('.search-result').first().waitFor();
  await page.locator('.search-result__title a').first().click();
  await page.locator('article.post h1.post__title').waitFor();
  assert.ok(decodeURIComponent(new URL(page.url()).pathname).startsWith('/日記/posts/'), page.url());
  await page.goto(`${site.origin}${p}/no/such/page`);
  await page.locator('main section.not-found').waitFor();
  assertUnderPrefix(site, requests);
  h.assertNoErrors(appErrors());
});
