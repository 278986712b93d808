// Pure rule evaluation: signals (plain numbers the services read set-based from the fact
// tables) in, one result per (rule, subject) out, each with its value, evidence and message
// parameters. Nothing here knows about the database; the same function serves the nightly full
// pass and the incremental path, so the two agree by construction.
import { DEFAULT_CADENCE as DEFAULT_CADENCE_RULES, type CadenceRuleInput } from "../orglife/cadence.ts";
import type { MonthKey } from "../time/months.ts";
import { t, type MessageKey } from "../messages/index.ts";
import { monthStart } from "../time/months.ts";
import {
  classify,
  effectiveThresholds,
  type Classification,
  FIXED_LEVEL,
  LEVEL_RANK,
  type Level,
  type RuleId,
  type SubjectKind,
  type Thresholds,
} from "./rules.ts";
import type { Observation } from "./lifecycle.ts";
import { studyYearElapsed } from "./display.ts";
import {
  bridgesAndArticulationPoints,
  buildCsr,
  burtConstraint,
  components,
  degree,
  neighbourhoodOverlap,
  type Csr,
} from "../network/graph.ts";

export type Settings = ReadonlyMap<RuleId, Partial<Thresholds>>;

export interface RuleResult extends Observation {
  readonly ruleId: RuleId;
  readonly subjectType: SubjectKind;
  readonly subjectId: string;
  /** the organisation whose subtree sees the warning */
  readonly orgId: string;
  readonly value: number | null;
  readonly params: Record<string, string | number>;
  readonly evidence: Record<string, unknown>;
  /** the message and suggested action, when not the rule's own (a township-wide warning) */
  readonly messageKey?: MessageKey;
  readonly actionKey?: MessageKey;
}

export type CadenceType = "BRANCH_ASSEMBLY" | "COMMITTEE_MEETING" | "PARTY_LECTURE" | "THEME_DAY";
export interface Cadence {
  readonly meetingType: CadenceType;
  /** months per period: 1 month, 3 quarter, 6 half year, 12 year */
  readonly months: 1 | 3 | 6 | 12;
  readonly minCount: number;
}
const CADENCE_TYPES: readonly CadenceType[] = ["BRANCH_ASSEMBLY", "COMMITTEE_MEETING", "PARTY_LECTURE", "THEME_DAY"];
const PERIOD_MONTHS = { MONTH: 1, QUARTER: 3, HALF_YEAR: 6, YEAR: 12 } as const;

/** The cadence O1 checks, from the cadence rules in force for an organisation (the same rules the
 *  branch home judges by: orglife/cadence.ts, docs/domain.md): the meeting types of 三会一课 and the
 *  theme day. Committee meetings are only due where a committee exists. */
export function warningCadenceOf(
  rules: readonly Pick<CadenceRuleInput, "meetingType" | "period" | "minCount">[],
): Cadence[] {
  return rules
    .filter((rule): rule is typeof rule & { meetingType: CadenceType } =>
      (CADENCE_TYPES as readonly string[]).includes(rule.meetingType),
    )
    .map((rule) => ({ meetingType: rule.meetingType, months: PERIOD_MONTHS[rule.period], minCount: rule.minCount }));
}

/** O1's cadence where no committee has tuned the rules: the platform defaults. */
export const WARNING_CADENCE: readonly Cadence[] = warningCadenceOf(DEFAULT_CADENCE_RULES);

export interface OrgSignals {
  readonly orgId: string;
  /** month keys of the arrays below, oldest first; the last one is the current (open) month */
  readonly months: readonly MonthKey[];
  readonly held: Readonly<Record<CadenceType, readonly number[]>>;
  readonly expected: readonly number[];
  readonly present: readonly number[];
  readonly leave: readonly number[];
  /** the branch has a committee (支委会), so committee meetings are due */
  readonly hasCommittee: boolean;
  readonly memberCount: number;
  readonly studySecondsYear: number;
  readonly studyTargetSecondsYear: number;
  readonly membersBehindPace: number;
  /** the latest record of any kind (meeting, attendance, dues, study) */
  readonly lastActivityAt: Date | null;
}

export interface MemberSignals {
  readonly memberId: string;
  readonly branchId: string;
  /** consecutive closed months without dues paid (0 when the last closed month is paid) */
  readonly unpaidMonths: number;
  /** latest attendance, dues payment or study credit; null = never */
  readonly lastActivityAt: Date | null;
  readonly joinedOn: Date;
}

const DAY_MS = 86_400_000;
const pct = (x: number) => Math.round(x * 100);
const result = (
  r: Omit<RuleResult, "recovered" | "noData"> & { recovered?: boolean; noData?: boolean },
): RuleResult => ({
  recovered: r.recovered ?? !r.condition,
  noData: r.noData ?? false,
  ...r,
});

/** Months out of touch: whole 30-day months since the last activity (or joining). */
export function monthsSince(last: Date | null, joinedOn: Date, now: Date): number {
  const from = last && last > joinedOn ? last : joinedOn;
  return Math.max(0, Math.floor((now.getTime() - from.getTime()) / (30 * DAY_MS)));
}

/**
 * Whether a result has something to say: a condition, no data, or not yet recovered. The services
 * keep only those (an open warning without a result is resolved by them), so `{ all: false }`
 * builds only those (ADR 1067): a region's healthy subjects cost no allocation.
 */
export const isNotable = (r: Observation): boolean => r.condition !== null || r.noData || !r.recovered;

/** What the rule functions return: every result (`all`, the default) or only the notable ones. */
export interface JudgeOptions {
  readonly all?: boolean;
}

/** The rules evaluateMember judges, one warning each per member at most. */
export const MEMBER_RULES = ["O3", "O5"] as const satisfies readonly RuleId[];

export function evaluateMember(
  m: MemberSignals,
  settings: Settings | undefined,
  now: Date,
  options: JudgeOptions = {},
): RuleResult[] {
  const all = options.all ?? true;
  const o3 = effectiveThresholds("O3", settings);
  const c3 = classify(m.unpaidMonths, o3);
  const away = monthsSince(m.lastActivityAt, m.joinedOn, now);
  const o5 = effectiveThresholds("O5", settings);
  const c5 = classify(away, o5);
  const base = { subjectType: "MEMBER" as const, subjectId: m.memberId, orgId: m.branchId };
  const out: RuleResult[] = [];
  // neither O3 nor O5 has a "no data" case: notable = a condition or not recovered
  if (all || c3.condition !== null || !c3.recovered)
    out.push(
      result({
        ...base,
        ruleId: "O3",
        ...c3,
        value: m.unpaidMonths,
        params: { months: m.unpaidMonths, warn: o3.warn, crit: o3.crit },
        evidence: { unpaidMonths: m.unpaidMonths },
      }),
    );
  if (all || c5.condition !== null || !c5.recovered)
    out.push(
      result({
        ...base,
        ruleId: "O5",
        ...c5,
        value: away,
        params: { months: away },
        evidence: { lastActivityAt: m.lastActivityAt?.toISOString() ?? null, months: away },
      }),
    );
  return out;
}

// year * 12 + month (0-based) of a month key: parsed once per key (the full pass asks ~1M times)
const MONTH_INDEX = new Map<MonthKey, number>();
function monthIndex(key: MonthKey): number {
  let m = MONTH_INDEX.get(key);
  if (m === undefined) {
    const d = monthStart(key);
    m = d.getUTCFullYear() * 12 + d.getUTCMonth();
    if (MONTH_INDEX.size > 10_000) MONTH_INDEX.clear();
    MONTH_INDEX.set(key, m);
  }
  return m;
}
// The month indexes of a frozen window (the services share one per month across 250k
// organisations, ADR 1062): computed once per array; an array that may still change is not kept.
const WINDOW_INDEXES = new WeakMap<readonly MonthKey[], Int32Array>();
function monthIndexes(months: readonly MonthKey[]): Int32Array {
  let indexes = WINDOW_INDEXES.get(months);
  if (!indexes) {
    indexes = Int32Array.from(months, monthIndex);
    if (Object.isFrozen(months)) WINDOW_INDEXES.set(months, indexes);
  }
  return indexes;
}
/** The calendar period (its first month's index) a month index falls in. */
const periodOf = (m: number, cadence: Cadence) =>
  Math.floor(m / 12) * 12 + Math.floor((m % 12) / cadence.months) * cadence.months;

/** Consecutive closed periods (newest first) below the cadence; and whether the open period is at risk. */
export function cadenceMisses(
  months: readonly MonthKey[],
  counts: readonly number[],
  cadence: Cadence,
  now: Date,
): { missed: number; atRisk: boolean; lastMissed: MonthKey | null } {
  // group month indices into calendar periods; the last month is open. A window holds a few
  // periods: plain arrays searched linearly (no map per organisation and cadence)
  const indexes = monthIndexes(months);
  const periods: number[] = [];
  const totals: number[] = [];
  const sizes: number[] = [];
  const firsts: number[] = [];
  for (let i = 0; i < indexes.length; i++) {
    const p = periodOf(indexes[i]!, cadence);
    let k = periods.indexOf(p);
    if (k < 0) {
      k = periods.push(p) - 1;
      totals.push(0);
      sizes.push(0);
      firsts.push(i);
    }
    totals[k]! += counts[i] ?? 0;
    sizes[k]! += 1;
  }
  const openPeriod = periodOf(indexes[indexes.length - 1]!, cadence);
  let missed = 0;
  let lastMissed: MonthKey | null = null;
  // newest period first
  const order = periods.map((_, k) => k).sort((a, b) => periods[b]! - periods[a]!);
  for (const k of order) {
    if (periods[k] === openPeriod) continue;
    if (sizes[k]! < cadence.months) break; // partly outside the window: unknown
    if (totals[k]! >= cadence.minCount) break;
    missed++;
    lastMissed = months[firsts[k]!]!; // the oldest of the run, once the loop ends
  }
  const open = periods.indexOf(openPeriod);
  const openEnd = Date.UTC(Math.floor(openPeriod / 12), (openPeriod % 12) + cadence.months, 1);
  const atRisk = open >= 0 && totals[open]! < cadence.minCount && openEnd - now.getTime() <= 14 * DAY_MS;
  return { missed, atRisk, lastMissed };
}

/**
 * The instant (ms) from which `cadenceMisses` reports the open period at risk, when the open
 * period is still short of the cadence; null when it already has enough meetings.
 */
export function openPeriodRiskAt(
  months: readonly MonthKey[],
  counts: readonly number[],
  cadence: Cadence,
): number | null {
  const indexes = monthIndexes(months);
  const openPeriod = periodOf(indexes[indexes.length - 1]!, cadence);
  let count = 0;
  for (let i = 0; i < indexes.length; i++) if (periodOf(indexes[i]!, cadence) === openPeriod) count += counts[i] ?? 0;
  if (count >= cadence.minCount) return null;
  return Date.UTC(Math.floor(openPeriod / 12), (openPeriod % 12) + cadence.months, 1) - 14 * DAY_MS;
}

export interface OrgEvaluation {
  readonly results: RuleResult[];
  /** health score 0–100 (null without data) and its reasons */
  readonly health: { score: number | null; reasons: Array<{ ruleId: RuleId; level: Level; penalty: number }> };
}

const PENALTY: Partial<Record<RuleId, Record<Level, number>>> = {
  O1: { INFO: 0, WARNING: 15, CRITICAL: 30 },
  O2: { INFO: 0, WARNING: 12, CRITICAL: 25 },
  O4: { INFO: 0, WARNING: 12, CRITICAL: 25 },
  O6: { INFO: 0, WARNING: 8, CRITICAL: 15 },
};

// The helpers below are functions of their own, not closures made per call: tsx, which runs the
// services, names every function it creates at run time (esbuild's keepNames), and a pass over the
// region judges 250k organisations and a million ties.
type Reason = { ruleId: RuleId; level: Level; penalty: number };
/** O7's reason for another rule's condition, if it costs points */
function penalise(reasons: Reason[], ruleId: RuleId, obs: Observation): void {
  const penalty = obs.condition && !obs.noData ? (PENALTY[ruleId]?.[obs.condition] ?? 0) : 0;
  if (penalty > 0) reasons.push({ ruleId, level: obs.condition!, penalty });
}
const missedOrAtRisk = (m: { missed: number; atRisk: boolean }) => m.missed > 0 || m.atRisk;

/**
 * O1, O2, O4, O6, O7, O8 for one organisation. `members` are its members' signals — all of them, or
 * at least every member in arrears or out of touch for a month or more (org.memberCount is the total).
 * With `{ all: false }` only the notable results are built (the health is the same).
 */
export function evaluateOrg(
  org: OrgSignals,
  members: readonly MemberSignals[],
  settings: Settings | undefined,
  now: Date,
  cadence: readonly Cadence[] = WARNING_CADENCE,
  options: JudgeOptions = {},
): OrgEvaluation {
  const all = options.all ?? true;
  const base = { subjectType: "ORG" as const, subjectId: org.orgId, orgId: org.orgId };
  const out: RuleResult[] = [];
  // O7's reasons: the penalties of the other rules' conditions, in the order the rules are judged
  const reasons: Reason[] = [];

  // O8 no data
  const idle = org.lastActivityAt
    ? Math.floor((now.getTime() - org.lastActivityAt.getTime()) / DAY_MS)
    : Number.POSITIVE_INFINITY;
  const o8 = effectiveThresholds("O8", settings);
  const noData = idle >= o8.warn;
  // O8 has no condition: notable when there is no data (then it has not recovered either)
  if (all || noData)
    out.push(
      result({
        ...base,
        ruleId: "O8",
        condition: null,
        noData,
        recovered: !noData,
        value: Number.isFinite(idle) ? idle : null,
        params: { days: Number.isFinite(idle) ? idle : o8.warn },
        evidence: { lastActivityAt: org.lastActivityAt?.toISOString() ?? null },
      }),
    );

  // O1 cadence
  const o1 = effectiveThresholds("O1", settings);
  const misses: Array<{ type: CadenceType; missed: number; atRisk: boolean; lastMissed: MonthKey | null }> = [];
  for (const c of cadence)
    if (c.meetingType !== "COMMITTEE_MEETING" || org.hasCommittee)
      misses.push({ type: c.meetingType, ...cadenceMisses(org.months, org.held[c.meetingType], c, now) });
  let worst: (typeof misses)[number] = { type: "THEME_DAY", missed: 0, atRisk: false, lastMissed: null };
  let atRisk = false;
  for (const m of misses) {
    if (m.missed > worst.missed) worst = m;
    atRisk ||= m.atRisk;
  }
  const c1 = classify(worst.missed, o1);
  const obs1: Observation = {
    condition: noData ? null : (c1.condition ?? (atRisk ? "INFO" : null)),
    recovered: c1.recovered && !atRisk,
    noData,
  };
  penalise(reasons, "O1", obs1);
  if (all || isNotable(obs1))
    out.push(
      result({
        ...base,
        ruleId: "O1",
        ...obs1,
        value: worst.missed,
        params: {
          type: t(`meetingType.${worst.type}` as MessageKey),
          missed: worst.missed,
          since: worst.lastMissed ?? "",
        },
        evidence: { misses: misses.filter(missedOrAtRisk) },
      }),
    );

  // O2 attendance over the last 3 months with meetings (within 6 months), leave excluded
  const o2 = effectiveThresholds("O2", settings);
  let expected = 0;
  let present = 0;
  let leave = 0;
  let used = 0;
  for (let i = org.months.length - 1; i >= 0 && i >= org.months.length - 6 && used < 3; i--) {
    if ((org.expected[i] ?? 0) === 0) continue;
    expected += org.expected[i]!;
    present += org.present[i] ?? 0;
    leave += org.leave[i] ?? 0;
    used++;
  }
  const denominator = expected - leave;
  const rate = denominator > 0 ? present / denominator : null;
  const obs2: Observation =
    rate === null ? { condition: null, recovered: false, noData: true } : { ...classify(rate, o2), noData: false };
  penalise(reasons, "O2", obs2);
  if (all || isNotable(obs2))
    out.push(
      result({
        ...base,
        ruleId: "O2",
        ...(rate === null ? { condition: null, recovered: false, noData: true } : classify(rate, o2)),
        value: rate,
        params: { rate: rate === null ? 0 : pct(rate), expected: denominator, present, warn: pct(o2.warn) },
        evidence: { expected, present, leave, months: used },
      }),
    );

  // O4 share of members ≥ 3 months in arrears
  const o4 = effectiveThresholds("O4", settings);
  const arrearsLine = effectiveThresholds("O3", settings).warn;
  let inArrears = 0;
  for (const m of members) if (m.unpaidMonths >= arrearsLine) inArrears++;
  // `members` may be only those with something to judge (the services skip the rest); the total is the signal's
  const total = Math.max(org.memberCount, members.length);
  const share = total > 0 ? inArrears / total : null;
  const c4 = share === null ? { condition: null, recovered: true } : classify(share, o4);
  const obs4: Observation = { ...c4, noData: false };
  penalise(reasons, "O4", obs4);
  if (all || isNotable(obs4))
    out.push(
      result({
        ...base,
        ruleId: "O4",
        ...c4,
        value: share,
        params: { share: share === null ? 0 : pct(share), count: inArrears, total, warn: pct(o4.warn) },
        evidence: { inArrears, members: total, months: arrearsLine },
      }),
    );

  // O6 study pace: hours this year against the pro-rata target (no study records: no data)
  const o6 = effectiveThresholds("O6", settings);
  const yearEnd = Date.UTC(now.getUTCFullYear() + 1, 0, 1);
  const target = org.studyTargetSecondsYear * studyYearElapsed(now.getUTCFullYear(), now);
  const pace = target > 0 ? org.studySecondsYear / target : null;
  const yearEnding = yearEnd - now.getTime() <= 14 * DAY_MS;
  let c6: Classification = pace === null ? { condition: null, recovered: true } : classify(pace, o6);
  if (pace !== null && yearEnding && org.studySecondsYear < org.studyTargetSecondsYear)
    c6 = { condition: "CRITICAL", recovered: false };
  const obs6: Observation = { ...c6, noData: org.studySecondsYear === 0 && org.memberCount > 0 };
  penalise(reasons, "O6", obs6);
  // what it stores does not move with the clock (ADR 1065): the hours done and the year's whole
  // target; the pace the message shows is derived from them when shown (`shownFigures`)
  if (all || isNotable(obs6))
    out.push(
      result({
        ...base,
        ruleId: "O6",
        ...obs6,
        value: pace === null ? null : org.studySecondsYear / org.studyTargetSecondsYear,
        params: {
          seconds: org.studySecondsYear,
          target: org.studyTargetSecondsYear,
          year: now.getUTCFullYear(),
          behind: org.membersBehindPace,
        },
        evidence: {
          hours: Math.round(org.studySecondsYear / 360) / 10,
          yearTargetHours: Math.round(org.studyTargetSecondsYear / 360) / 10,
          membersBehindPace: org.membersBehindPace,
        },
      }),
    );

  // O7 health: 100 minus penalties of the other rules' conditions and of members out of touch
  const outOfTouchLine = effectiveThresholds("O5", settings).warn;
  let away = 0;
  for (const m of members) if (monthsSince(m.lastActivityAt, m.joinedOn, now) >= outOfTouchLine) away++;
  if (away > 0) reasons.push({ ruleId: "O5", level: "WARNING", penalty: Math.min(15, away * 5) });
  let penalties = 0;
  for (const r of reasons) penalties += r.penalty;
  const score = noData ? null : Math.max(0, 100 - penalties);
  const o7 = effectiveThresholds("O7", settings);
  const c7 =
    score === null ? { condition: null, recovered: false, noData: true } : { ...classify(score, o7), noData: false };
  if (all || isNotable(c7))
    out.push(
      result({
        ...base,
        ruleId: "O7",
        ...(score === null ? { condition: null, recovered: false, noData: true } : classify(score, o7)),
        value: score,
        params: { score: score ?? 0 },
        evidence: { reasons },
      }),
    );
  return { results: out, health: { score, reasons } };
}

// ───────────────────────────── network rules ─────────────────────────────

export interface NetworkLink {
  readonly id: string;
  readonly a: number;
  readonly b: number;
  /** the strength now */
  readonly strength: number;
  /**
   * The strength as stored with the instant it was set (the strength now is it decayed since):
   * when given, the tie's warnings store these, not the strength now, so that they do not move
   * with the clock (ADR 1065); `shownFigures` derives the strength shown.
   */
  readonly since?: { readonly strength: number; readonly at: Date | null };
}

export interface NetworkInput {
  /** organisations that may hold partnerships (branches), index = node id */
  readonly orgIds: readonly string[];
  readonly links: ReadonlyArray<NetworkLink>;
  /**
   * The strength now of each link (by index), when given instead of `links[e].strength`: a pass
   * over the region decays a million stored strengths to its instant without copying the links
   * (ADR 1067).
   */
  readonly strengths?: Float64Array;
  /**
   * Links read again since `links` was built, by index: each stands in for `links[e]`. The
   * incremental path re-reads its organisation's few ties this way instead of copying the
   * province's million-link array on every outbox event.
   */
  readonly reread?: ReadonlyMap<number, NetworkLink>;
}

export interface NetworkStructure {
  readonly csr: Csr;
  readonly bridge: Uint8Array;
  readonly articulation: Uint8Array;
  readonly common: Int32Array;
  readonly constraint: Float64Array;
  readonly componentOf: Int32Array;
  /** the region's 90th percentile of constraint (over organisations with partners) */
  readonly constraintP90: number;
}

/** The structural pass the network rules need (cache it: it changes only when links change). */
export function analyseNetwork(input: NetworkInput): NetworkStructure {
  const src = Int32Array.from(input.links, (l) => l.a);
  const dst = Int32Array.from(input.links, (l) => l.b);
  const csr = buildCsr(input.orgIds.length, src, dst);
  const cuts = bridgesAndArticulationPoints(csr);
  const constraint = burtConstraint(csr);
  const finite = [...constraint].filter((c) => !Number.isNaN(c)).sort((a, b) => a - b);
  const constraintP90 = finite.length
    ? finite[Math.min(finite.length - 1, Math.ceil(finite.length * 0.9) - 1)]!
    : Number.POSITIVE_INFINITY;
  return {
    csr,
    bridge: cuts.bridge,
    articulation: cuts.articulation,
    common: neighbourhoodOverlap(csr).common,
    constraint,
    componentOf: components(csr).label,
    constraintP90,
  };
}

/**
 * T1–T4 for the given links and T5–T7 for the given organisations. `health` maps organisation
 * id → O7 score; `linkFilter` / `orgFilter` restrict the subjects (incremental evaluation).
 */
export function evaluateNetwork(
  input: NetworkInput,
  structure: NetworkStructure,
  health: ReadonlyMap<string, number | null>,
  settings: Settings | undefined,
  /** only these links and organisations (the incremental path); `links` must hold every link of `orgs` */
  filter?: { links?: ReadonlySet<number>; orgs?: ReadonlySet<number>; all?: boolean },
): RuleResult[] {
  const out: RuleResult[] = [];
  const t1 = effectiveThresholds("T1", settings);
  const orgName = (i: number) => input.orgIds[i]!;
  // `all` = every result; otherwise only those with something to say (a condition or not yet
  // recovered), built lazily: a region's healthy ties cost no allocations
  const all = filter?.all ?? true;
  // a filtered (incremental) call walks only its own links and organisations, in index order
  const linkOrder = filter?.links ? Int32Array.from(filter.links).sort() : null;
  const linkCount = linkOrder ? linkOrder.length : input.links.length;
  const { strengths, reread } = input;
  const notable = (c: { condition: Level | null; recovered: boolean }) => all || c.condition !== null || !c.recovered;
  for (let k = 0; k < linkCount; k++) {
    const e = linkOrder ? linkOrder[k]! : k;
    const link = reread?.get(e) ?? input.links[e]!;
    const s = strengths ? strengths[e]! : link.strength;
    const c1 = classify(s, t1);
    const weak = c1.condition !== null;
    const isBridge = structure.bridge[e] === 1;
    const common = structure.common[e]!;
    const t2 = { condition: isBridge && weak ? FIXED_LEVEL.T2! : null, recovered: !isBridge || c1.recovered };
    const t3 = { condition: isBridge && !weak ? FIXED_LEVEL.T3! : null, recovered: !(isBridge && !weak) };
    const t4 = {
      condition: !isBridge && common === 0 && weak ? FIXED_LEVEL.T4! : null,
      recovered: isBridge || common > 0 || c1.recovered,
    };
    if (!notable(c1) && !notable(t2) && !notable(t3) && !notable(t4)) continue;
    // stored: the clock-free form when the stored strength is known (ADR 1065), else the strength now
    const since = link.since;
    const base = {
      subjectType: "LINK" as const,
      subjectId: link.id,
      orgId: orgName(link.a),
      value: since ? since.strength : s,
    };
    const params: Record<string, string | number> = since
      ? { base: since.strength, at: since.at?.toISOString() ?? "", common }
      : { strength: Math.round(s * 100) / 100, common };
    const evidence = {
      strength: s,
      bridge: isBridge,
      sharedPartners: common,
      orgs: [orgName(link.a), orgName(link.b)],
    };
    if (notable(c1)) out.push(result({ ...base, ruleId: "T1", ...c1, params, evidence }));
    if (notable(t2)) out.push(result({ ...base, ruleId: "T2", ...t2, params, evidence }));
    if (notable(t3)) out.push(result({ ...base, ruleId: "T3", ...t3, params, evidence }));
    if (notable(t4)) out.push(result({ ...base, ruleId: "T4", ...t4, params, evidence }));
  }
  const t5 = effectiveThresholds("T5", settings);
  const t6 = effectiveThresholds("T6", settings);
  // strongest tie per organisation: a filtered call's links include every link of its organisations
  const strongest = new Float64Array(input.orgIds.length);
  for (let k = 0; k < linkCount; k++) {
    const e = linkOrder ? linkOrder[k]! : k;
    const l = reread?.get(e) ?? input.links[e]!;
    const s = strengths ? strengths[e]! : l.strength;
    strongest[l.a] = Math.max(strongest[l.a]!, s);
    strongest[l.b] = Math.max(strongest[l.b]!, s);
  }
  const orgOrder = filter?.orgs ? Int32Array.from(filter.orgs).sort() : null;
  const orgCount = orgOrder ? orgOrder.length : input.orgIds.length;
  for (let k = 0; k < orgCount; k++) {
    const v = orgOrder ? orgOrder[k]! : k;
    const id = orgName(v);
    const base = { subjectType: "ORG" as const, subjectId: id, orgId: id };
    const score = health.get(id) ?? null;
    const cut = structure.articulation[v] === 1;
    const c5 = score !== null && cut ? classify(score, t5) : { condition: null, recovered: true };
    const deg = degree(structure.csr, v);
    const c6: Level | null = deg === 0 ? "INFO" : strongest[v]! < t6.warn ? "WARNING" : null;
    const r6 = deg > 0 && strongest[v]! >= t6.recover;
    const c = structure.constraint[v]!;
    const over = !Number.isNaN(c) && c > structure.constraintP90;
    // like the links: without `all`, an organisation with nothing to say costs no allocation (at
    // province scale 750k results, and a formatted message each, that the caller would drop)
    if (!all && !c5.condition && c5.recovered && c6 === null && r6 && !over) continue;
    if (all || c5.condition || !c5.recovered)
      out.push(
        result({
          ...base,
          ruleId: "T5",
          condition: c5.condition ? FIXED_LEVEL.T5! : null,
          recovered: c5.recovered,
          value: score,
          params: { score: score ?? 0 },
          evidence: { articulation: cut, score },
        }),
      );
    if (all || c6 !== null || !r6) {
      const detail = deg === 0 ? t("warnings.t6.none") : t("warnings.t6.weak", { partners: deg });
      out.push(
        result({
          ...base,
          ruleId: "T6",
          condition: c6,
          recovered: r6,
          value: strongest[v]!,
          params: { partners: deg, detail },
          evidence: { partners: deg, strongest: strongest[v]! },
        }),
      );
    }
    if (all || over)
      out.push(
        result({
          ...base,
          ruleId: "T7",
          condition: over ? FIXED_LEVEL.T7! : null,
          value: Number.isNaN(c) ? null : c,
          params: {
            constraint: Number.isNaN(c) ? 0 : Math.round(c * 100) / 100,
            p90: Math.round(structure.constraintP90 * 100) / 100,
          },
          evidence: { constraint: Number.isNaN(c) ? null : c, p90: structure.constraintP90, partners: deg },
        }),
      );
  }
  return out;
}

/** The more severe of two levels. */
export function worstLevel(a: Level | null, b: Level | null): Level | null {
  if (!a) return b;
  if (!b) return a;
  return LEVEL_RANK[a] >= LEVEL_RANK[b] ? a : b;
}
