// Written as sw.js when offline reading is switched off (`[offline] enabled = false` in
// fumi.toml). A browser that still has an earlier deploy's worker fetches this one
// (browsers check sw.js on every visit) and it takes over at once, deletes everything
// fumi kept, and unregisters itself: from the next page on, the site is served by the
// network alone, as if it had never had a worker. It has no fetch handler, so even
// the page that runs it is never served from a cache.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((name) => name.startsWith('fumi-')).map((name) => caches.delete(name)));
      await self.registration.unregister();
    })(),
  );
});
