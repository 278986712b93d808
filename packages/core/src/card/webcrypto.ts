// Signature checks with WebCrypto (ADR 0506): ECDSA P-256 is in every browser's crypto.subtle (and in
// Node's), and runs natively — the issuer signature of an ES256 card and every device proof. Ed25519
// (cards and lists signed by an older EdDSA issuer key) stays on @noble/curves, as does everything
// when crypto.subtle is missing (a page opened outside a secure context).
import { base64url } from "./verify.ts";
import { decompressP256, nobleCardCrypto } from "./noble.ts";
import type { AsyncCardCrypto } from "./verify.ts";

/** Imported device and issuer keys, by their bytes; bounded, oldest out first. */
const MAX_KEYS = 2_000;

function uncompressed(publicKey: Uint8Array): Uint8Array {
  if (publicKey.length === 65 && publicKey[0] === 4) return publicKey;
  if (publicKey.length !== 33) throw new RangeError("not a P-256 point");
  const { x, y } = decompressP256(publicKey);
  const raw = new Uint8Array(65);
  raw[0] = 4;
  raw.set(x, 1);
  raw.set(y, 33);
  return raw;
}

/** An owned copy whose buffer is a plain ArrayBuffer (what crypto.subtle's typings ask for). */
function own(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}

export function webCardCrypto(subtle: SubtleCrypto | undefined = globalThis.crypto?.subtle): AsyncCardCrypto {
  if (!subtle) return nobleCardCrypto;
  const keys = new Map<string, Promise<CryptoKey>>();
  const importP256 = (publicKey: Uint8Array): Promise<CryptoKey> => {
    const id = base64url(publicKey);
    let key = keys.get(id);
    if (!key) {
      if (keys.size >= MAX_KEYS) keys.delete(keys.keys().next().value!);
      key = subtle.importKey("raw", own(uncompressed(publicKey)), { name: "ECDSA", namedCurve: "P-256" }, false, [
        "verify",
      ]);
      // a key that does not import is not cached: the next scan tries again and answers false again
      key.catch(() => keys.delete(id));
      keys.set(id, key);
    }
    return key;
  };
  return {
    verifyEd25519: nobleCardCrypto.verifyEd25519,
    async verifyP256(publicKey, message, signature) {
      if (signature.length !== 64) return false;
      try {
        const key = await importP256(publicKey);
        return await subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, own(signature), own(message));
      } catch {
        return false;
      }
    },
  };
}
