// The warning rules of docs/warnings.md as data. Each rule has fire thresholds (warning, critical),
// a recovery threshold on the safe side of them (hysteresis), a `for` duration before a
// condition fires, and the zh-CN message and suggested-action keys. Committee administrators
// may tune the numbers for their subtree; `validateThresholds` refuses settings that would make
// a rule fire and recover at once.
import type { MessageKey } from "../messages/index.ts";

export const RULE_IDS = [
  "O1",
  "O2",
  "O3",
  "O4",
  "O5",
  "O6",
  "O7",
  "O8",
  "T1",
  "T2",
  "T3",
  "T4",
  "T5",
  "T6",
  "T7",
  "R1",
] as const;
export type RuleId = (typeof RULE_IDS)[number];
export type SubjectKind = "ORG" | "MEMBER" | "LINK" | "AREA";
/** Most severe first, as lists and filters show them. */
export const LEVELS = ["CRITICAL", "WARNING", "INFO"] as const;
export type Level = (typeof LEVELS)[number];

export const LEVEL_RANK: Record<Level, number> = { INFO: 0, WARNING: 1, CRITICAL: 2 };

/**
 * `below`: fires when the value drops under `warn` (`crit` more severe), recovers at ≥ `recover`.
 * `above`: fires when the value reaches `warn` (≥, or > when `strict`), recovers at < `recover`.
 */
export interface Thresholds {
  readonly direction: "below" | "above";
  readonly warn: number;
  readonly crit: number;
  readonly recover: number;
  readonly strict?: boolean;
  /** days the condition must hold before PENDING becomes FIRING */
  readonly forDays: number;
}

export interface RuleDef {
  readonly id: RuleId;
  readonly subject: SubjectKind;
  readonly thresholds: Thresholds;
  readonly titleKey: MessageKey;
  readonly messageKey: MessageKey;
  readonly actionKey: MessageKey;
}

const rule = (id: RuleId, subject: SubjectKind, thresholds: Thresholds): RuleDef => ({
  id,
  subject,
  thresholds,
  titleKey: `warnings.rule.${id}` as MessageKey,
  messageKey: `warnings.msg.${id}` as MessageKey,
  actionKey: `warnings.action.${id}` as MessageKey,
});

/** Starting points from docs/warnings.md; every number is a seed to be tuned per region. */
export const DEFAULT_RULES: Readonly<Record<RuleId, RuleDef>> = {
  // value: missed closed periods in a row (worst meeting type); info when a period nears its end with none yet
  O1: rule("O1", "ORG", { direction: "above", warn: 1, crit: 2, recover: 1, forDays: 0 }),
  // value: present ÷ (expected − leave) over the last 3 months with meetings
  O2: rule("O2", "ORG", { direction: "below", warn: 0.8, crit: 0.6, recover: 0.85, forDays: 0 }),
  // value: consecutive unpaid closed months
  O3: rule("O3", "MEMBER", { direction: "above", warn: 3, crit: 5, recover: 1, forDays: 0 }),
  // value: share of members ≥ 3 months in arrears
  O4: rule("O4", "ORG", { direction: "above", warn: 0.1, crit: 0.2, recover: 0.08, strict: true, forDays: 0 }),
  // value: months without attendance, dues or study
  O5: rule("O5", "MEMBER", { direction: "above", warn: 3, crit: 6, recover: 1, forDays: 0 }),
  // value: study hours this year ÷ pro-rata target
  O6: rule("O6", "ORG", { direction: "below", warn: 0.75, crit: 0, recover: 0.8, forDays: 0 }),
  // value: health score 0–100; ≤ 75 yellow, ≤ 50 red
  O7: rule("O7", "ORG", { direction: "below", warn: 76, crit: 51, recover: 80, forDays: 0 }),
  // value: days without any record
  O8: rule("O8", "ORG", { direction: "above", warn: 60, crit: Number.POSITIVE_INFINITY, recover: 60, forDays: 0 }),
  // value: decayed tie strength
  T1: rule("T1", "LINK", { direction: "below", warn: 0.5, crit: 0.25, recover: 1, forDays: 0 }),
  T2: rule("T2", "LINK", { direction: "below", warn: 0.5, crit: 0.5, recover: 1, forDays: 0 }),
  T3: rule("T3", "LINK", { direction: "above", warn: 1, crit: Number.POSITIVE_INFINITY, recover: 1, forDays: 0 }),
  T4: rule("T4", "LINK", { direction: "below", warn: 0.5, crit: Number.NEGATIVE_INFINITY, recover: 1, forDays: 0 }),
  // value: health score of an articulation point
  T5: rule("T5", "ORG", { direction: "below", warn: 51, crit: 51, recover: 60, forDays: 0 }),
  // value: strongest tie of the organisation (0 when none)
  T6: rule("T6", "ORG", { direction: "below", warn: 0.25, crit: Number.NEGATIVE_INFINITY, recover: 0.5, forDays: 0 }),
  // value: Burt constraint; fires above the region's 90th percentile (warn is replaced by it)
  T7: rule("T7", "ORG", {
    direction: "above",
    warn: 1,
    crit: Number.POSITIVE_INFINITY,
    recover: 1,
    strict: true,
    forDays: 7,
  }),
  // value: days the township's oldest open need has waited unclaimed (需求清单 nobody took up)
  R1: rule("R1", "AREA", { direction: "above", warn: 30, crit: 60, recover: 30, forDays: 0 }),
};

/** Severity assigned to a fired condition, when not implied by the thresholds. */
export const FIXED_LEVEL: Partial<Record<RuleId, Level>> = {
  T2: "CRITICAL",
  T3: "INFO",
  T4: "WARNING",
  T5: "CRITICAL",
  T7: "INFO",
};

export type ThresholdProblem = "recoverNotSafe" | "critNotWorse" | "notFinite" | "negativeFor";

/** Checks a tuned threshold set: recover must be on the safe side of fire, critical beyond warning. */
export function validateThresholds(t: Thresholds): ThresholdProblem | null {
  if (![t.warn, t.recover].every(Number.isFinite) || Number.isNaN(t.crit)) return "notFinite";
  if (!Number.isFinite(t.forDays) || t.forDays < 0) return "negativeFor";
  if (t.direction === "below") {
    if (t.recover < t.warn) return "recoverNotSafe";
    if (t.crit > t.warn) return "critNotWorse";
  } else {
    if (t.recover > t.warn) return "recoverNotSafe";
    if (t.crit < t.warn) return "critNotWorse";
  }
  return null;
}

export interface Classification {
  /** the level whose condition holds, or null */
  readonly condition: Level | null;
  /** past the recovery threshold */
  readonly recovered: boolean;
}

/** Applies thresholds to a value. */
export function classify(value: number, t: Thresholds): Classification {
  if (t.direction === "below") {
    const condition: Level | null = value < t.crit ? "CRITICAL" : value < t.warn ? "WARNING" : null;
    return { condition, recovered: value >= t.recover };
  }
  const condition: Level | null = reaches(value, t.crit, t.strict)
    ? "CRITICAL"
    : reaches(value, t.warn, t.strict)
      ? "WARNING"
      : null;
  return { condition, recovered: value < t.recover };
}
// (a function of its own, not a closure made per call: tsx, which runs the services, names every
// function it creates at run time, and classify runs millions of times per pass over the region)
function reaches(value: number, line: number, strict: boolean | undefined): boolean {
  return strict ? value > line : value >= line;
}

/** Tuned thresholds for a rule: the subtree setting nearest the organisation wins, else the default. */
export function effectiveThresholds(
  ruleId: RuleId,
  settings: ReadonlyMap<RuleId, Partial<Thresholds>> | undefined,
): Thresholds {
  const base = DEFAULT_RULES[ruleId].thresholds;
  const tuned = settings?.get(ruleId);
  return tuned ? { ...base, ...tuned, direction: base.direction } : base;
}
