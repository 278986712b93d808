// The card app's service worker (ADR 0501): the member's card and the verifier open with no
// network. Pages: the browser loads them itself while online (so the session cookie's renewal
// reaches the page untouched); the page then asks the worker to keep a copy, served only when
// offline. Fingerprinted assets: cache first. The page tells the worker which files it loaded,
// so the first visit is enough.
// API calls and the published lists are never cached here (the verifier keeps its own dated copy).
const CACHE = "dangjian-card-v1";
const SCOPE = "/card/";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

function cacheable(url) {
  return (
    url.origin === self.location.origin && url.pathname.startsWith(SCOPE) && !url.pathname.startsWith("/card/lists/")
  );
}

/** Files served cache first: fingerprinted scripts and styles, and the icons. */
function immutable(url) {
  return url.pathname.startsWith("/card/assets/") || url.pathname.startsWith("/card/icons/");
}

/** Responses the fetch handler falls back to when the network fails: loader data and small public files. */
function keptForOffline(url) {
  return url.pathname.endsWith(".data") || url.pathname.endsWith(".webmanifest") || url.pathname.endsWith(".svg");
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "cache-urls" && Array.isArray(data.urls)) {
    event.waitUntil(
      (async () => {
        const cache = await caches.open(CACHE);
        for (const [i, href] of data.urls.slice(0, 200).entries()) {
          try {
            const url = new URL(href, self.location.origin);
            if (!cacheable(url)) continue;
            // the page itself (first) is refreshed on every visit; of the other files, only those the
            // fetch handler serves are kept (not, say, the router's /card/__manifest lookups), once
            if (i > 0 && !immutable(url) && !keptForOffline(url)) continue;
            if (i > 0 && (await cache.match(url.href))) continue;
            const response = await fetch(url.href, { credentials: "same-origin" });
            if (response.ok && !response.redirected) await cache.put(url.href, response);
          } catch {
            // offline or gone: the next visit tries again
          }
        }
      })(),
    );
  }
  if (data.type === "forget") event.waitUntil(caches.delete(CACHE));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (!cacheable(url)) return;
  if (immutable(url)) {
    event.respondWith(
      (async () => {
        const cached = await caches.match(request);
        if (cached) return cached;
        const response = await fetch(request);
        if (response.ok) (await caches.open(CACHE)).put(request, response.clone());
        return response;
      })(),
    );
    return;
  }
  if (request.mode === "navigate") {
    if (self.navigator.onLine) return;
    event.respondWith(
      (async () => {
        const cached = await caches.match(url.origin + url.pathname + url.search);
        return cached ?? Response.error();
      })(),
    );
    return;
  }
  if (keptForOffline(url)) {
    event.respondWith(
      (async () => {
        const key = url.origin + url.pathname + url.search;
        try {
          const response = await fetch(request);
          if (response.ok && !response.redirected) (await caches.open(CACHE)).put(key, response.clone());
          return response;
        } catch (error) {
          const cached = await caches.match(key);
          if (cached) return cached;
          throw error;
        }
      })(),
    );
  }
});
