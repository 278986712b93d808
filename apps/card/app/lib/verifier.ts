// The public verifier's cache (browser only): the trust list and each region's signed status list,
// fetched when online and kept in IndexedDB. Verification runs entirely on the device from this
// cache. Each status list is signed by its region's issuer key (ADR 0504): the signatures are
// checked when the lists arrive and again whenever the cache is read back, and the cache's age
// is that of its oldest signed list, so an altered or replayed copy is refused.
// Signatures are checked with WebCrypto (ECDSA P-256: ES256 issuer keys and every device proof) and
// @noble/curves for the Ed25519 signatures of older EdDSA issuer keys (ADR 0506).
import { createStore, get, set } from "idb-keyval";
import {
  VERIFIER_MAX_CACHE_AGE_MS,
  VerifiedCards,
  base64url,
  bitstringStatus,
  cacheFresh,
  fromBase64url,
  trustedKeys,
  verifyCardQrAsync,
  verifyStatusListAsync,
  webCardCrypto,
  type StatusListCredentialJson,
  type StatusListProofJson,
  type TrustListJson,
  type VerifyResult,
} from "@dangjian/core/card";

export interface VerifierCache {
  fetchedAt: number;
  /** when the oldest of the status lists was signed: the cache is as old as that */
  signedAt: number;
  trust: TrustListJson;
  /** regionId → base64url of the decompressed, signature-checked bitstring */
  lists: Record<string, string>;
}

/** What is kept on the device: the lists as published (signatures included). */
interface StoredCache {
  version: 2;
  fetchedAt: number;
  trust: TrustListJson;
  proofs: Record<string, StatusListProofJson>;
}

const store = () => createStore("dangjian-verifier", "lists");
/** crypto.subtle when the page runs in a secure context (https, localhost), else @noble/curves throughout */
const cardCrypto = webCardCrypto();

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Checks every list's signature against the trust list; null when any is missing or wrong. */
async function open(stored: StoredCache): Promise<VerifierCache | null> {
  const keys = trustedKeys(stored.trust);
  const lists: Record<string, string> = {};
  let signedAt = Number.POSITIVE_INFINITY;
  for (const regionId of new Set(stored.trust.keys.map((k) => k.regionId))) {
    const verified = await verifyStatusListAsync(stored.proofs[regionId], regionId, keys, cardCrypto);
    if (!verified) return null;
    lists[regionId] = base64url(await gunzip(verified.gzipped));
    signedAt = Math.min(signedAt, verified.issuedAt);
  }
  return {
    fetchedAt: stored.fetchedAt,
    signedAt: Number.isFinite(signedAt) ? signedAt : stored.fetchedAt,
    trust: stored.trust,
    lists,
  };
}

export async function loadCache(): Promise<VerifierCache | undefined> {
  const stored = await get<StoredCache>("cache", store());
  if (!stored || stored.version !== 2) return undefined;
  return (await open(stored)) ?? undefined;
}

/** Downloads the trust list and every region's status list; keeps them only when all arrived signed. */
export async function refreshCache(): Promise<VerifierCache> {
  const trustResponse = await fetch("/card/lists/trust.json", { cache: "no-store" });
  if (!trustResponse.ok) throw new Error(`trust list ${trustResponse.status}`);
  const trust = (await trustResponse.json()) as TrustListJson;
  const proofs: Record<string, StatusListProofJson> = {};
  for (const url of [...new Set(trust.keys.map((k) => k.statusList))]) {
    const response = await fetch(url, { cache: "no-store" });
    if (!response.ok) throw new Error(`status list ${response.status}`);
    const json = (await response.json()) as StatusListCredentialJson;
    if (!json.proof) throw new Error("status list unsigned");
    proofs[trust.keys.find((k) => k.statusList === url)!.regionId] = json.proof;
  }
  const stored: StoredCache = { version: 2, fetchedAt: Date.now(), trust, proofs };
  const cache = await open(stored);
  if (!cache) throw new Error("status list signature");
  await set("cache", stored, store());
  return cache;
}

/** Cards whose issuer signature this page has checked (a second scan of one skips that check). */
const verifiedCards = new VerifiedCards(2_000);

export type VerifierAnswer = VerifyResult | { ok: false; reason: "cacheStale" };

export async function verifyWithCache(
  text: string,
  cache: VerifierCache | undefined,
  nowMs = Date.now(),
): Promise<VerifierAnswer> {
  if (!cache || !cacheFresh(cache.signedAt, nowMs, VERIFIER_MAX_CACHE_AGE_MS))
    return { ok: false, reason: "cacheStale" };
  const bits = new Map(Object.entries(cache.lists).map(([region, b64]) => [region, fromBase64url(b64)]));
  return verifyCardQrAsync(text, {
    nowMs,
    keys: trustedKeys(cache.trust),
    revoked: bitstringStatus(bits),
    crypto: cardCrypto,
    verified: verifiedCards,
  });
}
