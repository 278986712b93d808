import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  DEFAULT_CADENCE,
  countInPeriod,
  evaluateCadence,
  evaluatePeriod,
  fixedDayDeadline,
  isQuorate,
  periodContaining,
  periodsOverlapping,
  quorumNeeded,
  resolveRules,
  validateCadenceRule,
  viewWindow,
  type CadenceRuleInput,
  type HeldMeetingInput,
} from "./cadence.ts";

const d = (s: string) => new Date(`${s}T00:00:00Z`);
const rule = (meetingType: CadenceRuleInput["meetingType"]) =>
  DEFAULT_CADENCE.find((r) => r.meetingType === meetingType)!;

describe("periods", () => {
  it("aligns months, quarters, half years and years to January", () => {
    expect(periodContaining(d("2026-05-20"), 1)).toEqual({ start: d("2026-05-01"), end: d("2026-06-01") });
    expect(periodContaining(d("2026-05-20"), 3)).toEqual({ start: d("2026-04-01"), end: d("2026-07-01") });
    expect(periodContaining(d("2026-05-20"), 6)).toEqual({ start: d("2026-01-01"), end: d("2026-07-01") });
    expect(periodContaining(d("2026-12-31"), 12)).toEqual({ start: d("2026-01-01"), end: d("2027-01-01") });
  });

  it("lists the rule periods a view overlaps", () => {
    const year = viewWindow("year", d("2026-05-20"));
    expect(periodsOverlapping(year, "MONTH")).toHaveLength(12);
    expect(periodsOverlapping(year, "QUARTER")).toHaveLength(4);
    expect(periodsOverlapping(year, "HALF_YEAR")).toHaveLength(2);
    // a quarterly rule seen in a month view is the whole quarter
    expect(periodsOverlapping(viewWindow("month", d("2026-05-20")), "QUARTER")).toEqual([
      { start: d("2026-04-01"), end: d("2026-07-01") },
    ]);
    // a yearly rule seen in a quarter view is the year
    expect(periodsOverlapping(viewWindow("quarter", d("2026-05-20")), "YEAR")).toEqual([
      { start: d("2026-01-01"), end: d("2027-01-01") },
    ]);
  });

  it("every instant lies in exactly one period of each length", () => {
    fc.assert(
      fc.property(
        fc.date({ min: d("2000-01-01"), max: d("2100-01-01"), noInvalidDate: true }),
        fc.constantFrom(1, 3, 6, 12),
        (at, months) => {
          const p = periodContaining(at, months);
          return p.start <= at && at < p.end && periodContaining(p.end, months).start.getTime() === p.end.getTime();
        },
      ),
    );
  });
});

describe("fixed day (theme day on the 7th)", () => {
  it("is due through the end of the 7th", () => {
    expect(fixedDayDeadline({ start: d("2026-05-01"), end: d("2026-06-01") }, 7)).toEqual(d("2026-05-08"));
    expect(fixedDayDeadline({ start: d("2026-05-01"), end: d("2026-06-01") }, null)).toBeNull();
  });
  it("falls on the last day of a short month", () => {
    expect(fixedDayDeadline({ start: d("2026-02-01"), end: d("2026-03-01") }, 31)).toEqual(d("2026-03-01"));
  });
  it("makes the month overdue once the day has passed without a theme day", () => {
    const month = { start: d("2026-05-01"), end: d("2026-06-01") };
    expect(evaluatePeriod(rule("THEME_DAY"), [], month, new Date("2026-05-07T23:00:00Z"), 10).status).toBe("due");
    expect(evaluatePeriod(rule("THEME_DAY"), [], month, d("2026-05-08"), 10).status).toBe("overdue");
    const held = [{ type: "THEME_DAY" as const, heldAt: new Date("2026-05-07T09:00:00Z") }];
    expect(evaluatePeriod(rule("THEME_DAY"), held, month, d("2026-05-20"), 10).status).toBe("done");
  });
  it("without a fixed day the month is due until it ends", () => {
    const r = { ...rule("THEME_DAY"), fixedDay: null };
    expect(evaluatePeriod(r, [], { start: d("2026-05-01"), end: d("2026-06-01") }, d("2026-05-20"), 10).status).toBe(
      "due",
    );
  });
});

describe("counting", () => {
  const month = { start: d("2026-05-01"), end: d("2026-06-01") };
  it("counts only the rule's type inside the period", () => {
    const meetings: HeldMeetingInput[] = [
      { type: "GROUP_MEETING", heldAt: d("2026-05-02") },
      { type: "GROUP_MEETING", heldAt: d("2026-06-01") },
      { type: "THEME_DAY", heldAt: d("2026-05-07") },
    ];
    expect(countInPeriod(rule("GROUP_MEETING"), meetings, month)).toBe(1);
  });
  it("does not count a committee meeting without a quorum", () => {
    const meetings: HeldMeetingInput[] = [
      { type: "COMMITTEE_MEETING", heldAt: d("2026-05-02"), quorate: false },
      { type: "COMMITTEE_MEETING", heldAt: d("2026-05-12"), quorate: true },
    ];
    expect(countInPeriod(rule("COMMITTEE_MEETING"), meetings, month)).toBe(1);
    expect(evaluatePeriod(rule("COMMITTEE_MEETING"), meetings.slice(0, 1), month, d("2026-06-02"), 5).status).toBe(
      "overdue",
    );
  });
  it("counts talks per member: done only when every member had one", () => {
    const year = { start: d("2026-01-01"), end: d("2027-01-01") };
    const talks: HeldMeetingInput[] = [
      { type: "TALK", heldAt: d("2026-03-01"), presentMemberIds: ["a", "b"] },
      { type: "TALK", heldAt: d("2026-04-01"), presentMemberIds: ["b"] },
    ];
    expect(countInPeriod(rule("TALK"), talks, year)).toBe(2);
    expect(evaluatePeriod(rule("TALK"), talks, year, d("2026-05-01"), 3)).toMatchObject({
      status: "due",
      count: 2,
      required: 3,
    });
    expect(evaluatePeriod(rule("TALK"), talks, year, d("2026-05-01"), 2).status).toBe("done");
  });
  it("honours minCount (a region that wants two lectures a half year)", () => {
    const r: CadenceRuleInput = { meetingType: "PARTY_LECTURE", period: "HALF_YEAR", minCount: 2 };
    const half = { start: d("2026-01-01"), end: d("2026-07-01") };
    const one = [{ type: "PARTY_LECTURE" as const, heldAt: d("2026-02-01") }];
    expect(evaluatePeriod(r, one, half, d("2026-07-02"), 1)).toMatchObject({
      status: "overdue",
      count: 1,
      required: 2,
    });
    expect(evaluatePeriod(r, [...one, ...one], half, d("2026-07-02"), 1).status).toBe("done");
  });
});

describe("evaluateCadence", () => {
  it("summarises the year: past months done or overdue, this month due, later months upcoming", () => {
    const now = new Date("2026-05-05T10:00:00Z");
    const meetings: HeldMeetingInput[] = [1, 2, 4].map((m) => ({
      type: "THEME_DAY" as const,
      heldAt: d(`2026-0${m}-07`),
    }));
    const [theme] = evaluateCadence({ rules: [rule("THEME_DAY")], meetings, view: "year", now, memberCount: 10 });
    expect(theme).toMatchObject({ meetingType: "THEME_DAY", done: 3, overdue: 1, due: 1, upcoming: 7 });
    expect(theme!.periods[2]!.status).toBe("overdue");
  });
  it("gives every default rule a row in the month view", () => {
    const rows = evaluateCadence({
      rules: DEFAULT_CADENCE,
      meetings: [],
      view: "month",
      now: d("2026-05-15"),
      memberCount: 4,
    });
    expect(rows.map((r) => r.meetingType)).toEqual(DEFAULT_CADENCE.map((r) => r.meetingType));
    for (const row of rows) expect(row.done + row.due + row.overdue + row.upcoming).toBe(row.periods.length);
    // the theme day's 7th has passed
    expect(rows.find((r) => r.meetingType === "THEME_DAY")!.overdue).toBe(1);
    expect(rows.find((r) => r.meetingType === "BRANCH_ASSEMBLY")!.due).toBe(1);
  });
});

describe("resolveRules", () => {
  const rows = [
    { orgId: null, meetingType: "THEME_DAY" as const, fixedDay: 7 },
    { orgId: null, meetingType: "GROUP_MEETING" as const, fixedDay: null },
    { orgId: "county", meetingType: "THEME_DAY" as const, fixedDay: 15 },
    { orgId: "town", meetingType: "THEME_DAY" as const, fixedDay: 10 },
    { orgId: "elsewhere", meetingType: "GROUP_MEETING" as const, fixedDay: 3 },
  ];
  it("takes the nearest committee's override, else the default", () => {
    const resolved = resolveRules(rows, ["branch", "town", "county", "city"]);
    expect(resolved.find((r) => r.meetingType === "THEME_DAY")!.fixedDay).toBe(10);
    expect(resolved.find((r) => r.meetingType === "GROUP_MEETING")!.orgId).toBeNull();
  });
  it("ignores overrides of organisations off the path", () => {
    expect(resolveRules(rows, ["branch", "county"]).find((r) => r.meetingType === "THEME_DAY")!.fixedDay).toBe(15);
    expect(resolveRules(rows, ["branch"]).every((r) => r.orgId === null)).toBe(true);
  });
});

describe("quorum", () => {
  it("needs more than half of the committee", () => {
    expect(isQuorate(3, 5, 0.5)).toBe(true);
    expect(isQuorate(2, 4, 0.5)).toBe(false);
    expect(isQuorate(3, 4, 0.5)).toBe(true);
    expect(isQuorate(0, 0, 0.5)).toBe(false);
    expect(isQuorate(0, 3, null)).toBe(true);
    expect(quorumNeeded(5, 0.5)).toBe(3);
    expect(quorumNeeded(4, 0.5)).toBe(3);
    expect(quorumNeeded(4, null)).toBe(0);
  });
  it("quorumNeeded is the least present count that is quorate", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        (expected, ratio) => {
          const need = quorumNeeded(expected, ratio);
          return isQuorate(need, expected, ratio) && !isQuorate(need - 1, expected, ratio);
        },
      ),
    );
  });
});

describe("validateCadenceRule", () => {
  it("accepts sane rules and names what is wrong", () => {
    expect(validateCadenceRule({ period: "MONTH", minCount: 1, fixedDay: 7 })).toBeNull();
    expect(validateCadenceRule({ period: "MONTH", minCount: 0 })).toBe("orglife.ruleMinCount");
    expect(validateCadenceRule({ period: "MONTH", minCount: 1, fixedDay: 32 })).toBe("orglife.ruleFixedDay");
    expect(validateCadenceRule({ period: "MONTH", minCount: 1, quorumRatio: 1 })).toBe("orglife.ruleQuorum");
  });
});
