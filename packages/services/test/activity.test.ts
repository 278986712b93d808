// "MemberActivity" (one row per member: latest dues month, payment and attendance) is kept by
// triggers; these tests change the facts every way the application does and compare the row with
// what the facts say, including two transactions touching one member at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regionDatabase, type Region, type TestDatabase } from "./support/index.ts";

let t: TestDatabase;
let region: Region;

beforeAll(async () => {
  ({ t, region } = await regionDatabase());
});
afterAll(() => t.drop());

const activity = (memberId: string) => t.services.deps.db.memberActivity.findUnique({ where: { memberId } });

async function meeting(start: string, status: "HELD" | "PLANNED" = "HELD") {
  const at = new Date(start);
  return t.services.deps.db.meeting.create({
    data: {
      orgId: region.branchA,
      type: "THEME_DAY",
      status,
      topic: "主题党日",
      plannedStart: at,
      plannedEnd: at,
      heldStart: status === "HELD" ? at : null,
    },
  });
}

describe("member activity rollup", () => {
  it("follows attendance, meetings, dues months and payments, up and down", async () => {
    const db = t.services.deps.db;
    const { alice } = region.members;
    const m1 = await meeting("2026-09-07T08:00:00Z");
    await db.attendance.create({ data: { meetingId: m1.id, memberId: alice, status: "PRESENT" } });
    expect((await activity(alice))?.lastPresentAt).toEqual(new Date("2026-09-07T08:00:00Z"));
    // a planned meeting counts once it is held; absent does not count
    const m2 = await meeting("2026-10-07T08:00:00Z", "PLANNED");
    await db.attendance.create({
      data: { meetingId: m2.id, memberId: alice, status: "PRESENT", checkedInAt: new Date("2026-10-07T07:50:00Z") },
    });
    expect((await activity(alice))?.lastPresentAt).toEqual(new Date("2026-09-07T08:00:00Z"));
    await db.meeting.update({
      where: { id: m2.id },
      data: { status: "HELD", heldStart: new Date("2026-10-07T08:00:00Z") },
    });
    expect((await activity(alice))?.lastPresentAt).toEqual(new Date("2026-10-07T07:50:00Z"));
    await db.attendance.update({
      where: { meetingId_memberId: { meetingId: m2.id, memberId: alice } },
      data: { status: "ABSENT" },
    });
    expect((await activity(alice))?.lastPresentAt).toEqual(new Date("2026-09-07T08:00:00Z"));
    await db.meeting.delete({ where: { id: m1.id } });
    expect((await activity(alice))?.lastPresentAt).toBeNull();

    const payment = await db.duesPayment.create({
      data: {
        memberId: alice,
        orgId: region.branchA,
        amountFen: 8000,
        paidAt: new Date("2026-10-08T02:00:00Z"),
        method: "ON_SITE",
        receiptNo: "R-A1",
      },
    });
    await db.duesMonth.createMany({
      data: ["2026-09-01", "2026-10-01"].map((month) => ({
        memberId: alice,
        month: new Date(month),
        paymentId: payment.id,
        amountFen: 4000,
        orgId: region.branchA,
      })),
    });
    expect(await activity(alice)).toMatchObject({
      lastPaidMonth: new Date("2026-10-01"),
      lastPaidAt: new Date("2026-10-08T02:00:00Z"),
    });
    await db.duesPayment.update({ where: { id: payment.id }, data: { paidAt: new Date("2026-10-09T02:00:00Z") } });
    expect((await activity(alice))?.lastPaidAt).toEqual(new Date("2026-10-09T02:00:00Z"));
    await db.duesMonth.delete({ where: { memberId_month: { memberId: alice, month: new Date("2026-10-01") } } });
    expect((await activity(alice))?.lastPaidMonth).toEqual(new Date("2026-09-01"));
    await db.duesMonth.deleteMany({ where: { memberId: alice } });
    expect(await activity(alice)).toMatchObject({ lastPaidMonth: null, lastPaidAt: null });
  });

  it("two transactions checking one member in at once both count", async () => {
    const db = t.services.deps.db;
    const { bob } = region.members;
    const later = await meeting("2026-11-20T08:00:00Z");
    const earlier = await meeting("2026-11-10T08:00:00Z");
    // bob already has a row (the case where nothing else would make the two wait for each other)
    const first0 = await meeting("2026-11-01T08:00:00Z");
    await db.attendance.create({ data: { meetingId: first0.id, memberId: bob, status: "PRESENT" } });
    expect((await activity(bob))?.lastPresentAt).toEqual(new Date("2026-11-01T08:00:00Z"));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const first = new Promise<void>((resolve) => (inserted = resolve));
    // the first transaction records the later meeting and stays open…
    const one = db.$transaction(async (tx) => {
      await tx.attendance.create({ data: { meetingId: later.id, memberId: bob, status: "PRESENT" } });
      inserted();
      await held;
    });
    await first;
    // …while the second records the earlier one; it waits for the first, then sees it
    const two = db.$transaction(async (tx) => {
      await tx.attendance.create({ data: { meetingId: earlier.id, memberId: bob, status: "PRESENT" } });
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    await Promise.all([one, two]);
    expect((await activity(bob))?.lastPresentAt).toEqual(new Date("2026-11-20T08:00:00Z"));
  });
});
