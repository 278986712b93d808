// Published lists the verifier caches: the trust list (issuer public keys per region) and one
// W3C Bitstring Status List per region (bit i set = the card with status index i is revoked or
// suspended). Pure shapes and checks; gzip and HTTP live in services and the verifier page.
import { Tag } from "cbor-x";
import { COSE_TAG_SIGN1, cbor, coseSign1, issuerAlgOf, sigStructure, type IssuerSigner } from "./format.ts";
import {
  base64url,
  decodeBounded,
  fromBase64url,
  isBytes,
  isUint,
  issuerCheck,
  runChecksAsync,
  runChecksSync,
  type AsyncCardCrypto,
  type CardCrypto,
  type Checks,
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

interface TrustListKeyBase {
  kid: string;
  regionId: string;
  regionName: string;
  createdAt: string;
  retiredAt: string | null;
  /** where this region's status list is published */
  statusList: string;
}

/** An issuer key as the trust list publishes it (JWK-like members: `crv`, `x`, and `y` for P-256). */
export type TrustListKeyJson =
  | (TrustListKeyBase & {
      alg: "EdDSA";
      crv: "Ed25519";
      /** base64url raw public key (32 bytes) */
      x: string;
    })
  | (TrustListKeyBase & {
      alg: "ES256";
      crv: "P-256";
      /** base64url of the point's coordinates, 32 bytes each */
      x: string;
      y: string;
    });

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
  signer: IssuerSigner;
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
    kid: base64url(input.signer.kid),
    cose: base64url(coseSign1(payload, input.signer)),
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
 * verifiers trust (a retired key only for lists it signed before retiring), with the algorithm that
 * key was registered for. Answers the signed bitstring and its signing time, or null. Never throws.
 */
export function verifyStatusList(
  proof: unknown,
  regionId: string,
  keys: ReadonlyMap<string, TrustedKey>,
  crypto: CardCrypto,
): VerifiedStatusList | null {
  try {
    return runChecksSync(statusListSteps(proof, regionId, keys), crypto);
  } catch {
    return null;
  }
}

/** The same with signature checks that may answer later (WebCrypto). Never rejects. */
export async function verifyStatusListAsync(
  proof: unknown,
  regionId: string,
  keys: ReadonlyMap<string, TrustedKey>,
  crypto: AsyncCardCrypto,
): Promise<VerifiedStatusList | null> {
  try {
    return await runChecksAsync(statusListSteps(proof, regionId, keys), crypto);
  } catch {
    return null;
  }
}

function* statusListSteps(
  proof: unknown,
  regionId: string,
  keys: ReadonlyMap<string, TrustedKey>,
): Checks<VerifiedStatusList | null> {
  const p = proof as StatusListProofJson | null;
  if (!p || p.type !== "DangjianCoseSign1" || typeof p.cose !== "string" || p.cose.length > MAX_SIGNED_LIST_CHARS)
    return null;
  const cose = decodeBounded(fromBase64url(p.cose));
  if (!(cose instanceof Tag) || cose.tag !== COSE_TAG_SIGN1 || !Array.isArray(cose.value) || cose.value.length !== 4)
    return null;
  const [prot, , payload, signature] = cose.value as unknown[];
  if (!isBytes(prot) || !isBytes(payload) || !isBytes(signature, 64)) return null;
  const header = decodeBounded(prot);
  if (!(header instanceof Map) || !isBytes(header.get(4))) return null;
  const key = keys.get(base64url(header.get(4) as Uint8Array));
  if (!key || key.regionId !== regionId || key.alg !== issuerAlgOf(header.get(1))) return null;
  if (!(yield issuerCheck(key, sigStructure(prot, payload), signature))) return null;
  const body = decodeBounded(payload);
  if (!(body instanceof Map)) return null;
  const iat = body.get(6);
  const gzipped = body.get(-1);
  if (body.get(1) !== regionId || !isUint(iat) || !isBytes(gzipped)) return null;
  if (key.retiredAt !== null && iat * 1000 > key.retiredAt) return null;
  return { regionId, issuedAt: iat * 1000, gzipped };
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
    if (!k || typeof k.kid !== "string" || typeof k.x !== "string") continue;
    try {
      let publicKey: Uint8Array;
      if (k.alg === "EdDSA" && ((k as { crv?: unknown }).crv ?? "Ed25519") === "Ed25519") {
        publicKey = fromBase64url(k.x);
        if (publicKey.length !== 32) continue;
      } else if (k.alg === "ES256" && k.crv === "P-256" && typeof k.y === "string") {
        const x = fromBase64url(k.x);
        const y = fromBase64url(k.y);
        if (x.length !== 32 || y.length !== 32) continue;
        publicKey = new Uint8Array(65);
        publicKey[0] = 4;
        publicKey.set(x, 1);
        publicKey.set(y, 33);
      } else continue;
      const retiredAt = k.retiredAt ? Date.parse(k.retiredAt) : null;
      keys.set(k.kid, {
        kid: k.kid,
        regionId: String(k.regionId),
        regionName: String(k.regionName),
        alg: k.alg,
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
