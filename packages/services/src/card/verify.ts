// Server-side card check (meeting check-in by card): the same pure verifier as the offline page,
// with node:crypto for the signatures, the trust list read from the database, and the status
// looked up directly: the binding behind the card's status index must still be live and hold
// the device key the card names.
import { ECDH, createPublicKey, verify, type KeyObject } from "node:crypto";
import {
  VerifiedCards,
  base64url,
  trustedKeys,
  verifyCardQr,
  type CardCrypto,
  type VerifyResult,
} from "@dangjian/core/card";
import type { ServiceDeps } from "../deps.ts";
import { trustList } from "./lists.ts";

/** Issuer signatures already checked in this process (pure function of bytes and key: correct in any process). */
const verifiedCards = new VerifiedCards();

/**
 * Imported public keys by their bytes, least recently used out first (ADR 0507): the issuer keys stay
 * (every scan uses one), a member scanned again at the next meeting skips the import. A cache of a pure
 * function of bytes: correct in any number of processes.
 */
export class KeyCache {
  private readonly keys = new Map<string, KeyObject>();
  constructor(readonly max = 10_000) {}
  get size(): number {
    return this.keys.size;
  }
  get(id: string, make: () => KeyObject): KeyObject {
    let key = this.keys.get(id);
    if (key) {
      // refresh: re-inserting moves the key to the end of the Map's order
      this.keys.delete(id);
    } else {
      key = make();
      if (this.keys.size >= this.max) this.keys.delete(this.keys.keys().next().value!);
    }
    if (this.max > 0) this.keys.set(id, key);
    return key;
  }
}

/** A cache id for key bytes (native base64url: this runs twice per scan). */
const idOf = (prefix: string, bytes: Uint8Array) =>
  prefix + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64url");

const b64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64url");

/**
 * A P-256 public key (compressed 33 bytes, as a card carries the phone's key, or uncompressed 65 bytes,
 * as the trust list carries an issuer's) as a node:crypto key. The point is decompressed by OpenSSL
 * (`ECDH.convertKey`, ≈ 30 µs; @noble/curves took ≈ 76 µs) and imported as a JWK (≈ 70 µs; SPKI DER
 * goes through OpenSSL 3.0's decoders, ≈ 120 µs; WebCrypto's "raw" import is a little cheaper but
 * asynchronous): ADR 0507. OpenSSL refuses a point not on the curve.
 */
export function importP256(publicKey: Uint8Array): KeyObject {
  let raw = publicKey;
  if (publicKey.length === 33 && (publicKey[0] === 2 || publicKey[0] === 3)) {
    raw = ECDH.convertKey(publicKey, "prime256v1", undefined, undefined, "uncompressed") as Buffer;
  } else if (publicKey.length !== 65 || publicKey[0] !== 4) throw new RangeError("not a P-256 point");
  return createPublicKey({
    key: { kty: "EC", crv: "P-256", x: b64(raw.subarray(1, 33)), y: b64(raw.subarray(33, 65)) },
    format: "jwk",
  });
}

function importEd25519(publicKey: Uint8Array): KeyObject {
  return createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: base64url(publicKey) }, format: "jwk" });
}

function verifyP256With(key: KeyObject, message: Uint8Array, signature: Uint8Array): boolean {
  return signature.length === 64 && verify("sha256", message, { key, dsaEncoding: "ieee-p1363" }, signature);
}

/** Signature checks with node:crypto (OpenSSL): several times faster than pure JavaScript. */
export function createNodeCardCrypto(cache = new KeyCache()): CardCrypto {
  return {
    verifyEd25519(publicKey, message, signature) {
      try {
        return verify(
          null,
          message,
          cache.get(idOf("ed:", publicKey), () => importEd25519(publicKey)),
          signature,
        );
      } catch {
        return false;
      }
    },
    verifyP256(publicKey, message, signature) {
      try {
        return verifyP256With(
          cache.get(idOf("p256:", publicKey), () => importP256(publicKey)),
          message,
          signature,
        );
      } catch {
        return false;
      }
    },
  };
}

/** The process's shared key cache and checks (the server's check-in; the bench). */
export const nodeCardCrypto: CardCrypto = createNodeCardCrypto();

export interface ServerVerification {
  result: VerifyResult;
  /** the member behind a valid card */
  memberId: string | null;
}

/** Verifies a scanned card at `atMs` (the scan time); the status comes from the live binding. */
export async function verifyCardText(deps: ServiceDeps, text: string, atMs: number): Promise<ServerVerification> {
  const keys = trustedKeys(await trustList(deps));
  const result = verifyCardQr(text, {
    nowMs: atMs,
    keys,
    revoked: () => false,
    crypto: nodeCardCrypto,
    verified: verifiedCards,
  });
  if (!result.ok) return { result, memberId: null };
  const binding = await deps.db.cardBinding.findUnique({
    where: { regionId_statusIndex: { regionId: result.regionId, statusIndex: result.claims.statusIndex } },
    select: { memberId: true, endedAt: true, devicePublicKey: true, member: { select: { memberNo: true } } },
  });
  if (
    !binding ||
    binding.member.memberNo !== result.claims.memberNo ||
    binding.devicePublicKey !== base64url(result.claims.deviceKey)
  ) {
    return {
      result: {
        ok: false,
        reason: "tampered",
        claims: result.claims,
        regionId: result.regionId,
        regionName: result.regionName,
      },
      memberId: null,
    };
  }
  if (binding.endedAt)
    return {
      result: {
        ok: false,
        reason: "revoked",
        claims: result.claims,
        regionId: result.regionId,
        regionName: result.regionName,
      },
      memberId: null,
    };
  return { result, memberId: binding.memberId };
}
