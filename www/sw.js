// CNN Playground service worker: after one visit the app works with the network cut,
// and an update is all or nothing.
//
// `sw-build.js` is written by `make site`: it names this build (a hash of all
// its files) and lists them. The cache is named after the build, and install
// downloads the whole build into it before this worker may take over, so the
// JS glue and the wasm a page gets always come from one build. A failed
// download fails the install and the previous build stays in charge.
//
// Files are served from this build's cache first, then the network. A new
// build installs in the background and waits while a page of the old one is
// open; the page offers a reload (boot.js), which asks it to take over.
importScripts('sw-build.js');

const CACHE = 'cnn-playground-' + self.BUILD.id;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((c) => c.addAll(self.BUILD.files.map((f) => new Request(f, { cache: 'reload' }))))
      // The first install has no older build to wait for.
      .then(() => (self.registration.active ? undefined : self.skipWaiting())),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys
        .filter((k) => k.startsWith('cnn-playground-') && k !== CACHE)
        .map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.activate) self.skipWaiting();
});

function sameOrigin(url) {
  return new URL(url, self.location.href).origin === self.location.origin;
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || !sameOrigin(req.url)) return;
  event.respondWith(
    caches.open(CACHE)
      .then((c) => c.match(req, { ignoreSearch: true })
        .then((hit) => hit || (req.mode === 'navigate' ? c.match('./') : undefined)))
      .then((hit) => hit || fetch(req))
      .catch(() => new Response('offline and not cached', { status: 503, statusText: 'Offline' })),
  );
});
