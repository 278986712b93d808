// What the e-party card keeps on a phone (ADR 0503): its device key and last card in IndexedDB,
// a "bound" flag in localStorage, its pages in the service worker's cache. All apps share one
// origin and one session, so any login page (shown only to someone not signed in) forgets them:
// the next person on a shared phone can neither open the card nor sign proofs with its key.
export const CARD_DEVICE_DB = "dangjian-card";
export const CARD_BOUND_FLAG = "dj-card-bound";
export const CARD_CACHE_PREFIX = "dangjian-card";

/** Deletes the card's key, card, flag and cached pages from this browser. Never throws. */
export async function forgetCardOnThisDevice(): Promise<void> {
  try {
    localStorage.removeItem(CARD_BOUND_FLAG);
  } catch {
    // storage blocked
  }
  await new Promise<void>((resolve) => {
    try {
      const request = indexedDB.deleteDatabase(CARD_DEVICE_DB);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    } catch {
      resolve();
    }
  });
  try {
    for (const name of await caches.keys()) if (name.startsWith(CARD_CACHE_PREFIX)) await caches.delete(name);
  } catch {
    // no Cache Storage (insecure context): nothing was cached
  }
}
