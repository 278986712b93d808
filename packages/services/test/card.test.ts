import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { generateKeyPairSync, randomBytes, randomUUID, sign, type KeyObject } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cbor,
  encodedListBytes,
  fromBase64url,
  nobleCardCrypto,
  proofMessage,
  qrText,
  readCardClaims,
  signCard,
  statusBit,
  timeStep,
  trustedKeys,
  verifyStatusList,
  verifyStatusListAsync,
  webCardCrypto,
} from "@dangjian/core/card";
import { actorWithoutSession, type Actor } from "../src/index.ts";
import { decryptPrivateKey } from "../src/card/keys.ts";
import { onMemberBranchChange } from "../src/card/issue.ts";
import {
  createMember,
  createOrg,
  errorOf,
  grantRole,
  loginAll,
  pairOrgs,
  regionDatabase,
  type Region,
  type TestDatabase,
} from "./support/index.ts";

let t: TestDatabase;
let region: Region;
let actors: Record<string, Actor>;
const db = () => t.services.deps.db;
const NOW = new Date("2026-11-22T01:10:00Z");

const base64urlOf = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");

/** A phone: a P-256 key pair as WebCrypto makes it (raw public key, r‖s signatures). */
function phone() {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = publicKey.export({ format: "jwk" });
  const raw = new Uint8Array([4, ...fromBase64url(jwk.x!), ...fromBase64url(jwk.y!)]);
  return { publicKey: Buffer.from(raw).toString("base64url"), privateKey };
}
function showQr(credential: string, device: { privateKey: KeyObject }, atMs = NOW.getTime()) {
  const card = fromBase64url(credential);
  const step = timeStep(atMs);
  const sig = sign("sha256", proofMessage(card, step), { key: device.privateKey, dsaEncoding: "ieee-p1363" });
  return qrText(card, step, new Uint8Array(sig));
}
/** The protected header of a card (base64url COSE_Sign1): its algorithm and key id. */
function coseHeader(credential: string) {
  const cose = cbor.decode(fromBase64url(credential)) as { value: [Uint8Array, unknown, Uint8Array, Uint8Array] };
  const header = cbor.decode(cose.value[0]) as Map<number, unknown>;
  return { alg: header.get(1), kid: base64urlOf(header.get(4) as Uint8Array) };
}
async function statusOf(regionId: string, index: number) {
  const json = await t.services.card.statusList(regionId, "http://localhost");
  const bits = gunzipSync(encodedListBytes(json)!);
  expect(bits.length * 8).toBeGreaterThanOrEqual(131_072);
  return statusBit(new Uint8Array(bits), index);
}

beforeAll(async () => {
  ({ t, region } = await regionDatabase(NOW));
  await grantRole(db(), region.phones.memberB, "BRANCH_SECRETARY", region.branchB);
  await createMember(db(), {
    name: "孙立",
    branchId: region.county,
    phone: "13900000011",
    roles: [{ role: "COMMITTEE_STAFF", orgId: region.county }],
  });
  await pairOrgs(db(), region.branchA, region.branchB, new Date("2026-01-01T00:00:00Z"));
  actors = await loginAll(t, { ...region.phones, staff: "13900000011" });
});
afterAll(() => t.drop());

describe("issuing and verifying", () => {
  const alicePhone = phone();
  let credential: string;

  it("binds the phone, issues a card signed by the region's key and verifies its rotating QR", async () => {
    const sync = await t.services.card.bindDevice(actors.member!, { publicKey: alicePhone.publicKey });
    expect(sync.credential).toBeTruthy();
    expect(sync.expiresAt!.getTime() - NOW.getTime()).toBe(30 * 86_400_000);
    credential = sync.credential!;
    const v = await t.services.card.verify(showQr(credential, alicePhone));
    expect(v.result.reason).toBe("valid");
    expect(v.memberId).toBe(region.members.alice);
    expect(v.result.ok && v.result.claims.name).toBe("李红");
    // the same QR 61 s later: too old
    expect((await t.services.card.verify(showQr(credential, alicePhone), NOW.getTime() + 61_000)).result.reason).toBe(
      "proofTooOld",
    );
    // a proof from another phone
    expect((await t.services.card.verify(showQr(credential, phone()))).result.reason).toBe("wrongDevice");
    // binding the same phone again changes nothing
    const again = await t.services.card.bindDevice(actors.member!, { publicKey: alicePhone.publicKey });
    expect(again.devicePublicKey).toBe(sync.devicePublicKey);
  });

  it("keeps the private key only encrypted under the KEK, and publishes the public key", async () => {
    const key = await db().cardKey.findFirstOrThrow({ where: { regionId: region.city } });
    expect(key.privateKeyEnc).toMatch(/^v1\./);
    expect(() => decryptPrivateKey(new Uint8Array(randomBytes(32)), key.kid, key.privateKeyEnc!)).toThrow();
    // a new region's key is ES256 (ADR 0506): a P-256 key, published as its point's coordinates
    expect(key.algorithm).toBe("ES256");
    const privateKey = decryptPrivateKey(t.services.deps.cardKek!, key.kid, key.privateKeyEnc!);
    expect(privateKey.asymmetricKeyType).toBe("ec");
    expect(privateKey.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
    const point = fromBase64url(key.publicKey);
    expect(point.length).toBe(65);
    const trust = await t.services.card.trustList();
    expect(trust.keys).toEqual([
      expect.objectContaining({
        kid: key.kid,
        regionId: region.city,
        regionName: "测试市委",
        alg: "ES256",
        crv: "P-256",
        x: base64urlOf(point.subarray(1, 33)),
        y: base64urlOf(point.subarray(33, 65)),
        retiredAt: null,
      }),
    ]);
    // the card's protected header names ES256 (COSE −7) and the key id
    expect(coseHeader(credential)).toEqual({ alg: -7, kid: key.kid });
    expect(JSON.stringify(trust)).not.toContain(key.privateKeyEnc!.slice(3, 20));
  });

  it("refuses bad device keys with a clear message", async () => {
    expect((await errorOf(t.services.card.bindDevice(actors.member!, { publicKey: "abc" }))).messageKey).toBe(
      "card.deviceKeyInvalid",
    );
    expect(
      (
        await errorOf(
          t.services.card.bindDevice(actors.member!, { publicKey: Buffer.alloc(65, 7).toString("base64url") }),
        )
      ).messageKey,
    ).toBe("card.deviceKeyInvalid");
  });

  it("a new phone ends the old binding: the old card is revoked, the new one has a new index", async () => {
    const before = await db().cardBinding.findFirstOrThrow({
      where: { memberId: region.members.alice, endedAt: null },
    });
    const newPhone = phone();
    const sync = await t.services.card.bindDevice(actors.member!, { publicKey: newPhone.publicKey });
    const after = await db().cardBinding.findFirstOrThrow({ where: { memberId: region.members.alice, endedAt: null } });
    expect(after.statusIndex).not.toBe(before.statusIndex);
    expect((await db().cardBinding.findUniqueOrThrow({ where: { id: before.id } })).endReason).toBe("NEW_DEVICE");
    expect(await statusOf(region.city, before.statusIndex)).toBe(true);
    expect(await statusOf(region.city, after.statusIndex)).toBe(false);
    expect((await t.services.card.verify(showQr(credential, alicePhone))).result.reason).toBe("revoked");
    expect((await t.services.card.verify(showQr(sync.credential!, newPhone))).result.reason).toBe("valid");
    credential = sync.credential!;
    Object.assign(alicePhone, newPhone);
  });

  it("a committee suspends (bit set, no card on sync), reinstates (same phone, new index)", async () => {
    expect(
      (
        await errorOf(
          t.services.card.changeStatus(actors.memberB!, { memberId: region.members.alice, action: "SUSPEND" }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    const live = await db().cardBinding.findFirstOrThrow({ where: { memberId: region.members.alice, endedAt: null } });
    await t.services.card.changeStatus(actors.staff!, { memberId: region.members.alice, action: "SUSPEND" });
    expect(await statusOf(region.city, live.statusIndex)).toBe(true);
    expect((await t.services.card.sync(actors.member!)).credential).toBeNull();
    expect(
      (await errorOf(t.services.card.bindDevice(actors.member!, { publicKey: phone().publicKey }))).messageKey,
    ).toBe("card.notInGoodStanding");
    await t.services.card.changeStatus(actors.staff!, { memberId: region.members.alice, action: "REINSTATE" });
    const back = await t.services.card.sync(actors.member!);
    const again = await db().cardBinding.findFirstOrThrow({ where: { memberId: region.members.alice, endedAt: null } });
    expect(again.statusIndex).not.toBe(live.statusIndex);
    expect(again.devicePublicKey).toBe(live.devicePublicKey);
    expect((await t.services.card.verify(showQr(back.credential!, alicePhone))).result.reason).toBe("valid");
    credential = back.credential!;
  });

  it("rotation from an older EdDSA key: new cards ES256, the EdDSA key's cards keep verifying; a withdrawn key's cards do not", async () => {
    const first = await db().cardKey.findFirstOrThrow({ where: { regionId: region.city, active: true } });
    // a region that still signs with an EdDSA key (made before ADR 0506)
    const ed = await t.services.card.rotateKey(region.city, undefined, "EdDSA");
    expect(ed).toMatchObject({ algorithm: "EdDSA", retired: [first.kid] });
    const bobPhone = phone();
    const bobCard = (await t.services.card.bindDevice(actors.secretary!, { publicKey: bobPhone.publicKey }))
      .credential!;
    expect(coseHeader(bobCard)).toEqual({ alg: -8, kid: ed.kid });
    expect((await t.services.card.verify(showQr(bobCard, bobPhone))).result.reason).toBe("valid");
    const { kid, algorithm, retired } = await t.services.card.rotateKey(region.city);
    expect(algorithm).toBe("ES256");
    expect(retired).toEqual([ed.kid]);
    expect((await db().cardKey.findUniqueOrThrow({ where: { kid } })).algorithm).toBe("ES256");
    // the EdDSA card still verifies (its key is retired, not withdrawn)
    expect((await t.services.card.verify(showQr(bobCard, bobPhone))).result.reason).toBe("valid");
    // the next sync re-issues under the active ES256 key
    const renewed = (await t.services.card.sync(actors.secretary!)).credential!;
    expect(coseHeader(renewed)).toEqual({ alg: -7, kid });
    expect(
      (await db().cardBinding.findFirstOrThrow({ where: { memberId: region.members.bob, endedAt: null } })).kid,
    ).toBe(kid);
    await expect(t.services.card.withdrawKey(kid)).rejects.toMatchObject({ messageKey: "card.keyStillActive" });
    await t.services.card.withdrawKey(ed.kid);
    expect((await t.services.card.verify(showQr(bobCard, bobPhone))).result.reason).toBe("unknownKey");
    expect((await t.services.card.verify(showQr(renewed, bobPhone))).result.reason).toBe("valid");
    expect((await t.services.card.trustList()).keys.map((k) => k.kid).sort()).toEqual([first.kid, kid].sort());
  });

  it("renews cards close to expiry for members in good standing", async () => {
    t.setNow(new Date(NOW.getTime() + 25 * 86_400_000));
    try {
      expect(await t.services.card.renewDue()).toBeGreaterThanOrEqual(1);
      const live = await db().cardBinding.findFirstOrThrow({
        where: { memberId: region.members.alice, endedAt: null },
      });
      expect(live.expiresAt!.getTime()).toBe(NOW.getTime() + 55 * 86_400_000);
    } finally {
      t.setNow(NOW);
    }
  });
});

describe("renewal in batches (ADR 0508)", () => {
  it("renews every due card once with two workers at once; members not in good standing are neither renewed nor in the way", async () => {
    const asMember = (memberId: string) =>
      actorWithoutSession({ accountId: randomUUID(), sessionId: randomUUID(), memberId });
    const devices = new Map<string, ReturnType<typeof phone>>();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const id = await createMember(db(), { name: `续期${i}`, branchId: region.branchA });
      const device = phone();
      await t.services.card.bindDevice(asMember(id), { publicKey: device.publicKey });
      devices.set(id, device);
      ids.push(id);
    }
    const [leaver, ...stayers] = ids as [string, ...string[]];
    await db().member.update({ where: { id: leaver }, data: { active: false } });
    // the leaver's card expires first of all: with room for one card, the job must still renew one
    await db().cardBinding.updateMany({
      where: { memberId: leaver, endedAt: null },
      data: { expiresAt: new Date(NOW.getTime() + 86_400_000) },
    });
    const later = new Date(NOW.getTime() + 26 * 86_400_000);
    t.setNow(later);
    try {
      expect(await t.services.card.renewDue(1)).toBe(1);
      const due = await db().cardBinding.count({
        where: {
          endedAt: null,
          expiresAt: { lt: new Date(later.getTime() + 7 * 86_400_000) },
          member: { active: true, OR: [{ card: { is: null } }, { card: { is: { status: "ACTIVE" } } }] },
        },
      });
      expect(due).toBeGreaterThanOrEqual(stayers.length - 1);
      const [a, b] = await Promise.all([t.services.card.renewDue(), t.services.card.renewDue()]);
      expect(a + b).toBe(due);
      expect(await t.services.card.renewDue()).toBe(0);
      for (const id of stayers) {
        const live = await db().cardBinding.findFirstOrThrow({ where: { memberId: id, endedAt: null } });
        expect(live.expiresAt!.getTime()).toBe(later.getTime() + 30 * 86_400_000);
        expect(live.issuedAt!.getTime()).toBe(later.getTime());
        // the renewed card verifies, bound to the member's phone
        const v = await t.services.card.verify(
          showQr(base64urlOf(live.credential!), devices.get(id)!, later.getTime()),
          later.getTime(),
        );
        expect(v.result.reason).toBe("valid");
        expect(v.memberId).toBe(id);
      }
      const left = await db().cardBinding.findFirstOrThrow({ where: { memberId: leaver, endedAt: null } });
      expect(left.expiresAt!.getTime()).toBe(NOW.getTime() + 86_400_000);
    } finally {
      t.setNow(NOW);
    }
  });
});

describe("interoperability", () => {
  type PyAnswer = { ok: boolean; reason: string; alg?: string; claims?: Record<string, unknown> };
  const python = (qr: string, trust: unknown, statusList?: unknown): PyAnswer => {
    const out = execFileSync(
      "/usr/bin/python3",
      [fileURLToPath(new URL("./interop/verify_card.py", import.meta.url))],
      {
        input: JSON.stringify({
          qr,
          trust,
          now: Math.floor(NOW.getTime() / 1000),
          ...(statusList ? { statusList } : {}),
        }),
        encoding: "utf8",
      },
    );
    return JSON.parse(out) as PyAnswer;
  };

  it("an independent Python verifier (Debian python3-cbor2 + python3-cryptography, its own Base45) accepts our ES256 card and its signed status list, and refuses forgeries", async () => {
    const device = phone();
    const credential = (await t.services.card.bindDevice(actors.memberB!, { publicKey: device.publicKey })).credential!;
    expect(coseHeader(credential).alg).toBe(-7);
    const trust = await t.services.card.trustList();
    const list = await t.services.card.statusList(region.city, "http://localhost");
    const good = python(showQr(credential, device), trust, list);
    expect(good).toMatchObject({
      ok: true,
      reason: "valid",
      alg: "ES256",
      claims: { name: "赵伟", branch: "西村党支部", status: 1 },
    });
    // the same card with one bit of its signature flipped
    const card = fromBase64url(credential);
    const forged = new Uint8Array(card);
    forged[forged.length - 1] = forged[forged.length - 1]! ^ 1;
    expect(python(showQr(base64urlOf(forged), device), trust, list)).toMatchObject({
      ok: false,
      reason: "issuer signature",
    });
    expect(python(showQr(credential, phone()), trust, list)).toMatchObject({ ok: false, reason: "device signature" });
    // a status list whose signed copy was changed (one character of the COSE_Sign1's signature)
    const cose = list.proof!.cose;
    const at = cose.length - 5;
    const broken = {
      ...list,
      proof: { ...list.proof!, cose: cose.slice(0, at) + (cose[at] === "A" ? "B" : "A") + cose.slice(at + 1) },
    };
    expect(python(showQr(credential, device), trust, broken)).toMatchObject({
      ok: false,
      reason: "status list signature",
    });
    expect(verifyStatusList(broken.proof, region.city, trustedKeys(trust), nobleCardCrypto)).toBeNull();
    // an unsigned list, and another region's list, are refused too
    expect(python(showQr(credential, device), trust, { ...list, proof: undefined })).toMatchObject({
      ok: false,
      reason: "status list unsigned",
    });
    // a header claiming ES256 under a key id the trust list registers for another algorithm
    const edKey = (await db().cardKey.findMany({ where: { regionId: region.city, algorithm: "EdDSA" } }))[0]!;
    const signer = phone();
    const confused = signCard(readCardClaims(card)!, {
      kid: fromBase64url(edKey.kid),
      alg: "ES256",
      sign: (m) => new Uint8Array(sign("sha256", m, { key: signer.privateKey, dsaEncoding: "ieee-p1363" })),
    });
    const trustWithEd = {
      ...trust,
      keys: [...trust.keys, { ...trust.keys[0]!, kid: edKey.kid, alg: "EdDSA", crv: "Ed25519", x: edKey.publicKey }],
    };
    expect(python(showQr(base64urlOf(confused), device), trustWithEd, list)).toMatchObject({
      ok: false,
      reason: "alg",
    });
    // our server: the withdrawn EdDSA key is not trusted at all
    expect((await t.services.card.verify(showQr(base64urlOf(confused), device))).result.reason).toBe("unknownKey");
  });

  it("the Python verifier accepts a card and a status list signed by an older EdDSA key, and answers revoked from the signed list", async () => {
    const ed = await t.services.card.rotateKey(region.city, undefined, "EdDSA");
    try {
      const device = phone();
      const credential = (await t.services.card.bindDevice(actors.memberB!, { publicKey: device.publicKey }))
        .credential!;
      expect(coseHeader(credential)).toEqual({ alg: -8, kid: ed.kid });
      const trust = await t.services.card.trustList();
      const list = await t.services.card.statusList(region.city, "http://localhost");
      expect(list.proof!.kid).toBe(ed.kid);
      expect(python(showQr(credential, device), trust, list)).toMatchObject({
        ok: true,
        reason: "valid",
        alg: "EdDSA",
      });
      // a new phone ends this binding: its bit is set in the next signed list
      await t.services.card.bindDevice(actors.memberB!, { publicKey: phone().publicKey });
      const after = await t.services.card.statusList(region.city, "http://localhost");
      expect(python(showQr(credential, device), trust, after)).toMatchObject({ ok: false, reason: "revoked" });
      // the list as another region's: refused
      const county = { ...after, proof: { ...after.proof! } };
      const elsewhere = { ...trust, keys: trust.keys.map((k) => ({ ...k, regionId: region.county })) };
      expect(python(showQr(credential, device), elsewhere, county)).toMatchObject({
        ok: false,
        reason: "status list region",
      });
    } finally {
      await t.services.card.rotateKey(region.city);
      await t.services.card.sync(actors.memberB!);
    }
  });
});

describe("check-in by card", () => {
  it("the partner's secretary scans at a joint activity: own members and the host's, not outsiders'; repeats are idempotent; queued scans count at their time", async () => {
    const { id } = await t.services.orglife.plan(actors.secretary!, {
      orgId: region.branchA,
      type: "JOINT_ACTIVITY",
      topic: "联建志愿服务",
      partnerOrgIds: [region.branchB],
      plannedStart: new Date("2026-11-22T01:00:00Z"),
      plannedEnd: new Date("2026-11-22T04:00:00Z"),
    });
    const davePhone = phone();
    const daveCard = (await t.services.card.bindDevice(actors.memberB!, { publicKey: davePhone.publicKey }))
      .credential!;
    // before branch B confirms, its secretary may not scan and its member is not taking part
    expect(
      (
        await errorOf(
          t.services.orglife.checkIn(actors.memberB!, {
            meetingId: id,
            proof: { kind: "cardToken", token: showQr(daveCard, davePhone) },
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect(
      (
        await errorOf(
          t.services.orglife.checkIn(actors.secretary!, {
            meetingId: id,
            proof: { kind: "cardToken", token: showQr(daveCard, davePhone) },
          }),
        )
      ).messageKey,
    ).toBe("card.scanNotParticipating");
    await t.services.orglife.confirm(actors.memberB!, { meetingId: id, orgId: region.branchB });

    const fresh = await t.services.orglife.checkIn(actors.memberB!, {
      meetingId: id,
      proof: { kind: "cardToken", token: showQr(daveCard, davePhone) },
    });
    expect(fresh).toMatchObject({ repeated: false, memberName: "赵伟" });
    const again = await t.services.orglife.checkIn(actors.memberB!, {
      meetingId: id,
      proof: { kind: "cardToken", token: showQr(daveCard, davePhone) },
    });
    expect(again.repeated).toBe(true);

    // the host's member scanned by the partner's secretary, queued offline 5 minutes ago
    const queuedAt = new Date(NOW.getTime() - 5 * 60_000);
    const alicePhone = phone();
    const aliceCard = (await t.services.card.bindDevice(actors.member!, { publicKey: alicePhone.publicKey }))
      .credential!;
    await t.services.orglife.checkIn(actors.memberB!, {
      meetingId: id,
      proof: { kind: "cardToken", token: showQr(aliceCard, alicePhone, queuedAt.getTime()), scannedAt: queuedAt },
    });
    expect(
      await db().attendance.findUniqueOrThrow({
        where: { meetingId_memberId: { meetingId: id, memberId: region.members.alice } },
      }),
    ).toMatchObject({
      status: "PRESENT",
      capturedBy: "CARD_SCAN",
      checkedInAt: queuedAt,
    });
    const row = await db().attendance.findUniqueOrThrow({
      where: { meetingId_memberId: { meetingId: id, memberId: region.members.dave } },
    });
    expect(row).toMatchObject({ status: "PRESENT", capturedBy: "CARD_SCAN" });
    // too old a queue, and a proof that does not match the claimed scan time
    expect(
      (
        await errorOf(
          t.services.orglife.checkIn(actors.memberB!, {
            meetingId: id,
            proof: {
              kind: "cardToken",
              token: showQr(aliceCard, alicePhone, queuedAt.getTime()),
              scannedAt: new Date(NOW.getTime() - 25 * 3_600_000),
            },
          }),
        )
      ).messageKey,
    ).toBe("card.scanTooOld");
    expect(
      (
        await errorOf(
          t.services.orglife.checkIn(actors.memberB!, {
            meetingId: id,
            proof: { kind: "cardToken", token: showQr(daveCard, davePhone, queuedAt.getTime()) },
          }),
        )
      ).messageKey,
    ).toBe("card.reason.proofTooOld");
    // an outbox event follows every recorded scan (OrgMonthFact is derived from it)
    expect(await t.services.outbox.pending()).toBeGreaterThan(0);
  });
});

describe("transfers", () => {
  it("a transfer out of the region ends the phone's binding (bit set); inside the region the card is re-issued", async () => {
    const city2 = await createOrg(db(), { name: "另一市委", kind: "COMMITTEE", level: "CITY" });
    const branchC = await createOrg(db(), { name: "外市党支部", kind: "BRANCH", level: "BRANCH", parentId: city2 });
    const dave = await db().cardBinding.findFirstOrThrow({ where: { memberId: region.members.dave, endedAt: null } });
    await db().$transaction((tx) =>
      onMemberBranchChange(t.services.deps, tx, region.members.dave, region.branchB, branchC),
    );
    expect(await db().cardBinding.findUniqueOrThrow({ where: { id: dave.id } })).toMatchObject({
      endReason: "TRANSFER_OUT",
    });
    expect(await statusOf(region.city, dave.statusIndex)).toBe(true);

    const before = (await t.services.card.sync(actors.member!)).credential;
    await db().$transaction((tx) =>
      onMemberBranchChange(t.services.deps, tx, region.members.alice, region.branchA, region.branchB),
    );
    t.setNow(new Date(NOW.getTime() + 60_000));
    const after = (await t.services.card.sync(actors.member!)).credential;
    t.setNow(NOW);
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
  });
});

describe("status lists", () => {
  it("are signed by the region's issuer key; a changed, misattributed or withdrawn-key copy is refused", async () => {
    const json = await t.services.card.statusList(region.city, "http://localhost");
    const keys = trustedKeys(await t.services.card.trustList());
    const verified = verifyStatusList(json.proof, region.city, keys, nobleCardCrypto);
    expect(verified).toMatchObject({ regionId: region.city, issuedAt: NOW.getTime() });
    expect(Buffer.from(verified!.gzipped)).toEqual(Buffer.from(encodedListBytes(json)!));
    expect(json.proof!.kid).toBe(
      (await db().cardKey.findFirstOrThrow({ where: { regionId: region.city, active: true } })).kid,
    );
    // one character of the signed copy changed
    const cose = json.proof!.cose;
    const at = Math.floor(cose.length / 2);
    const changed = { ...json.proof!, cose: cose.slice(0, at) + (cose[at] === "A" ? "B" : "A") + cose.slice(at + 1) };
    expect(verifyStatusList(changed, region.city, keys, nobleCardCrypto)).toBeNull();
    // presented as another region's list, unsigned, or signed by a key the verifier no longer trusts
    expect(verifyStatusList(json.proof, region.county, keys, nobleCardCrypto)).toBeNull();
    expect(verifyStatusList(undefined, region.city, keys, nobleCardCrypto)).toBeNull();
    expect(
      verifyStatusList(
        json.proof,
        region.city,
        new Map([...keys].filter(([kid]) => kid !== json.proof!.kid)),
        nobleCardCrypto,
      ),
    ).toBeNull();
    // a retired key's list signed after it retired
    const retired = new Map([...keys].map(([kid, k]) => [kid, { ...k, retiredAt: NOW.getTime() - 1000 }]));
    expect(verifyStatusList(json.proof, region.city, retired, nobleCardCrypto)).toBeNull();
  });

  it("ES256- and EdDSA-signed lists verify through WebCrypto as through the sync check; a header naming another algorithm is refused", async () => {
    const web = webCardCrypto();
    const es = await t.services.card.statusList(region.city, "http://localhost");
    const esKeys = trustedKeys(await t.services.card.trustList());
    expect(esKeys.get(es.proof!.kid)?.alg).toBe("ES256");
    expect(await verifyStatusListAsync(es.proof, region.city, esKeys, web)).toMatchObject({ regionId: region.city });
    const cose = es.proof!.cose;
    const at = cose.length - 3;
    const broken = { ...es.proof!, cose: cose.slice(0, at) + (cose[at] === "A" ? "B" : "A") + cose.slice(at + 1) };
    expect(await verifyStatusListAsync(broken, region.city, esKeys, web)).toBeNull();
    expect(verifyStatusList(broken, region.city, esKeys, nobleCardCrypto)).toBeNull();
    // the key registered as EdDSA: the ES256 header is not obeyed
    const misfiled = new Map([...esKeys].map(([kid, k]) => [kid, { ...k, alg: "EdDSA" as const }]));
    expect(verifyStatusList(es.proof, region.city, misfiled, nobleCardCrypto)).toBeNull();
    expect(await verifyStatusListAsync(es.proof, region.city, misfiled, web)).toBeNull();

    const ed = await t.services.card.rotateKey(region.city, undefined, "EdDSA");
    try {
      const edList = await t.services.card.statusList(region.city, "http://localhost");
      const edKeys = trustedKeys(await t.services.card.trustList());
      expect(edList.proof!.kid).toBe(ed.kid);
      expect(edKeys.get(ed.kid)?.alg).toBe("EdDSA");
      expect(verifyStatusList(edList.proof, region.city, edKeys, nobleCardCrypto)).toMatchObject({
        regionId: region.city,
      });
      expect(await verifyStatusListAsync(edList.proof, region.city, edKeys, web)).toMatchObject({
        regionId: region.city,
      });
      const edMisfiled = new Map([...edKeys].map(([kid, k]) => [kid, { ...k, alg: "ES256" as const }]));
      expect(await verifyStatusListAsync(edList.proof, region.city, edMisfiled, web)).toBeNull();
    } finally {
      await t.services.card.rotateKey(region.city);
    }
  });

  it("hands out status indices at random (they do not reveal the order of binding)", async () => {
    const indices = (
      await db().cardBinding.findMany({
        where: { regionId: region.city },
        orderBy: { createdAt: "asc" },
        select: { statusIndex: true },
      })
    ).map((b) => b.statusIndex);
    expect(indices.length).toBeGreaterThanOrEqual(6);
    expect(new Set(indices).size).toBe(indices.length);
    for (const i of indices) expect(i).toBeLessThan(131_072);
    // sequential allocation would give 0, 1, 2, …: random draws over 131,072 entries do not
    expect(indices.filter((i) => i < 1000).length).toBeLessThan(3);
    expect([...indices].sort((a, b) => a - b)).not.toEqual(indices.map((_, k) => k));
  });
});
