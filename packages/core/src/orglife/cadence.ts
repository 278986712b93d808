// The cadence evaluator: given the rules in force and the meetings a branch held, what is done,
// due and overdue in this month / quarter / year, per meeting type. Pure; the service loads the
// rules (nearest committee override, else platform default) and the meetings.
// Periods are calendar periods in UTC, the same calendar as OrgMonthFact's month keys.

export const MEETING_TYPES = [
  "BRANCH_ASSEMBLY",
  "COMMITTEE_MEETING",
  "GROUP_MEETING",
  "PARTY_LECTURE",
  "THEME_DAY",
  "LIFE_MEETING",
  "APPRAISAL",
  "TALK",
  "JOINT_ACTIVITY",
  "VOLUNTEER",
] as const;
export type MeetingTypeName = (typeof MEETING_TYPES)[number];

export const CADENCE_PERIODS = ["MONTH", "QUARTER", "HALF_YEAR", "YEAR"] as const;
export type CadencePeriodName = (typeof CADENCE_PERIODS)[number];

export interface CadenceRuleInput {
  meetingType: MeetingTypeName;
  period: CadencePeriodName;
  minCount: number;
  /** the meeting must be held by this day of the month (theme day on the 7th) */
  fixedDay?: number | null;
  /** share of the expected list that must be present, strictly more than (0.5 = "more than half") */
  quorumRatio?: number | null;
  /** counted per member (heart-to-heart talks): every member at least minCount times */
  perMember?: boolean;
}

/** The platform defaults of docs/domain.md; the seed writes the same rows (orgId null). */
export const DEFAULT_CADENCE: readonly CadenceRuleInput[] = [
  { meetingType: "BRANCH_ASSEMBLY", period: "QUARTER", minCount: 1 },
  { meetingType: "COMMITTEE_MEETING", period: "MONTH", minCount: 1, quorumRatio: 0.5 },
  { meetingType: "GROUP_MEETING", period: "MONTH", minCount: 1 },
  { meetingType: "PARTY_LECTURE", period: "QUARTER", minCount: 1 },
  { meetingType: "THEME_DAY", period: "MONTH", minCount: 1, fixedDay: 7 },
  { meetingType: "LIFE_MEETING", period: "YEAR", minCount: 1 },
  { meetingType: "APPRAISAL", period: "YEAR", minCount: 1 },
  { meetingType: "TALK", period: "YEAR", minCount: 1, perMember: true },
];

export interface HeldMeetingInput {
  type: MeetingTypeName;
  heldAt: Date;
  /** false when a quorum rule applies and too few were present; such a meeting does not count */
  quorate?: boolean;
  /** members present (talks count people, not meetings) */
  presentMemberIds?: readonly string[];
}

export interface Period {
  start: Date;
  /** exclusive */
  end: Date;
}

export type PeriodStatus = "done" | "due" | "overdue" | "upcoming";

export interface PeriodResult extends Period {
  status: PeriodStatus;
  /** meetings (or, per member, people) that count */
  count: number;
  required: number;
  /** the fixed-day deadline inside the period, if any */
  deadline: Date | null;
}

export type ViewName = "month" | "quarter" | "year";
export const VIEWS: readonly ViewName[] = ["month", "quarter", "year"];

export interface TypeSummary {
  meetingType: MeetingTypeName;
  period: CadencePeriodName;
  periods: PeriodResult[];
  done: number;
  due: number;
  overdue: number;
  upcoming: number;
}

const MONTHS_OF: Record<CadencePeriodName, number> = { MONTH: 1, QUARTER: 3, HALF_YEAR: 6, YEAR: 12 };
const VIEW_MONTHS: Record<ViewName, number> = { month: 1, quarter: 3, year: 12 };

/** The calendar period of `months` length (1, 3, 6, 12; aligned to January) containing `at`. */
export function periodContaining(at: Date, months: number): Period {
  const year = at.getUTCFullYear();
  const first = Math.floor(at.getUTCMonth() / months) * months;
  return { start: new Date(Date.UTC(year, first, 1)), end: new Date(Date.UTC(year, first + months, 1)) };
}

export function viewWindow(view: ViewName, now: Date): Period {
  return periodContaining(now, VIEW_MONTHS[view]);
}

/** The rule periods that overlap a window: a quarterly rule seen in a month view is that month's quarter. */
export function periodsOverlapping(window: Period, period: CadencePeriodName): Period[] {
  const months = MONTHS_OF[period];
  const out: Period[] = [];
  let cursor = periodContaining(window.start, months);
  while (cursor.start < window.end) {
    out.push(cursor);
    cursor = periodContaining(cursor.end, months);
  }
  return out;
}

/**
 * The fixed-day deadline of a period: the end of that day in the period's last month for a
 * monthly rule (the 7th → before the 8th). Days past the month's length fall on its last day.
 */
export function fixedDayDeadline(period: Period, fixedDay: number | null | undefined): Date | null {
  if (!fixedDay) return null;
  const lastMonth = new Date(period.end.getTime());
  lastMonth.setUTCMonth(lastMonth.getUTCMonth() - 1);
  const daysInMonth = new Date(Date.UTC(lastMonth.getUTCFullYear(), lastMonth.getUTCMonth() + 1, 0)).getUTCDate();
  const day = Math.min(Math.max(1, fixedDay), daysInMonth);
  return new Date(Date.UTC(lastMonth.getUTCFullYear(), lastMonth.getUTCMonth(), day + 1));
}

/** Meetings (or distinct members for per-member rules) that count toward a rule in a period. */
export function countInPeriod(rule: CadenceRuleInput, meetings: readonly HeldMeetingInput[], period: Period): number {
  const inPeriod = meetings.filter(
    (m) =>
      m.type === rule.meetingType &&
      m.heldAt >= period.start &&
      m.heldAt < period.end &&
      (rule.quorumRatio == null || m.quorate !== false),
  );
  if (rule.perMember) {
    const people = new Map<string, number>();
    for (const m of inPeriod) for (const id of m.presentMemberIds ?? []) people.set(id, (people.get(id) ?? 0) + 1);
    return [...people.values()].filter((n) => n >= rule.minCount).length;
  }
  return inPeriod.length;
}

export function evaluatePeriod(
  rule: CadenceRuleInput,
  meetings: readonly HeldMeetingInput[],
  period: Period,
  now: Date,
  memberCount: number,
): PeriodResult {
  const count = countInPeriod(rule, meetings, period);
  const required = rule.perMember ? memberCount : rule.minCount;
  const deadline = fixedDayDeadline(period, rule.fixedDay);
  let status: PeriodStatus;
  if (count >= required) status = "done";
  else if (period.start > now) status = "upcoming";
  else if (period.end <= now || (deadline !== null && deadline <= now)) status = "overdue";
  else status = "due";
  return { ...period, status, count, required, deadline };
}

/** Per meeting type with a rule: the periods of the view and how many are done, due, overdue. */
export function evaluateCadence(input: {
  rules: readonly CadenceRuleInput[];
  meetings: readonly HeldMeetingInput[];
  view: ViewName;
  now: Date;
  memberCount: number;
}): TypeSummary[] {
  const window = viewWindow(input.view, input.now);
  return input.rules.map((rule) => {
    const periods = periodsOverlapping(window, rule.period).map((p) =>
      evaluatePeriod(rule, input.meetings, p, input.now, input.memberCount),
    );
    const tally = (s: PeriodStatus) => periods.filter((p) => p.status === s).length;
    return {
      meetingType: rule.meetingType,
      period: rule.period,
      periods,
      done: tally("done"),
      due: tally("due"),
      overdue: tally("overdue"),
      upcoming: tally("upcoming"),
    };
  });
}

/**
 * The rule in force for each meeting type: the override of the nearest organisation on the path
 * (the branch itself, then its committees upward), else the platform default.
 * `chain` lists organisation ids nearest first; `rules` carries every candidate row.
 */
export function resolveRules<R extends { orgId: string | null; meetingType: MeetingTypeName }>(
  rules: readonly R[],
  chain: readonly string[],
): R[] {
  const rank = (orgId: string | null) => (orgId === null ? chain.length : chain.indexOf(orgId));
  const best = new Map<MeetingTypeName, R>();
  for (const rule of rules) {
    const r = rank(rule.orgId);
    if (r < 0) continue;
    const current = best.get(rule.meetingType);
    if (!current || r < rank(current.orgId)) best.set(rule.meetingType, rule);
  }
  return MEETING_TYPES.flatMap((type) => (best.has(type) ? [best.get(type)!] : []));
}

/** Quorum: strictly more than `ratio` of the expected list present (支委会 more than half). */
export function isQuorate(present: number, expected: number, ratio: number | null | undefined): boolean {
  if (ratio == null) return true;
  if (expected <= 0) return false;
  return present > expected * ratio;
}

/** The fewest present for a quorum under `ratio`. */
export function quorumNeeded(expected: number, ratio: number | null | undefined): number {
  if (ratio == null || expected <= 0) return 0;
  return Math.floor(expected * ratio) + 1;
}

export function validateCadenceRule(rule: {
  minCount: number;
  fixedDay?: number | null;
  quorumRatio?: number | null;
  period: CadencePeriodName;
}): "orglife.ruleMinCount" | "orglife.ruleFixedDay" | "orglife.ruleQuorum" | null {
  if (!Number.isInteger(rule.minCount) || rule.minCount < 1 || rule.minCount > 31) return "orglife.ruleMinCount";
  if (rule.fixedDay != null && (!Number.isInteger(rule.fixedDay) || rule.fixedDay < 1 || rule.fixedDay > 31))
    return "orglife.ruleFixedDay";
  if (rule.quorumRatio != null && (rule.quorumRatio <= 0 || rule.quorumRatio >= 1)) return "orglife.ruleQuorum";
  return null;
}

/** Theme day "5+N" defaults of docs/domain.md (the seed writes the same rows with orgId null). */
export const DEFAULT_THEME_DAY_ACTIONS: readonly {
  code: string;
  title: string;
  required: boolean;
  sortOrder: number;
}[] = [
  { code: "DUES", title: "现场缴纳党费", required: true, sortOrder: 1 },
  { code: "CONSTITUTION", title: "诵读党章", required: true, sortOrder: 2 },
  { code: "RULES", title: "学习党规党纪", required: true, sortOrder: 3 },
  { code: "LECTURE", title: "讲党课", required: true, sortOrder: 4 },
  { code: "SHARE", title: "党员谈体会", required: true, sortOrder: 5 },
  { code: "OATH", title: "重温入党誓词", required: false, sortOrder: 6 },
  { code: "BIRTHDAY", title: "过政治生日", required: false, sortOrder: 7 },
  { code: "VOLUNTEER", title: "志愿服务", required: false, sortOrder: 8 },
];
