// The public verifier's cache (browser only): the trust list and each region's status list,
// fetched when online and kept in IndexedDB with the time they were fetched. Verification runs
// entirely on the device from this cache; a cache older than the allowed age is refused.
import { createStore, get, set } from "idb-keyval";
import {
  VERIFIER_MAX_CACHE_AGE_MS,
  base64url,
  bitstringStatus,
  cacheFresh,
  encodedListBytes,
  fromBase64url,
  nobleCardCrypto,
  trustedKeys,
  verifyCardQr,
  type TrustListJson,
  type VerifyResult,
} from "@dangjian/core/card";

export interface VerifierCache {
  fetchedAt: number;
  trust: TrustListJson;
  /** regionId → base64url of the decompressed bitstring */
  lists: Record<string, string>;
}

const store = () => createStore("dangjian-verifier", "lists");

export async function loadCache(): Promise<VerifierCache | undefined> {
  return get<VerifierCache>("cache", store());
}

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Downloads the trust list and every region's status list; keeps them only when all arrived. */
export async function refreshCache(): Promise<VerifierCache> {
  const trustResponse = await fetch("/card/lists/trust.json", { cache: "no-store" });
  if (!trustResponse.ok) throw new Error(`trust list ${trustResponse.status}`);
  const trust = (await trustResponse.json()) as TrustListJson;
  const lists: Record<string, string> = {};
  for (const url of [...new Set(trust.keys.map((k) => k.statusList))]) {
    const response = await fetch(url, { cache: "no-store" });
    if (!response.ok) throw new Error(`status list ${response.status}`);
    const gz = encodedListBytes(await response.json());
    if (!gz) throw new Error("status list unreadable");
    const regionId = trust.keys.find((k) => k.statusList === url)!.regionId;
    lists[regionId] = base64url(await gunzip(gz));
  }
  const cache = { fetchedAt: Date.now(), trust, lists };
  await set("cache", cache, store());
  return cache;
}

export type VerifierAnswer = VerifyResult | { ok: false; reason: "cacheStale" };

export function verifyWithCache(text: string, cache: VerifierCache | undefined, nowMs = Date.now()): VerifierAnswer {
  if (!cache || !cacheFresh(cache.fetchedAt, nowMs, VERIFIER_MAX_CACHE_AGE_MS)) return { ok: false, reason: "cacheStale" };
  const bits = new Map(Object.entries(cache.lists).map(([region, b64]) => [region, fromBase64url(b64)]));
  return verifyCardQr(text, { nowMs, keys: trustedKeys(cache.trust), revoked: bitstringStatus(bits), crypto: nobleCardCrypto });
}
