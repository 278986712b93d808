// Party dues (中组部《关于中国共产党党费收缴、使用和管理的规定》, 2008). Amounts in fen (分).
import type { MonthKey } from "../time/months.ts";
import { addMonths, monthsBetween } from "../time/months.ts";

export const DUES_CATEGORIES = ["SALARIED", "RETIRED", "FARMER", "STUDENT", "UNEMPLOYED", "MINIMUM_ALLOWANCE"] as const;
export type DuesCategory = (typeof DUES_CATEGORIES)[number];

/** Monthly dues for an income in fen; brackets are inclusive of their upper bound. */
export function duesRate(category: DuesCategory, monthlyIncomeFen: number): number {
  if (category === "SALARIED") {
    if (monthlyIncomeFen <= 300_000) return 0.005;
    if (monthlyIncomeFen <= 500_000) return 0.01;
    if (monthlyIncomeFen <= 1_000_000) return 0.015;
    return 0.02;
  }
  if (category === "RETIRED") return monthlyIncomeFen <= 500_000 ? 0.005 : 0.01;
  return 0;
}

/** Flat amounts for members without a wage: farmers 0.2–1 元 (branch decides), others 0.2 元. */
export const FLAT_DUES_FEN = { FARMER_MIN: 20, FARMER_MAX: 100, LOW: 20 } as const;

export function monthlyDuesFen(
  category: DuesCategory,
  monthlyIncomeFen: number | null,
  farmerFen: number = FLAT_DUES_FEN.FARMER_MAX,
): number {
  switch (category) {
    case "SALARIED":
    case "RETIRED": {
      if (monthlyIncomeFen === null || !Number.isInteger(monthlyIncomeFen) || monthlyIncomeFen < 0) {
        throw new RangeError("monthly income must be a non-negative whole number of fen");
      }
      return Math.round(monthlyIncomeFen * duesRate(category, monthlyIncomeFen));
    }
    case "FARMER":
      if (farmerFen < FLAT_DUES_FEN.FARMER_MIN || farmerFen > FLAT_DUES_FEN.FARMER_MAX)
        throw new RangeError("farmer dues must be 0.2–1 元");
      return farmerFen;
    case "STUDENT":
    case "UNEMPLOYED":
    case "MINIMUM_ALLOWANCE":
      return FLAT_DUES_FEN.LOW;
  }
}

/**
 * Consecutive unpaid months ending with `lastDueMonth` (inclusive), not counting months
 * before `firstDueMonth` (joining, or the first declaration).
 */
export function consecutiveUnpaidMonths(
  paid: ReadonlySet<MonthKey>,
  lastDueMonth: MonthKey,
  firstDueMonth: MonthKey,
): number {
  const span = monthsBetween(firstDueMonth, lastDueMonth) + 1;
  let count = 0;
  for (let i = 0; i < span; i++) {
    if (paid.has(addMonths(lastDueMonth, -i))) break;
    count++;
  }
  return count;
}
