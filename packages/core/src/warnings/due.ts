// When can an organisation's warnings change by time alone? (ADR 1064)
// The nightly pass judges only the organisations whose facts changed since they were last judged
// and those whose verdict can move with the clock: a period closing, a member crossing another
// month out of touch, the study pace sliding under a line. `nextChangeAt` gives, for facts that
// stay as they are, the earliest instant at which anything the pass persists for the organisation
// (its results, its members' results, its health) could differ from what it is now; never later
// than the start of the next month, when the window, the closed months and the dues arrears move
// for everyone. Earlier than necessary is allowed (one extra judgement); later never.
import { addMonths, monthKey, monthStart } from "../time/months.ts";
import { effectiveThresholds, type RuleId, type Thresholds } from "./rules.ts";
import {
  openPeriodRiskAt,
  WARNING_CADENCE,
  type Cadence,
  type MemberSignals,
  type OrgSignals,
  type Settings,
} from "./evaluate.ts";

const DAY_MS = 86_400_000;
const MONTH_MS = 30 * DAY_MS;
/** instants derived through floating point (the study pace) are brought forward by this much */
const FLOAT_MARGIN_MS = 60_000;

export interface DueInput {
  readonly org: OrgSignals;
  /** the members the services listed for judging (in arrears, a month or more away, or with an open warning) */
  readonly members: readonly MemberSignals[];
  /** the earliest "away since" (latest activity, else joining) among the members not listed; null if none */
  readonly unlistedFrom: Date | null;
  /** the smallest study seconds ÷ target among the members not behind pace; null if none */
  readonly aheadRatio: number | null;
  /** whether the (rule, subject) warning is active (pending, firing, recovering, no data) after this judgement */
  readonly active: (ruleId: RuleId, subjectId: string) => boolean;
}

/** The smallest whole value that reaches an "above" threshold (≥ warn, or > warn when strict). */
function firstWhole(th: Thresholds, line: number): number {
  return th.strict ? Math.floor(line) + 1 : Math.ceil(line);
}

/** The earliest instant (ms) after `now` at which time alone can change what the pass persists. */
export function nextChangeAt(
  input: DueInput,
  settings: Settings | undefined,
  now: Date,
  cadence: readonly Cadence[] = WARNING_CADENCE,
): number {
  const t0 = now.getTime();
  // the window, the closed months, the arrears and the study year move on the first of a month
  const earliest = new Earliest(t0, monthStart(addMonths(monthKey(now), 1)).getTime());
  const { org } = input;

  // O8: days without any record; with no data its value moves every day
  const o8 = effectiveThresholds("O8", settings);
  if (org.lastActivityAt) {
    const last = org.lastActivityAt.getTime();
    const idle = Math.floor((t0 - last) / DAY_MS);
    if (idle >= o8.warn) earliest.at(last + (idle + 1) * DAY_MS);
    else earliest.at(last + Math.max(idle + 1, Math.ceil(o8.warn)) * DAY_MS);
  }

  // O1: an open period still short of its meetings is "at risk" 14 days before it closes
  for (const c of cadence) {
    if (c.meetingType === "COMMITTEE_MEETING" && !org.hasCommittee) continue;
    const risk = openPeriodRiskAt(org.months, org.held[c.meetingType], c);
    if (risk !== null) earliest.at(risk);
  }

  // O6: the pace (hours ÷ the pro-rata target) falls as the year goes by
  const S = org.studySecondsYear;
  const T = org.studyTargetSecondsYear;
  if (T > 0) {
    const y0 = Date.UTC(now.getUTCFullYear(), 0, 1);
    const y1 = Date.UTC(now.getUTCFullYear() + 1, 0, 1);
    const Y = y1 - y0;
    // the year's last 14 days: critical when short of the whole target
    if (S < T) earliest.at(y1 - 14 * DAY_MS);
    // the instant the pace drops under p: S / (T·e) < p ⇔ e > S / (T·p)
    const o6 = effectiveThresholds("O6", settings);
    for (const p of [o6.warn, o6.crit, o6.recover]) if (p > 0) earliest.atFloat(y0 + (Y * S) / (T * p));
    if (input.active("O6", org.orgId)) {
      // a warning that exists stores the members behind pace (its pace is derived when shown,
      // ADR 1065): a member falls behind when seconds < target · e · 0.75
      if (input.aheadRatio !== null) earliest.atFloat(y0 + (Y * input.aheadRatio) / 0.75);
    }
  }

  // O5 (and O7's count of members out of touch): whole 30-day months since the latest activity
  const o5 = effectiveThresholds("O5", settings);
  const fires = firstWhole(o5, o5.warn);
  for (const m of input.members) {
    const from = (m.lastActivityAt && m.lastActivityAt > m.joinedOn ? m.lastActivityAt : m.joinedOn).getTime();
    const away = Math.max(0, Math.floor((t0 - from) / MONTH_MS));
    // an existing warning shows the months; otherwise only the condition appearing is a change
    if (input.active("O5", m.memberId)) earliest.at(from + (away + 1) * MONTH_MS);
    else earliest.at(from + Math.max(away + 1, fires) * MONTH_MS);
  }
  // members not listed have no open warning: they matter once the condition appears
  if (input.unlistedFrom) earliest.at(input.unlistedFrom.getTime() + Math.max(1, fires) * MONTH_MS);
  return earliest.next;
}

/**
 * The earliest instant after `t0` seen so far (a class, not closures made per call: tsx, which runs
 * the services, names every function it creates at run time, and a pass over the region asks
 * this for 250k organisations).
 */
class Earliest {
  constructor(
    private readonly t0: number,
    public next: number,
  ) {}
  at(ms: number): void {
    if (ms > this.t0 && ms < this.next) this.next = ms;
  }
  /** an instant computed in floating point: brought forward, and "now" when it may just have passed */
  atFloat(ms: number): void {
    if (Number.isFinite(ms) && ms > this.t0 - FLOAT_MARGIN_MS) this.at(Math.max(this.t0 + 1, ms - FLOAT_MARGIN_MS));
  }
}
