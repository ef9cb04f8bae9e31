/*
 * Domus service worker: the app shell offline. Hand-written on purpose.
 *
 * We chose this over @serwist/next because Next 16 builds with Turbopack, and Serwist's Next.js
 * integration is a webpack plugin that Turbopack never runs, so it would generate no precache
 * manifest. The app needs little: the data lives in IndexedDB (Dexie) and never passes through here.
 *
 * - Versioned caches: bump VERSION when this file's logic changes; old caches are deleted on activate.
 * - Navigations: network first (with a timeout for flaky networks), falling back to the cached page,
 *   so after one online visit every route of the app loads offline, each with its own HTML.
 * - /_next/static/*: cache first (file names are content hashes, so a cached file is never stale).
 * - /api/*: never cached, never touched. React Server Component fetches (client-side navigations)
 *   go to the network; when they fail offline, Next falls back to a full navigation, served above.
 * - Install (and a "warm" message after each online page load) fetches every route and the static
 *   files its HTML names, so routes never visited still open offline.
 * - Background Sync: a `sync` event tagged `domus-sync` (registered by the page while changes wait)
 *   runs the client's own sync engine, bundled from src/client/sw-entry.ts into /sw-sync.js by
 *   scripts/build-sw.mjs, so changes made just before the tab closed still go out. Browsers without
 *   Background Sync never fire the event; the page's own sync is all they have.
 */
const VERSION = "v2";
const PAGES = `domus-pages-${VERSION}`;
const STATIC = `domus-static-${VERSION}`;
const ROUTES = ["/", "/shopping", "/notes", "/settings", "/household", "/conflicts", "/signin", "/signup"];
const ASSETS = [
  "/manifest.webmanifest",
  "/icons/icon.svg",
  "/icons/icon-192.png",
  "/icons/icon-512.png",
  "/icons/maskable-512.png",
];
const NAVIGATION_TIMEOUT_MS = 4000;
const WARM_EVERY_MS = 10 * 60 * 1000;
let lastWarm = 0;

// Defines the global `domusSync` ({ tag, run }). A build without the bundle must still serve offline.
try {
  importScripts("/sw-sync.js");
} catch (err) {
  console.warn("Domus: background sync is unavailable", err);
}

self.addEventListener("install", (event) => {
  event.waitUntil(warm().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const keep = new Set([PAGES, STATIC]);
      for (const name of await caches.keys()) {
        if (name.startsWith("domus-") && !keep.has(name)) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "warm" && Date.now() - lastWarm > WARM_EVERY_MS) {
    event.waitUntil(warm());
  }
});

// Periodic Background Sync (an installed PWA in Chromium): the lists are pulled while the app is
// closed, so they are fresh when opened in the shop. Registered by the page (src/client/periodic-sync.ts).
self.addEventListener("periodicsync", (event) => {
  if (typeof domusSync === "undefined" || event.tag !== domusSync.periodicTag) return;
  event.waitUntil(domusSync.run().catch(() => undefined));
});

self.addEventListener("sync", (event) => {
  if (typeof domusSync === "undefined" || event.tag !== domusSync.tag) return;
  // A rejection (offline, server error) asks the browser to fire the event again later.
  event.waitUntil(domusSync.run());
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/")) return;
  if (url.pathname === "/sw.js") return;

  if (request.mode === "navigate") {
    event.respondWith(navigation(event, url));
    return;
  }
  if (request.headers.has("rsc") || url.searchParams.has("_rsc")) return;
  if (url.pathname.startsWith("/_next/static/")) {
    event.respondWith(cacheFirst(request));
    return;
  }
  if (ASSETS.includes(url.pathname) || url.pathname.startsWith("/icons/")) {
    event.respondWith(staleWhileRevalidate(event, request));
  }
});

/** Pages are cached by path alone: /signup?invite=X falls back to the cached /signup. */
function pageKey(url) {
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") : "/";
  return new Request(new URL(path, self.location.origin).href);
}

function cacheable(response) {
  return response && response.ok && response.type === "basic" && !response.redirected;
}

async function navigation(event, url) {
  const cache = await caches.open(PAGES);
  const key = pageKey(url);
  const network = fetch(event.request).then((response) => {
    if (cacheable(response)) event.waitUntil(cache.put(key, response.clone()));
    return response;
  });
  try {
    return await withTimeout(network, NAVIGATION_TIMEOUT_MS);
  } catch {
    const cached = (await cache.match(key)) || (await cache.match(pageKey(new URL("/", url))));
    if (cached) return cached;
    // Nothing cached yet (first visit while offline): wait for the network after all.
    return network.catch(() => offlineResponse());
  }
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

async function cacheFirst(request) {
  const cache = await caches.open(STATIC);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (cacheable(response)) await cache.put(request, response.clone());
  return response;
}

async function staleWhileRevalidate(event, request) {
  const cache = await caches.open(STATIC);
  const cached = await cache.match(request);
  const refresh = fetch(request).then(async (response) => {
    if (cacheable(response)) await cache.put(request, response.clone());
    return response;
  });
  if (cached) {
    event.waitUntil(refresh.catch(() => undefined));
    return cached;
  }
  return refresh;
}

/** Fetches every route and caches it with the hashed files its HTML references. */
async function warm() {
  lastWarm = Date.now();
  const pages = await caches.open(PAGES);
  const statics = await caches.open(STATIC);
  const wanted = new Set(ASSETS);
  await Promise.allSettled(
    ROUTES.map(async (route) => {
      const response = await fetch(route, { cache: "no-store", credentials: "same-origin" });
      if (!cacheable(response)) return;
      const html = await response.clone().text();
      await pages.put(pageKey(new URL(route, self.location.origin)), response);
      for (const match of html.matchAll(/\/_next\/static\/[^"'\\\s)<>]+/g)) wanted.add(match[0]);
    }),
  );
  await Promise.allSettled(
    [...wanted].map(async (path) => {
      if (path.startsWith("/_next/static/") && (await statics.match(path))) return;
      const response = await fetch(path, { credentials: "same-origin" });
      if (cacheable(response)) await statics.put(path, response);
    }),
  );
}

function offlineResponse() {
  const body =
    '<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">' +
    "<title>Domus is offline</title>" +
    '<body style="font-family:system-ui;padding:2rem;line-height:1.5;background:#f7f5f0;color:#2b2622">' +
    "<h1>You are offline</h1><p>Open Domus once while online and it will work offline from then on.</p>";
  return new Response(body, { status: 503, headers: { "content-type": "text/html; charset=utf-8" } });
}

// Web Push (src/server/reminders): the Worker's notices ({title, body, tag, url}, JSON), shown as
// sent; a notice with the same tag replaces the earlier one. A click focuses an open window of the
// app (taking it to the notice's page) or opens one.
self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { body: event.data ? event.data.text() : "" };
  }
  const text = (value, fallback) => (typeof value === "string" && value ? value.slice(0, 500) : fallback);
  const url = typeof data.url === "string" && data.url.startsWith("/") && !data.url.startsWith("//") ? data.url : "/";
  event.waitUntil(
    self.registration.showNotification(text(data.title, "Domus"), {
      body: text(data.body, ""),
      tag: text(data.tag, undefined),
      icon: "/icons/icon-192.png",
      data: { url },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL((event.notification.data && event.notification.data.url) || "/", self.location.origin).href;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
      if (!open) return self.clients.openWindow(target);
      // Navigate first: focusing needs the click's user activation, which a browser may not grant.
      const shown = open.url !== target && "navigate" in open ? ((await open.navigate(target)) ?? open) : open;
      await shown.focus().catch(() => undefined);
    })(),
  );
});
