// Registers the card's service worker and hands it the files this page loaded, so that the
// page opens offline after one visit (browser only).
export function registerCardServiceWorker(): void {
  if (typeof navigator === "undefined" || !("serviceWorker" in navigator)) return;
  void navigator.serviceWorker
    .register("/card/sw.js", { scope: "/card/" })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      const urls = [
        location.origin + location.pathname + location.search,
        ...performance.getEntriesByType("resource").map((e) => e.name),
      ].filter((u) => u.startsWith(`${location.origin}/card/`));
      registration.active?.postMessage({ type: "cache-urls", urls });
    })
    .catch(() => {
      // without a service worker the card still works online
    });
}
