// Hearth's service worker: caches the app shell (index.html, the app's and the pipeline worker's
// js and wasm, css, icons, manifest) when installed and serves it cache-first, so the app opens
// with the network off after the first visit. The build step (app/service_worker.mjs, a Trunk
// post_build hook) fills in BUILD — a hash of every shell file — and SHELL, so each build gets
// its own cache name and an update replaces the old cache when the new worker activates.
const BUILD = '__HEARTH_BUILD__';
const SHELL = __HEARTH_SHELL__;
const CACHE = `hearth-shell-${BUILD}`;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // `reload` skips the HTTP cache: the shell is exactly this build's files.
    await cache.addAll(SHELL.map((path) => new Request(path, { cache: 'reload' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('hearth-shell-') && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    // Every page address (#overview, #data, ...) is the one index.html.
    const key = request.mode === 'navigate' ? new URL('./', self.registration.scope).href : request;
    const cached = await cache.match(key, { ignoreSearch: request.mode === 'navigate' });
    return cached ?? fetch(request);
  })());
});
