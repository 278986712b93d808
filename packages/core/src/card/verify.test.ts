import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ed25519 } from "@noble/curves/ed25519.js";
import { p256 } from "@noble/curves/nist.js";
import { encode as base45Encode } from "base45-ts";
import QRCode from "qrcode";
import {
  CARD_QR_ECC,
  CARD_QR_MAX_VERSION,
  CARD_VALIDITY_SECONDS,
  STEP_MODULUS,
  branchShortName,
  cbor,
  fitCardClaims,
  fullStep,
  proofMessage,
  qrText,
  signCard,
  timeStep,
  type CardClaims,
  type IssuerSigner,
} from "./format.ts";
import {
  VerifiedCards,
  base64url,
  bitstringStatus,
  readCardClaims,
  statusBit,
  verifyCardQr,
  verifyCardQrAsync,
  type TrustedKey,
  type VerifyContext,
} from "./verify.ts";
import { nobleCardCrypto } from "./noble.ts";
import { webCardCrypto } from "./webcrypto.ts";
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
  exp: Math.floor(NOW / 1000) - 86_400 + CARD_VALIDITY_SECONDS,
  deviceKey,
};

const edSigner = (sk: Uint8Array, k: Uint8Array): IssuerSigner => ({
  kid: k,
  alg: "EdDSA",
  sign: (m) => ed25519.sign(m, sk),
});
const esSigner = (sk: Uint8Array, k: Uint8Array): IssuerSigner => ({
  kid: k,
  alg: "ES256",
  sign: (m) => p256.sign(m, sk, { prehash: true, format: "compact" }),
});
function card(c: CardClaims = claims, sk = issuerSk, k = kid) {
  return signCard(c, edSigner(sk, k));
}
function qr(cardBytes = card(), at = NOW, sk = deviceSk) {
  const step = timeStep(at);
  const sig = p256.sign(proofMessage(cardBytes, step), sk, { prehash: true, lowS: false, format: "compact" });
  return qrText(cardBytes, step, sig);
}

const bits = new Uint8Array(STATUS_LIST_MIN_BITS / 8);
const key: TrustedKey = {
  kid: base64url(kid),
  regionId: "r1",
  regionName: "中共江川市委员会",
  alg: "EdDSA",
  publicKey: ed25519.getPublicKey(issuerSk),
  retiredAt: null,
};
function ctx(over: Partial<VerifyContext> = {}): VerifyContext {
  return {
    nowMs: NOW,
    keys: new Map([[key.kid, key]]),
    revoked: bitstringStatus(new Map([["r1", bits]])),
    crypto: nobleCardCrypto,
    ...over,
  };
}

describe("card QR verification", () => {
  it("accepts a fresh card with its device proof and shows what it carries", () => {
    const result = verifyCardQr(qr(), ctx());
    expect(result.reason).toBe("valid");
    expect(result.ok && result.claims.name).toBe("李春梅");
    expect(result.ok && result.regionName).toBe("中共江川市委员会");
  });

  it("fits a version-10 QR at ECC L for a typical card, and for the worst-case member once fitted", () => {
    const version = (text: string) =>
      QRCode.create([{ data: text, mode: "alphanumeric" }], { errorCorrectionLevel: CARD_QR_ECC }).version;
    expect(version(qr())).toBeLessThanOrEqual(CARD_QR_MAX_VERSION);
    // the longest a member's name may be (30 characters), a long branch name, the highest status
    // index (2^26 − 1), the highest step, a 6-byte key id (the longest we ever made)
    const late = NOW + (STEP_MODULUS - 1 - (timeStep(NOW) % STEP_MODULUS)) * 30_000;
    const worst: CardClaims = {
      ...claims,
      memberNo: "DY99999999",
      name: "阿卜杜热合曼·艾尼瓦尔·买买提明·阿不都拉·热合曼江·艾力江",
      branch: "中共江川市经济技术开发区管理委员会机关第一联合党支部委员会",
      statusIndex: 2 ** 26 - 1,
    };
    expect([...worst.name].length).toBe(30);
    const kid6 = new Uint8Array(6).fill(7);
    expect(version(qr(card(worst, issuerSk, kid6), late))).toBeGreaterThan(CARD_QR_MAX_VERSION);
    const fitted = fitCardClaims(worst, kid6.length);
    const fittedQr = qr(card(fitted, issuerSk, kid6), late);
    expect(version(fittedQr)).toBeLessThanOrEqual(CARD_QR_MAX_VERSION);
    expect(
      verifyCardQr(
        fittedQr,
        ctx({
          nowMs: late,
          revoked: () => false,
          keys: new Map([[base64url(kid6), { ...key, kid: base64url(kid6) }]]),
        }),
      ).reason,
    ).toBe("valid");
    // what was cut ends in "…" and keeps its start; the member number and status index are intact
    expect(fitted.name).toMatch(/^阿卜杜热合曼.*…$/);
    expect(fitted.branch).toMatch(/^江川市经济.*…$/);
    const read = readCardClaims(card(fitted, issuerSk, kid6));
    expect(read?.memberNo).toBe("DY99999999");
    expect(read?.statusIndex).toBe(2 ** 26 - 1);
    // even a 16-byte key id and a 17-character imported member number still fit (names cut harder)
    const extreme = { ...worst, memberNo: "HB-2026-000123456" };
    const kid16 = new Uint8Array(16).fill(7);
    expect(version(qr(card(fitCardClaims(extreme, 16), issuerSk, kid16), late))).toBeLessThanOrEqual(
      CARD_QR_MAX_VERSION,
    );
    // a typical member is not cut at all, only the routine prefix and suffix of the branch go
    const typical = fitCardClaims(claims, 4);
    expect(typical.name).toBe("李春梅");
    expect(typical.branch).toBe("河口村支部");
    expect(branchShortName("柳坪乡非公企业联合党支部")).toBe("柳坪乡非公企业联合党支部");
  });

  it("carries platform member numbers as integers and reads them back", () => {
    const read = readCardClaims(card());
    expect(read?.memberNo).toBe("DY00000001");
    expect(read?.iat).toBe(claims.iat);
    expect(() => card({ ...claims, exp: claims.exp + 1 })).toThrow(RangeError);
  });

  it("reconstructs the full time step from its value modulo 2^16", () => {
    const now = timeStep(NOW);
    expect(fullStep((now - 40_000) % STEP_MODULUS, now)).toBe(now - 40_000 + STEP_MODULUS);
    for (const delta of [-32_768, -2, -1, 0, 1, 2, 32_767])
      expect(fullStep((now + delta) % STEP_MODULUS, now)).toBe(now + delta);
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
    const old = card({
      ...claims,
      iat: Math.floor(NOW / 1000) - 1 - CARD_VALIDITY_SECONDS,
      exp: Math.floor(NOW / 1000) - 1,
    });
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

  it("remembers checked issuer signatures: a card seen again skips only that check", () => {
    let issuerChecks = 0;
    const counting = {
      ...nobleCardCrypto,
      verifyEd25519: (k: Uint8Array, m: Uint8Array, s: Uint8Array) => (
        issuerChecks++,
        nobleCardCrypto.verifyEd25519(k, m, s)
      ),
    };
    const verified = new VerifiedCards(10);
    const c = ctx({ crypto: counting, verified });
    expect(verifyCardQr(qr(), c).reason).toBe("valid");
    expect(verifyCardQr(qr(card(), NOW + 30_000), { ...c, nowMs: NOW + 30_000 }).reason).toBe("valid");
    expect(issuerChecks).toBe(1);
    // still refused: another device's proof, a forged card under the same key id, a changed key
    expect(verifyCardQr(qr(card(), NOW, otherDeviceSk), c).reason).toBe("wrongDevice");
    expect(verifyCardQr(qr(card(claims, ed25519.utils.randomSecretKey())), c).reason).toBe("tampered");
    const otherKey = { ...key, publicKey: ed25519.getPublicKey(ed25519.utils.randomSecretKey()) };
    expect(verifyCardQr(qr(), { ...c, keys: new Map([[key.kid, otherKey]]) }).reason).toBe("tampered");
    expect(verifyCardQr(qr(), { ...c, revoked: () => true }).reason).toBe("revoked");
    // bounded: the oldest is forgotten first
    for (let i = 0; i < 12; i++) verified.add(`x${i}`);
    expect(verified.has("x0")).toBe(false);
    expect(verified.has("x11")).toBe(true);
  });

  it("refuses a card whose payload was changed after signing", () => {
    const bytes = card();
    // change the name inside the payload: 李春梅 → 李春楠 (one UTF-8 byte differs)
    const name = new TextEncoder().encode("李春梅");
    const at = Buffer.from(bytes).indexOf(Buffer.from(name));
    expect(at).toBeGreaterThan(0);
    const changed = new Uint8Array(bytes);
    changed.set(new TextEncoder().encode("李春楠"), at);
    expect(changed).not.toEqual(bytes);
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
    for (const bomb of [
      [0x9a, 0xff, 0xff, 0xff, 0xff, 0],
      [0x5a, 0xff, 0xff, 0xff, 0xff, 1, 2],
      [0xba, 0x80, 0, 0, 0, 1, 1],
    ]) {
      expect(verifyCardQr("DJ1:" + base45Encode(new Uint8Array(bomb)), c).reason).toBe("malformed");
    }
    // a well-formed structure of the wrong shape
    expect(verifyCardQr("DJ1:" + base45Encode(cbor.encode([1, 2, 3])), c).reason).toBe("malformed");
  });

  it("never throws and never accepts random QRs (fuzz)", () => {
    const c = ctx();
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 2000 }),
          fc.uint8Array({ maxLength: 900 }).map((b) => "DJ1:" + base45Encode(b)),
        ),
        (text) => {
          const r = verifyCardQr(text, c);
          expect(r.ok).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });

  // 400 mutated QRs, most of which reach one or two signature checks in pure JavaScript (the
  // offline verifier's @noble/curves: Ed25519 ≈ 4.5 ms, P-256 ≈ 12 ms each on this 2-core machine
  // when quiet): about 4 s of CPU. At load 30–40 a process gets a twentieth of a core, so the time
  // allowed is what that CPU needs then, not vitest's 5 s default.
  it("never accepts a mutated QR (fuzz)", () => {
    const good = qr();
    const c = ctx();
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
  }, 120_000);
});

describe("ES256 issuer keys (ADR 0506) beside EdDSA ones", () => {
  const esSk = p256.utils.randomSecretKey();
  const esKid = new Uint8Array([7, 7, 7, 7]);
  const esKey: TrustedKey = {
    kid: base64url(esKid),
    regionId: "r1",
    regionName: "中共江川市委员会",
    alg: "ES256",
    publicKey: p256.getPublicKey(esSk, false),
    retiredAt: null,
  };
  const esCard = (c: CardClaims = claims, sk = esSk) => signCard(c, esSigner(sk, esKid));
  const both = (over: Partial<VerifyContext> = {}) =>
    ctx({
      keys: new Map([
        [key.kid, key],
        [esKey.kid, esKey],
      ]),
      ...over,
    });

  it("verifies ES256 cards and, in the same trust list, cards of an older EdDSA key", () => {
    const es = verifyCardQr(qr(esCard()), both());
    expect(es.reason).toBe("valid");
    expect(es.ok && es.claims.name).toBe("李春梅");
    expect(verifyCardQr(qr(card()), both()).reason).toBe("valid");
    // an ES256 signature is r‖s, 64 bytes: the card is exactly as long as an EdDSA one
    expect(esCard().length).toBe(card(claims, issuerSk, esKid).length);
  });

  it("lets the key's registered algorithm decide, never the card's header", () => {
    // the P-256 key registered as EdDSA: an ES256 header under that kid is refused even though the
    // signature is a valid ES256 one for those key bytes
    const misfiled: TrustedKey = { ...esKey, alg: "EdDSA" };
    expect(verifyCardQr(qr(esCard()), ctx({ keys: new Map([[esKey.kid, misfiled]]) })).reason).toBe("unknownKey");
    // an EdDSA kid with a header claiming ES256 (signed with some P-256 key): refused
    const claimsEs = signCard(claims, esSigner(p256.utils.randomSecretKey(), kid));
    expect(verifyCardQr(qr(claimsEs), both()).reason).toBe("unknownKey");
    // an ES256 kid with a header claiming EdDSA: refused
    const claimsEd = signCard(claims, edSigner(issuerSk, esKid));
    expect(verifyCardQr(qr(claimsEd), both()).reason).toBe("unknownKey");
    // an algorithm we never register (−9, one CBOR byte like −7): unknown key
    const other = new Uint8Array(esCard());
    const at = Buffer.from(other).indexOf(Buffer.from([0x01, 0x26]));
    expect(at).toBeGreaterThan(0);
    other[at + 1] = 0x28;
    expect(verifyCardQr(qr(other), both()).reason).toBe("unknownKey");
  });

  it("refuses a forged or changed ES256 card as tampered", () => {
    expect(verifyCardQr(qr(esCard(claims, p256.utils.randomSecretKey())), both()).reason).toBe("tampered");
    const bytes = esCard();
    const changed = new Uint8Array(bytes);
    changed[changed.length - 1] = changed[changed.length - 1]! ^ 1;
    expect(verifyCardQr(qr(changed), both()).reason).toBe("tampered");
  });

  it("fits a version-10 QR at ECC L for the worst case signed with ES256", () => {
    const late = NOW + (STEP_MODULUS - 1 - (timeStep(NOW) % STEP_MODULUS)) * 30_000;
    const worst = fitCardClaims(
      { ...claims, name: "阿".repeat(30), branch: "江".repeat(27), statusIndex: 2 ** 26 - 1, memberNo: "DY99999999" },
      esKid.length,
    );
    const text = qr(esCard(worst), late);
    const version = QRCode.create([{ data: text, mode: "alphanumeric" }], {
      errorCorrectionLevel: CARD_QR_ECC,
    }).version;
    expect(version).toBeLessThanOrEqual(CARD_QR_MAX_VERSION);
    expect(verifyCardQr(text, both({ nowMs: late, revoked: () => false })).reason).toBe("valid");
  });

  it("gives the same answers through WebCrypto (the offline verifier page) as through the sync check", async () => {
    const web = webCardCrypto();
    const cases: Array<[string, string, Partial<VerifyContext>]> = [
      ["ES256 valid", qr(esCard()), {}],
      ["EdDSA valid", qr(card()), {}],
      ["ES256 forged", qr(esCard(claims, p256.utils.randomSecretKey())), {}],
      ["EdDSA forged", qr(card(claims, ed25519.utils.randomSecretKey())), {}],
      ["other device", qr(esCard(), NOW, otherDeviceSk), {}],
      ["screenshot", qr(esCard()), { nowMs: NOW + 61_000 }],
      ["revoked", qr(esCard()), { revoked: () => true }],
      ["header alg mismatch", qr(signCard(claims, esSigner(esSk, kid))), {}],
      ["garbage", "DJ1:%%%", {}],
    ];
    const answers = await Promise.all(
      cases.map(async ([name, text, over]) => {
        const sync = verifyCardQr(text, both(over)).reason;
        const async = (await verifyCardQrAsync(text, { ...both(over), crypto: web })).reason;
        return [name, sync, async];
      }),
    );
    for (const [name, sync, async] of answers) expect(async, name).toBe(sync);
    expect(answers.map(([, sync]) => sync)).toEqual([
      "valid",
      "valid",
      "tampered",
      "tampered",
      "wrongDevice",
      "proofTooOld",
      "revoked",
      "unknownKey",
      "malformed",
    ]);
    // a crypto that throws or rejects is a failed check, never an exception
    const broken = {
      verifyEd25519: () => {
        throw new Error("x");
      },
      verifyP256: () => Promise.reject(new Error("y")),
    };
    expect((await verifyCardQrAsync(qr(esCard()), { ...both(), crypto: broken })).reason).toBe("tampered");
  });
});
