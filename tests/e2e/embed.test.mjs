// Embedding: the example host page (examples/embed/), served from one origin, embeds
// the built blog served from another (another port), through the stable loader
// embed.js. The host page has its own header, nav, keyboard shortcut and aggressive
// global CSS; it embeds the whole blog (hash routing), a "latest posts" widget and a
// single post.

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { DIST, TIMEOUT, expectPoll, launchChromium, readManifest } from './harness.mjs';
import { startServer } from './server.mjs';

const HOST_DIR = path.resolve('examples/embed');
const LOADER_IN_EXAMPLE = 'http://127.0.0.1:8080/embed.js';

const state = { blog: null, host: null, browser: null, contexts: [], hold: null };

/** The host site: the example's files, with the loader address pointing at the blog's origin. */
function startHost(blogOrigin) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://host');
    if (url.pathname === '/about') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return res.end('<!doctype html><title>About Kumo Works</title><link rel="icon" href="data:,"><h1>About</h1>');
    }
    // The host page is at / and, for history routing, at every path under /blog/.
    const last = url.pathname.split('/').pop();
    const name = last && fs.existsSync(path.join(HOST_DIR, last))
      ? last
      : url.pathname === '/' || url.pathname.startsWith('/blog/') ? 'index.html' : null;
    const file = name && path.join(HOST_DIR, name);
    if (!file || !fs.existsSync(file)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      return res.end('not found');
    }
    let body = fs.readFileSync(file, 'utf8');
    if (name === 'index.html') {
      body = body.replace(LOADER_IN_EXAMPLE, `${blogOrigin}/embed.js`);
      if (url.searchParams.has('history')) {
        // The same page with the blog routed by path under /blog (the host rewrites
        // /blog/* to this page).
        body = body.replace('data-routing="hash"', 'data-routing="history" data-base="/blog"');
      }
      if (url.searchParams.has('bad')) body = body.replace('data-mode="latest"', 'data-mode="newest"');
      // The common "1rem = 10px" reset on the host's root.
      if (url.searchParams.has('small-root')) body = body.replace('</head>', '<style>html:root { font-size: 62.5%; }</style></head>');
      if (url.searchParams.has('scaled')) body = body.replace('</head>', '<style>#featured { --fumi-rem: 20px; }</style></head>');
    }
    res.writeHead(200, { 'Content-Type': name.endsWith('.css') ? 'text/css' : 'text/html; charset=utf-8' });
    res.end(body);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) });
    }),
  );
}

before(async () => {
  assert.ok(fs.existsSync(path.join(DIST, 'embed.js')), `no embed.js in ${DIST}: run \`trunk build --release\``);
  // The blog's origin answers cross-origin requests, as a CDN serving it would.
  state.blog = await startServer({
    dir: DIST,
    intercept: (req, res) => {
      res.setHeader('Access-Control-Allow-Origin', '*');
      // A test may keep a request waiting for an answer that never comes.
      return state.hold?.(req, res) ?? false;
    },
  });
  state.host = await startHost(state.blog.url);
  state.browser = await launchChromium();
});

afterEach(async () => {
  state.hold = null;
  await Promise.all(state.contexts.splice(0).map((c) => c.close().catch(() => {})));
});

after(async () => {
  await state.browser?.close();
  await state.host?.close();
  await state.blog?.close();
});

/** Opens the host page; collects page errors and failed requests. */
async function openHost(pathname = '/', { viewport = { width: 1280, height: 900 }, setup } = {}) {
  const context = await state.browser.newContext({ viewport, locale: 'en-US', reducedMotion: 'reduce' });
  state.contexts.push(context);
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  page.on('console', (msg) => msg.type() === 'error' && errors.push(`console: ${msg.text()}`));
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (req) => errors.push(`requestfailed: ${req.url()}`));
  page.on('response', (res) => res.status() >= 400 && errors.push(`http ${res.status()}: ${res.url()}`));
  page.on('request', (req) => requests.push(req.url()));
  await setup?.(page);
  await page.goto(state.host.url + pathname);
  return { page, context, errors, requests };
}

/** A locator inside one embedded instance (Playwright's CSS engine pierces open shadow roots). */
const inside = (page, id, selector) => page.locator(`#${id} .fumi-embed ${selector}`);

/** Waits for the blog instance to show the post list. */
async function waitForList(page, id = 'blog') {
  await inside(page, id, '.post-card').first().waitFor();
}

/** Waits until the blog shows the post `title` as its h1. */
async function waitForPost(page, title, id = 'blog') {
  await expectPoll(() => inside(page, id, 'article.post h1').first().textContent().catch(() => null), title);
}

const newest = () => readManifest().posts[0];

test('the blog renders inside its element, in a shadow root, with content from the other origin', async () => {
  const { page, errors, requests } = await openHost();
  await waitForList(page);
  const manifest = readManifest();
  const cards = await inside(page, 'blog', '.post-card__title').allTextContents();
  assert.deepEqual(cards, manifest.posts.slice(0, manifest.site.posts_per_page).map((p) => p.title));
  // Rendered in the shadow root, not in the host's DOM.
  assert.equal(await page.evaluate(() => document.querySelectorAll('.post-card').length), 0);
  assert.equal(await page.evaluate(() => Boolean(document.getElementById('blog').shadowRoot)), true);
  // Everything of fumi's came from the blog's origin.
  const fumiRequests = requests.filter((u) => /manifest\.json|\.wasm|fumi-|posts\//.test(u));
  assert.ok(fumiRequests.length >= 3, fumiRequests.join('\n'));
  for (const url of fumiRequests) assert.ok(url.startsWith(state.blog.url), `${url} should come from the blog origin`);
  // The host page keeps its title.
  assert.equal(await page.title(), 'Kumo Works — Engineering blog');
  assert.deepEqual(errors, []);
});

test("host styles do not reach into fumi, and fumi's styles do not leak into the host", async () => {
  const { page, errors } = await openHost();
  await waitForList(page);
  await inside(page, 'latest', '.latest-posts__more a').waitFor();
  const styles = await page.evaluate(() => {
    const pick = (el, ...props) => {
      const cs = getComputedStyle(el);
      return Object.fromEntries(props.map((p) => [p, cs.getPropertyValue(p)]));
    };
    const shadow = document.getElementById('blog').shadowRoot;
    return {
      hostH1: pick(document.querySelector('.host-header h1'), 'color', 'text-decoration-line', 'font-family'),
      hostLink: pick(document.querySelector('.host-header a'), 'color', 'text-decoration-line'),
      hostBody: pick(document.body, 'background-color', 'text-align'),
      fumiTitle: pick(shadow.querySelector('.page-title'), 'color', 'text-transform', 'text-decoration-line', 'font-family', 'letter-spacing', 'text-align', 'line-height'),
      fumiLink: pick(
        document.getElementById('latest').shadowRoot.querySelector('.latest-posts__more a'),
        'color',
        'text-decoration-line',
      ),
      fumiCard: pick(shadow.querySelector('.post-card'), 'box-sizing', 'border-top-style'),
      fumiTags: pick(shadow.querySelector('.post-card .tag-list, .post-card ul') ?? shadow.querySelector('.post-card'), 'list-style-type'),
      stylesheetsInDocument: [...document.styleSheets].map((s) => s.href ?? 'inline'),
    };
  });
  // The host looks as its own CSS says.
  assert.equal(styles.hostH1.color, 'rgb(255, 105, 180)');
  assert.equal(styles.hostH1['text-decoration-line'], 'underline');
  assert.equal(styles.hostLink.color, 'rgb(0, 128, 0)');
  assert.equal(styles.hostBody['background-color'], 'rgb(250, 240, 220)');
  assert.equal(styles.hostBody['text-align'], 'center');
  // fumi's stylesheets live in the shadow roots only.
  assert.deepEqual(styles.stylesheetsInDocument.filter((href) => !href.endsWith('/host.css')), []);
  // fumi looks as fumi's CSS says, not as the host's inherited or universal rules do.
  assert.equal(styles.fumiTitle['text-transform'], 'none');
  assert.equal(styles.fumiTitle['text-decoration-line'], 'none');
  assert.equal(styles.fumiTitle['letter-spacing'], 'normal');
  assert.equal(styles.fumiTitle['text-align'], 'start');
  assert.doesNotMatch(styles.fumiTitle['font-family'], /Georgia/);
  assert.notEqual(styles.fumiTitle.color, 'rgb(255, 105, 180)');
  assert.equal(styles.fumiCard['box-sizing'], 'border-box');
  // The host themes the blog the documented way: custom properties on its element.
  assert.equal(styles.fumiLink.color, 'rgb(122, 62, 157)');
  assert.notEqual(styles.fumiLink['text-decoration-line'], 'line-through');
  assert.deepEqual(errors, []);
});

test("the blog's text keeps its own size under a host whose root font size is 62.5%", async () => {
  const slug = 'welcome-to-fumi';
  const sizes = (page, root) =>
    page.evaluate((root) => {
      const px = (el) => getComputedStyle(el).fontSize;
      return {
        body: px(root.querySelector('.post__body p')),
        title: px(root.querySelector('h1.post__title')),
        meta: px(root.querySelector('.post-meta')),
      };
    }, root);

  // The same post on the blog's own site.
  const context = await state.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  state.contexts.push(context);
  const own = await context.newPage();
  await own.goto(`${state.blog.url}/posts/${slug}`);
  await own.locator('.post__body p').first().waitFor();
  const ownSizes = await sizes(own, await own.evaluateHandle(() => document));
  assert.equal(ownSizes.body, '17px', 'body text on the blog itself: 1.0625rem of the default 16px');

  const embedded = async (query) => {
    const { page, errors } = await openHost(`/${query}`);
    await inside(page, 'featured', '.post__body p').first().waitFor({ state: 'attached' });
    const found = await sizes(page, await page.evaluateHandle(() => document.getElementById('featured').shadowRoot));
    assert.deepEqual(errors, []);
    return { page, found };
  };
  const { page, found } = await embedded('?small-root');
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize), '10px', 'the host root is 10px');
  assert.deepEqual(found, ownSizes, 'embedded under a 10px root, the post looks as on its own site');
  // A host that scales the blog on purpose, through the documented property.
  const scaled = (await embedded('?small-root&scaled')).found;
  assert.equal(scaled.body, '21.25px', 'with --fumi-rem: 20px the body text is 1.0625 × 20px');
});

test('hash routing navigates, reloads and goes Back; the host keeps its title and its own fragments', async () => {
  const { page, errors } = await openHost();
  await waitForList(page);
  const post = newest();
  await inside(page, 'blog', `.post-card__title a`).first().click();
  await waitForPost(page, post.title);
  assert.equal(new URL(page.url()).hash, `#/posts/${encodeURIComponent(post.slug)}`);
  assert.equal(new URL(page.url()).pathname, '/', 'the host page path never changes');
  await inside(page, 'blog', '.post__body p').first().waitFor();

  // Reload: the same post, from the fragment alone.
  await page.reload();
  await waitForPost(page, post.title);

  // Tags, then Back twice: the post, then the list.
  const tag = post.tags[0];
  await inside(page, 'blog', 'article.post .post__header a[href^="#/tags/"]').first().click();
  await expectPoll(() => page.evaluate(() => decodeURIComponent(location.hash)), `#/tags/${tag}`);
  await inside(page, 'blog', '.page--tag, h1').first().waitFor();
  await page.goBack();
  await waitForPost(page, post.title);
  await page.goBack();
  await waitForList(page);
  assert.equal(new URL(page.url()).hash, '');

  // The host's own fragment link scrolls the host page and leaves the blog alone.
  await inside(page, 'blog', `.post-card__title a`).first().click();
  await waitForPost(page, post.title);
  await page.click('.host-header a[href="#contact"]');
  await expectPoll(() => page.evaluate(() => location.hash), '#contact');
  await waitForPost(page, post.title);
  assert.ok((await page.evaluate(() => window.scrollY)) > 0, 'the host scrolled to its footer');
  assert.equal(await page.title(), 'Kumo Works — Engineering blog');
  assert.deepEqual(errors, []);
});

test('a section link inside an embedded post keeps the route and survives a reload', async () => {
  const manifest = readManifest();
  // A post long enough for a table of contents.
  const { page, errors } = await openHost();
  await waitForList(page);
  let withToc = null;
  for (const post of manifest.posts) {
    await page.evaluate((slug) => (location.hash = `#/posts/${encodeURIComponent(slug)}`), post.slug);
    await waitForPost(page, post.title);
    await inside(page, 'blog', '.post__body').first().waitFor();
    if (await inside(page, 'blog', '.toc__link').count()) {
      withToc = post;
      break;
    }
  }
  assert.ok(withToc, 'a sample post has a table of contents');
  const link = inside(page, 'blog', '.toc__link').nth(1);
  const id = decodeURIComponent((await link.getAttribute('href')).slice(1));
  await link.click();
  await expectPoll(
    () => page.evaluate(() => decodeURIComponent(location.hash)),
    `#/posts/${withToc.slug}#${id}`,
  );
  await waitForPost(page, withToc.title);
  await page.reload();
  await waitForPost(page, withToc.title);
  // After the reload the section is scrolled into view.
  await expectPoll(
    () =>
      page.evaluate((id) => {
        const el = document.getElementById('blog').shadowRoot.getElementById(id);
        const top = el?.getBoundingClientRect().top;
        return top !== undefined && top >= -2 && top < window.innerHeight;
      }, id),
    true,
  );
  assert.deepEqual(errors, []);
});

test('formulas, diagrams and cards drawn at build time show in an embedded post, in its theme', async () => {
  const post = readManifest().posts.find((p) => p.slug === 'inference-capacity-math');
  const { page, errors } = await openHost();
  await waitForList(page);
  await page.evaluate((slug) => (location.hash = `#/posts/${slug}`), post.slug);
  await waitForPost(page, post.title);
  const body = inside(page, 'blog', '.post__body');
  await body.locator('figure.diagram svg').first().waitFor();
  assert.ok((await body.locator('math').count()) >= 12);
  assert.equal(await body.locator('figure.diagram svg[role="img"]').count(), 2);
  assert.equal(await body.locator('figure.embed--code .code-block__numbers').evaluate((n) => n.textContent.split('\n')[0]), '584');
  assert.deepEqual(await body.locator('figure.embed--link .embed__title').allTextContents(), ['Horizontal Pod Autoscaling', 'MathML Core']);
  // The stylesheet reaches into the shadow root: labels take the instance's text colour.
  const [ink, text] = await body.locator('figure.diagram svg text').first().evaluate((label) => [
    getComputedStyle(label).fill,
    getComputedStyle(label.closest('.post__body')).color,
  ]);
  assert.equal(ink, text);
  assert.deepEqual(errors, []);
});

test('a widget and a single post coexist with the full blog; the widget links into it', async () => {
  const { page, errors } = await openHost();
  await waitForList(page);
  const manifest = readManifest();
  await inside(page, 'latest', '.post-card').first().waitFor();
  const titles = await inside(page, 'latest', '.post-card__title').allTextContents();
  assert.deepEqual(titles, manifest.posts.slice(0, 3).map((p) => p.title));
  // The single post shows its own post, with its image loaded from the blog's origin.
  const featured = manifest.posts.find((p) => p.slug === 'welcome-to-fumi');
  await waitForPost(page, featured.title, 'featured');
  const image = inside(page, 'featured', '.post__body img').first();
  await image.waitFor({ state: 'attached' });
  await image.scrollIntoViewIfNeeded(); // it loads lazily
  assert.ok((await image.getAttribute('src')).startsWith(`${state.blog.url}/images/`));
  await expectPoll(() => image.evaluate((img) => img.complete && img.naturalWidth > 0), true);

  // A click in the widget navigates the blog above; the widget and the single post stay.
  const third = manifest.posts[2];
  await inside(page, 'latest', '.post-card__title a').nth(2).click();
  await waitForPost(page, third.title);
  assert.equal(await inside(page, 'latest', '.post-card').count(), 3);
  await waitForPost(page, featured.title, 'featured');
  assert.deepEqual(errors, []);
});

test("the host's keyboard shortcut and history stay the host's", async () => {
  const { page, errors } = await openHost('/', {
    setup: (page) =>
      page.addInitScript(() =>
        document.addEventListener('DOMContentLoaded', () => (window.historyAtStart = history.length)),
      ),
  });
  await waitForList(page);
  await inside(page, 'latest', '.post-card').first().waitFor();
  await inside(page, 'featured', 'article.post').waitFor();
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'host-search');
  // Starting three instances added no history entries.
  assert.equal(await page.evaluate(() => history.length), await page.evaluate(() => window.historyAtStart));
  assert.deepEqual(errors, []);
});

test('unmounting removes an instance and its listeners; mounting again works', async () => {
  const { page, errors } = await openHost();
  await waitForList(page);
  await page.evaluate(() => window.fumi.unmount(document.getElementById('blog')));
  assert.equal(await page.evaluate(() => document.getElementById('blog').shadowRoot.childElementCount), 0);
  // Its hash listener is gone with it: navigating the hash leaves nothing behind.
  const post = newest();
  await page.evaluate((slug) => (location.hash = `#/posts/${slug}`), post.slug);
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => document.getElementById('blog').shadowRoot.childElementCount), 0);
  // The other instances are unaffected.
  assert.equal(await inside(page, 'latest', '.post-card').count(), 3);
  // Mounted again, it picks up the route in the fragment.
  await page.evaluate(() => window.fumi.mount(document.getElementById('blog')));
  await waitForPost(page, post.title);
  assert.deepEqual(errors, []);
});

test('an embedded blog never registers a service worker, on the host page or anywhere', async () => {
  const { page, context } = await openHost();
  await waitForList(page);
  await inside(page, 'blog', '.post-card__title a').first().click();
  await waitForPost(page, newest().title);
  await page.waitForTimeout(500);
  assert.deepEqual(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
  assert.deepEqual(context.serviceWorkers(), []);
});

test('unmounting an instance aborts its requests under way (they do not wait out their time limit)', async () => {
  const post = newest();
  const held = [];
  state.hold = (req, res) => {
    if (decodeURIComponent(new URL(req.url, 'http://blog').pathname) !== `/posts/${post.slug}.md`) return false;
    const request = { closed: false };
    res.on('close', () => (request.closed = true));
    held.push(request);
    return true; // never answered
  };
  const { page } = await openHost();
  await waitForList(page);
  await inside(page, 'blog', `.post-card__title a`).first().click();
  await expectPoll(() => held.length, 1);
  // Still waiting: the instance's request has 15 s before it gives up by itself.
  await page.waitForTimeout(300);
  assert.equal(held[0].closed, false, 'the body request is under way');
  await page.evaluate(() => window.fumi.unmount(document.getElementById('blog')));
  await expectPoll(() => held[0].closed, true, { timeout: 3000 });
});

test('history routing under a base path: links, reload and Back; links outside it stay the host’s', async () => {
  const { page, errors } = await openHost('/blog/?history');
  await waitForList(page);
  const post = newest();
  await inside(page, 'blog', '.post-card__title a').first().click();
  await waitForPost(page, post.title);
  assert.equal(decodeURIComponent(new URL(page.url()).pathname), `/blog/posts/${post.slug}`);
  await page.goBack();
  await waitForList(page);
  assert.equal(new URL(page.url()).pathname, '/blog/');
  // The host's own link outside the blog's base is a normal page load.
  await Promise.all([page.waitForURL(`${state.host.url}/about`), page.click('.host-header a[href="/about"]')]);
  assert.equal(await page.title(), 'About Kumo Works');
  assert.deepEqual(errors, []);
});

test('a wrong setting is reported in the element, and the other instances still work', async () => {
  const { page, errors } = await openHost('/?bad');
  await waitForList(page);
  await expectPoll(
    () => page.evaluate(() => document.getElementById('latest').shadowRoot.textContent.includes('data-mode="newest"')),
    true,
  );
  assert.ok(errors.some((e) => e.includes('unknown data-mode')), errors.join('\n'));
});
