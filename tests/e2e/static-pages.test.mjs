// Rendered pages: the publishing tool renders every route with the app's own
// components (index.html, posts/<slug>.html and posts/<slug>/index.html, tags…,
// archive…, search…, and 404.html as the not-found page). Crawlers and link-preview
// bots get the real title, description, canonical URL, Open Graph tags and body without
// running anything; readers see the page and follow its real links even if the wasm
// never arrives; and when it does, the app takes the page over with no second copy.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DIST, readManifest, useHarness, waitForApp, postPath, tagPath, tagCounts, expectPath } from './harness.mjs';

const h = useHarness();
const manifest = readManifest();
const SITE = manifest.site;
const JA = 'moving-to-eks-team';
const post = manifest.posts.find((p) => p.slug === JA);
const SITE_URL = SITE.base_url.replace(/\/$/, '');

/** The wasm and its glue (not the start script): with these refused, the app never runs. */
const APP_FILES = /\/fumi-[0-9a-f]{14,16}(_bg\.wasm|\.js)$/;

const unescape = (s) =>
  s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
/** Text of an HTML fragment: tags and hydration markers (`<!>`) dropped, entities decoded. */
const text = (html) => unescape(html.replace(/<[^>]*>/g, '')).trim();

/** The head tags of a served page, as { key: [content…] } (meta by name/property, link by rel). */
function headTags(html) {
  const head = html.split('</head>')[0];
  const tags = {};
  const add = (key, value, tag) => {
    (tags[key] ??= []).push(value);
    assert.match(tag, /\sdata-fumi-head\b/, `${key} is marked as the head's (data-fumi-head): ${tag}`);
  };
  for (const [tag, attr, key, content] of head.matchAll(/<meta (name|property)="([^"]*)" content="([^"]*)"[^>]*>/g)) {
    if (attr === 'name' && ['viewport', 'color-scheme'].includes(key)) continue;
    add(key, unescape(content), tag);
  }
  for (const [tag, rel, href] of head.matchAll(/<link rel="(canonical|alternate)" href="([^"]*)"[^>]*>/g)) {
    // The site-wide feeds are the template's own; only a tag page's feeds are the route's.
    if (rel === 'alternate' && !/^https?:/.test(href)) continue;
    add(rel, unescape(href), tag);
  }
  return tags;
}

/** FNV-1a 64 of the exact text, in hex: fumi_content::manifest::fingerprint. */
function fingerprint(textValue) {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(textValue, 'utf8')) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return hash.toString(16).padStart(16, '0');
}

/** The page record (`<script type="application/json" id="fumi-page">`), parsed, or null. */
function record(html) {
  const m = html.match(/<script type="application\/json" id="fumi-page">([\s\S]*?)<\/script>/);
  return m && JSON.parse(m[1]);
}

/**
 * Every route with a page of its own, and what it must answer with: the <h1>, the
 * page's own title (null: the site's), its description and the post links it shows.
 */
function routes() {
  const list = [
    { route: '/', h1: SITE.title, title: null, links: manifest.posts.slice(0, SITE.posts_per_page) },
    { route: '/tags', h1: 'Tags', title: 'Tags', links: [] },
    { route: '/archive', h1: 'Archive', title: 'Archive', links: manifest.posts },
    { route: '/search', h1: 'Search', title: 'Search', links: [] },
  ];
  for (const p of manifest.posts) {
    list.push({ route: postPath(p.slug), h1: p.title, title: p.title, description: p.excerpt, article: p, links: [] });
  }
  for (const { name } of tagCounts(manifest)) {
    const tagged = manifest.posts.filter((p) => p.tags.includes(name));
    list.push({ route: tagPath(name), h1: `Posts tagged ${name}`, title: `Posts tagged #${name}`, tag: name, links: tagged.slice(0, SITE.posts_per_page) });
  }
  return list;
}

test('every route answers, without scripts, with its title, description, canonical, Open Graph tags and body', async () => {
  const manifestText = fs.readFileSync(path.join(DIST, 'posts', 'manifest.json'), 'utf8');
  for (const r of routes()) {
    const response = await fetch(h.url + r.route);
    assert.equal(response.status, 200, r.route);
    const html = await response.text();
    assert.match(html, new RegExp(`<html lang="${SITE.language}" data-fumi-route="${r.route.replace(/[?]/g, '\\$&')}">`), `${r.route}: names its route`);
    const rec = record(html);
    assert.equal(rec?.route, r.route, `${r.route}: the page record names the route`);
    assert.equal(rec.manifest, fingerprint(manifestText), `${r.route}: and the manifest it was rendered from`);

    const title = r.title === null ? SITE.title : `${r.title} — ${SITE.title}`;
    assert.equal(unescape(html.match(/<title>([^<]*)<\/title>/)[1]), title, `${r.route}: <title>`);
    const tags = headTags(html);
    const canonical = r.route === '/' ? `${SITE_URL}/` : `${SITE_URL}${r.route}`;
    const description = r.description ?? SITE.description;
    const ogTitle = r.title ?? SITE.title;
    const expected = {
      description: [description],
      canonical: [canonical],
      'og:type': [r.article ? 'article' : 'website'],
      'og:site_name': [SITE.title],
      'og:title': [ogTitle],
      'og:description': [description],
      'og:url': [canonical],
      'twitter:card': [r.article?.image ? 'summary_large_image' : 'summary'],
      'twitter:title': [ogTitle],
      'twitter:description': [description],
    };
    if (r.article) {
      expected['article:published_time'] = [r.article.date];
      if (r.article.updated) expected['article:modified_time'] = [r.article.updated];
      expected['article:tag'] = r.article.tags;
    }
    if (r.article?.image) {
      const image = r.article.image.startsWith('https://') ? r.article.image : `${SITE_URL}/${r.article.image}`;
      Object.assign(expected, { 'og:image': [image], 'og:image:alt': [ogTitle], 'twitter:image': [image] });
      // A drawn image's size is known (preview-images.test.mjs checks the files).
      if (r.article.image.startsWith('previews/')) Object.assign(expected, { 'og:image:width': ['1200'], 'og:image:height': ['630'] });
    }
    if (r.tag) {
      const feed = `${SITE_URL}/feeds/tags/${encodeURIComponent(r.tag)}`;
      expected.alternate = [`${feed}.xml`, `${feed}.json`];
    }
    assert.deepEqual(tags, expected, `${r.route}: head tags, each once`);

    // The body: the app's frame and the route's content, rendered.
    const main = html.match(/<main id="main"[^>]*>([\s\S]*?)<\/main>/)?.[1];
    assert.ok(main, `${r.route}: a <main id="main">`);
    assert.match(html, /<header class="site-header">/, `${r.route}: the site header`);
    const h1s = [...main.matchAll(/<h1\b[^>]*>([\s\S]*?)<\/h1>/g)].map((m) => text(m[1]));
    assert.deepEqual(h1s, [r.h1], `${r.route}: one h1`);
    for (const linked of r.links) {
      assert.ok(main.includes(`href="${postPath(linked.slug)}"`), `${r.route}: links ${linked.slug}`);
    }
    if (r.route === '/tags') {
      for (const { name } of tagCounts(manifest)) assert.ok(main.includes(`href="${tagPath(name)}"`), `/tags links ${name}`);
    }
    if (r.article) {
      assert.match(main, /<div class="post__body prose">/, `${r.route}: the rendered body`);
      assert.equal(rec.post?.slug, r.article.slug, `${r.route}: the record names the post`);
      for (const heading of rec.post.headings) {
        assert.ok(main.includes(` id="${heading.id}"`), `${r.route}: the recorded heading ${heading.id} is in the body`);
      }
    } else {
      assert.equal(rec.post, undefined, `${r.route}: no post in the record`);
    }
  }
  const html = await (await fetch(h.url + postPath(JA))).text();
  assert.match(html, /異動し、Amazon EKS の上で/, 'the rendered body text is in the HTML, Japanese lines joined');
  assert.match(html, /<h2 id="なぜ移るのか">/, 'headings carry their ids');
});

test('every route has both layouts: <route>.html and <route>/index.html are the same page, and a host serving the second works', async () => {
  const twins = [['tags.html', 'tags/index.html'], ['archive.html', 'archive/index.html'], ['search.html', 'search/index.html']];
  for (const p of manifest.posts) twins.push([`posts/${p.slug}.html`, `posts/${p.slug}/index.html`]);
  for (const { name } of tagCounts(manifest)) twins.push([`tags/${name}.html`, `tags/${name}/index.html`]);
  for (const [file, twin] of twins) {
    assert.equal(fs.readFileSync(path.join(DIST, twin), 'utf8'), fs.readFileSync(path.join(DIST, file), 'utf8'), `${twin} is ${file}`);
  }

  // Served as a directory index (/posts/<slug>/), the page is still the route's own:
  // not hidden as another route's, taken over in place, its body never fetched.
  const bodies = [];
  const { page, errors } = await h.openPage(`${postPath(JA)}/`, {
    setup: (p) => p.on('request', (r) => r.url().endsWith('.md') && bodies.push(r.url())),
  });
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('fumi-stale')), false, 'not stale');
  assert.ok(await page.locator('main#main .post__body').isVisible(), 'the body shows before the app runs');
  await waitForApp(page);
  assert.deepEqual(await page.locator('main#main h1').allTextContents(), [post.title]);
  assert.ok(await page.locator('main#main .post__body h2').first().isVisible());
  assert.deepEqual(bodies, [], 'the post body is not fetched: the page already holds it');
  h.assertNoErrors(errors);
});

test('a post painted before its body has arrived is already as wide as the whole post: nothing moves when the rest comes', async () => {
  // A long page is painted while its HTML is still being parsed (a slow network, a slow
  // phone). Cut just after the title, the page must lay the title out where the whole
  // page does: the two-column layout of a post with a table of contents is decided
  // before the title, not by the table further down.
  const page = (p) => fs.readFileSync(path.join(DIST, 'posts', `${p.slug}.html`), 'utf8');
  const hasToc = (p) => page(p).includes('post__content--with-toc');
  const long = manifest.posts.filter(hasToc);
  assert.ok(long.length > 0, 'the sample site has posts with a table of contents');
  for (const p of long.slice(0, 2)) {
    const html = page(p);
    const cut = html.slice(0, html.indexOf('</h1>') + '</h1>'.length);
    const place = async (partial) => {
      const { page } = await h.openPage(postPath(p.slug), {
        setup: (pg) =>
          Promise.all([
            pg.route(APP_FILES, (route) => route.abort()),
            partial && pg.route((url) => url.pathname.endsWith(`/${p.slug}`), (route) => route.fulfill({ contentType: 'text/html', body: cut })),
          ]),
      });
      return page.evaluate(() => {
        const main = document.querySelector('main#main').getBoundingClientRect();
        const title = document.querySelector('main#main h1').getBoundingClientRect();
        return { main: [main.left, main.width], title: [title.left, title.width] };
      });
    };
    const [early, whole] = [await place(true), await place(false)];
    assert.deepEqual(early, whole, `${p.slug}: the title stays where the whole page puts it`);
  }
  // What the article is told (the manifest's `toc`) is what the body shows, for every post.
  for (const p of manifest.posts) assert.equal(Boolean(p.toc), hasToc(p), `${p.slug}: the manifest's toc matches its page`);
});

test('the home page painted mid-parse: a filter row item already drawn does not move when the rest of its row arrives', async () => {
  // Rows of controls (language filter, match switch, tag toggles) align their items to
  // the top: centred or on a baseline, a label or an empty link or button drawn early would
  // move when a taller neighbour or its own text arrives (a layout shift seen at 4x CPU).
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const firstTag = html.indexOf('class="tag-toggle"');
  assert.ok(firstTag > 0, 'the home page has a tag filter');
  const cuts = {
    'after the language label': html.indexOf('</span>', html.indexOf('language-filter__label')) + '</span>'.length,
    'inside the first language link, before its text': html.indexOf('>', html.indexOf('<a', html.indexOf('language-filter__label'))) + 1,
    'after the match switch label': html.indexOf('</span>', html.indexOf('match-switch__label')) + '</span>'.length,
    'inside the first tag button, before its text': html.indexOf('>', firstTag) + 1,
  };
  const TRACKED = ['.language-filter__label', '.language-filter a', '.match-switch__label', '.tag-toggle'];
  const tops = async (body) => {
    const { page } = await h.openPage('/', {
      setup: (pg) =>
        Promise.all([
          pg.route(APP_FILES, (route) => route.abort()),
          body && pg.route((url) => url.pathname === '/' || url.pathname.endsWith('/index.html'), (route) => route.fulfill({ contentType: 'text/html', body })),
        ]),
    });
    return page.evaluate((selectors) => {
      const out = {};
      for (const s of selectors) {
        const el = document.querySelector(`main#main ${s}`);
        if (el) out[s] = Math.round(el.getBoundingClientRect().top * 10) / 10;
      }
      return out;
    }, TRACKED);
  };
  const whole = await tops(null);
  assert.deepEqual(Object.keys(whole), TRACKED, 'the whole page has every tracked item');
  for (const [where, at] of Object.entries(cuts)) {
    assert.ok(at > 0, where);
    const early = await tops(html.slice(0, at));
    assert.ok(Object.keys(early).length > 0, `${where}: something to compare`);
    for (const [selector, top] of Object.entries(early)) assert.equal(top, whole[selector], `${where}: ${selector} stays where the whole page puts it`);
  }
});

test('with the wasm blocked, a reader still sees every page and its real links navigate', async () => {
  const { page } = await h.openPage(postPath(JA), { setup: (p) => p.route(APP_FILES, (route) => route.abort()) });
  const mark = () => page.evaluate(() => (window.__sameDocument = true));
  const sameDocument = () => page.evaluate(() => window.__sameDocument === true);
  const assertReadable = async (where) => {
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains('fumi-stale')), false, `${where}: not hidden`);
    assert.ok(await page.locator('main#main h1').isVisible(), `${where}: h1 visible`);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.fumiApp ?? null), null, `${where}: the app never ran`);
  };

  // The post, complete.
  const h1 = page.locator('main#main h1');
  await h1.waitFor();
  assert.equal((await h1.textContent()).trim(), post.title);
  assert.ok(await page.locator('main#main .post__body').isVisible());
  assert.ok(await page.locator('main#main .post__body h2#なぜ移るのか').isVisible());
  assert.equal(await page.title(), `${post.title} — ${SITE.title}`);
  await assertReadable('post');

  // A tag link on the post: a real navigation to the tag's own page.
  const tag = post.tags[0];
  await mark();
  await page.locator(`article.post a.tag[href="${tagPath(tag)}"]`).first().click();
  await expectPath(page, tagPath(tag));
  await page.locator('main#main h1', { hasText: tag }).waitFor();
  assert.equal(await sameDocument(), false, 'a full page load');
  await assertReadable('tag page');
  assert.equal(await page.title(), `Posts tagged #${tag} — ${SITE.title}`);
  assert.ok(await page.locator(`main#main a[href="${postPath(JA)}"]`).first().isVisible(), 'the tag page lists the post');

  // The header's links lead on too: the archive, then a post from it.
  await mark();
  await page.locator('header nav.site-nav a[href="/archive"]').click();
  await expectPath(page, '/archive');
  await page.locator('main#main section.archive-year').first().waitFor();
  assert.equal(await sameDocument(), false);
  await assertReadable('archive');
  const other = manifest.posts.find((p) => p.slug !== JA);
  await mark();
  await page.locator(`main#main a[href="${postPath(other.slug)}"]`).first().click();
  await expectPath(page, postPath(other.slug));
  await page.locator('main#main h1', { hasText: other.title }).waitFor();
  assert.equal(await sameDocument(), false);
  assert.ok(await page.locator('main#main .post__body').isVisible());
  await assertReadable('another post');

  // Home, from the site title.
  await mark();
  await page.locator('header a.site-title').click();
  await expectPath(page, '/');
  await page.locator('main#main ol.post-list > li.post-card').first().waitFor();
  assert.equal(await sameDocument(), false);
  await assertReadable('home');
});

test('404.html is the not-found page: no route of its own, so the app renders the URL it answers', async () => {
  const file = fs.readFileSync(path.join(DIST, '404.html'), 'utf8');
  assert.doesNotMatch(file, /data-fumi-route/, 'names no route');
  assert.equal(record(file), null, 'no page record');
  assert.equal(unescape(file.match(/<title>([^<]*)<\/title>/)[1]), `Page not found — ${SITE.title}`);
  const main = file.match(/<main id="main"[^>]*>([\s\S]*?)<\/main>/)[1];
  assert.match(main, /<section class="page not-found">/);
  assert.deepEqual([...main.matchAll(/<h1\b[^>]*>([\s\S]*?)<\/h1>/g)].map((m) => text(m[1])), ['Page not found']);
  assert.match(main, /<a href="\/" class="button">/, 'a real link home');
  // The host answers unknown paths with it (here: the SPA fallback, status 200).
  assert.equal(await (await fetch(`${h.url}/no/such/page`)).text(), file);

  // Without the app, a reader of an unknown URL sees the not-found page and a way home.
  const { page } = await h.openPage('/no/such/page', { setup: (p) => p.route(APP_FILES, (route) => route.abort()) });
  await page.locator('main#main section.not-found h1').waitFor();
  assert.ok(await page.locator('main#main section.not-found').isVisible());
  await page.locator('main#main section.not-found a.button').click();
  await expectPath(page, '/');
  await page.locator('main#main ol.post-list > li.post-card').first().waitFor();

  // With the app, a real route without a file of its own (a tag in another case) is
  // rendered over it: the tag page, not "not found".
  const { page: app, errors } = await h.openPage(tagPath('KUBERNETES'));
  await waitForApp(app);
  await app.locator('main#main h1', { hasText: 'kubernetes' }).waitFor();
  assert.equal(await app.locator('main#main section.not-found').count(), 0);
  h.assertNoErrors(errors);
});

test('the app takes over: one copy of the post, the same nodes and body, client-side navigation works', async () => {
  // The served page's first paragraph: the app must show exactly this (one renderer).
  const served = await (await fetch(h.url + postPath(JA))).text();
  const staticParagraph = served.match(/<div class="post__body prose">[\s\S]*?<p>([\s\S]*?)<\/p>/)[1];
  const bodies = [];
  const { page, errors } = await h.openPage(postPath(JA), {
    setup: async (p) => {
      p.on('request', (r) => r.url().endsWith('.md') && bodies.push(r.url()));
      // Remember the rendered nodes before any script can touch them.
      await p.addInitScript(() =>
        document.addEventListener('DOMContentLoaded', () => {
          window.__rendered = {
            h1: document.querySelector('main#main h1'),
            body: document.querySelector('main#main .post__body'),
          };
        }),
      );
    },
  });
  await waitForApp(page);
  assert.equal(await page.locator('h1').count(), 1, 'a single h1 after the takeover');
  assert.equal(await page.locator('main#main .post__body').count(), 1, 'a single body');
  assert.ok(
    await page.evaluate(
      () =>
        window.__rendered.h1 === document.querySelector('main#main h1') &&
        window.__rendered.body === document.querySelector('main#main .post__body') &&
        window.__rendered.body.isConnected,
    ),
    'the rendered nodes were kept, not replaced',
  );
  assert.equal(await page.locator('main#main .post__body p').first().innerHTML(), staticParagraph, 'same renderer');
  assert.ok(await page.locator('main#main .post__body').isVisible());
  assert.deepEqual(bodies, [], 'the post on the page is not fetched again');

  await page.evaluate(() => (window.__sameDocument = true));
  await page.locator('nav.post-nav a').first().click();
  await page.waitForFunction((slug) => !location.pathname.endsWith(slug), JA);
  await page.locator('article.post .post__body').waitFor();
  assert.equal(await page.locator('h1').count(), 1);
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'client-side navigation');
  assert.equal(bodies.length, 1, 'the next post body is fetched once');
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
  const owned = () =>
    page.evaluate(() => ({
      // Every route-owned tag in the head carries data-fumi-head, and none is doubled.
      unmarked: [
        ...document.head.querySelectorAll(
          'meta[name="description"], link[rel="canonical"], meta[property^="og:"], meta[name^="twitter:"], meta[property^="article:"]',
        ),
      ].filter((el) => !el.hasAttribute('data-fumi-head')).length,
      descriptions: document.querySelectorAll('meta[name="description"]').length,
      canonicals: document.querySelectorAll('link[rel="canonical"]').length,
    }));
  let tags = await head();
  assert.equal(tags.ogTitle, 'Tags');
  assert.equal(tags.description, SITE.description);
  assert.equal(tags.canonical, `${SITE_URL}/tags`);

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
    title: `${target.title} — ${SITE.title}`,
    description: target.excerpt,
    canonical: `${SITE_URL}${postPath(target.slug)}`,
    ogTitle: target.title,
    ogUrl: `${SITE_URL}${postPath(target.slug)}`,
    twitterTitle: target.title,
  });
  assert.deepEqual(await owned(), { unmarked: 0, descriptions: 1, canonicals: 1 }, 'tags are replaced, not piled up');
  assert.equal(
    await page.locator('meta[property="article:tag"]').count(),
    target.tags.length,
    'the post\'s article:tag tags, once each',
  );
  h.assertNoErrors(errors);
});
