// fumi's service worker, written by fumi-publish into every release build as sw.js
// (its scope is the site's base path). It makes reading work offline without ever
// serving an old deploy in place of a new one:
//
// - hashed files (wasm, scripts, styles) come from the cache: a new deploy has new
//   names, so a cached copy is never stale;
// - everything else (pages, the manifest, post bodies, search files, images) comes from
//   the network first, with a short time limit, and from the cache only when the
//   network fails or hangs, so an online reader always gets the newest deploy;
// - the posts a reader opened stay readable offline, the newest first, within a count
//   and a byte limit; posts (or the whole site) kept on purpose stay until removed.
//
// A new deploy is a new sw.js (it names the build's files). The start script asks for
// it before each in-app navigation and turns that navigation into a full page load
// when one has arrived, so the new deploy shows on the very next page, and a reader in
// the middle of a post is never moved.

const VERSION = '__FUMI_VERSION__';
/** The build's content-hashed files, relative to the worker. */
const ASSETS = __FUMI_ASSETS__;
/** The page that renders any route (the app shell), relative to the worker. */
const SHELL = '__FUMI_SHELL__';
/** Posts read, kept for reading offline: at most this many, and this many bytes in all. */
const LIMITS = { posts: __FUMI_KEEP_POSTS__, bytes: __FUMI_KEEP_BYTES__ };
/** How long the network may take before the cached copy is used instead. */
const NETWORK_MS = 4000;

const ASSET_CACHE = `fumi-assets-${VERSION}`;
/** Network-first files, each the newest copy seen; bounded by LIMITS. */
const READ_CACHE = 'fumi-read';
/** Posts and sites the reader chose to keep; never evicted. */
const KEPT_CACHE = 'fumi-kept';
/** The list of what READ_CACHE holds (url, post, bytes, time), as a JSON response. */
const INDEX_URL = new URL('./__fumi-offline-index.json', self.location).href;
const SCOPE = new URL('./', self.location);

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(ASSET_CACHE);
      await cache.addAll([...ASSETS, SHELL].map((file) => new URL(file, SCOPE).href));
      // Pages already open keep the files they loaded (the previous deploy's assets
      // stay cached, below), so the new worker may take over at once.
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      // The previous deploy's assets stay for pages still showing it; older ones go.
      const assetCaches = (await caches.keys()).filter((name) => name.startsWith('fumi-assets-'));
      const order = await Promise.all(assetCaches.map(async (name) => [name, await createdAt(name)]));
      order.sort((a, b) => b[1] - a[1]);
      const keep = new Set([ASSET_CACHE, ...order.filter(([name]) => name !== ASSET_CACHE).slice(0, 1).map(([n]) => n)]);
      await Promise.all(assetCaches.filter((name) => !keep.has(name)).map((name) => caches.delete(name)));
      await self.clients.claim();
    })(),
  );
});

/** When an asset cache was made (stored beside its files). */
async function createdAt(name) {
  const cache = await caches.open(name);
  const marker = new URL('./__fumi-created', self.location).href;
  let response = await cache.match(marker);
  if (!response) {
    response = new Response(String(Date.now()));
    await cache.put(marker, response.clone());
  }
  return Number(await response.text());
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  const file = url.pathname.slice(SCOPE.pathname.length);
  if (file === 'sw.js') return;
  if (ASSETS.includes(file)) {
    event.respondWith(cacheFirst(request));
  } else {
    event.respondWith(networkFirst(request, event));
  }
});

async function cacheFirst(request) {
  const hit = await caches.match(request, { ignoreSearch: true });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) {
    const copy = response.clone();
    caches.open(ASSET_CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}

/** The post a file belongs to (its page, body or hints), or null. */
function postOf(url) {
  const file = decodeURIComponent(url.pathname.slice(SCOPE.pathname.length));
  const match = /^posts\/([^/]+?)(?:\.md|\.hints\.json|\.html|\/index\.html|\/)?$/.exec(file);
  return match && match[1] !== 'manifest.json' ? match[1] : null;
}

/** The key a response is kept under: navigations by their URL without the query. */
function keyOf(request) {
  const url = new URL(request.url);
  url.hash = '';
  return url.href;
}

async function networkFirst(request, event) {
  const key = keyOf(request);
  let timer;
  const network = fetch(request).then((response) => {
    clearTimeout(timer);
    if (response.ok && response.type === 'basic') {
      const copy = response.clone();
      event.waitUntil(remember(key, copy, postOf(new URL(request.url))));
    }
    return response;
  });
  const late = new Promise((resolve) => (timer = setTimeout(() => resolve(null), NETWORK_MS)));
  try {
    const response = await Promise.race([network, late]);
    if (response) return response;
    // The network hangs: a saved copy now, else keep waiting for the network.
    return (await saved(request)) ?? (await network);
  } catch (error) {
    const copy = await saved(request);
    if (copy) return copy;
    // Offline on a page never saved: the app shell renders the route, and the app
    // then says the post is not saved for reading offline.
    if (request.mode === 'navigate') {
      const shell = await caches.match(new URL(SHELL, SCOPE).href);
      if (shell) return shell;
    }
    throw error;
  }
}

async function saved(request) {
  const key = keyOf(request);
  const copy = (await caches.match(key, { cacheName: KEPT_CACHE })) ?? (await caches.match(key, { cacheName: READ_CACHE }));
  if (copy) return copy;
  // A smaller copy of a post image (_img/images/x.png/960-<hash>.avif) that was never
  // fetched: the original, which a kept post holds, shows in its place.
  const file = new URL(key).pathname.slice(SCOPE.pathname.length);
  const original = /^_img\/(.+)\/[^/]+$/.exec(file);
  return original ? saved(new Request(new URL(original[1], SCOPE).href)) : undefined;
}

// ---- what READ_CACHE holds, and its limits ----

let indexQueue = Promise.resolve();
/** Runs `change` on the index, one change at a time, and stores the result. */
function updateIndex(change) {
  indexQueue = indexQueue.then(async () => {
    const cache = await caches.open(READ_CACHE);
    const stored = await cache.match(INDEX_URL);
    const index = stored ? await stored.json() : [];
    const next = await change(index, cache);
    await cache.put(INDEX_URL, new Response(JSON.stringify(next), { headers: { 'Content-Type': 'application/json' } }));
  });
  return indexQueue;
}

async function remember(key, response, post) {
  const body = await response.clone().arrayBuffer();
  await updateIndex(async (index, cache) => {
    await cache.put(key, response);
    const entries = index.filter((entry) => entry.url !== key);
    entries.push({ url: key, post, bytes: body.byteLength, time: Date.now() });
    return evict(entries, cache);
  });
}

/**
 * Drops the least recently read posts (each with all its files) and other files until
 * at most LIMITS.posts posts and LIMITS.bytes bytes remain.
 */
async function evict(entries, cache) {
  const groups = new Map();
  for (const entry of entries) {
    const id = entry.post ? `post:${entry.post}` : entry.url;
    const group = groups.get(id) ?? { post: entry.post, time: 0, entries: [] };
    group.time = Math.max(group.time, entry.time);
    group.entries.push(entry);
    groups.set(id, group);
  }
  let posts = [...groups.values()].filter((group) => group.post).length;
  let bytes = entries.reduce((sum, entry) => sum + entry.bytes, 0);
  const dropped = new Set();
  for (const group of [...groups.values()].sort((a, b) => a.time - b.time)) {
    const tooMany = posts > LIMITS.posts;
    const tooBig = bytes > LIMITS.bytes;
    if (!tooMany && !tooBig) break;
    if (!tooBig && !group.post) continue; // only posts count towards the number of posts
    for (const entry of group.entries) {
      dropped.add(entry);
      bytes -= entry.bytes;
      await cache.delete(entry.url);
    }
    if (group.post) posts -= 1;
  }
  return entries.filter((entry) => !dropped.has(entry));
}

// ---- keeping on purpose: messages from the page ----

self.addEventListener('message', (event) => {
  const { type, files } = event.data ?? {};
  const reply = (message) => event.source?.postMessage({ ...message, type: `${type}:done` });
  if (type === 'fumi:keep' && Array.isArray(files)) {
    event.waitUntil(
      keep(files).then(
        (count) => reply({ ok: true, count }),
        (error) => reply({ ok: false, error: String(error) }),
      ),
    );
  } else if (type === 'fumi:status') {
    event.waitUntil(status().then((state) => reply(state)));
  }
});

async function keep(files) {
  const cache = await caches.open(KEPT_CACHE);
  const urls = files.map((file) => new URL(file, SCOPE).href);
  await Promise.all(
    urls.map(async (url) => {
      const response = await fetch(url, { cache: 'no-cache' });
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      await cache.put(url, response);
    }),
  );
  return urls.length;
}

async function status() {
  const kept = await caches.open(KEPT_CACHE).then((cache) => cache.keys());
  const read = await caches.open(READ_CACHE).then((cache) => cache.match(INDEX_URL)).then((r) => (r ? r.json() : []));
  return {
    version: VERSION,
    kept: kept.map((request) => request.url),
    read: read.map(({ url, post, bytes }) => ({ url, post, bytes })),
  };
}
