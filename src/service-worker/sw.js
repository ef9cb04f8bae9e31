/*
 * Domus service worker: the app shell offline. Bundled by `serwist build` (configurator mode,
 * serwist.config.mjs) after `next build` into public/sw.js, with the precache manifest injected as
 * `self.__SW_MANIFEST`: every prerendered route and every file of .next/static and public/, each
 * with a revision (static files are content-hashed). Nothing is listed by hand.
 *
 * - Install: Serwist precaches the manifest (only what changed since the installed build is fetched).
 * - Activate: Serwist deletes from the precache what is not in this build's manifest (old builds'
 *   pages and chunks), and the caches of the hand-listed worker before it (domus-*) are deleted.
 * - Navigations: network first (with a timeout for flaky networks), falling back to this build's
 *   precached page for that path, so every prerendered route opens offline without a visit.
 * - Precached files (/_next/static/*, icons, manifest): cache first; other /_next/static files
 *   (none expected) are cached on first use.
 * - /api/*: never cached, never touched. React Server Component fetches (client-side navigations)
 *   go to the network; when they fail offline, Next falls back to a full navigation, served above.
 * - Background Sync: a `sync` event tagged `domus-sync` runs the client's own sync engine, bundled
 *   from src/client/sw-entry.ts into /sw-sync.js by scripts/build-sw.mjs. The page registers it for
 *   each local write (its engine's `handOff`: the push runs here, off the page's main thread), for
 *   changes left from an earlier visit, and when it is hidden with changes waiting, so changes made
 *   just before the tab closed still go out. Browsers without Background Sync never fire the event;
 *   the page's own sync is all they have.
 */
import { Serwist } from "serwist";

const STATIC = "domus-static-v3";
const NAVIGATION_TIMEOUT_MS = 4000;

// Serwist's event listeners are not added: its fetch routing would answer navigations cache first.
// It precaches on install, cleans up on activate, and answers `matchPrecache` for the handlers below.
const precache = new Serwist({
  precacheEntries: self.__SW_MANIFEST,
  precacheOptions: { cleanupOutdatedCaches: true },
  disableDevLogs: true,
});

// Defines the global `domusSync` ({ tag, run }). A build without the bundle must still serve offline.
try {
  importScripts("/sw-sync.js");
} catch (err) {
  console.warn("Domus: background sync is unavailable", err);
}

self.addEventListener("install", (event) => {
  // handleInstall waits on the event itself; the new build takes over as soon as it is precached.
  event.waitUntil(precache.handleInstall(event).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      await precache.handleActivate(event);
      for (const name of await caches.keys()) {
        if (name.startsWith("domus-") && name !== STATIC) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
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
  if (precache.getPrecacheKeyForUrl(url.href) || url.pathname.startsWith("/_next/static/")) {
    event.respondWith(cacheFirst(request));
  }
});

/** Pages are precached by path alone: /signup?invite=X falls back to the precached /signup. */
function pageKey(url) {
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") : "/";
  return new URL(path, self.location.origin).href;
}

function cacheable(response) {
  return response && response.ok && response.type === "basic" && !response.redirected;
}

async function navigation(event, url) {
  const network = fetch(event.request);
  try {
    return await withTimeout(network, NAVIGATION_TIMEOUT_MS);
  } catch {
    // A path without a prerendered page (e.g. /join/<code>) opens the app's home, which routes on.
    const cached = (await precache.matchPrecache(pageKey(url))) || (await precache.matchPrecache("/"));
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

/** This build's precached copy, else a runtime cache (content-hashed names are never stale). */
async function cacheFirst(request) {
  const precached = await precache.matchPrecache(request);
  if (precached) return precached;
  const cache = await caches.open(STATIC);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (cacheable(response)) await cache.put(request, response.clone());
  return response;
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
