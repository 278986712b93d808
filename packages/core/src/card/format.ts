// The e-party card's wire format (ADR 0501): a COSE_Sign1 (RFC 9052) whose payload is a small
// CBOR claims map signed by the region's issuer key (ES256 for keys made since ADR 0506, EdDSA for
// older ones: the protected header names the algorithm), plus a proof signed by the
// member's device key (P-256) over the current 30-second time step and the card's hash.
// The QR text is "DJ1:" + Base45(CBOR([card bytes, step mod 2^16, device signature])), drawn at
// ECC L so that every member's card fits a version-10 QR (ADR 0502).
// Encodings come from libraries (cbor-x, base45-ts, @noble/hashes); nothing here hand-codes them.
import { Encoder, Tag } from "cbor-x";
import { encode as base45Encode } from "base45-ts";
import { sha256 } from "@noble/hashes/sha2.js";

export const QR_PREFIX = "DJ1:";
export const STEP_SECONDS = 30;
/** COSE algorithm ids (RFC 9053): issuers sign with ES256 (new keys, ADR 0506) or EdDSA; devices with ES256. */
export const COSE_ALG_EDDSA = -8;
export const COSE_ALG_ES256 = -7;
/** An issuer key's algorithm, as the trust list names it. */
export type IssuerAlg = "EdDSA" | "ES256";
export const COSE_ALG: Record<IssuerAlg, number> = { EdDSA: COSE_ALG_EDDSA, ES256: COSE_ALG_ES256 };
/** The algorithm a protected header's COSE number stands for; undefined for any other. */
export function issuerAlgOf(coseAlg: unknown): IssuerAlg | undefined {
  return coseAlg === COSE_ALG_ES256 ? "ES256" : coseAlg === COSE_ALG_EDDSA ? "EdDSA" : undefined;
}
export const COSE_TAG_SIGN1 = 18;
/** Cards last 30 days; the card carries only its expiry: issued-at = expiry − validity (ADR 0502). */
export const CARD_VALIDITY_DAYS = 30;
export const CARD_VALIDITY_SECONDS = CARD_VALIDITY_DAYS * 86_400;
/** The QR carries the time step modulo 2^16 (three CBOR bytes); the verifier takes the nearest. */
export const STEP_MODULUS = 65_536;
/** QR drawing: error correction L, alphanumeric mode; the whole text must fit version 10-L. */
export const CARD_QR_ECC = "L" as const;
export const CARD_QR_MAX_VERSION = 10;
/** Alphanumeric capacity of a version-10 QR at ECC L (ISO/IEC 18004 table 7). */
export const CARD_QR_MAX_CHARS = 395;

/** 正式 / 预备 */
export type CardMemberStatus = "FULL" | "PROBATIONARY";

/** Exactly what the card carries: nothing else (no ID number, phone or address). */
export interface CardClaims {
  memberNo: string;
  name: string;
  branch: string;
  status: CardMemberStatus;
  /** bit index in the issuing region's status list */
  statusIndex: number;
  /** seconds since the epoch; not encoded: always exp − CARD_VALIDITY_SECONDS */
  iat: number;
  exp: number;
  /** the device's P-256 public key, compressed (33 bytes) */
  deviceKey: Uint8Array;
}

// Claim keys: the CWT registry's numbers where one exists (4 exp, 8 cnf), small negative integers
// for ours (one byte each; ADR 0502). iat is not carried (it is exp − validity).
export const CLAIM = { exp: 4, cnf: 8, memberNo: -1, name: -2, branch: -3, status: -4, statusIndex: -5 } as const;
/** Platform member numbers ("DY" + 8 digits) travel as an integer (5 bytes instead of 11). */
const MEMBER_NO = /^DY(\d{8})$/;

export function encodeMemberNo(memberNo: string): string | number {
  const m = MEMBER_NO.exec(memberNo);
  return m ? Number(m[1]) : memberNo;
}

export function decodeMemberNo(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value < 1e8)
    return `DY${String(value).padStart(8, "0")}`;
  return null;
}
const STATUS_CODE: Record<CardMemberStatus, number> = { FULL: 1, PROBATIONARY: 2 };
export const STATUS_FROM_CODE: Record<number, CardMemberStatus> = { 1: "FULL", 2: "PROBATIONARY" };

/** Deterministic CBOR (maps as Map, no records, no extensions). */
export const cbor = new Encoder({
  useRecords: false,
  mapsAsObjects: false,
  tagUint8Array: false,
  variableMapSize: true,
  pack: false,
});

export function claimsToCbor(claims: CardClaims): Uint8Array {
  const map = new Map<number | string, unknown>([
    [CLAIM.exp, claims.exp],
    // cnf (RFC 8747) holding a COSE_Key would be ~10 bytes more; the raw compressed key is enough.
    [CLAIM.cnf, claims.deviceKey],
    [CLAIM.memberNo, encodeMemberNo(claims.memberNo)],
    [CLAIM.name, claims.name],
    [CLAIM.branch, claims.branch],
    [CLAIM.status, STATUS_CODE[claims.status]],
    [CLAIM.statusIndex, claims.statusIndex],
  ]);
  return cbor.encode(map);
}

/** What signs a card or a status list: the issuer key's id, its algorithm and its signing function. */
export interface IssuerSigner {
  kid: Uint8Array;
  alg: IssuerAlg;
  /** EdDSA: the 64-byte Ed25519 signature; ES256: ECDSA P-256/SHA-256 as r‖s (64 bytes, RFC 9053 §2.1) */
  sign(message: Uint8Array): Uint8Array;
}

export function protectedHeader(kid: Uint8Array, alg: IssuerAlg): Uint8Array {
  return cbor.encode(
    new Map<number, unknown>([
      [1, COSE_ALG[alg]],
      [4, kid],
    ]),
  );
}

/** The bytes the issuer signs (RFC 9052 §4.4 Sig_structure, empty external AAD). */
export function sigStructure(protectedBytes: Uint8Array, payload: Uint8Array): Uint8Array {
  return cbor.encode(["Signature1", protectedBytes, new Uint8Array(0), payload]);
}

/** A COSE_Sign1 (tag 18) over `payload` by the issuer key (its algorithm in the protected header). */
export function coseSign1(payload: Uint8Array, signer: IssuerSigner): Uint8Array {
  const prot = protectedHeader(signer.kid, signer.alg);
  const signature = signer.sign(sigStructure(prot, payload));
  if (signature.length !== 64) throw new RangeError("an issuer signature is 64 bytes (Ed25519, or ES256 as r‖s)");
  return cbor.encode(new Tag([prot, new Map(), payload, signature], COSE_TAG_SIGN1));
}

/** Builds and signs a card: returns the encoded COSE_Sign1 (tag 18). */
export function signCard(claims: CardClaims, signer: IssuerSigner): Uint8Array {
  if (claims.exp - claims.iat !== CARD_VALIDITY_SECONDS)
    throw new RangeError("a card lasts CARD_VALIDITY_SECONDS exactly");
  return coseSign1(claimsToCbor(claims), signer);
}

export function timeStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / STEP_SECONDS);
}

/** What the device signs for one time step: "DJ1P" ‖ step (uint32 BE) ‖ SHA-256(card). */
export function proofMessage(cardBytes: Uint8Array, step: number): Uint8Array {
  return proofMessageFromHash(sha256(cardBytes), step);
}

/** The same, from SHA-256(card) already computed. */
export function proofMessageFromHash(cardHash: Uint8Array, step: number): Uint8Array {
  const out = new Uint8Array(4 + 4 + 32);
  out.set([0x44, 0x4a, 0x31, 0x50], 0);
  new DataView(out.buffer).setUint32(4, step >>> 0, false);
  out.set(cardHash, 8);
  return out;
}

/** The QR text: card plus the device's proof for `step` (the step travels modulo 2^16). */
export function qrText(cardBytes: Uint8Array, step: number, deviceSignature: Uint8Array): string {
  return QR_PREFIX + base45Encode(cbor.encode([cardBytes, step % STEP_MODULUS, deviceSignature]));
}

/** The full step a QR's `step mod 2^16` stands for: the one nearest to `nowStep`. */
export function fullStep(wireStep: number, nowStep: number): number {
  const diff = (((wireStep - nowStep) % STEP_MODULUS) + STEP_MODULUS) % STEP_MODULUS;
  return nowStep + (diff >= STEP_MODULUS / 2 ? diff - STEP_MODULUS : diff);
}

/** The routine "中共" prefix and "委员会" suffix dropped: 中共河口村支部委员会 → 河口村支部. */
export function branchShortName(name: string): string {
  const s = name
    .trim()
    .replace(/^中共/, "")
    .replace(/委员会$/, "");
  return s || name;
}

/** Length of the QR text for `claims` in the worst case of the parts not chosen here (index, step). */
export function worstCaseQrChars(claims: CardClaims, kidLength: number): number {
  const zero = new Uint8Array(64);
  const card = cbor.encode(
    new Tag(
      [
        // both algorithms' numbers (−7, −8) are one CBOR byte, and both signatures 64 bytes
        protectedHeader(new Uint8Array(kidLength), "EdDSA"),
        new Map(),
        claimsToCbor({ ...claims, statusIndex: 2 ** 26 - 1 }),
        zero,
      ],
      COSE_TAG_SIGN1,
    ),
  );
  return qrText(card, STEP_MODULUS - 1, zero).length;
}

function cut(text: string, chars: number): string {
  const all = [...text];
  return all.length <= chars ? text : all.slice(0, Math.max(chars - 1, 1)).join("") + "…";
}

/**
 * Name and branch as the card carries them: the branch by its short name; when the QR would not
 * fit version 10-L, the longer of the two is cut (ending in "…") until it fits. The member number,
 * keys and signatures are never cut.
 */
export function fitCardClaims(claims: CardClaims, kidLength: number, maxChars = CARD_QR_MAX_CHARS): CardClaims {
  let fitted = { ...claims, branch: branchShortName(claims.branch) };
  let nameLen = [...fitted.name].length;
  let branchLen = [...fitted.branch].length;
  while (worstCaseQrChars(fitted, kidLength) > maxChars && (nameLen > 2 || branchLen > 2)) {
    if (nameLen >= branchLen) nameLen -= 1;
    else branchLen -= 1;
    fitted = { ...fitted, name: cut(claims.name, nameLen), branch: cut(branchShortName(claims.branch), branchLen) };
  }
  return fitted;
}
