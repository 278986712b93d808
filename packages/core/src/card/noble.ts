// The verifier's signature checks with @noble/curves: pure JavaScript, synchronous, the same in
// the browser (offline verifier) and in Node. The server may plug in node:crypto instead (faster).
import { ed25519 } from "@noble/curves/ed25519.js";
import { p256 } from "@noble/curves/nist.js";
import type { CardCrypto } from "./verify.ts";

export const nobleCardCrypto: CardCrypto = {
  verifyEd25519(publicKey, message, signature) {
    try {
      return ed25519.verify(signature, message, publicKey);
    } catch {
      return false;
    }
  },
  verifyP256(publicKey, message, signature) {
    try {
      // WebCrypto does not normalise s: accept high-S signatures (malleability is harmless here:
      // the proof is bound to one step and one card, and nothing is keyed by its bytes).
      return p256.verify(signature, message, publicKey, { prehash: true, lowS: false, format: "compact" });
    } catch {
      return false;
    }
  },
};

/** Compresses an uncompressed (65-byte, WebCrypto "raw") P-256 public key to 33 bytes. */
export function compressP256(raw: Uint8Array): Uint8Array {
  return p256.Point.fromBytes(raw).toBytes(true);
}

export function decompressP256(compressed: Uint8Array): { x: Uint8Array; y: Uint8Array } {
  const raw = p256.Point.fromBytes(compressed).toBytes(false);
  return { x: raw.slice(1, 33), y: raw.slice(33, 65) };
}
