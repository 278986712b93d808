// Rules around recording dues: which months a payment may cover, which incomes are believable,
// how receipts are numbered. Amounts in fen (分); months are "YYYY-MM" keys.
import { addMonths, isMonthKey, monthsBetween, type MonthKey } from "../time/months.ts";
import type { DuesCategory } from "./dues.ts";

/** Back-payment normally at most 6 months (中组部 2008); a little ahead is accepted. */
export const DUES_BACK_PAYMENT_MONTHS = 6;
export const DUES_AHEAD_MONTHS = 2;
/** Above 100 万元 a month a declaration is a typing error, not an income. */
export const DUES_MAX_MONTHLY_INCOME_FEN = 100_000_000;

export type MonthRefusal =
  | { reason: "notAMonth"; month: string }
  | { reason: "duplicate"; month: MonthKey }
  | { reason: "tooOld"; month: MonthKey; oldest: MonthKey }
  | { reason: "tooFarAhead"; month: MonthKey; latest: MonthKey }
  | { reason: "beforeFirstDue"; month: MonthKey; firstDue: MonthKey }
  | { reason: "empty" };

/** The months a payment recorded in `current` may cover. */
export function payableWindow(current: MonthKey): { oldest: MonthKey; latest: MonthKey } {
  return { oldest: addMonths(current, -DUES_BACK_PAYMENT_MONTHS), latest: addMonths(current, DUES_AHEAD_MONTHS) };
}

/**
 * Checks the months of one payment: well-formed, distinct, within the back-payment window and
 * not before the member owed dues. Returns the months sorted, or the first refusal.
 */
export function checkPaymentMonths(
  months: readonly string[],
  current: MonthKey,
  firstDue: MonthKey,
): { ok: true; months: MonthKey[] } | { ok: false; refusal: MonthRefusal } {
  if (months.length === 0) return { ok: false, refusal: { reason: "empty" } };
  const seen = new Set<string>();
  const { oldest, latest } = payableWindow(current);
  for (const month of months) {
    if (!isMonthKey(month)) return { ok: false, refusal: { reason: "notAMonth", month } };
    if (seen.has(month)) return { ok: false, refusal: { reason: "duplicate", month } };
    seen.add(month);
    if (monthsBetween(oldest, month) < 0) return { ok: false, refusal: { reason: "tooOld", month, oldest } };
    if (monthsBetween(month, latest) < 0) return { ok: false, refusal: { reason: "tooFarAhead", month, latest } };
    if (monthsBetween(firstDue, month) < 0)
      return { ok: false, refusal: { reason: "beforeFirstDue", month, firstDue } };
  }
  return { ok: true, months: [...seen].sort() };
}

export type IncomeRefusal = "incomeRequired" | "incomeNegative" | "incomeNotWhole" | "incomeAbsurd" | "farmerAmount";

/** Which declarations are believable; the calculator itself throws on anything else. */
export function checkDeclaredIncome(
  category: DuesCategory,
  monthlyIncomeFen: number | null,
  farmerFen?: number | null,
): IncomeRefusal | null {
  if (category === "SALARIED" || category === "RETIRED") {
    if (monthlyIncomeFen === null || Number.isNaN(monthlyIncomeFen)) return "incomeRequired";
    if (monthlyIncomeFen < 0) return "incomeNegative";
    if (!Number.isInteger(monthlyIncomeFen)) return "incomeNotWhole";
    if (monthlyIncomeFen > DUES_MAX_MONTHLY_INCOME_FEN) return "incomeAbsurd";
    return null;
  }
  if (monthlyIncomeFen !== null && monthlyIncomeFen !== undefined && monthlyIncomeFen < 0) return "incomeNegative";
  if (category === "FARMER" && farmerFen !== null && farmerFen !== undefined) {
    if (!Number.isInteger(farmerFen) || farmerFen < 20 || farmerFen > 100) return "farmerAmount";
  }
  return null;
}

/** The dues category a member's category suggests (the secretary may choose another). */
export function suggestedDuesCategory(memberCategory: string): DuesCategory {
  switch (memberCategory) {
    case "RETIRED":
      return "RETIRED";
    case "FARMER":
      return "FARMER";
    case "STUDENT":
      return "STUDENT";
    case "UNEMPLOYED":
      return "UNEMPLOYED";
    default:
      return "SALARIED";
  }
}

/** Receipt numbers: DF + year + month of payment + a six-digit running number in that month. */
export function receiptNumber(paidMonth: MonthKey, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999)
    throw new RangeError("receipt sequence out of range");
  return `DF${paidMonth.replace("-", "")}${String(sequence).padStart(6, "0")}`;
}

export function receiptSequenceOf(receiptNo: string): number | null {
  const match = /^DF\d{6}(\d{6})$/.exec(receiptNo);
  return match ? Number(match[1]) : null;
}

/** 元 as typed by a person ("4567.89") → fen; null when it is not a plain amount with at most 2 decimals. */
export function yuanToFen(text: string): number | null {
  const trimmed = text.trim();
  if (!/^-?\d{1,12}(\.\d{1,2})?$/.test(trimmed)) return null;
  const negative = trimmed.startsWith("-");
  const [whole, frac = ""] = trimmed.replace("-", "").split(".");
  const fen = Number(whole) * 100 + Number(frac.padEnd(2, "0"));
  return negative ? -fen : fen;
}
