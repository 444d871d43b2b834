// CNN Playground service worker: after one visit the app works with the network cut.
//
// Strategy: network first, cache as fallback. Online, a rebuilt site is always
// fresh; offline, the last copy of every file is served. The page tells us
// which files it loaded on its first visit (before this worker controlled it),
// so those are cached too.
const CACHE = 'cnn-playground-v1';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((c) => c.addAll(['./', 'index.html'])).then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

function sameOrigin(url) {
  return new URL(url, self.location.href).origin === self.location.origin;
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || !sameOrigin(req.url)) return;
  event.respondWith(
    fetch(req)
      .then((res) => {
        if (res.ok) {
          const copy = res.clone();
          caches.open(CACHE).then((c) => c.put(req, copy));
        }
        return res;
      })
      .catch(() =>
        caches.match(req, { ignoreSearch: true }).then((hit) => {
          if (hit) return hit;
          if (req.mode === 'navigate') return caches.match('./');
          return new Response('offline and not cached', { status: 503, statusText: 'Offline' });
        }),
      ),
  );
});

// The page sends the URLs it loaded before this worker took control.
self.addEventListener('message', (event) => {
  const urls = (event.data && event.data.cache) || [];
  const wanted = urls.filter(sameOrigin);
  event.waitUntil(
    caches.open(CACHE).then((c) =>
      Promise.all(wanted.map((u) => c.match(u).then((hit) => hit || c.add(u).catch(() => undefined)))),
    ),
  );
});
