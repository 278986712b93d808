// Self-credited study hours (issue 13, defect 5): offline hours need a second officer's approval
// (never the recorder, never someone the training credits), a date window, no duplicates, and
// audit entries.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../src/index.ts";
import { createMember, errorOf, setUp, type Region, type TestDatabase, type Who } from "./support/index.ts";
import { loginActor } from "./support/index.ts";

let t: TestDatabase;
let region: Region;
let actors: Record<Who, Actor>;
let committee: Actor;

beforeAll(async () => {
  ({ t, region, actors } = await setUp(new Date("2026-06-10T02:00:00Z")));
  // a second officer of branch A: a committee member (支委)
  await createMember(t.services.deps.db, {
    name: "孙委员",
    branchId: region.branchA,
    phone: "13900000077",
    roles: [{ role: "BRANCH_COMMITTEE", orgId: region.branchA }],
  });
  committee = await loginActor(t, "13900000077");
});
afterAll(() => t.drop());

const credited = (memberId: string) =>
  t.services.deps.db.studyCredit
    .aggregate({ where: { memberId, source: "OFFLINE" }, _sum: { seconds: true } })
    .then((r) => r._sum.seconds ?? 0);
const base = { orgId: "", title: "", kind: "FULL_DAY" as const, heldOn: "2026-06-01", evidence: "签到表存支部" };

describe("offline study hours", () => {
  it("a secretary crediting themselves gets nothing until someone else approves; they cannot approve it", async () => {
    const bob = region.members.bob; // the secretary's own member record
    const rec = await t.services.school.recordOfflineTraining(actors.secretary, {
      ...base,
      orgId: region.branchA,
      title: "自学一天",
      memberIds: [bob],
    });
    expect(rec.status).toBe("PENDING");
    expect(await credited(bob)).toBe(0);
    expect(
      (await errorOf(t.services.school.decideOfflineTraining(actors.secretary, { trainingId: rec.id, approve: true })))
        .messageKey,
    ).toBe("school.error.approveOwnTraining");
    // a committee member recording it for the secretary: the secretary still cannot approve (credited)
    const other = await t.services.school.recordOfflineTraining(committee, {
      ...base,
      orgId: region.branchA,
      title: "再学一天",
      heldOn: "2026-06-02",
      memberIds: [bob],
    });
    expect(
      (
        await errorOf(
          t.services.school.decideOfflineTraining(actors.secretary, { trainingId: other.id, approve: true }),
        )
      ).messageKey,
    ).toBe("school.error.approveOwnCredit");
    expect(await credited(bob)).toBe(0);
    // the committee member approves the first one: 8 hours, once, audited
    await t.services.school.decideOfflineTraining(committee, { trainingId: rec.id, approve: true });
    expect(await credited(bob)).toBe(8 * 3600);
    expect(
      (await errorOf(t.services.school.decideOfflineTraining(committee, { trainingId: rec.id, approve: true })))
        .messageKey,
    ).toBe("school.error.trainingDecided");
    expect(await credited(bob)).toBe(8 * 3600);
    const audit = await t.services.deps.db.auditLog.findMany({ where: { entityId: rec.id }, select: { action: true } });
    expect(audit.map((a) => a.action).sort()).toEqual(["school.offlineApproved", "school.offlineRecorded"]);
  });

  it("refuses dates outside the window and the same training twice", async () => {
    const alice = region.members.alice;
    expect(
      (
        await errorOf(
          t.services.school.recordOfflineTraining(actors.secretary, {
            ...base,
            orgId: region.branchA,
            title: "很久以前",
            heldOn: "2025-01-05",
            memberIds: [alice],
          }),
        )
      ).messageKey,
    ).toBe("school.error.trainingTooOld");
    expect(
      (
        await errorOf(
          t.services.school.recordOfflineTraining(actors.secretary, {
            ...base,
            orgId: region.branchA,
            title: "明天",
            heldOn: "2026-06-11",
            memberIds: [alice],
          }),
        )
      ).messageKey,
    ).toBe("school.error.trainingInFuture");
    await t.services.school.recordOfflineTraining(actors.secretary, {
      ...base,
      orgId: region.branchA,
      title: "七月培训",
      heldOn: "2026-06-03",
      memberIds: [alice],
    });
    const again = await Promise.all([
      errorOf(
        t.services.school.recordOfflineTraining(actors.secretary, {
          ...base,
          orgId: region.branchA,
          title: "七月培训",
          heldOn: "2026-06-03",
          memberIds: [alice],
        }),
      ),
    ]);
    expect(again[0]!.messageKey).toBe("school.error.trainingDuplicate");
  });

  it("never more than 8 offline hours for one member on one day, and one training credits a member once", async () => {
    const alice = region.members.alice;
    const first = await t.services.school.recordOfflineTraining(actors.secretary, {
      ...base,
      orgId: region.branchA,
      title: "上午",
      kind: "FULL_DAY",
      heldOn: "2026-06-05",
      memberIds: [alice, alice],
    });
    const second = await t.services.school.recordOfflineTraining(actors.secretary, {
      ...base,
      orgId: region.branchA,
      title: "下午",
      kind: "HALF_DAY",
      heldOn: "2026-06-05",
      memberIds: [alice],
    });
    await t.services.school.decideOfflineTraining(committee, { trainingId: first.id, approve: true });
    expect(
      (await errorOf(t.services.school.decideOfflineTraining(committee, { trainingId: second.id, approve: true })))
        .messageKey,
    ).toBe("school.error.offlineDayFull");
    const rows = await t.services.deps.db.studyCredit.findMany({
      where: { memberId: alice, creditedOn: new Date("2026-06-05") },
    });
    expect(rows.map((r) => r.seconds)).toEqual([8 * 3600]);
    // the database refuses a second credit of the same training for the same member
    await expect(
      t.services.deps.db.studyCredit.create({
        data: {
          memberId: alice,
          year: 2026,
          creditedOn: new Date("2026-06-05"),
          seconds: 3600,
          source: "OFFLINE",
          offlineTrainingId: first.id,
        },
      }),
    ).rejects.toThrow();
  });
});
