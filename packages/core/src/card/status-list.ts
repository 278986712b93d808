// Published lists the verifier caches: the trust list (issuer public keys per region) and one
// W3C Bitstring Status List per region (bit i set = the card with status index i is revoked or
// suspended). Pure shapes and checks; gzip and HTTP live in services and the verifier page.
import { Tag } from "cbor-x";
import { COSE_ALG_EDDSA, COSE_TAG_SIGN1, cbor, coseSign1, sigStructure } from "./format.ts";
import {
  base64url,
  decodeBounded,
  fromBase64url,
  isBytes,
  isUint,
  type CardCrypto,
  type TrustedKey,
} from "./verify.ts";

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

/** The signature over a status list (ADR 0504): a COSE_Sign1 by the region's issuer key. */
export interface StatusListProofJson {
  type: "DangjianCoseSign1";
  kid: string;
  /** base64url COSE_Sign1; payload CBOR {1 iss: region id, 6 iat, 4 exp, -1: gzip bitstring} */
  cose: string;
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
  proof?: StatusListProofJson;
}

/** Signs a region's gzip bitstring for `now … now + ttl` (the verifier trusts only this copy). */
export function signStatusList(input: {
  regionId: string;
  now: Date;
  ttlMs: number;
  gzipped: Uint8Array;
  kid: Uint8Array;
  sign: (m: Uint8Array) => Uint8Array;
}): StatusListProofJson {
  const iat = Math.floor(input.now.getTime() / 1000);
  const payload = cbor.encode(
    new Map<number, unknown>([
      [1, input.regionId],
      [6, iat],
      [4, iat + Math.round(input.ttlMs / 1000)],
      [-1, input.gzipped],
    ]),
  );
  return {
    type: "DangjianCoseSign1",
    kid: base64url(input.kid),
    cose: base64url(coseSign1(payload, input.kid, input.sign)),
  };
}

export interface VerifiedStatusList {
  regionId: string;
  /** when the platform signed it (ms) */
  issuedAt: number;
  gzipped: Uint8Array;
}

/** A signed list is at most this big (base64url characters): 4 MB covers 32 million entries. */
const MAX_SIGNED_LIST_CHARS = 4_000_000;

/**
 * Checks a status list's signature against the trust list: signed by a key of the same region that
 * verifiers trust (a retired key only for lists it signed before retiring). Answers the signed
 * bitstring and its signing time, or null. Never throws.
 */
export function verifyStatusList(
  proof: unknown,
  regionId: string,
  keys: ReadonlyMap<string, TrustedKey>,
  crypto: CardCrypto,
): VerifiedStatusList | null {
  try {
    const p = proof as StatusListProofJson | null;
    if (!p || p.type !== "DangjianCoseSign1" || typeof p.cose !== "string" || p.cose.length > MAX_SIGNED_LIST_CHARS)
      return null;
    const cose = decodeBounded(fromBase64url(p.cose));
    if (!(cose instanceof Tag) || cose.tag !== COSE_TAG_SIGN1 || !Array.isArray(cose.value) || cose.value.length !== 4)
      return null;
    const [prot, , payload, signature] = cose.value as unknown[];
    if (!isBytes(prot) || !isBytes(payload) || !isBytes(signature, 64)) return null;
    const header = decodeBounded(prot);
    if (!(header instanceof Map) || header.get(1) !== COSE_ALG_EDDSA || !isBytes(header.get(4))) return null;
    const key = keys.get(base64url(header.get(4) as Uint8Array));
    if (!key || key.regionId !== regionId) return null;
    if (!crypto.verifyEd25519(key.publicKey, sigStructure(prot, payload), signature)) return null;
    const body = decodeBounded(payload);
    if (!(body instanceof Map)) return null;
    const iat = body.get(6);
    const gzipped = body.get(-1);
    if (body.get(1) !== regionId || !isUint(iat) || !isBytes(gzipped)) return null;
    if (key.retiredAt !== null && iat * 1000 > key.retiredAt) return null;
    return { regionId, issuedAt: iat * 1000, gzipped };
  } catch {
    return null;
  }
}

export function statusListCredential(input: {
  url: string;
  issuer: string;
  now: Date;
  ttlMs: number;
  gzipped: Uint8Array;
  proof?: StatusListProofJson;
}): StatusListCredentialJson {
  return {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    id: input.url,
    type: ["VerifiableCredential", "BitstringStatusListCredential"],
    issuer: input.issuer,
    validFrom: input.now.toISOString(),
    validUntil: new Date(input.now.getTime() + input.ttlMs).toISOString(),
    ttl: Math.round(input.ttlMs / 1000),
    // multibase: "u" + base64url (no padding) of the gzip-compressed bitstring
    credentialSubject: {
      id: `${input.url}#list`,
      type: "BitstringStatusList",
      statusPurpose: "revocation",
      encodedList: `u${base64url(input.gzipped)}`,
    },
    ...(input.proof ? { proof: input.proof } : {}),
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
      keys.set(k.kid, {
        kid: k.kid,
        regionId: String(k.regionId),
        regionName: String(k.regionName),
        publicKey,
        retiredAt: Number.isFinite(retiredAt) ? retiredAt : null,
      });
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
