import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../src/index.ts";
import { errorOf, setUp, type Region, type TestDatabase, type Who } from "./support/index.ts";

let t: TestDatabase;
let region: Region;
let actors: Record<Who, Actor>;
const key = () => crypto.randomUUID();

beforeAll(async () => {
  ({ t, region, actors } = await setUp(new Date("2026-12-02T08:00:00Z")));
  const { alice, bob } = region.members;
  await t.services.dues.declare(actors.secretary, {
    memberId: alice,
    category: "SALARIED",
    monthlyIncomeFen: 456_789,
    effectiveFrom: "2026-01",
  });
  await t.services.dues.declare(actors.secretary, {
    memberId: bob,
    category: "RETIRED",
    monthlyIncomeFen: 420_000,
    effectiveFrom: "2026-01",
  });
});
afterAll(() => t.drop());

const paymentCount = () => t.services.deps.db.duesPayment.count();

describe("income declarations", () => {
  it("computes the monthly amount from the bracket and writes an outbox event", async () => {
    const before = await t.services.outbox.pending();
    const result = await t.services.dues.declare(actors.secretary, {
      memberId: region.members.carol,
      category: "FARMER",
      farmerFen: 50,
      effectiveFrom: "2026-03",
    });
    expect(result.monthlyDuesFen).toBe(50);
    expect(await t.services.outbox.pending()).toBeGreaterThan(before);
  });
  it("refuses negative income with a clear message and changes nothing", async () => {
    const before = await t.services.deps.db.duesDeclaration.count();
    const error = await errorOf(
      t.services.dues.declare(actors.secretary, {
        memberId: region.members.alice,
        category: "SALARIED",
        monthlyIncomeFen: -100,
        effectiveFrom: "2026-06",
      }),
    );
    expect(error.messageKey).toBe("dues.errorIncomeNegative");
    expect(await t.services.deps.db.duesDeclaration.count()).toBe(before);
  });
  it("refuses absurd income", async () => {
    const error = await errorOf(
      t.services.dues.declare(actors.secretary, {
        memberId: region.members.alice,
        category: "SALARIED",
        monthlyIncomeFen: 100_000_001,
        effectiveFrom: "2026-06",
      }),
    );
    expect(error.messageKey).toBe("dues.errorIncomeAbsurd");
  });
  it("refuses a member, and another branch's secretary", async () => {
    expect(
      (
        await errorOf(
          t.services.dues.declare(actors.member, {
            memberId: region.members.alice,
            category: "STUDENT",
            effectiveFrom: "2026-06",
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect(
      (
        await errorOf(
          t.services.dues.declare(actors.secretary, {
            memberId: region.members.dave,
            category: "STUDENT",
            effectiveFrom: "2026-06",
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
  });
});

describe("recording payments", () => {
  it("records several months in one payment with a numbered receipt and fact events", async () => {
    const result = await t.services.dues.recordPayment(actors.secretary, {
      memberId: region.members.alice,
      months: ["2026-11", "2026-12"],
      method: "ON_SITE",
      idempotencyKey: key(),
    });
    expect(result).toMatchObject({ amountFen: 2 * 4568, months: ["2026-11", "2026-12"], replayed: false });
    expect(result.receiptNo).toMatch(/^DF202612\d{6}$/);
    const receipt = await t.services.dues.receipt(actors.secretary, { paymentId: result.paymentId });
    expect(receipt.months).toEqual([
      { month: "2026-11", amountFen: 4568 },
      { month: "2026-12", amountFen: 4568 },
    ]);
    expect(receipt.recordedBy).toBe("王强");
    await t.services.outbox.drain();
    const fact = await t.services.deps.db.orgMonthFact.findUniqueOrThrow({
      where: { orgId_month: { orgId: region.branchA, month: new Date("2026-11-01") } },
    });
    expect(fact.duesPaidFen).toBe(4568);
    expect(fact.membersPaid).toBe(1);
  });
  it("a transfer needs its reference; with it the receipt number runs on", async () => {
    const missing = await errorOf(
      t.services.dues.recordPayment(actors.secretary, {
        memberId: region.members.bob,
        months: ["2026-12"],
        method: "TRANSFER",
        idempotencyKey: key(),
      }),
    );
    expect(missing.messageKey).toBe("dues.errorReferenceRequired");
    const a = await t.services.dues.recordPayment(actors.secretary, {
      memberId: region.members.bob,
      months: ["2026-12"],
      method: "TRANSFER",
      reference: "6222 0001",
      idempotencyKey: key(),
    });
    expect(a.amountFen).toBe(2100);
    const b = await t.services.dues.recordPayment(actors.secretary, {
      memberId: region.members.bob,
      months: ["2026-10"],
      method: "TRANSFER",
      reference: "6222 0002",
      idempotencyKey: key(),
    });
    expect(Number(b.receiptNo.slice(-6))).toBe(Number(a.receiptNo.slice(-6)) + 1);
  });
  it("a retried submission does not pay twice", async () => {
    const idempotencyKey = key();
    const input = { memberId: region.members.bob, months: ["2026-09"], method: "ON_SITE" as const, idempotencyKey };
    const [first, second] = await Promise.all([
      t.services.dues.recordPayment(actors.secretary, input),
      t.services.dues.recordPayment(actors.secretary, input),
    ]);
    expect(first.paymentId).toBe(second.paymentId);
    expect([first.replayed, second.replayed].sort()).toEqual([false, true]);
    const third = await t.services.dues.recordPayment(actors.secretary, input);
    expect(third).toMatchObject({ paymentId: first.paymentId, replayed: true });
    expect(
      await t.services.deps.db.duesMonth.count({
        where: { memberId: region.members.bob, month: new Date("2026-09-01") },
      }),
    ).toBe(1);
  });
  it("refuses a month already paid, naming the receipt, and changes nothing", async () => {
    const before = await paymentCount();
    const error = await errorOf(
      t.services.dues.recordPayment(actors.secretary, {
        memberId: region.members.alice,
        months: ["2026-10", "2026-11"],
        method: "ON_SITE",
        idempotencyKey: key(),
      }),
    );
    expect(error.code).toBe("CONFLICT");
    expect(error.messageKey).toBe("dues.errorMonthPaid");
    expect(error.params.month).toBe("2026年11月");
    expect(await paymentCount()).toBe(before);
    expect(
      await t.services.deps.db.duesMonth.count({
        where: { memberId: region.members.alice, month: new Date("2026-10-01") },
      }),
    ).toBe(0);
  });
  it("refuses a month beyond the back-payment limit and one too far ahead", async () => {
    const before = await paymentCount();
    const old = await errorOf(
      t.services.dues.recordPayment(actors.secretary, {
        memberId: region.members.alice,
        months: ["2026-05"],
        method: "ON_SITE",
        idempotencyKey: key(),
      }),
    );
    expect(old.messageKey).toBe("dues.errorMonthTooOld");
    expect(old.params).toEqual({ month: "2026年5月", oldest: "2026年6月" });
    const ahead = await errorOf(
      t.services.dues.recordPayment(actors.secretary, {
        memberId: region.members.alice,
        months: ["2027-03"],
        method: "ON_SITE",
        idempotencyKey: key(),
      }),
    );
    expect(ahead.messageKey).toBe("dues.errorMonthTooFarAhead");
    expect(await paymentCount()).toBe(before);
  });
  it("refuses a member without a declaration and a month before joining", async () => {
    const newcomer = await t.services.deps.db.member.create({
      data: {
        memberNo: "TSNEW0001",
        name: "新人",
        gender: "MALE",
        status: "PROBATIONARY",
        category: "ON_DUTY",
        joinedOn: new Date("2026-10-15"),
        branchId: region.branchA,
      },
    });
    expect(
      (
        await errorOf(
          t.services.dues.recordPayment(actors.secretary, {
            memberId: newcomer.id,
            months: ["2026-11"],
            method: "ON_SITE",
            idempotencyKey: key(),
          }),
        )
      ).messageKey,
    ).toBe("dues.errorNotDeclared");
    await t.services.dues.declare(actors.secretary, {
      memberId: newcomer.id,
      category: "STUDENT",
      effectiveFrom: "2026-06",
    });
    expect(
      (
        await errorOf(
          t.services.dues.recordPayment(actors.secretary, {
            memberId: newcomer.id,
            months: ["2026-09"],
            method: "ON_SITE",
            idempotencyKey: key(),
          }),
        )
      ).messageKey,
    ).toBe("dues.errorMonthBeforeFirstDue");
    await t.services.deps.db.duesDeclaration.deleteMany({ where: { memberId: newcomer.id } });
    await t.services.deps.db.member.delete({ where: { id: newcomer.id } });
  });
  it("refuses a meeting of another branch and a secretary of another branch", async () => {
    const meeting = await t.services.deps.db.meeting.create({
      data: {
        orgId: region.branchB,
        type: "THEME_DAY",
        topic: "西村主题党日",
        plannedStart: new Date("2026-12-07T08:00:00Z"),
        plannedEnd: new Date("2026-12-07T10:00:00Z"),
      },
    });
    expect(
      (
        await errorOf(
          t.services.dues.recordPayment(actors.secretary, {
            memberId: region.members.alice,
            months: ["2026-08"],
            method: "ON_SITE",
            meetingId: meeting.id,
            idempotencyKey: key(),
          }),
        )
      ).messageKey,
    ).toBe("dues.errorMeetingNotHere");
    expect(
      (
        await errorOf(
          t.services.dues.recordPayment(actors.secretary, {
            memberId: region.members.dave,
            months: ["2026-12"],
            method: "ON_SITE",
            idempotencyKey: key(),
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect(
      (
        await errorOf(
          t.services.dues.recordPayment(actors.member, {
            memberId: region.members.alice,
            months: ["2026-08"],
            method: "ON_SITE",
            idempotencyKey: key(),
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
  });
  it("a payment at the theme day links the meeting", async () => {
    const meeting = await t.services.deps.db.meeting.create({
      data: {
        orgId: region.branchA,
        type: "THEME_DAY",
        topic: "十二月主题党日",
        plannedStart: new Date("2026-12-07T08:00:00Z"),
        plannedEnd: new Date("2026-12-07T10:00:00Z"),
      },
    });
    const result = await t.services.dues.recordPayment(actors.secretary, {
      memberId: region.members.carol,
      months: ["2026-12"],
      method: "ON_SITE",
      meetingId: meeting.id,
      idempotencyKey: key(),
    });
    const row = await t.services.deps.db.duesPayment.findUniqueOrThrow({ where: { id: result.paymentId } });
    expect(row.meetingId).toBe(meeting.id);
  });
  it("a receipt is visible to its member and the branch, not to others", async () => {
    const payment = await t.services.deps.db.duesPayment.findFirstOrThrow({
      where: { memberId: region.members.alice },
    });
    expect((await t.services.dues.receipt(actors.member, { paymentId: payment.id })).member.name).toBe("李红");
    expect((await errorOf(t.services.dues.receipt(actors.memberB, { paymentId: payment.id }))).code).toBe("FORBIDDEN");
  });
});

describe("ledger and arrears", () => {
  it("shows the month's ledger with amounts, receipts and totals", async () => {
    const ledger = await t.services.dues.ledger(actors.secretary, { month: "2026-12" });
    const alice = ledger.rows.find((r) => r.name === "李红")!;
    expect(alice).toMatchObject({ category: "SALARIED", monthlyDuesFen: 4568, paidMonths: ["2026-11", "2026-12"] });
    expect(alice.paid?.receiptNo).toMatch(/^DF/);
    expect(ledger.totals.dueFen).toBe(4568 + 2100 + 50);
    expect(ledger.totals.membersPaid).toBe(3);
    expect(ledger.canManage).toBe(true);
    expect((await errorOf(t.services.dues.ledger(actors.member, {}))).code).toBe("FORBIDDEN");
  });
  it("counts consecutive unpaid months per member; names only for those who may see them", async () => {
    // bob paid Sep, Oct and Dec: November (the last completed month) is open; carol owes Mar–Nov
    const secretary = await t.services.dues.arrears(actors.secretary, {});
    expect(secretary.members.map((m) => [m.name, m.unpaidMonths, m.since])).toEqual([
      ["张芳", 9, "2026-03"],
      ["王强", 1, "2026-11"],
    ]);
    expect(secretary.sixPlus).toBe(1);
    const member = await t.services.dues.arrears(actors.member, {});
    expect(member.members).toEqual([]);
    expect(member.count).toBe(secretary.count);
  });
  it("a committee sees one line per branch", async () => {
    const county = await t.services.dues.arrears(actors.county, {});
    expect(county.org.isCommittee).toBe(true);
    expect(county.branches.every((b) => b.members > 0)).toBe(true);
  });
  it("the member sees their own amount and owed months", async () => {
    const mine = await t.services.dues.mine(actors.member);
    expect(mine).toMatchObject({ declared: true, monthlyDuesFen: 4568, currentPaid: true, lastPaidMonth: "2026-12" });
    expect(mine.owedMonths).toContain("2026-10");
  });
});
