// Verifying a card QR: a pure function that answers with a reason code and never throws.
// Sizes are bounded before anything is decoded (text length, byte length, CBOR collection sizes),
// so truncated, doubled, oversized, random or nested ("bomb") input ends as "malformed".
import { Decoder, Tag } from "cbor-x";
import { decode as base45Decode } from "base45-ts";
import { sha256 } from "@noble/hashes/sha2.js";
import {
  CARD_VALIDITY_SECONDS,
  COSE_TAG_SIGN1,
  CLAIM,
  QR_PREFIX,
  STATUS_FROM_CODE,
  STEP_MODULUS,
  decodeMemberNo,
  fullStep,
  issuerAlgOf,
  proofMessageFromHash,
  sigStructure,
  timeStep,
  type CardClaims,
  type IssuerAlg,
} from "./format.ts";

/** A card with its proof is ~300 bytes; anything far beyond is not ours. */
export const MAX_QR_CHARS = 1200;
export const MAX_QR_BYTES = 800;
const MAX_DEPTH = 4;
const MAX_ITEMS = 16;

export type VerifyReason =
  | "valid"
  | "expired"
  | "revoked"
  | "proofTooOld"
  | "wrongDevice"
  | "unknownKey"
  | "tampered"
  | "malformed"
  | "noStatusList";

export interface TrustedKey {
  /** base64url of the key id bytes */
  kid: string;
  regionId: string;
  regionName: string;
  /** the only algorithm this key verifies (a header naming another is refused: ADR 0506) */
  alg: IssuerAlg;
  /** EdDSA: raw Ed25519 public key, 32 bytes; ES256: uncompressed P-256 point 0x04‖x‖y, 65 bytes */
  publicKey: Uint8Array;
  /** a retired key verifies only cards issued before it retired */
  retiredAt: number | null;
}

export interface CardCrypto {
  verifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
  /** P-256 ECDSA over SHA-256(message); signature r‖s (64 bytes); key compressed or uncompressed */
  verifyP256(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
}

/** The same checks answered later (WebCrypto in the browser: ADR 0506). */
export interface AsyncCardCrypto {
  verifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean | Promise<boolean>;
  verifyP256(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean | Promise<boolean>;
}

/** One signature the verification needs checked (the drivers below answer it, sync or async). */
export interface SignatureCheck {
  /** "ed25519", or "p256" (ECDSA P-256/SHA-256, r‖s) */
  scheme: "ed25519" | "p256";
  publicKey: Uint8Array;
  message: Uint8Array;
  signature: Uint8Array;
}

/** The check an issuer key of `alg` needs: the algorithm comes from the key, never from the card. */
export function issuerCheck(key: TrustedKey, message: Uint8Array, signature: Uint8Array): SignatureCheck {
  return { scheme: key.alg === "ES256" ? "p256" : "ed25519", publicKey: key.publicKey, message, signature };
}

/** A verification written once as a generator that yields its signature checks. */
export type Checks<T> = Generator<SignatureCheck, T, boolean>;

export function runChecksSync<T>(steps: Checks<T>, crypto: CardCrypto): T {
  let next = steps.next();
  while (!next.done) {
    const c = next.value;
    let ok = false;
    try {
      ok =
        c.scheme === "p256"
          ? crypto.verifyP256(c.publicKey, c.message, c.signature)
          : crypto.verifyEd25519(c.publicKey, c.message, c.signature);
    } catch {
      ok = false;
    }
    next = steps.next(ok === true);
  }
  return next.value;
}

export async function runChecksAsync<T>(steps: Checks<T>, crypto: AsyncCardCrypto): Promise<T> {
  let next = steps.next();
  while (!next.done) {
    const c = next.value;
    let ok = false;
    try {
      ok =
        (await (c.scheme === "p256"
          ? crypto.verifyP256(c.publicKey, c.message, c.signature)
          : crypto.verifyEd25519(c.publicKey, c.message, c.signature))) === true;
    } catch {
      ok = false;
    }
    next = steps.next(ok);
  }
  return next.value;
}

interface VerifyInput {
  nowMs: number;
  keys: ReadonlyMap<string, TrustedKey>;
  /** is status index `index` of the region's list set (revoked or suspended)? undefined = no list cached */
  revoked(regionId: string, index: number): boolean | undefined;
  /** cards whose issuer signature this verifier has already checked (see VerifiedCards) */
  verified?: VerifiedCards;
}

export interface VerifyContext extends VerifyInput {
  crypto: CardCrypto;
}

export interface AsyncVerifyContext extends VerifyInput {
  crypto: AsyncCardCrypto;
}

/**
 * The issuer signatures a verifier has already checked, by issuer public key and SHA-256 of the card's
 * bytes: a card scanned again (every meeting of its 30 days) skips the issuer signature check, never the
 * trust-list lookup, the claims, the status bit or the device proof. Bounded; oldest out first.
 */
export class VerifiedCards {
  private readonly seen = new Set<string>();
  constructor(private readonly max = 20_000) {}
  has(id: string): boolean {
    return this.seen.has(id);
  }
  add(id: string): void {
    if (this.seen.size >= this.max) this.seen.delete(this.seen.values().next().value!);
    this.seen.add(id);
  }
}

export type VerifyResult =
  | { ok: true; reason: "valid"; claims: CardClaims; regionId: string; regionName: string; step: number }
  | { ok: false; reason: Exclude<VerifyReason, "valid">; claims?: CardClaims; regionId?: string; regionName?: string };

const decoder = new Decoder({
  useRecords: false,
  mapsAsObjects: false,
  structuredClone: false,
  bundleStrings: false,
} as ConstructorParameters<typeof Decoder>[0]);

/** Walks a decoded value and refuses anything deeper or wider than a card can be. */
function bounded(value: unknown, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  if (
    value instanceof Uint8Array ||
    typeof value === "string" ||
    typeof value === "number" ||
    typeof value === "boolean" ||
    value === null ||
    value === undefined
  )
    return true;
  if (value instanceof Tag) return bounded(value.value, depth + 1);
  if (Array.isArray(value)) return value.length <= MAX_ITEMS && value.every((v) => bounded(v, depth + 1));
  if (value instanceof Map)
    return value.size <= MAX_ITEMS && [...value].every(([k, v]) => bounded(k, depth + 1) && bounded(v, depth + 1));
  return false;
}

export function decodeBounded(bytes: Uint8Array): unknown {
  const value: unknown = decoder.decode(bytes);
  if (!bounded(value)) throw new Error("unbounded");
  return value;
}

export function isBytes(v: unknown, length?: number): v is Uint8Array {
  return v instanceof Uint8Array && (length === undefined || v.length === length);
}

export function isUint(v: unknown, max = 2 ** 32): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 0 && v < max;
}

export function base64url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64url(text: string): Uint8Array {
  const s = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

function readClaims(payload: Uint8Array): CardClaims | null {
  const map = decodeBounded(payload);
  if (!(map instanceof Map)) return null;
  const exp = map.get(CLAIM.exp);
  const deviceKey = map.get(CLAIM.cnf);
  const memberNo = decodeMemberNo(map.get(CLAIM.memberNo));
  const name = map.get(CLAIM.name);
  const branch = map.get(CLAIM.branch);
  const status = map.get(CLAIM.status);
  const statusIndex = map.get(CLAIM.statusIndex);
  if (!isUint(exp) || exp < CARD_VALIDITY_SECONDS || !isBytes(deviceKey, 33) || !isUint(statusIndex, 2 ** 26))
    return null;
  if (typeof memberNo !== "string" || typeof name !== "string" || typeof branch !== "string") return null;
  if (typeof status !== "number" || !STATUS_FROM_CODE[status]) return null;
  return {
    exp,
    iat: exp - CARD_VALIDITY_SECONDS,
    deviceKey,
    memberNo,
    name,
    branch,
    status: STATUS_FROM_CODE[status],
    statusIndex,
  };
}

/** The claims of a COSE_Sign1 card in the current format, unverified; null when it is not one. */
export function readCardClaims(cardBytes: Uint8Array): CardClaims | null {
  try {
    const cose = decodeBounded(cardBytes);
    if (!(cose instanceof Tag) || cose.tag !== COSE_TAG_SIGN1 || !Array.isArray(cose.value) || !isBytes(cose.value[2]))
      return null;
    return readClaims(cose.value[2]);
  } catch {
    return null;
  }
}

/** A status check over a cached bitstring (an index beyond the list counts as revoked). */
export function bitstringStatus(lists: ReadonlyMap<string, Uint8Array>): VerifyContext["revoked"] {
  return (regionId, index) => {
    const bits = lists.get(regionId);
    if (!bits) return undefined;
    return statusBit(bits, index) ?? true;
  };
}

export function statusBit(bits: Uint8Array, index: number): boolean | undefined {
  const byte = bits[index >> 3];
  if (byte === undefined) return undefined;
  // W3C Bitstring Status List: index 0 is the left-most (most significant) bit of the first byte
  return ((byte >> (7 - (index & 7))) & 1) === 1;
}

/** The whole check. Never throws: anything unexpected is "malformed". */
export function verifyCardQr(text: unknown, ctx: VerifyContext): VerifyResult {
  try {
    return runChecksSync(verifySteps(text, ctx), ctx.crypto);
  } catch {
    return { ok: false, reason: "malformed" };
  }
}

/** The same check with signature verifications that may answer later (WebCrypto). Never rejects. */
export async function verifyCardQrAsync(text: unknown, ctx: AsyncVerifyContext): Promise<VerifyResult> {
  try {
    return await runChecksAsync(verifySteps(text, ctx), ctx.crypto);
  } catch {
    return { ok: false, reason: "malformed" };
  }
}

function* verifySteps(text: unknown, ctx: VerifyInput): Checks<VerifyResult> {
  if (typeof text !== "string") return { ok: false, reason: "malformed" };
  const trimmed = text.trim();
  if (trimmed.length > MAX_QR_CHARS || !trimmed.startsWith(QR_PREFIX)) return { ok: false, reason: "malformed" };
  const body = trimmed.slice(QR_PREFIX.length);
  if (!/^[0-9A-Z $%*+\-./:]+$/.test(body)) return { ok: false, reason: "malformed" };
  const bytes = base45Decode(body);
  if (bytes.length > MAX_QR_BYTES) return { ok: false, reason: "malformed" };

  const outer = decodeBounded(bytes);
  if (!Array.isArray(outer) || outer.length !== 3) return { ok: false, reason: "malformed" };
  const [cardBytes, wireStep, deviceSig] = outer as unknown[];
  if (!isBytes(cardBytes) || !isUint(wireStep, STEP_MODULUS) || !isBytes(deviceSig, 64))
    return { ok: false, reason: "malformed" };

  const cose = decodeBounded(cardBytes);
  if (!(cose instanceof Tag) || cose.tag !== COSE_TAG_SIGN1 || !Array.isArray(cose.value) || cose.value.length !== 4)
    return { ok: false, reason: "malformed" };
  const [prot, unprot, payload, issuerSig] = cose.value as unknown[];
  if (!isBytes(prot) || !(unprot instanceof Map) || !isBytes(payload) || !isBytes(issuerSig, 64))
    return { ok: false, reason: "malformed" };
  const header = decodeBounded(prot);
  if (!(header instanceof Map)) return { ok: false, reason: "malformed" };
  const alg = header.get(1);
  const kidBytes = header.get(4);
  if (!isBytes(kidBytes) || kidBytes.length === 0 || kidBytes.length > 16) return { ok: false, reason: "malformed" };
  const headerAlg = issuerAlgOf(alg);
  if (!headerAlg) return { ok: false, reason: "unknownKey" };

  const key = ctx.keys.get(base64url(kidBytes));
  // the header's algorithm must be the one the key was registered for: a header never picks it
  if (!key || key.alg !== headerAlg) return { ok: false, reason: "unknownKey" };
  const cardHash = sha256(cardBytes);
  const seenId = ctx.verified ? `${key.alg}.${base64url(key.publicKey)}.${base64url(cardHash)}` : "";
  if (!ctx.verified?.has(seenId)) {
    if (!(yield issuerCheck(key, sigStructure(prot, payload), issuerSig))) return { ok: false, reason: "tampered" };
    ctx.verified?.add(seenId);
  }

  const claims = readClaims(payload);
  if (!claims) return { ok: false, reason: "malformed" };
  const seen = { claims, regionId: key.regionId, regionName: key.regionName };
  const nowSec = Math.floor(ctx.nowMs / 1000);
  // a retired key signs nothing new: a card it "issued" after retirement is not trusted
  if (key.retiredAt !== null && claims.iat * 1000 > key.retiredAt) return { ok: false, reason: "unknownKey", ...seen };
  if (claims.exp <= nowSec) return { ok: false, reason: "expired", ...seen };
  if (claims.iat > nowSec + 300) return { ok: false, reason: "malformed", ...seen };

  const nowStep = timeStep(ctx.nowMs);
  const step = fullStep(wireStep, nowStep);
  const revoked = ctx.revoked(key.regionId, claims.statusIndex);
  if (revoked === undefined) return { ok: false, reason: "noStatusList", ...seen };
  if (revoked) return { ok: false, reason: "revoked", ...seen };

  const deviceOk: boolean = yield {
    scheme: "p256",
    publicKey: claims.deviceKey,
    message: proofMessageFromHash(cardHash, step),
    signature: deviceSig,
  };
  if (!deviceOk) return { ok: false, reason: "wrongDevice", ...seen };
  // ±1 step of clock tolerance; a proof is never accepted more than 60 s after its step began
  if (step < nowStep - 1 || step > nowStep + 1) return { ok: false, reason: "proofTooOld", ...seen };
  return { ok: true, reason: "valid", claims, regionId: key.regionId, regionName: key.regionName, step };
}
