// Party dues of the demo region: declarations, payments and the months they cover.
import type { PaymentMethod } from "@dangjian/db";
import {
  pad2,
  beijing,
  addMinutes,
  monthStartOf,
  must,
  type Month,
  type Person,
  type Build,
  type DemoPeople,
} from "./model.ts";

/** Dues declarations and a year of payments: on site at the theme day, by transfer, quarterly for members working away. */
export function buildDues(b: Build, demo: DemoPeople): void {
  const { ids, money, months, windowStart, rows } = b;
  const { allPeople } = demo;
  let receiptSeq = 0;
  const pay = (
    p: Person,
    monthIndexes: number[],
    paidAt: Date,
    method: PaymentMethod,
    meetingId: string | null,
  ): void => {
    const paymentId = ids.uuid();
    receiptSeq++;
    const reference =
      method === "TRANSFER"
        ? `转账流水号 ${paidAt.getUTCFullYear()}${pad2(paidAt.getUTCMonth() + 1)}${pad2(paidAt.getUTCDate())}${money.digits(8)}`
        : method === "ONLINE"
          ? `微信支付 4200${money.digits(24)}`
          : null;
    rows.duesPayments.push({
      id: paymentId,
      memberId: p.id,
      orgId: p.branch.org.id,
      amountFen: p.monthlyDuesFen * monthIndexes.length,
      paidAt,
      method,
      reference,
      meetingId,
      receiptNo: `DF${paidAt.getUTCFullYear()}${pad2(paidAt.getUTCMonth() + 1)}${String(receiptSeq).padStart(6, "0")}`,
      recordedById: method === "ONLINE" ? null : (p.branch.committee[0]?.accountId ?? null),
      createdAt: paidAt,
    });
    for (const index of monthIndexes) {
      rows.duesMonths.push({
        memberId: p.id,
        month: must(months[index], "dues month").start,
        paymentId,
        amountFen: p.monthlyDuesFen,
        orgId: p.branch.org.id,
      });
    }
  };
  const transferAt = (m: Month, afterDay: number): Date =>
    beijing(m.year, m.month, Math.min(28, afterDay + money.int(1, 14)), money.int(9, 21), money.int(0, 59));

  for (const p of allPeople) {
    const joinMonth = monthStartOf(p.joinedOn);
    const effectiveFrom = joinMonth > windowStart ? joinMonth : windowStart;
    rows.duesDeclarations.push({
      id: ids.uuid(),
      memberId: p.id,
      effectiveFrom,
      category: p.duesCategory,
      monthlyIncomeFen: p.incomeFen,
      monthlyDuesFen: p.monthlyDuesFen,
      declaredById: p.branch.committee[0]?.accountId ?? null,
    });
    const payable = months
      .filter((m) => m.start >= effectiveFrom && (p.unpaidFrom === null || m.index < p.unpaidFrom))
      .map((m) => m.index);
    if (p.paysQuarterly) {
      for (let i = 0; i < payable.length; i += 3) {
        const chunk = payable.slice(i, i + 3);
        const m = must(months[must(chunk[0], "chunk month")], "quarter month");
        pay(p, chunk, transferAt(m, 2), money.chance(0.6) ? "TRANSFER" : "ONLINE", null);
      }
      continue;
    }
    for (const index of payable) {
      const m = must(months[index], "month");
      const themeDay = p.branch.themeDays.get(index);
      if (themeDay && themeDay.attendance.get(p.id) === "PRESENT" && money.chance(0.97)) {
        pay(p, [index], addMinutes(themeDay.heldStart, money.int(10, 90)), "ON_SITE", themeDay.id);
      } else {
        pay(p, [index], transferAt(m, 7), money.chance(0.65) ? "TRANSFER" : "ONLINE", null);
      }
    }
  }
}
