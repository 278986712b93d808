import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHeldMeeting, regionDatabase, type Region, type TestDatabase } from "./support/index.ts";

let t: TestDatabase;
let region: Region;

beforeAll(async () => {
  ({ t, region } = await regionDatabase());
});
afterAll(() => t.drop());

async function holdThemeDay(day: string, present: string[], leave: string[], absent: string[]) {
  const db = t.services.deps.db;
  const start = new Date(`${day}T08:00:00Z`);
  const meeting = await createHeldMeeting(db, {
    orgId: region.branchA,
    type: "THEME_DAY",
    topic: "主题党日",
    at: start,
    heldEnd: start,
  });
  const rows = [
    ...present.map((memberId) => ({ memberId, status: "PRESENT" as const })),
    ...leave.map((memberId) => ({ memberId, status: "LEAVE" as const, leaveReason: "外出务工" })),
    ...absent.map((memberId) => ({ memberId, status: "ABSENT" as const })),
  ];
  await db.attendance.createMany({ data: rows.map((r) => ({ ...r, meetingId: meeting.id })) });
  return meeting.id;
}

describe("monthly fact table from the outbox", () => {
  it("derives meetings, attendance, dues and members, and is idempotent", async () => {
    const db = t.services.deps.db;
    const { alice, bob, carol } = region.members;
    await holdThemeDay("2026-10-07", [alice, bob], [carol], []);
    await createHeldMeeting(db, {
      orgId: region.branchA,
      type: "COMMITTEE_MEETING",
      topic: "支委会",
      at: new Date("2026-10-10T08:00:00Z"),
      plannedEnd: new Date("2026-10-10T09:00:00Z"),
    });
    // a meeting in another month must not count
    await holdThemeDay("2026-09-07", [alice], [], [bob, carol]);
    for (const memberId of [alice, bob]) {
      await db.duesDeclaration.create({
        data: {
          memberId,
          effectiveFrom: new Date("2026-01-01"),
          category: "SALARIED",
          monthlyIncomeFen: 400_000,
          monthlyDuesFen: 4000,
        },
      });
    }
    const payment = await db.duesPayment.create({
      data: {
        memberId: alice,
        orgId: region.branchA,
        amountFen: 4000,
        paidAt: new Date("2026-10-07"),
        method: "ON_SITE",
        receiptNo: "R-10",
      },
    });
    await db.duesMonth.create({
      data: {
        memberId: alice,
        month: new Date("2026-10-01"),
        paymentId: payment.id,
        amountFen: 4000,
        orgId: region.branchA,
      },
    });
    await db.outboxEvent.create({
      data: { topic: "facts.touch", payload: { keys: [{ orgId: region.branchA, month: "2026-10" }] } },
    });

    const drained = await t.services.outbox.drain();
    expect(drained).toEqual({ events: 1, factRows: 1, requestIds: [] });
    const fact = await db.orgMonthFact.findUniqueOrThrow({
      where: { orgId_month: { orgId: region.branchA, month: new Date("2026-10-01") } },
    });
    expect(fact).toMatchObject({
      memberCount: 3,
      probationaryCount: 1,
      themeDayHeld: 1,
      committeeMeetingHeld: 1,
      branchAssemblyHeld: 0,
      attendanceExpected: 3,
      attendancePresent: 2,
      attendanceLeave: 1,
      duesDueFen: 8000,
      membersDue: 2,
      duesPaidFen: 4000,
      membersPaid: 1,
    });
    expect(await t.services.outbox.pending()).toBe(0);
    expect(await t.services.outbox.drain()).toEqual({ events: 0, factRows: 0, requestIds: [] });

    // a replayed event recomputes to the same row
    await db.outboxEvent.create({
      data: { topic: "facts.touch", payload: { keys: [{ orgId: region.branchA, month: "2026-10" }] } },
    });
    await t.services.outbox.drain();
    const again = await db.orgMonthFact.findUniqueOrThrow({
      where: { orgId_month: { orgId: region.branchA, month: new Date("2026-10-01") } },
    });
    expect({ ...again, updatedAt: null }).toEqual({ ...fact, updatedAt: null });
  });

  it("keeps a transferred member's past months with the branch they were in", async () => {
    const db = t.services.deps.db;
    const { carol } = region.members;
    const account = await db.account.findFirstOrThrow({ select: { id: true } });
    const keys = (month: string) => [
      { orgId: region.branchA, month },
      { orgId: region.branchB, month },
    ];
    await db.studyCredit.create({
      data: { memberId: carol, year: 2026, creditedOn: new Date("2026-10-20"), seconds: 1800, source: "OFFLINE" },
    });
    await db.outboxEvent.create({ data: { topic: "facts.touch", payload: { keys: keys("2026-10") } } });
    await t.services.outbox.drain();
    const fact = (orgId: string, month: string) =>
      db.orgMonthFact.findUnique({ where: { orgId_month: { orgId, month: new Date(`${month}-01`) } } });
    const octA = await fact(region.branchA, "2026-10");
    const octB = await fact(region.branchB, "2026-10");
    // carol moves to branch B in November (both branches approved)
    await db.$transaction([
      db.member.update({ where: { id: carol }, data: { branchId: region.branchB } }),
      db.memberTransfer.create({
        data: {
          memberId: carol,
          fromOrgId: region.branchA,
          toOrgId: region.branchB,
          status: "COMPLETED",
          requestedById: account.id,
          receiverApprovedAt: new Date("2026-11-15T02:00:00Z"),
        },
      }),
      db.outboxEvent.create({
        data: { topic: "facts.touch", payload: { keys: [...keys("2026-10"), ...keys("2026-11")] } },
      }),
    ]);
    await t.services.outbox.drain();
    // October, recomputed after the transfer, still has carol (and her leave and study) in branch A
    expect({ ...(await fact(region.branchA, "2026-10")), updatedAt: null }).toEqual({ ...octA, updatedAt: null });
    expect((await fact(region.branchB, "2026-10"))?.memberCount ?? 0).toBe(octB?.memberCount ?? 0);
    expect((await fact(region.branchB, "2026-10"))?.studySeconds ?? 0).toBe(octB?.studySeconds ?? 0);
    // from November she counts in branch B
    const novA = await fact(region.branchA, "2026-11");
    const novB = await fact(region.branchB, "2026-11");
    expect(novA!.memberCount).toBe(octA!.memberCount - 1);
    expect(novB!.memberCount).toBe((octB?.memberCount ?? 0) + 1);
    expect(octA!.studySeconds).toBeGreaterThanOrEqual(1800);
  });

  it("ignores malformed events instead of blocking the queue", async () => {
    const db = t.services.deps.db;
    await db.outboxEvent.create({
      data: { topic: "facts.touch", payload: { keys: [{ orgId: "nope", month: "2026-13" }] } },
    });
    await db.outboxEvent.create({
      data: { topic: "facts.touch", payload: { keys: [{ orgId: crypto.randomUUID(), month: "2026-10" }] } },
    });
    const result = await t.services.outbox.drain();
    expect(result.events).toBe(2);
    expect(result.factRows).toBe(0);
    expect(await t.services.outbox.pending()).toBe(0);
  });
});
