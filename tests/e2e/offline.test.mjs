// Offline and installable reading, with the real service worker of the release build
// (sw.js) in Chromium. Each test serves its own copy of the build, so that it can
// publish a new deploy over it, or take the network away: the server then drops every
// connection (what the worker meets on a train), and the browser is told it is
// offline (what the page's `navigator.onLine` says).

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DIST, TIMEOUT, expectPoll, launchChromium, postPath, readManifest, waitForApp } from './harness.mjs';
import { publishTool, renderPages } from './build.mjs';
import { startServer } from './server.mjs';

const manifest = readManifest();
const state = { browser: null, contexts: [], servers: [], dirs: [] };

before(async () => {
  assert.ok(fs.existsSync(path.join(DIST, 'sw.js')), `no sw.js in ${DIST}: a release build writes it`);
  state.browser = await launchChromium();
});

afterEach(async () => {
  await Promise.all(state.contexts.splice(0).map((c) => c.close().catch(() => {})));
  await Promise.all(state.servers.splice(0).map((s) => s.close().catch(() => {})));
  for (const dir of state.dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

after(async () => {
  await state.browser?.close();
});

/** A copy of the build (without the pre-compressed copies) in a folder of its own. */
function copyOfBuild(from = DIST) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fumi-offline-'));
  state.dirs.push(dir);
  const site = path.join(dir, 'dist');
  fs.cpSync(from, site, { recursive: true, filter: (src) => !/\.(br|gz)$/.test(src) });
  return { dir, site };
}

/** Serves `dir`; `network.down = true` drops every connection, as a lost network does. */
async function serve(dir) {
  const network = { down: false };
  const server = await startServer({
    dir,
    intercept: (req, res) => {
      if (!network.down) return false;
      res.socket.destroy();
      return true;
    },
  });
  state.servers.push(server);
  return { url: server.url, network };
}

/** A context with service workers allowed, and its page, loaded at `url` once the worker controls it. */
async function openControlled(url) {
  const context = await state.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', serviceWorkers: 'allow' });
  state.contexts.push(context);
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  await page.goto(url);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expectPoll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)), true, {
    message: 'the worker controls the page',
  });
  return { context, page, errors };
}

/** Takes the network away (or gives it back), for the worker and for the page. */
async function setOnline(context, network, online) {
  network.down = !online;
  await context.setOffline(!online);
}

/** Waits for the post titled `title` with its body. */
async function readable(page, post) {
  await page.locator('main#main').getByRole('heading', { level: 1, name: post.title, exact: true }).waitFor();
  await page.locator('main#main .post__body p').first().waitFor();
  assert.equal(await page.locator('main#main .error-view').count(), 0, `${post.slug} shows no error`);
}

test('posts read stay readable offline after a full reload, lists and search work; an unsaved post says so, and Retry works online', async () => {
  const { site } = copyOfBuild();
  const { url, network } = await serve(site);
  const [a, b, unsaved] = manifest.posts;
  const { context, page } = await openControlled(`${url}/`);
  // A post opened in full, then its older neighbour through the app (the worker leaves
  // in-app navigation to the app while no new deploy has arrived).
  await page.goto(`${url}${postPath(a.slug)}`);
  await waitForApp(page);
  await page.evaluate(() => (window.stillTheSamePage = true));
  await page.locator(`nav.post-nav a[href="${postPath(b.slug)}"]`).click();
  await readable(page, b);
  assert.equal(await page.evaluate(() => window.stillTheSamePage), true, 'the app navigated, no page load');

  // A small search index is fetched ahead, once the browser is idle.
  await expectPoll(() => page.evaluate(async () => Boolean(await caches.match('posts/search/meta.json'))), true, {
    message: 'the search index was fetched ahead',
  });

  await setOnline(context, network, false);
  await page.reload();
  await readable(page, b);
  await page.goto(`${url}${postPath(a.slug)}`);
  await readable(page, a);
  // The lists were read too (the home page through the app's manifest).
  await page.goto(`${url}/`);
  await page.locator('main#main .post-card').first().waitFor();

  // Search works offline, over every post (an unsaved one then says it is not saved).
  await page.goto(`${url}/search?q=${encodeURIComponent(unsaved.title)}`);
  await waitForApp(page);
  await page.locator(`main#main a[href="${postPath(unsaved.slug)}"]`).first().waitFor();

  await page.goto(`${url}${postPath(unsaved.slug)}`);
  await waitForApp(page);
  const error = page.locator('main#main .error-view[role="alert"]');
  await error.waitFor();
  assert.match(await error.textContent(), /offline, and this page has not been saved/);
  await setOnline(context, network, true);
  await error.locator('button.retry').click();
  await readable(page, unsaved);
});

/**
 * Publishes deploy B over the served copy of deploy A: `post`'s body gains a
 * paragraph, and the app new file names (as a changed app gets), with every page and
 * the worker written again as a build writes them. Returns the new wasm's name.
 */
function publishDeployB(site, post) {
  const body = path.join(site, 'posts', `${post.slug}.md`);
  fs.appendFileSync(body, '\n\nDeploy B was here.\n');
  // The app's glue and wasm share a hashed name; the start script names both, so it
  // changes too, and so does its own hashed name.
  const app = fs.readdirSync(site).find((f) => /^fumi-[0-9a-f]{14,16}\.js$/.test(f)).slice(0, -'.js'.length);
  const start = fs.readdirSync(site).find((f) => /^fumi-start-[0-9a-f]{14,16}\.js$/.test(f));
  const [newApp, newStart] = ['fumi-b0b0b0b0b0b0b0b0', 'fumi-start-b0b0b0b0b0b0b0b0.js'];
  const rename = (from, to, edit = (text) => text) => {
    fs.writeFileSync(path.join(site, to), edit(fs.readFileSync(path.join(site, from))));
    fs.rmSync(path.join(site, from));
  };
  rename(`${app}_bg.wasm`, `${newApp}_bg.wasm`);
  rename(`${app}.js`, `${newApp}.js`, (text) => text.toString().replaceAll(app, newApp));
  rename(start, newStart, (text) => text.toString().replaceAll(app, newApp));
  const shell = path.join(site, '404.html');
  fs.writeFileSync(shell, fs.readFileSync(shell, 'utf8').replaceAll(start, newStart));
  renderPages(site);
  return `${newApp}_bg.wasm`;
}

test('a first visit registers the worker only after the page has loaded: its downloads (the wasm among them) never compete with the first paint', async () => {
  const { site } = copyOfBuild();
  const { url } = await serve(site);
  const context = await state.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', serviceWorkers: 'allow' });
  state.contexts.push(context);
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__registered = null;
    const register = ServiceWorkerContainer.prototype.register;
    ServiceWorkerContainer.prototype.register = function (...args) {
      window.__registered = { readyState: document.readyState, at: performance.now() };
      return register.apply(this, args);
    };
  });
  const post = manifest.posts[0];
  await page.goto(`${url}${postPath(post.slug)}`);
  await page.evaluate(() => navigator.serviceWorker.ready);
  const registered = await page.evaluate(() => window.__registered);
  assert.ok(registered, 'the page registered the worker');
  assert.equal(registered.readyState, 'complete', 'registered after the load event');
  const { loadEnd, fcp, wasmRequested } = await page.evaluate(() => ({
    loadEnd: performance.getEntriesByType('navigation')[0].loadEventEnd,
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    wasmRequested: performance.getEntriesByType('resource').some((e) => e.name.endsWith('.wasm')),
  }));
  assert.ok(registered.at >= loadEnd, `registered at ${registered.at} ms, the load ended at ${loadEnd} ms`);
  assert.ok(fcp !== null && fcp < registered.at, `first paint (${fcp} ms) came before the worker (${registered.at} ms)`);
  // The page itself never asked for the wasm: the app had no reason to start yet.
  assert.equal(wasmRequested, false, 'the page did not fetch the wasm');
  // The worker's install did: it keeps the app's files for offline reading.
  await expectPoll(
    () => page.evaluate(async () => (await caches.keys()).some((k) => k.startsWith('fumi-assets-'))),
    true,
    { message: 'the worker kept the app files' },
  );
});

test('a new deploy is used on the next navigation after a while of reading: its content and its files, without a second reload', async () => {
  const { site } = copyOfBuild();
  const { url } = await serve(site);
  const [a, b] = manifest.posts;
  const { page } = await openControlled(`${url}${postPath(a.slug)}`);
  await waitForApp(page);
  await page.evaluate(() => (window.stillTheSamePage = true));
  const requests = [];
  page.on('request', (request) => requests.push(new URL(request.url()).pathname));

  const newWasm = publishDeployB(site, b);
  // The reader goes on reading for a while (past the page's trust in its last look
  // at sw.js, 15 s); nothing reloads under them.
  await page.waitForTimeout(16_000);
  assert.equal(await page.evaluate(() => window.stillTheSamePage), true, 'no reload while reading');

  await page.locator(`nav.post-nav a[href="${postPath(b.slug)}"]`).click();
  await page.locator('main#main .post__body p:text-is("Deploy B was here.")').waitFor();
  assert.equal(await page.evaluate(() => window.stillTheSamePage), undefined, 'the navigation loaded the new page in full');
  // Deploy B's app takes the page over.
  await page.mouse.move(10, 10);
  await waitForApp(page);
  await expectPoll(() => requests.some((p) => p.endsWith(newWasm)), true, { message: `${newWasm} was loaded` });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.fumiApp), 'ready');
});

test('a deploy is noticed in the background when the reader comes back to the tab', async () => {
  const { site } = copyOfBuild();
  const { url } = await serve(site);
  const [a, b] = manifest.posts;
  const { page } = await openControlled(`${url}${postPath(a.slug)}`);
  await waitForApp(page);
  publishDeployB(site, b);
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await expectPoll(() => page.evaluate(() => 'fumiNewDeploy' in document.documentElement.dataset), true, {
    message: 'the new deploy is noticed',
  });
  // And the next click, however soon, loads the new deploy's page.
  await page.evaluate(() => (window.stillTheSamePage = true));
  await page.locator(`nav.post-nav a[href="${postPath(b.slug)}"]`).click();
  await page.locator('main#main .post__body p:text-is("Deploy B was here.")').waitFor();
  assert.equal(await page.evaluate(() => window.stillTheSamePage), undefined, 'a full page load');
});

test('switched off, the next deploy removes the worker and everything it kept from the reader’s browser', async () => {
  const { dir, site } = copyOfBuild();
  const { url } = await serve(site);
  const { page } = await openControlled(`${url}/`);
  await expectPoll(() => page.evaluate(async () => (await caches.keys()).some((n) => n.startsWith('fumi-'))), true);

  // The owner sets `[offline] enabled = false` and publishes again.
  const root = path.join(dir, 'project');
  fs.mkdirSync(root);
  fs.writeFileSync(path.join(root, 'fumi.toml'), '[offline]\nenabled = false\n');
  renderPages(site, '/', { root });
  assert.doesNotMatch(fs.readFileSync(path.join(site, 'index.html'), 'utf8'), /fumi-offline-|rel="manifest"/);

  await page.reload(); // a visit: the browser checks sw.js
  await expectPoll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0, {
    message: 'no worker is registered',
  });
  assert.deepEqual(await page.evaluate(async () => (await caches.keys()).filter((n) => n.startsWith('fumi-'))), []);
  // And the site works as before, from the network.
  await page.reload();
  await page.locator('main#main .post-card').first().waitFor();
  assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null);
});

test('keep the whole site: its size is shown first, then every post and search work offline', async () => {
  const { site } = copyOfBuild();
  const keepList = JSON.parse(fs.readFileSync(path.join(site, 'offline.json'), 'utf8'));
  const { url, network } = await serve(site);
  const [a] = manifest.posts;
  const neverOpened = manifest.posts.at(-1);
  const { context, page } = await openControlled(`${url}${postPath(a.slug)}`);

  const panel = page.locator('footer .offline-keep');
  await panel.locator('summary').click();
  const buttons = panel.locator('button.offline-keep__button');
  await expectPoll(() => buttons.count(), 2);
  const kb = (bytes) => `${Math.max(1, Math.round(bytes / 1024))} KB`;
  assert.equal(await buttons.nth(0).textContent(), `Keep this post (${kb(keepList.posts[a.slug].bytes)})`);
  const siteSize = keepList.site.bytes < 1024 * 1024 ? kb(keepList.site.bytes) : `${(keepList.site.bytes / 1048576).toFixed(1)} MB`;
  assert.equal(await buttons.nth(1).textContent(), `Keep the whole site (${siteSize})`);
  await buttons.nth(1).click();
  await expectPoll(() => panel.locator('[role="status"]').nth(1).textContent(), 'Saved: readable offline.');

  await setOnline(context, network, false);
  await page.goto(`${url}${postPath(neverOpened.slug)}`);
  await readable(page, neverOpened);
  await page.goto(`${url}/tags`);
  await page.locator('main#main ul.tag-index').waitFor();
  // Search, from the kept index: a word of the post never opened.
  await page.goto(`${url}/search?q=${encodeURIComponent(neverOpened.title.split(/\s+/)[0])}`);
  await waitForApp(page);
  await page.locator(`main#main a[href="${postPath(neverOpened.slug)}"]`).first().waitFor();
});

/** What the worker keeps of the posts read: their slugs and the bytes of all it keeps. */
function readCache(page) {
  return page.evaluate(async () => {
    const cache = await caches.open('fumi-read');
    let bytes = 0;
    const posts = new Set();
    for (const request of await cache.keys()) {
      const match = /\/posts\/([^/]+?)(\.md|\.hints\.json)?$/.exec(new URL(request.url).pathname);
      if (match && match[1] !== 'manifest.json') posts.add(decodeURIComponent(match[1]));
      if (!request.url.includes('__fumi-offline-index')) {
        bytes += (await (await cache.match(request)).arrayBuffer()).byteLength;
      }
    }
    return { posts: [...posts], bytes, usage: (await navigator.storage.estimate()).usage };
  });
}

/** Waits until the worker has stored the answer for `file` (it does so just after answering). */
async function storedByWorker(page, file) {
  await expectPoll(() => page.evaluate(async (url) => Boolean(await caches.match(url)), file), true);
  await page.waitForTimeout(300); // and its eviction pass
}

test('a 1,000-post site read at length: the least recently read posts make way, within the default limits', async () => {
  const { dir, site } = copyOfBuild();
  // The synthetic site's posts in the copy of the app; every path answered by the app
  // shell (the sample site's pages are not this site's).
  const project = path.join(dir, 'project');
  publishTool(['generate', '--posts', '1000', '--out', project]);
  fs.rmSync(path.join(site, 'posts'), { recursive: true, force: true });
  publishTool(['build', '--root', project, '--out', path.join(site, 'posts')]);
  for (const f of fs.readdirSync(site, { recursive: true })) {
    if (f.endsWith('.html') && f !== '404.html') fs.rmSync(path.join(site, f));
  }
  fs.copyFileSync(path.join(site, '404.html'), path.join(site, 'index.html'));
  const posts = JSON.parse(fs.readFileSync(path.join(site, 'posts', 'manifest.json'), 'utf8')).posts;
  const limit = Number(/posts: (\d+)/.exec(fs.readFileSync(path.join(site, 'sw.js'), 'utf8'))[1]);

  const { url } = await serve(site);
  const { page } = await openControlled(`${url}/`);
  // A reader opens 120 posts in turn (each body with its hints, as the app fetches them).
  const read = posts.slice(0, 120).map((p) => p.slug);
  await page.evaluate(async (slugs) => {
    for (const slug of slugs) {
      const name = encodeURIComponent(slug);
      await Promise.all([fetch(`posts/${name}.md`), fetch(`posts/${name}.hints.json`)].map((r) => r.then((x) => x.text())));
    }
  }, read);
  await storedByWorker(page, `posts/${encodeURIComponent(read.at(-1))}.hints.json`);
  const kept = await readCache(page);
  assert.equal(kept.posts.length, limit, `the ${limit} posts read last are kept`);
  assert.deepEqual(kept.posts.sort(), read.slice(-limit).sort());
  console.log(`offline storage after reading 120 of 1,000 posts: ${kept.posts.length} posts, ${kept.bytes} B in the cache, ${kept.usage} B used by the origin`);
});

test('the byte limit holds too: with a small one set in fumi.toml, older posts make way for the new', async () => {
  const { dir, site } = copyOfBuild();
  const root = path.join(dir, 'project');
  fs.mkdirSync(root);
  const limitBytes = 40 * 1024;
  fs.writeFileSync(path.join(root, 'fumi.toml'), `[offline]\nkeep_megabytes = ${limitBytes / 1048576}\n`);
  renderPages(site, '/', { root });
  const { url } = await serve(site);
  const { page } = await openControlled(`${url}/`);
  const read = manifest.posts.map((p) => p.slug);
  for (const slug of read) {
    await page.evaluate(async (name) => {
      await Promise.all([fetch(`posts/${name}.md`), fetch(`posts/${name}.hints.json`)].map((r) => r.then((x) => x.text())));
    }, encodeURIComponent(slug));
    await page.waitForTimeout(150); // one post after the other, as a reader reads them
  }
  await storedByWorker(page, `posts/${encodeURIComponent(read.at(-1))}.hints.json`);
  const kept = await readCache(page);
  assert.ok(kept.bytes <= limitBytes, `at most ${limitBytes} B kept, ${kept.bytes} B are`);
  assert.ok(kept.posts.includes(read.at(-1)), 'the post read last is kept');
  assert.ok(!kept.posts.includes(read[0]), 'the post read first made way');
});

test('the blog installs as an app: a web app manifest with the site’s name, and no installability errors', async () => {
  const { site } = copyOfBuild();
  const { url } = await serve(site);
  const { page, context } = await openControlled(`${url}/`);
  const cdp = await context.newCDPSession(page);
  const { url: manifestUrl, errors, parsed } = await cdp.send('Page.getAppManifest');
  assert.equal(new URL(manifestUrl).pathname, '/manifest.webmanifest');
  assert.deepEqual(errors, [], 'the manifest parses');
  const app = JSON.parse(fs.readFileSync(path.join(site, 'manifest.webmanifest'), 'utf8'));
  assert.equal(app.name, manifest.site.title);
  assert.equal(app.lang, manifest.site.language);
  assert.ok(parsed, 'Chromium parsed the manifest');
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  // The test browser's contexts are private windows, where nothing installs.
  assert.deepEqual(installabilityErrors.filter((e) => e.errorId !== 'in-incognito'), []);
});
