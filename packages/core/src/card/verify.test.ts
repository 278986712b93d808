import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ed25519 } from "@noble/curves/ed25519.js";
import { p256 } from "@noble/curves/nist.js";
import { encode as base45Encode } from "base45-ts";
import { cbor, proofMessage, qrText, signCard, timeStep, type CardClaims } from "./format.ts";
import { base64url, bitstringStatus, statusBit, verifyCardQr, type TrustedKey, type VerifyContext } from "./verify.ts";
import { nobleCardCrypto } from "./noble.ts";
import { STATUS_LIST_MIN_BITS, setStatusBit } from "./status-list.ts";

const NOW = Date.UTC(2026, 11, 4, 12, 0, 10);
const issuerSk = ed25519.utils.randomSecretKey();
const kid = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
const deviceSk = p256.utils.randomSecretKey();
const deviceKey = p256.getPublicKey(deviceSk, true);
const otherDeviceSk = p256.utils.randomSecretKey();

const claims: CardClaims = {
  memberNo: "DY00000001",
  name: "李春梅",
  branch: "中共河口村支部委员会",
  status: "FULL",
  statusIndex: 4242,
  iat: Math.floor(NOW / 1000) - 86_400,
  exp: Math.floor(NOW / 1000) + 29 * 86_400,
  deviceKey,
};

function card(c: CardClaims = claims, sk = issuerSk, k = kid) {
  return signCard(c, k, (m) => ed25519.sign(m, sk));
}
function qr(cardBytes = card(), at = NOW, sk = deviceSk) {
  const step = timeStep(at);
  const sig = p256.sign(proofMessage(cardBytes, step), sk, { prehash: true, lowS: false, format: "compact" });
  return qrText(cardBytes, step, sig);
}

const bits = new Uint8Array(STATUS_LIST_MIN_BITS / 8);
const key: TrustedKey = { kid: base64url(kid), regionId: "r1", regionName: "中共江川市委员会", publicKey: ed25519.getPublicKey(issuerSk), retiredAt: null };
function ctx(over: Partial<VerifyContext> = {}): VerifyContext {
  return { nowMs: NOW, keys: new Map([[key.kid, key]]), revoked: bitstringStatus(new Map([["r1", bits]])), crypto: nobleCardCrypto, ...over };
}

describe("card QR verification", () => {
  it("accepts a fresh card with its device proof and shows what it carries", () => {
    const result = verifyCardQr(qr(), ctx());
    expect(result.reason).toBe("valid");
    expect(result.ok && result.claims.name).toBe("李春梅");
    expect(result.ok && result.regionName).toBe("中共江川市委员会");
  });

  it("fits a QR of version 10-13 at ECC M (alphanumeric): the text stays under 480 characters", () => {
    expect(qr().length).toBeLessThan(480);
  });

  it("tolerates one time step either way and refuses a proof more than 60 s old", () => {
    expect(verifyCardQr(qr(card(), NOW - 30_000), ctx()).reason).toBe("valid");
    expect(verifyCardQr(qr(card(), NOW + 30_000), ctx()).reason).toBe("valid");
    const shot = qr();
    expect(verifyCardQr(shot, ctx({ nowMs: NOW + 61_000 })).reason).toBe("proofTooOld");
    expect(verifyCardQr(qr(card(), NOW + 90_000), ctx()).reason).toBe("proofTooOld");
  });

  it("refuses a proof signed by another device", () => {
    expect(verifyCardQr(qr(card(), NOW, otherDeviceSk), ctx()).reason).toBe("wrongDevice");
  });

  it("refuses an expired card", () => {
    const old = card({ ...claims, exp: Math.floor(NOW / 1000) - 1 });
    expect(verifyCardQr(qr(old), ctx()).reason).toBe("expired");
  });

  it("refuses a revoked card (its bit set in the region's list)", () => {
    const revoked = new Uint8Array(bits);
    setStatusBit(revoked, claims.statusIndex);
    expect(statusBit(revoked, claims.statusIndex)).toBe(true);
    expect(statusBit(revoked, claims.statusIndex + 1)).toBe(false);
    expect(verifyCardQr(qr(), ctx({ revoked: bitstringStatus(new Map([["r1", revoked]])) })).reason).toBe("revoked");
  });

  it("refuses when no status list is cached for the region", () => {
    expect(verifyCardQr(qr(), ctx({ revoked: () => undefined })).reason).toBe("noStatusList");
  });

  it("refuses an unknown key id, a forged signature and a retired key's later card", () => {
    expect(verifyCardQr(qr(card(claims, issuerSk, new Uint8Array([9, 9, 9, 9]))), ctx()).reason).toBe("unknownKey");
    const forged = card(claims, ed25519.utils.randomSecretKey());
    expect(verifyCardQr(qr(forged), ctx()).reason).toBe("tampered");
    const retired = { ...key, retiredAt: (claims.iat - 10) * 1000 };
    expect(verifyCardQr(qr(), ctx({ keys: new Map([[key.kid, retired]]) })).reason).toBe("unknownKey");
    const retiredLater = { ...key, retiredAt: (claims.iat + 10) * 1000 };
    expect(verifyCardQr(qr(), ctx({ keys: new Map([[key.kid, retiredLater]]) })).reason).toBe("valid");
  });

  it("refuses a card whose payload was changed after signing", () => {
    const bytes = card();
    const text = new TextDecoder().decode(bytes);
    // flip one byte inside the payload (the member number's last digit)
    const at = bytes.indexOf(0x31, text.indexOf("DY0000000"));
    const changed = new Uint8Array(bytes);
    changed[at] = 0x32;
    expect(verifyCardQr(qr(changed), ctx()).reason).toBe("tampered");
  });

  it("answers malformed for truncated, doubled, oversized, random, non-Base45 and CBOR bombs", () => {
    const good = qr();
    const c = ctx();
    expect(verifyCardQr(good.slice(0, good.length - 7), c).reason).toBe("malformed");
    expect(verifyCardQr(good + good.slice(4), c).reason).toBe("malformed");
    expect(verifyCardQr("DJ1:" + "A".repeat(3000), c).reason).toBe("malformed");
    expect(verifyCardQr("DJ1:hello world!", c).reason).toBe("malformed");
    expect(verifyCardQr("", c).reason).toBe("malformed");
    expect(verifyCardQr(null, c).reason).toBe("malformed");
    expect(verifyCardQr(12, c).reason).toBe("malformed");
    // deep nesting: 500 nested arrays
    const deep = new Uint8Array(500).fill(0x81);
    expect(verifyCardQr("DJ1:" + base45Encode(deep), c).reason).toBe("malformed");
    // huge declared lengths: an array of 2^32-1 items, a byte string of 2^32-1 bytes, a map of 2^31
    for (const bomb of [[0x9a, 0xff, 0xff, 0xff, 0xff, 0], [0x5a, 0xff, 0xff, 0xff, 0xff, 1, 2], [0xba, 0x80, 0, 0, 0, 1, 1]]) {
      expect(verifyCardQr("DJ1:" + base45Encode(new Uint8Array(bomb)), c).reason).toBe("malformed");
    }
    // a well-formed structure of the wrong shape
    expect(verifyCardQr("DJ1:" + base45Encode(cbor.encode([1, 2, 3])), c).reason).toBe("malformed");
  });

  it("never throws and never accepts random or mutated QRs (fuzz)", () => {
    const good = qr();
    const c = ctx();
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 2000 }), fc.uint8Array({ maxLength: 900 }).map((b) => "DJ1:" + base45Encode(b))), (text) => {
        const r = verifyCardQr(text, c);
        expect(r.ok).toBe(false);
      }),
      { numRuns: 500 },
    );
    const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    fc.assert(
      fc.property(fc.integer({ min: 4, max: good.length - 1 }), fc.constantFrom(...alphabet), (at, ch) => {
        const mutated = good.slice(0, at) + ch + good.slice(at + 1);
        const r = verifyCardQr(mutated, c);
        if (mutated === good) expect(r.reason).toBe("valid");
        else expect(r.ok).toBe(false);
      }),
      { numRuns: 400 },
    );
  });
});
