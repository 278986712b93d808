// The figures a warning shows, derived when it is shown from what the pass stored (ADR 1065).
// A warning stores only figures that hold until its facts change: the study hours done and the
// year's target (O6), a tie's stored strength and the instant it was set (T1–T4). What moves with
// the clock alone — the pace against the pro-rata target, the decayed strength — is computed here
// for the instant of reading, so the nightly pass need not rewrite hundreds of thousands of rows a
// day for a figure that moved by 0.001. Warnings stored before (their parameters already hold the
// shown figures) pass through unchanged.
import { decayedStrength } from "../network/graph.ts";
import type { RuleId } from "./rules.ts";

type Params = Readonly<Record<string, unknown>>;

const num = (x: unknown): number | null => (typeof x === "number" && Number.isFinite(x) ? x : null);

/** The share of study year `year` elapsed at `now` (1 once the year is over): O6's pro-rata line. */
export function studyYearElapsed(year: number, now: Date): number {
  const y0 = Date.UTC(year, 0, 1);
  const y1 = Date.UTC(year + 1, 0, 1);
  return (Math.min(now.getTime(), y1) - y0) / (y1 - y0);
}

/** O6's pace at `now` from the stored hours and target of `year` (the year's end past: its whole year). */
export function studyPaceAt(seconds: number, target: number, year: number, now: Date): number | null {
  const goal = target * studyYearElapsed(year, now);
  return goal > 0 ? seconds / goal : null;
}

/**
 * The message parameters and the value a stored warning shows at `now`. Parameters of other rules,
 * and of warnings stored in the shown form, are returned as they are.
 */
export function shownFigures(
  ruleId: RuleId | string,
  params: Params,
  value: number | null,
  now: Date,
): { params: Record<string, string | number>; value: number | null } {
  const plain = params as Record<string, string | number>;
  if (ruleId === "O6") {
    const seconds = num(params.seconds);
    const target = num(params.target);
    const year = num(params.year);
    if (seconds === null || target === null || year === null) return { params: plain, value };
    const pace = studyPaceAt(seconds, target, year, now);
    return {
      params: { pace: pace === null ? 0 : Math.round(pace * 100), behind: num(params.behind) ?? 0 },
      value: pace === null ? null : Math.round(pace * 1000) / 1000,
    };
  }
  if (ruleId === "T1" || ruleId === "T2" || ruleId === "T3" || ruleId === "T4") {
    const base = num(params.base);
    if (base === null) return { params: plain, value };
    const at = typeof params.at === "string" && params.at !== "" ? new Date(params.at) : null;
    const strength = decayedStrength(base, at, now);
    return {
      params: { strength: Math.round(strength * 100) / 100, common: num(params.common) ?? 0 },
      value: Math.round(strength * 1000) / 1000,
    };
  }
  return { params: plain, value };
}

/**
 * The evidence a stored warning shows at `now`: the figures that move with the clock (O6's
 * pro-rata target, a tie's strength) for that instant, the rest as stored.
 */
export function shownEvidence(
  ruleId: RuleId | string,
  params: Params,
  evidence: Readonly<Record<string, unknown>>,
  now: Date,
): Record<string, unknown> {
  if (ruleId === "O6") {
    const target = num(params.target);
    const year = num(params.year);
    if (target === null || year === null) return { ...evidence };
    return { ...evidence, targetHours: Math.round((target * studyYearElapsed(year, now)) / 360) / 10 };
  }
  if (ruleId === "T1" || ruleId === "T2" || ruleId === "T3" || ruleId === "T4") {
    const shown = shownFigures(ruleId, params, null, now);
    if (num(params.base) === null) return { ...evidence };
    return { ...evidence, strength: shown.value };
  }
  return { ...evidence };
}
