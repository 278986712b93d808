// The server's signature checks (ADR 0507): a phone's compressed key decompressed by OpenSSL and
// imported once, kept in a least-recently-used cache; bad keys and signatures answer false, never throw.
import { generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { compressP256, fromBase64url, nobleCardCrypto } from "@dangjian/core/card";
import { KeyCache, createNodeCardCrypto, importP256, nodeCardCrypto } from "../src/card/verify.ts";

function phone() {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = publicKey.export({ format: "jwk" });
  const raw = new Uint8Array([4, ...fromBase64url(jwk.x!), ...fromBase64url(jwk.y!)]);
  const message = new TextEncoder().encode("card hash and step");
  const signature = new Uint8Array(sign("sha256", message, { key: privateKey, dsaEncoding: "ieee-p1363" }));
  return { jwk, raw, compressed: compressP256(raw), message, signature };
}

describe("node card crypto (ADR 0507)", () => {
  it("imports a compressed and an uncompressed point as the same key", () => {
    const p = phone();
    for (const bytes of [p.compressed, p.raw]) {
      const jwk = importP256(bytes).export({ format: "jwk" });
      expect(jwk).toMatchObject({ kty: "EC", crv: "P-256", x: p.jwk.x, y: p.jwk.y });
    }
  });

  it("verifies a phone's signature with its compressed key, as the pure-JavaScript verifier does", () => {
    const p = phone();
    expect(nodeCardCrypto.verifyP256(p.compressed, p.message, p.signature)).toBe(true);
    expect(nobleCardCrypto.verifyP256(p.compressed, p.message, p.signature)).toBe(true);
    const other = phone();
    expect(nodeCardCrypto.verifyP256(other.compressed, p.message, p.signature)).toBe(false);
    const flipped = p.signature.slice();
    flipped[10] = flipped[10]! ^ 1;
    expect(nodeCardCrypto.verifyP256(p.compressed, p.message, flipped)).toBe(false);
  });

  it("answers false, never throws, for keys that are not P-256 points and signatures of the wrong size", () => {
    const p = phone();
    const notOnCurve = p.compressed.slice();
    // x = 7: x³ − 3x + b has no square root mod p, so no point has this x
    notOnCurve.fill(0, 1);
    notOnCurve[32] = 7;
    const badPrefix = p.compressed.slice();
    badPrefix[0] = 7;
    const offCurve = p.raw.slice();
    offCurve[64] = offCurve[64]! ^ 1;
    for (const key of [notOnCurve, badPrefix, offCurve, p.compressed.subarray(0, 32), new Uint8Array(0)]) {
      expect(() => importP256(key)).toThrow();
      expect(nodeCardCrypto.verifyP256(key, p.message, p.signature)).toBe(false);
    }
    expect(nodeCardCrypto.verifyP256(p.compressed, p.message, p.signature.subarray(0, 63))).toBe(false);
  });

  it("keeps the keys used last: a hit refreshes, the least recently used goes first", () => {
    const cache = new KeyCache(2);
    const [a, b, c] = [phone(), phone(), phone()];
    let imports = 0;
    const get = (p: ReturnType<typeof phone>) =>
      cache.get(Buffer.from(p.compressed).toString("hex"), () => {
        imports++;
        return importP256(p.compressed);
      });
    get(a);
    get(b);
    get(a); // a is now the most recent
    expect(imports).toBe(2);
    get(c); // evicts b, not a
    expect(cache.size).toBe(2);
    get(a);
    expect(imports).toBe(3);
    get(b);
    expect(imports).toBe(4);
  });

  it("a cache of size 0 imports every time and still verifies", () => {
    const cache = new KeyCache(0);
    const crypto = createNodeCardCrypto(cache);
    const p = phone();
    expect(crypto.verifyP256(p.compressed, p.message, p.signature)).toBe(true);
    expect(crypto.verifyP256(p.compressed, p.message, p.signature)).toBe(true);
    expect(cache.size).toBe(0);
  });
});
