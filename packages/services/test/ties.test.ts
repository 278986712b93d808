// Joint activities strengthen partnerships (docs/warnings.md T1): the demo region's stale bridge gets a
// joint activity held, its strength rises in the same transaction, and the outbox's incremental
// pass resolves its stale-tie warnings; recording or amending the activity again never adds twice.
import { openPii, piiKeysFromEnv } from "@dangjian/db/pii";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bumpStrength, decayedStrength } from "@dangjian/core";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_STALE_BRIDGE, seedDemo } from "@dangjian/seed";
import type { Actor } from "../src/index.ts";
import { createTestDatabase, loginActor, type TestDatabase } from "./support/index.ts";

let t: TestDatabase;
const actors: Record<string, Actor> = {};
let hostId: string;
let partnerId: string;
let linkId: string;
let seeded: { strength: number; strengthAt: Date | null };
let meetingId: string;

const db = () => t.services.deps.db;
const at = (iso: string) => new Date(iso);

const login = (phone: string) => loginActor(t, phone, DEMO_PASSWORD);

async function link() {
  return db().orgLink.findUniqueOrThrow({ where: { id: linkId }, select: { strength: true, strengthAt: true } });
}

async function linkWarnings() {
  return db().warning.findMany({
    where: { subjectType: "LINK", subjectId: linkId },
    select: { ruleId: true, state: true, severity: true, value: true },
  });
}

beforeAll(async () => {
  t = await createTestDatabase();
  t.setNow(at("2026-12-02T08:00:00Z"));
  await seedDemo(db(), { referenceDate: at("2026-12-01T00:00:00Z") });
  await t.services.outbox.drain(500);
  const [hostName, partnerName] = DEMO_STALE_BRIDGE.orgNames;
  hostId = (await db().org.findFirstOrThrow({ where: { name: hostName }, select: { id: true } })).id;
  partnerId = (await db().org.findFirstOrThrow({ where: { name: partnerName }, select: { id: true } })).id;
  const [a, b] = hostId < partnerId ? [hostId, partnerId] : [partnerId, hostId];
  const row = await db().orgLink.findUniqueOrThrow({
    where: { orgAId_orgBId: { orgAId: a, orgBId: b } },
    select: { id: true, strength: true, strengthAt: true },
  });
  linkId = row.id;
  seeded = { strength: row.strength, strengthAt: row.strengthAt };
  actors.secretary = await login(DEMO_ACCOUNTS.secretary.phone);
  // the partner branch's secretary confirms for it (every demo account shares the demo password)
  const grant = await db().roleGrant.findFirstOrThrow({
    where: { orgId: partnerId, role: "BRANCH_SECRETARY" },
    select: { account: { select: { phone: true } } },
  });
  actors.partner = await login(openPii(piiKeysFromEnv(), grant.account.phone)!);
}, 180_000);
afterAll(() => t.drop());

describe("a joint activity on the stale bridge", () => {
  it("starts stale: T1 and T2 are firing on the seeded partnership", async () => {
    const now = t.services.deps.now();
    expect(decayedStrength(seeded.strength, seeded.strengthAt, now)).toBeLessThan(0.5);
    const open = (await linkWarnings())
      .filter((w) => w.state !== "RESOLVED")
      .map((w) => w.ruleId)
      .sort();
    expect(open).toEqual(["T1", "T2"]);
  });

  it("planning and confirming alone do not strengthen the tie; holding it does, and the incremental pass resolves the warnings", async () => {
    t.setNow(at("2026-12-02T08:00:00Z"));
    ({ id: meetingId } = await t.services.orglife.plan(actors.secretary!, {
      orgId: hostId,
      type: "JOINT_ACTIVITY",
      topic: "跨域联建：共办村级集体经济讲座",
      partnerOrgIds: [partnerId],
      plannedStart: at("2026-12-03T01:00:00Z"),
      plannedEnd: at("2026-12-03T04:00:00Z"),
    }));
    await t.services.orglife.confirm(actors.partner!, { meetingId, orgId: partnerId });
    expect(await link()).toEqual(seeded);

    t.setNow(at("2026-12-03T05:00:00Z"));
    // bring every warning up to this instant first, so the full pass below compares like with like
    await t.services.warnings.evaluateAll();
    const heldStart = at("2026-12-03T01:00:00Z");
    await t.services.orglife.record(actors.secretary!, {
      meetingId,
      minutes: "两村党员共同听取集体经济讲座。",
      outcomes: { 参加群众: 45 },
    });
    // the strength moved in the record's own transaction, before any drain
    const expected = bumpStrength(seeded.strength, seeded.strengthAt, heldStart);
    const after = await link();
    expect(after.strengthAt).toEqual(heldStart);
    expect(after.strength).toBeCloseTo(expected.strength, 9);
    expect(after.strength).toBeGreaterThanOrEqual(1);
    // the warnings are still open until the outbox is drained: the record announced the pair
    expect((await linkWarnings()).filter((w) => w.state !== "RESOLVED").length).toBe(2);
    const pending = await db().outboxEvent.findMany({ where: { processedAt: null }, select: { payload: true } });
    const touched = new Set(
      pending.flatMap((e) => (e.payload as { keys: Array<{ orgId: string }> }).keys.map((k) => k.orgId)),
    );
    expect(touched.has(hostId) && touched.has(partnerId)).toBe(true);

    await t.services.outbox.drain();
    const warnings = await linkWarnings();
    const state = Object.fromEntries(warnings.map((w) => [w.ruleId, w.state]));
    expect(state.T1).toBe("RESOLVED");
    expect(state.T2).toBe("RESOLVED");
    // still the only tie across: now a strong bridge, T3 suggests a second partner (info)
    expect(warnings.find((w) => w.ruleId === "T3")).toMatchObject({ severity: "INFO" });
    expect(state.T3).not.toBe("RESOLVED");
    const t1 = await db().warning.findFirstOrThrow({
      where: { subjectType: "LINK", subjectId: linkId, ruleId: "T1" },
      select: { id: true },
    });
    const last = await db().warningTransition.findFirstOrThrow({
      where: { warningId: t1.id },
      orderBy: [{ at: "desc" }, { id: "desc" }],
      select: { toState: true },
    });
    expect(last.toState).toBe("RESOLVED");
    // the nightly full pass agrees with what the incremental pass left
    expect((await t.services.warnings.evaluateAll()).written).toBe(0);
  }, 60_000);

  it("recording or amending the same activity again never counts it twice", async () => {
    const once = await link();
    t.setNow(at("2026-12-03T06:00:00Z"));
    await t.services.orglife.record(actors.secretary!, {
      meetingId,
      minutes: "两村党员共同听取集体经济讲座。",
      outcomes: { 参加群众: 45 },
    });
    await t.services.orglife.record(actors.secretary!, {
      meetingId,
      minutes: "两村党员共同听取集体经济讲座，并结对帮扶三户。",
    });
    await t.services.outbox.drain();
    expect(await link()).toEqual(once);

    // amending the time it was held moves the activity, it does not add another
    const earlier = at("2026-12-03T00:30:00Z");
    await t.services.orglife.record(actors.secretary!, {
      meetingId,
      heldStart: earlier,
      heldEnd: at("2026-12-03T04:00:00Z"),
    });
    const moved = await link();
    expect(moved.strengthAt).toEqual(earlier);
    expect(moved.strength).toBeCloseTo(bumpStrength(seeded.strength, seeded.strengthAt, earlier).strength, 9);
    await t.services.outbox.drain();
    expect((await linkWarnings()).filter((w) => w.state !== "RESOLVED").map((w) => w.ruleId)).toEqual(["T3"]);
  }, 60_000);

  it("a joint activity with a partner that never confirmed does not count for that tie", async () => {
    const before = await link();
    t.setNow(at("2026-12-04T08:00:00Z"));
    const { id } = await t.services.orglife.plan(actors.secretary!, {
      orgId: hostId,
      type: "JOINT_ACTIVITY",
      topic: "跨域联建：冬季送温暖",
      partnerOrgIds: [partnerId],
      plannedStart: at("2026-12-05T01:00:00Z"),
      plannedEnd: at("2026-12-05T03:00:00Z"),
    });
    t.setNow(at("2026-12-05T04:00:00Z"));
    await t.services.orglife.record(actors.secretary!, { meetingId: id, minutes: "本村党员走访困难群众。" });
    expect(await link()).toEqual(before);
    // once the partner confirms, it counts, exactly once
    await t.services.orglife.confirm(actors.partner!, { meetingId: id, orgId: partnerId });
    const confirmed = await link();
    expect(confirmed.strengthAt).toEqual(at("2026-12-05T01:00:00Z"));
    expect(confirmed.strength).toBeCloseTo(
      bumpStrength(before.strength, before.strengthAt, at("2026-12-05T01:00:00Z")).strength,
      9,
    );
  }, 60_000);
});

describe("the subtree rollup after a member transfer", () => {
  it("follows the member across counties through the outbox alone: a full rollup rebuild changes nothing", async () => {
    t.setNow(at("2026-12-05T06:00:00Z"));
    const member = await db().member.findFirstOrThrow({
      where: { branchId: hostId, active: true, account: { is: null } },
      select: { id: true },
    });
    const month = at("2026-12-01T00:00:00Z");
    const ancestors = async (orgId: string) =>
      (await db().org.findUniqueOrThrow({ where: { id: orgId }, select: { ancestorIds: true } })).ancestorIds;
    const hostChain = [...(await ancestors(hostId)), hostId];
    const partnerChain = [...(await ancestors(partnerId)), partnerId];
    const count = async (orgId: string) =>
      (
        await db().orgRollupMonth.findUnique({
          where: { orgId_month: { orgId, month } },
          select: { memberCount: true },
        })
      )?.memberCount ?? 0;
    await t.services.outbox.drain();
    const before = new Map(
      await Promise.all(
        [...new Set([...hostChain, ...partnerChain])].map(async (id) => [id, await count(id)] as const),
      ),
    );

    const { id } = await t.services.members.requestTransfer(actors.secretary!, {
      memberId: member.id,
      toOrgId: partnerId,
      reason: "外出务工，转至石门村",
    });
    await t.services.members.decideTransfer(actors.partner!, { transferId: id, approve: true });
    await t.services.outbox.drain();
    for (const orgId of before.keys()) {
      const delta = (partnerChain.includes(orgId) ? 1 : 0) - (hostChain.includes(orgId) ? 1 : 0);
      expect(await count(orgId), orgId).toBe(before.get(orgId)! + delta);
    }
    // the two branches are in different counties: some ancestors lose the member, some gain them
    expect(
      hostChain.some((id) => !partnerChain.includes(id)) && partnerChain.some((id) => !hostChain.includes(id)),
    ).toBe(true);

    const snapshot = async () =>
      (await db().orgRollupMonth.findMany({ orderBy: [{ orgId: "asc" }, { month: "asc" }] })).map((r) =>
        JSON.stringify(r, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
      );
    const incremental = await snapshot();
    await db().$executeRawUnsafe(`SELECT dangjian_rollup_rebuild()`);
    expect(await snapshot()).toEqual(incremental);
  }, 60_000);
});
