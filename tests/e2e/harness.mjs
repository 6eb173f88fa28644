// Shared set-up for fumi's end-to-end tests (node:test + playwright-core + Debian's
// Chromium). Each test file calls `useHarness()` once at top level: it starts the
// static server and the browser before the file's tests and stops both after them.
//
//   const h = useHarness();
//   test('…', async () => {
//     const { page, errors } = await h.openPage('/posts/a');
//     await waitForApp(page);
//     …
//     h.assertNoErrors(errors);
//   });
//
// Every `openPage` gets a fresh browser context (no shared cache, storage or routes),
// so tests stay independent; contexts are closed after each test.

import { after, afterEach, before } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';

export const DIST = path.resolve(process.env.FUMI_DIST ?? 'dist');

/** Default time limit of one wait, in ms (a release bundle starts in well under 1 s). */
export const TIMEOUT = 10_000;

/**
 * Which kind of build is under test. A release build (`trunk build --release`) leaves
 * drafts out; a debug build (`trunk serve`, `trunk build`) includes them with a badge.
 * FUMI_PROFILE=release|debug overrides the guess; the guess is "debug" only when
 * index.html carries the autoreload script that `trunk serve` injects.
 */
export const PROFILE =
  process.env.FUMI_PROFILE ??
  (fs.existsSync(path.join(DIST, 'index.html')) &&
  fs.readFileSync(path.join(DIST, 'index.html'), 'utf8').includes('.well-known/trunk/ws')
    ? 'debug'
    : 'release');

/** Console noise that is not the app's: `trunk serve`'s autoreload socket has no server here. */
const FOREIGN_NOISE = [/\.well-known\/trunk\/ws/];

/** The manifest of the build under test, read from disk. */
export function readManifest() {
  return JSON.parse(fs.readFileSync(path.join(DIST, 'posts', 'manifest.json'), 'utf8'));
}

/** The Markdown body of one post of the build under test. */
export function readBody(slug) {
  return fs.readFileSync(path.join(DIST, 'posts', `${slug}.md`), 'utf8');
}

/** Path of a post page. */
export const postPath = (slug) => `/posts/${encodeURIComponent(slug)}`;
/** Path of a tag page. */
export const tagPath = (tag) => `/tags/${encodeURIComponent(tag)}`;

/** Tag identity as the app defines it (NFKC, lower case, collapsed whitespace). */
export const tagKey = (tag) => tag.normalize('NFKC').trim().split(/\s+/).join(' ').toLowerCase();

/** Tag → number of posts, merged by tagKey, keeping the first spelling. */
export function tagCounts(manifest) {
  const counts = new Map();
  for (const post of manifest.posts) {
    for (const tag of post.tags) {
      const key = tagKey(tag);
      const entry = counts.get(key) ?? { name: tag, count: 0 };
      entry.count += 1;
      counts.set(key, entry);
    }
  }
  return [...counts.values()];
}

/** Headless Chromium as every test and the bench start it, on this closed network. */
export function launchChromium() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: LAUNCH_ARGS });
}

const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Registers before/after hooks that start the server and the browser for the current
 * test file. Returns an object whose methods are valid inside tests.
 * `options.headers`: the server answers with the build's `_headers` (CSP included).
 */
export function useHarness(options = {}) {
  const state = { server: null, browser: null, contexts: [], intercept: null };

  before(async () => {
    assert.ok(
      fs.existsSync(path.join(DIST, 'index.html')),
      `no build at ${DIST}: run \`trunk build --release\` (or set FUMI_DIST)`,
    );
    state.server = await startServer({
      dir: DIST,
      port: 0,
      headers: options.headers ?? false,
      intercept: (req, res) => state.intercept?.(req, res) ?? false,
    });
    state.browser = await launchChromium();
  });

  afterEach(async () => {
    state.intercept = null;
    const contexts = state.contexts.splice(0);
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
  });

  after(async () => {
    await state.browser?.close();
    await state.server?.close();
  });

  const h = {
    /** Base URL of the server, without trailing slash. */
    get url() {
      return state.server.url;
    },

    /**
     * Lets `fn(req, res)` answer requests before the server does, on the real socket
     * (return true when it has answered), until the end of the current test.
     */
    intercept(fn) {
      state.intercept = fn;
    },

    /**
     * A fresh context + page. Console errors, uncaught page errors and failed
     * requests (network failures and HTTP ≥ 400) are collected in `errors`.
     * `options.viewport` sets the viewport; `options.setup(page, context)` runs before
     * navigation (for routes or init scripts); `options.goto: false` skips navigation.
     * The offline service worker is blocked (as in a browser without one) unless
     * `options.serviceWorkers` is `'allow'`: a page it controls answers from the
     * worker, out of sight of `page.route`, which many tests use to shape requests.
     * offline.test.mjs runs with it.
     */
    async openPage(pathname = '/', options = {}) {
      const context = await state.browser.newContext({
        baseURL: state.server.url,
        viewport: options.viewport ?? { width: 1280, height: 800 },
        deviceScaleFactor: options.deviceScaleFactor ?? 1,
        locale: 'en-US',
        reducedMotion: 'reduce',
        serviceWorkers: options.serviceWorkers ?? 'block',
      });
      state.contexts.push(context);
      context.setDefaultTimeout(TIMEOUT);
      context.setDefaultNavigationTimeout(TIMEOUT);
      const page = await context.newPage();
      const errors = [];
      page.on('console', (msg) => {
        if (msg.type() !== 'error' || FOREIGN_NOISE.some((re) => re.test(msg.text()))) return;
        errors.push(`console: ${msg.text()} (${msg.location().url})`);
      });
      page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
      page.on('requestfailed', (req) =>
        errors.push(`requestfailed: ${req.url()} ${req.failure()?.errorText ?? ''}`),
      );
      page.on('response', (res) => {
        if (res.status() >= 400) errors.push(`http ${res.status()}: ${res.url()}`);
      });
      if (options.setup) await options.setup(page, context);
      if (options.goto !== false) await page.goto(pathname);
      return { page, context, errors };
    },

    /** Asserts that nothing went wrong in the page. */
    assertNoErrors(errors, message = 'unexpected errors in the page') {
      assert.deepEqual(errors, [], message);
    },
  };
  return h;
}

/** Holds every request `page` makes for a URL matching `pattern` until the returned
 * function is called. */
export async function holdRequests(page, pattern) {
  let release;
  const gate = new Promise((r) => (release = r));
  await page.route(pattern, async (route) => {
    await gate;
    await route.continue();
  });
  return release;
}

/** Holds every request for the app's wasm until the returned function is called:
 * the page as a reader has it before the app takes over. */
export const holdApp = (page) => holdRequests(page, '**/*_bg.wasm');

/** Holds fumi's start script (which theme.js loads after the first paint) until the
 * returned function is called: the page before any script of the app has run. */
export const holdStartScript = (page) => holdRequests(page, /\/fumi-start-[0-9a-f]+\.js$/);

/**
 * Waits until `main` shows real content and the app is in charge: the wasm has taken
 * over the rendered page (or rendered the route itself: `data-fumi-app="ready"` on
 * `<html>`), and no loading skeleton (`.loading` / `aria-busy`) is left in `main`.
 * "Real content" is an h1 (every page has one) or an error view. After a client-side
 * navigation the previous page still satisfies this, so wait for something specific
 * to the new page there instead.
 */
export async function waitForApp(page, { timeout = TIMEOUT } = {}) {
  // On a rendered page the app starts at the reader's first sign of intent (or idle,
  // seconds after load): show one, as a reader would by scrolling.
  await page.evaluate(() => window.dispatchEvent(new Event('scroll'))).catch(() => {});
  try {
    await page.waitForFunction(
      () => {
        const main = document.querySelector('main#main');
        if (!main || document.documentElement.dataset.fumiApp !== 'ready') return false;
        if (main.querySelector('.loading, [aria-busy="true"]')) return false;
        return Boolean(main.querySelector('h1, .error-view'));
      },
      null,
      { timeout },
    );
  } catch (err) {
    const main = await page
      .evaluate(() => document.querySelector('main')?.outerHTML ?? document.body.outerHTML)
      .catch(() => '(page gone)');
    throw new assert.AssertionError({
      message: `app did not render content in main within ${timeout} ms at ${page.url()}: ${err.message.split('\n')[0]}\n${main.slice(0, 600)}`,
    });
  }
}

/**
 * Retrying assertion: polls `getActual()` until it deep-equals `expected`, then
 * returns it; after `timeout` ms fails with the usual deepEqual diff of the last value.
 */
export async function expectPoll(getActual, expected, { timeout = TIMEOUT, interval = 50, message } = {}) {
  const deadline = Date.now() + timeout;
  let actual;
  for (;;) {
    actual = await getActual();
    if (isDeepStrictEqual(actual, expected)) return actual;
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, interval));
  }
  assert.deepEqual(actual, expected, message);
  return actual;
}

/** Waits until the document title is `title` (fails with the actual title). */
export function expectTitle(page, title) {
  return expectPoll(() => page.title(), title, { message: 'document.title' });
}

/** Waits until the URL path (decoded, without origin and query) is `pathname`. */
export function expectPath(page, pathname) {
  return expectPoll(
    () => decodeURIComponent(new URL(page.url()).pathname),
    decodeURIComponent(pathname),
    { message: 'location.pathname' },
  );
}
