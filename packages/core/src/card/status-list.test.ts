import { describe, expect, it } from "vitest";
import { gzipSync, gunzipSync } from "node:zlib";
import {
  STATUS_LIST_MIN_BITS,
  VERIFIER_MAX_CACHE_AGE_MS,
  cacheFresh,
  encodedListBytes,
  setStatusBit,
  statusListBits,
  statusListCredential,
  trustedKeys,
} from "./status-list.ts";
import { statusBit } from "./verify.ts";

describe("status lists and the trust list", () => {
  it("sizes lists in whole blocks of 131,072 entries", () => {
    expect(statusListBits(0)).toBe(STATUS_LIST_MIN_BITS);
    expect(statusListBits(STATUS_LIST_MIN_BITS - 1)).toBe(STATUS_LIST_MIN_BITS);
    expect(statusListBits(STATUS_LIST_MIN_BITS)).toBe(2 * STATUS_LIST_MIN_BITS);
    expect(() => setStatusBit(new Uint8Array(1), 8)).toThrow(RangeError);
  });

  it("round-trips a W3C bitstring status list credential (gzip, multibase base64url)", () => {
    const bits = new Uint8Array(STATUS_LIST_MIN_BITS / 8);
    setStatusBit(bits, 0);
    setStatusBit(bits, 131_071);
    const json = statusListCredential({
      url: "https://x/card/lists/status/r.json",
      issuer: "https://x",
      now: new Date("2026-12-04T00:00:00Z"),
      ttlMs: 600_000,
      gzipped: gzipSync(bits),
    });
    expect(json.credentialSubject.encodedList.startsWith("u")).toBe(true);
    expect(json.validUntil).toBe("2026-12-04T00:10:00.000Z");
    const back = new Uint8Array(gunzipSync(encodedListBytes(JSON.parse(JSON.stringify(json)))!));
    expect(statusBit(back, 0)).toBe(true);
    expect(statusBit(back, 1)).toBe(false);
    expect(statusBit(back, 131_071)).toBe(true);
    expect(encodedListBytes({ credentialSubject: { encodedList: "zabc" } })).toBeNull();
    expect(encodedListBytes(null)).toBeNull();
  });

  it("keeps only well-formed Ed25519 and P-256 keys from a trust list, each with its algorithm", () => {
    const x = Buffer.alloc(32, 1).toString("base64url");
    const y = Buffer.alloc(32, 2).toString("base64url");
    const keys = trustedKeys({
      keys: [
        { kid: "a", alg: "EdDSA", x, regionId: "r", regionName: "市", retiredAt: null },
        { kid: "b", alg: "ES256", x },
        { kid: "c", alg: "EdDSA", x: "AAAA" },
        { kid: "d", alg: "ES256", crv: "P-256", x, y, regionId: "r", regionName: "市", retiredAt: null },
        { kid: "e", alg: "ES256", crv: "P-384", x, y },
        { kid: "f", alg: "EdDSA", crv: "P-256", x },
        { kid: "g", alg: "ES256", crv: "P-256", x, y: "AAAA" },
        { kid: "h", alg: "none", x },
        null,
      ],
    });
    expect([...keys.keys()]).toEqual(["a", "d"]);
    expect(keys.get("a")?.alg).toBe("EdDSA");
    expect(keys.get("a")?.publicKey.length).toBe(32);
    expect(keys.get("d")?.alg).toBe("ES256");
    expect([...keys.get("d")!.publicKey.subarray(0, 2)]).toEqual([4, 1]);
    expect(keys.get("d")?.publicKey.length).toBe(65);
    expect(trustedKeys("nonsense").size).toBe(0);
  });

  it("refuses to answer from a cache older than the allowed age (or from the future)", () => {
    const now = Date.UTC(2026, 11, 4);
    expect(cacheFresh(now - VERIFIER_MAX_CACHE_AGE_MS, now)).toBe(true);
    expect(cacheFresh(now - VERIFIER_MAX_CACHE_AGE_MS - 1, now)).toBe(false);
    expect(cacheFresh(now + 3_600_000, now)).toBe(false);
  });
});
