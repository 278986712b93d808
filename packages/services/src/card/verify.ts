// Server-side card check (meeting check-in by card): the same pure verifier as the offline page,
// with node:crypto for the signatures, the trust list read from the database, and the status
// looked up directly: the binding behind the card's status index must still be live and hold
// the device key the card names.
import { createPublicKey, verify, type KeyObject } from "node:crypto";
import {
  VerifiedCards,
  base64url,
  decompressP256,
  trustedKeys,
  verifyCardQr,
  type CardCrypto,
  type VerifyResult,
} from "@dangjian/core/card";
import type { ServiceDeps } from "../deps.ts";
import { trustList } from "./lists.ts";

const MAX_CACHED_KEYS = 5000;
/** Issuer signatures already checked in this process (pure function of bytes and key: correct in any process). */
const verifiedCards = new VerifiedCards();
const keyCache = new Map<string, KeyObject>();

/** A cache id for key bytes (native base64url: this runs twice per scan). */
const idOf = (prefix: string, bytes: Uint8Array) =>
  prefix + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64url");

function cached(id: string, make: () => KeyObject): KeyObject {
  let key = keyCache.get(id);
  if (!key) {
    if (keyCache.size >= MAX_CACHED_KEYS) keyCache.clear();
    key = make();
    keyCache.set(id, key);
  }
  return key;
}

/** Signature checks with node:crypto (OpenSSL): several times faster than pure JavaScript. */
export const nodeCardCrypto: CardCrypto = {
  verifyEd25519(publicKey, message, signature) {
    try {
      const key = cached(idOf("ed:", publicKey), () =>
        createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: base64url(publicKey) }, format: "jwk" }),
      );
      return verify(null, message, key, signature);
    } catch {
      return false;
    }
  },
  verifyP256(publicKey, message, signature) {
    try {
      const key = cached(idOf("p256:", publicKey), () => {
        // an issuer's ES256 key comes uncompressed (0x04‖x‖y), a device key compressed (33 bytes)
        const { x, y } =
          publicKey.length === 65 && publicKey[0] === 4
            ? { x: publicKey.subarray(1, 33), y: publicKey.subarray(33, 65) }
            : decompressP256(publicKey);
        return createPublicKey({ key: { kty: "EC", crv: "P-256", x: base64url(x), y: base64url(y) }, format: "jwk" });
      });
      return verify("sha256", message, { key, dsaEncoding: "ieee-p1363" }, signature);
    } catch {
      return false;
    }
  },
};

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
