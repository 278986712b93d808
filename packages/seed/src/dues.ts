// Seed-local dues arithmetic (中组部 2008 brackets, see the domain guide). The platform's
// calculator lives in @dangjian/core; this copy keeps the db package free of a dependency on core
// and must give the same amounts (same brackets, same Math.round on fen).
import type { DuesCategory } from "@dangjian/db";

/** Rate by monthly after-tax income in fen; each bracket includes its upper bound. */
function bracketRate(category: "SALARIED" | "RETIRED", monthlyIncomeFen: number): number {
  if (category === "RETIRED") return monthlyIncomeFen <= 500_000 ? 0.005 : 0.01;
  if (monthlyIncomeFen <= 300_000) return 0.005;
  if (monthlyIncomeFen <= 500_000) return 0.01;
  if (monthlyIncomeFen <= 1_000_000) return 0.015;
  return 0.02;
}

/**
 * Monthly dues in whole fen. Salaried and retired members pay a share of their income;
 * farmers a flat 20–100 fen chosen by the branch (default 1 元); students, unemployed members
 * and those on minimum allowance 20 fen.
 */
export function seedMonthlyDuesFen(
  category: DuesCategory,
  monthlyIncomeFen: number | null = null,
  farmerFen = 100,
): number {
  switch (category) {
    case "SALARIED":
    case "RETIRED":
      if (monthlyIncomeFen === null || !Number.isInteger(monthlyIncomeFen) || monthlyIncomeFen < 0) {
        throw new RangeError("monthly income must be a non-negative whole number of fen");
      }
      return Math.round(monthlyIncomeFen * bracketRate(category, monthlyIncomeFen));
    case "FARMER":
      if (!Number.isInteger(farmerFen) || farmerFen < 20 || farmerFen > 100)
        throw new RangeError("farmer dues must be 20–100 fen");
      return farmerFen;
    case "STUDENT":
    case "UNEMPLOYED":
    case "MINIMUM_ALLOWANCE":
      return 20;
  }
}
