// CNN Playground service worker: after one visit the app works with the network cut,
// and an update is all or nothing.
//
// `sw-build.js` is written by `make site`: it names this build (a hash of all
// its files) and lists the files the app uses. The cache is named after the
// build, and install puts every one of them into it before this worker may
// take over, so the JS glue and the wasm a page gets always come from one
// build. A failed download fails the install and the previous build stays in
// charge.
//
// Install asks the server to revalidate each file (`cache: 'no-cache'`)
// rather than to send it again (`'reload'`): on a first visit the page has
// just fetched the wasm, its glue, the styles and the data, and the server
// answers 304 for those from the browser's HTTP cache, so the first visit
// moves each file once. A file that changed on the server comes whole, as
// before; the server's gzipped twins are its business (Content-Encoding),
// not separate files here.
//
// Files are served from this build's cache first, then the network. A new
// build installs in the background and waits while a page of the old one is
// open; the page offers a reload (boot.js), which asks it to take over.
//
// Of the two wasm builds (see wasm-features.js), only the one this browser
// runs is cached: the worker decides the way the page does.
importScripts('sw-build.js', 'wasm-features.js');

const CACHE = 'cnn-playground-' + self.BUILD.id;
const FILES = self.BUILD.files.filter((f) => f !== self.cnnWasm.unused);

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((c) => c.addAll(FILES.map((f) => new Request(f, { cache: 'no-cache' }))))
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
      // ignoreVary: the server varies on Accept-Encoding, which requests made
      // here never carry; the cache holds bodies already decoded.
      .then((c) => c.match(req, { ignoreSearch: true, ignoreVary: true })
        .then((hit) => hit || (req.mode === 'navigate' ? c.match('./') : undefined)))
      .then((hit) => hit || fetch(req))
      .catch(() => new Response('offline and not cached', { status: 503, statusText: 'Offline' })),
  );
});
