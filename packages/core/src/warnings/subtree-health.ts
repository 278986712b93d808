// Health of a committee (township, county, city): derived from the organisations judged below it
// (branches and joint branches), never typed in and never stored (ADR 0803). The score is the mean
// of their O7 scores; each reason says how many organisations lose points on a rule at a level and
// what that costs the mean, so the reasons add up to 100 minus the score (up to rounding).
import type { RuleId } from "./rules.ts";

export interface SubtreeHealthInput {
  /** organisations below with a health score */
  scored: number;
  /** sum of their scores */
  scoreSum: number;
  /** sum of their previous scores (the current one where none differs) */
  previousSum: number;
  /** penalties over those organisations, by rule and level */
  reasons: ReadonlyArray<{ ruleId: RuleId; level: string; count: number; penaltySum: number }>;
}

export interface SubtreeHealth {
  score: number | null;
  previous: number | null;
  /** how many organisations the score is derived from */
  derivedFrom: number;
  /** `penalty`: points the rule costs the mean (one decimal); `count`: organisations penalised */
  reasons: Array<{ ruleId: RuleId; level: string; count: number; penalty: number }>;
}

export function subtreeHealth(input: SubtreeHealthInput): SubtreeHealth {
  if (input.scored <= 0) return { score: null, previous: null, derivedFrom: 0, reasons: [] };
  const score = Math.round(input.scoreSum / input.scored);
  const previous = Math.round(input.previousSum / input.scored);
  const reasons = input.reasons
    .filter((r) => r.count > 0 && r.penaltySum > 0)
    .map((r) => ({
      ruleId: r.ruleId,
      level: r.level,
      count: r.count,
      penalty: Math.round((r.penaltySum / input.scored) * 10) / 10,
    }))
    .sort(
      (a, b) =>
        b.penalty - a.penalty ||
        b.count - a.count ||
        (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
        (a.level < b.level ? -1 : 1),
    );
  return { score, previous: previous === score ? null : previous, derivedFrom: input.scored, reasons };
}
