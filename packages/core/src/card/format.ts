// The e-party card's wire format (ADR 0501): a COSE_Sign1 (RFC 9052) whose payload is a small
// CBOR claims map signed by the region's issuer key (Ed25519), plus a proof signed by the
// member's device key (P-256) over the current 30-second time step and the card's hash.
// The QR text is "DJ1:" + Base45(CBOR([card bytes, step, device signature])).
// Encodings come from libraries (cbor-x, base45-ts, @noble/hashes); nothing here hand-codes them.
import { Encoder, Tag } from "cbor-x";
import { encode as base45Encode } from "base45-ts";
import { sha256 } from "@noble/hashes/sha2.js";

export const QR_PREFIX = "DJ1:";
export const STEP_SECONDS = 30;
/** COSE algorithm ids (RFC 9053): EdDSA for the issuer, ES256 for the device. */
export const COSE_ALG_EDDSA = -8;
export const COSE_TAG_SIGN1 = 18;

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
  /** seconds since the epoch */
  iat: number;
  exp: number;
  /** the device's P-256 public key, compressed (33 bytes) */
  deviceKey: Uint8Array;
}

// Claim keys: the CWT registry's numbers where one exists (4 exp, 6 iat, 8 cnf), short private
// text keys for the rest (a one-letter text key costs two bytes).
export const CLAIM = { exp: 4, iat: 6, cnf: 8, memberNo: "m", name: "n", branch: "b", status: "s", statusIndex: "i" } as const;
const STATUS_CODE: Record<CardMemberStatus, number> = { FULL: 1, PROBATIONARY: 2 };
export const STATUS_FROM_CODE: Record<number, CardMemberStatus> = { 1: "FULL", 2: "PROBATIONARY" };

/** Deterministic CBOR (maps as Map, no records, no extensions). */
export const cbor = new Encoder({ useRecords: false, mapsAsObjects: false, tagUint8Array: false, variableMapSize: true, pack: false });

export function claimsToCbor(claims: CardClaims): Uint8Array {
  const map = new Map<number | string, unknown>([
    [CLAIM.exp, claims.exp],
    [CLAIM.iat, claims.iat],
    // cnf (RFC 8747) holding a COSE_Key would be ~10 bytes more; the raw compressed key is enough.
    [CLAIM.cnf, claims.deviceKey],
    [CLAIM.memberNo, claims.memberNo],
    [CLAIM.name, claims.name],
    [CLAIM.branch, claims.branch],
    [CLAIM.status, STATUS_CODE[claims.status]],
    [CLAIM.statusIndex, claims.statusIndex],
  ]);
  return cbor.encode(map);
}

export function protectedHeader(kid: Uint8Array): Uint8Array {
  return cbor.encode(new Map<number, unknown>([[1, COSE_ALG_EDDSA], [4, kid]]));
}

/** The bytes the issuer signs (RFC 9052 §4.4 Sig_structure, empty external AAD). */
export function sigStructure(protectedBytes: Uint8Array, payload: Uint8Array): Uint8Array {
  return cbor.encode(["Signature1", protectedBytes, new Uint8Array(0), payload]);
}

/** Builds and signs a card: returns the encoded COSE_Sign1 (tag 18). */
export function signCard(claims: CardClaims, kid: Uint8Array, sign: (message: Uint8Array) => Uint8Array): Uint8Array {
  const prot = protectedHeader(kid);
  const payload = claimsToCbor(claims);
  const signature = sign(sigStructure(prot, payload));
  return cbor.encode(new Tag([prot, new Map(), payload, signature], COSE_TAG_SIGN1));
}

export function timeStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / STEP_SECONDS);
}

/** What the device signs for one time step: "DJ1P" ‖ step (uint32 BE) ‖ SHA-256(card). */
export function proofMessage(cardBytes: Uint8Array, step: number): Uint8Array {
  const out = new Uint8Array(4 + 4 + 32);
  out.set([0x44, 0x4a, 0x31, 0x50], 0);
  new DataView(out.buffer).setUint32(4, step >>> 0, false);
  out.set(sha256(cardBytes), 8);
  return out;
}

/** The QR text: card plus the device's proof for `step`. */
export function qrText(cardBytes: Uint8Array, step: number, deviceSignature: Uint8Array): string {
  return QR_PREFIX + base45Encode(cbor.encode([cardBytes, step, deviceSignature]));
}
