// Published lists the verifier caches: the trust list (issuer public keys per region) and one
// W3C Bitstring Status List per region (bit i set = the card with status index i is revoked or
// suspended). Pure shapes and checks; gzip and HTTP live in services and the verifier page.
import { base64url, fromBase64url, type TrustedKey } from "./verify.ts";

/** W3C Bitstring Status List minimum: 131,072 entries (16 KB before gzip), for herd privacy. */
export const STATUS_LIST_MIN_BITS = 131_072;
/** How long a verifier may rely on a fetched list (the lists' `ttl`, milliseconds). */
export const STATUS_LIST_TTL_MS = 10 * 60_000;
/** A verifier refuses to answer from a cache older than this. */
export const VERIFIER_MAX_CACHE_AGE_MS = 24 * 3_600_000;
/** The renewal margin (validity: CARD_VALIDITY_DAYS in format.ts). */
export const CARD_RENEW_BEFORE_DAYS = 7;

export function statusListBits(highestIndex: number): number {
  const needed = Math.max(highestIndex + 1, 1);
  return Math.ceil(needed / STATUS_LIST_MIN_BITS) * STATUS_LIST_MIN_BITS;
}

export function setStatusBit(bits: Uint8Array, index: number): void {
  const at = index >> 3;
  if (at >= bits.length) throw new RangeError("status index outside the list");
  bits[at] = bits[at]! | (1 << (7 - (index & 7)));
}

export interface TrustListKeyJson {
  kid: string;
  regionId: string;
  regionName: string;
  alg: "EdDSA";
  crv: "Ed25519";
  /** base64url raw public key */
  x: string;
  createdAt: string;
  retiredAt: string | null;
  /** where this region's status list is published */
  statusList: string;
}

export interface TrustListJson {
  type: "DangjianCardTrustList";
  version: 1;
  issued: string;
  /** seconds a verifier may use it before refreshing */
  ttl: number;
  keys: TrustListKeyJson[];
}

export interface StatusListCredentialJson {
  "@context": string[];
  id: string;
  type: string[];
  issuer: string;
  validFrom: string;
  validUntil: string;
  /** seconds */
  ttl: number;
  credentialSubject: { id: string; type: "BitstringStatusList"; statusPurpose: "revocation"; encodedList: string };
}

export function statusListCredential(input: { url: string; issuer: string; now: Date; ttlMs: number; gzipped: Uint8Array }): StatusListCredentialJson {
  return {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    id: input.url,
    type: ["VerifiableCredential", "BitstringStatusListCredential"],
    issuer: input.issuer,
    validFrom: input.now.toISOString(),
    validUntil: new Date(input.now.getTime() + input.ttlMs).toISOString(),
    ttl: Math.round(input.ttlMs / 1000),
    // multibase: "u" + base64url (no padding) of the gzip-compressed bitstring
    credentialSubject: { id: `${input.url}#list`, type: "BitstringStatusList", statusPurpose: "revocation", encodedList: `u${base64url(input.gzipped)}` },
  };
}

/** The gzip bytes inside a status list credential, or null when it is not one. */
export function encodedListBytes(json: unknown): Uint8Array | null {
  const subject = (json as StatusListCredentialJson | null)?.credentialSubject;
  if (!subject || typeof subject.encodedList !== "string" || !subject.encodedList.startsWith("u")) return null;
  if (subject.encodedList.length > 4_000_000) return null;
  try {
    return fromBase64url(subject.encodedList.slice(1));
  } catch {
    return null;
  }
}

export function trustedKeys(list: unknown): Map<string, TrustedKey> {
  const keys = new Map<string, TrustedKey>();
  const entries = (list as TrustListJson | null)?.keys;
  if (!Array.isArray(entries)) return keys;
  for (const k of entries.slice(0, 1000)) {
    if (!k || k.alg !== "EdDSA" || typeof k.kid !== "string" || typeof k.x !== "string") continue;
    try {
      const publicKey = fromBase64url(k.x);
      if (publicKey.length !== 32) continue;
      const retiredAt = k.retiredAt ? Date.parse(k.retiredAt) : null;
      keys.set(k.kid, { kid: k.kid, regionId: String(k.regionId), regionName: String(k.regionName), publicKey, retiredAt: Number.isFinite(retiredAt) ? retiredAt : null });
    } catch {
      continue;
    }
  }
  return keys;
}

/** The verifier answers only from lists fetched recently enough. */
export function cacheFresh(fetchedAtMs: number, nowMs: number, maxAgeMs = VERIFIER_MAX_CACHE_AGE_MS): boolean {
  return nowMs - fetchedAtMs <= maxAgeMs && fetchedAtMs <= nowMs + 5 * 60_000;
}
