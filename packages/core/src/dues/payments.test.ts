import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  checkDeclaredIncome,
  checkPaymentMonths,
  payableWindow,
  receiptNumber,
  receiptSequenceOf,
  suggestedDuesCategory,
  yuanToFen,
  DUES_MAX_MONTHLY_INCOME_FEN,
} from "./payments.ts";
import { monthlyDuesFen } from "./dues.ts";

describe("months a payment may cover", () => {
  it("allows 6 months back and 2 ahead", () => {
    expect(payableWindow("2026-12")).toEqual({ oldest: "2026-06", latest: "2027-02" });
    expect(checkPaymentMonths(["2026-06", "2027-02", "2026-12"], "2026-12", "2020-01")).toEqual({
      ok: true,
      months: ["2026-06", "2026-12", "2027-02"],
    });
  });
  it("refuses a month beyond the back-payment limit", () => {
    expect(checkPaymentMonths(["2026-05"], "2026-12", "2020-01")).toEqual({
      ok: false,
      refusal: { reason: "tooOld", month: "2026-05", oldest: "2026-06" },
    });
  });
  it("refuses a month too far ahead", () => {
    expect(checkPaymentMonths(["2027-03"], "2026-12", "2020-01")).toEqual({
      ok: false,
      refusal: { reason: "tooFarAhead", month: "2027-03", latest: "2027-02" },
    });
  });
  it("refuses months before the member owed dues, duplicates, bad keys and nothing", () => {
    expect(checkPaymentMonths(["2026-08"], "2026-12", "2026-09")).toMatchObject({
      ok: false,
      refusal: { reason: "beforeFirstDue" },
    });
    expect(checkPaymentMonths(["2026-10", "2026-10"], "2026-12", "2020-01")).toMatchObject({
      ok: false,
      refusal: { reason: "duplicate" },
    });
    expect(checkPaymentMonths(["2026-13"], "2026-12", "2020-01")).toMatchObject({
      ok: false,
      refusal: { reason: "notAMonth" },
    });
    expect(checkPaymentMonths([], "2026-12", "2020-01")).toEqual({ ok: false, refusal: { reason: "empty" } });
  });
  it("accepts exactly the 9 months of the window, whatever the current month", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2000, max: 2090 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: -12, max: 12 }),
        (y, m, offset) => {
          const current = `${y}-${String(m).padStart(2, "0")}`;
          const date = new Date(Date.UTC(y, m - 1 + offset, 1));
          const month = `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, "0")}`;
          expect(checkPaymentMonths([month], current, "1990-01").ok).toBe(offset >= -6 && offset <= 2);
        },
      ),
    );
  });
});

describe("declared income", () => {
  it("refuses negative, fractional-fen, missing and absurd incomes", () => {
    expect(checkDeclaredIncome("SALARIED", -1)).toBe("incomeNegative");
    expect(checkDeclaredIncome("RETIRED", null)).toBe("incomeRequired");
    expect(checkDeclaredIncome("SALARIED", 10.5)).toBe("incomeNotWhole");
    expect(checkDeclaredIncome("SALARIED", DUES_MAX_MONTHLY_INCOME_FEN + 1)).toBe("incomeAbsurd");
    expect(checkDeclaredIncome("FARMER", null, 500)).toBe("farmerAmount");
    expect(checkDeclaredIncome("STUDENT", -5)).toBe("incomeNegative");
  });
  it("accepts the edges", () => {
    expect(checkDeclaredIncome("SALARIED", 0)).toBeNull();
    expect(checkDeclaredIncome("SALARIED", DUES_MAX_MONTHLY_INCOME_FEN)).toBeNull();
    expect(checkDeclaredIncome("FARMER", null, 20)).toBeNull();
    expect(checkDeclaredIncome("FARMER", null, 100)).toBeNull();
    expect(checkDeclaredIncome("UNEMPLOYED", null)).toBeNull();
  });
  it("every accepted salaried income has a computable amount of at most 2 %", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: DUES_MAX_MONTHLY_INCOME_FEN }), (income) => {
        expect(checkDeclaredIncome("SALARIED", income)).toBeNull();
        const dues = monthlyDuesFen("SALARIED", income);
        expect(dues).toBeGreaterThanOrEqual(0);
        expect(dues).toBeLessThanOrEqual(Math.round(income * 0.02));
      }),
    );
  });
  it("suggests a dues category from the member category", () => {
    expect(suggestedDuesCategory("RETIRED")).toBe("RETIRED");
    expect(suggestedDuesCategory("MOBILE")).toBe("SALARIED");
    expect(suggestedDuesCategory("FARMER")).toBe("FARMER");
  });
});

describe("receipts and amounts", () => {
  it("numbers receipts by month and sequence", () => {
    expect(receiptNumber("2026-12", 7)).toBe("DF202612000007");
    expect(receiptSequenceOf("DF202612000007")).toBe(7);
    expect(receiptSequenceOf("X")).toBeNull();
    expect(() => receiptNumber("2026-12", 0)).toThrow(RangeError);
  });
  it("reads yuan as typed", () => {
    expect(yuanToFen("4567.89")).toBe(456_789);
    expect(yuanToFen("3000")).toBe(300_000);
    expect(yuanToFen(" 0.5 ")).toBe(50);
    expect(yuanToFen("-1")).toBe(-100);
    expect(yuanToFen("1.234")).toBeNull();
    expect(yuanToFen("abc")).toBeNull();
  });
});
