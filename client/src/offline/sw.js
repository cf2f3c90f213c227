/*
 * Xiangtu's service worker: the app shell opens without a connection once visited.
 * This is a template: vite.config.ts (`serviceWorker()`) fills in VERSION and PRECACHE and emits
 * it as dist/sw.js; a new build has a new VERSION, so the browser installs it and old caches go.
 * Writes (anything but GET) and other hosts (base-map tiles) never pass through here; API reads
 * are not cached, except who is signed in (so the app knows its user offline). See docs/offline.md.
 */
const VERSION = '__VERSION__';
/** index.html ("/") and every file of the build under /assets/. */
const PRECACHE = /* __PRECACHE__ */ [];
const SHELL_PREFIX = 'xiangtu-shell-';
const SHELL = SHELL_PREFIX + VERSION;
const SESSION = 'xiangtu-session';
/** On a weak signal, give the network this long before opening the cached shell. */
const NAVIGATION_TIMEOUT_MS = 4000;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith(SHELL_PREFIX) && k !== SHELL).map((k) => caches.delete(k))),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname === '/api/session') event.respondWith(session(req));
  else if (url.pathname.startsWith('/api/')) return;
  else if (req.mode === 'navigate') event.respondWith(navigation(req));
  else if (url.pathname.startsWith('/assets/')) event.respondWith(asset(req));
});

/** Network first (the server may have a newer build); the cached shell when it fails or dawdles. */
async function navigation(req) {
  const cache = await caches.open(SHELL);
  const network = fetch(req).then((res) => {
    if (res.ok && (res.headers.get('Content-Type') || '').includes('text/html')) void cache.put('/', res.clone());
    return res;
  });
  const shell = await cache.match('/');
  if (!shell) return network;
  const late = shell.clone();
  let timer;
  const slow = new Promise((resolve) => {
    timer = setTimeout(() => resolve(late), NAVIGATION_TIMEOUT_MS);
  });
  return Promise.race([network.catch(() => shell), slow]).finally(() => clearTimeout(timer));
}

/** Hashed build files never change: the cache first, the network (and keep it) otherwise. */
async function asset(req) {
  const cache = await caches.open(SHELL);
  const hit = await cache.match(req);
  if (hit) return hit;
  const res = await fetch(req);
  if (res.ok) void cache.put(req, res.clone());
  return res;
}

/**
 * Who is signed in: the network's answer, and the last good one offline, so that the app opens
 * as that user without a connection; a 401 (signed out, expired) forgets it. The app asks again
 * after signing in (register-sw.ts `rememberSession`). No other API answer is stored.
 */
async function session(req) {
  const cache = await caches.open(SESSION);
  try {
    const res = await fetch(req);
    if (res.ok) await cache.put(req, res.clone());
    else if (res.status === 401) await cache.delete(req);
    return res;
  } catch (e) {
    const hit = await cache.match(req);
    if (hit) return hit;
    throw e;
  }
}
