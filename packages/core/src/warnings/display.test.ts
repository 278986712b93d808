// ADR 1065: a warning stores figures that do not move with the clock, and the figures it shows
// are derived when shown. Whatever instant it is read at, it must show what a judgement at that
// instant would say: the pace against the pro-rata target (O6), the tie's decayed strength (T1–T4).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { addMonths, monthKey } from "../time/months.ts";
import { decayedStrength } from "../network/graph.ts";
import { t } from "../messages/index.ts";
import { analyseNetwork, evaluateNetwork, evaluateOrg, type OrgSignals } from "./evaluate.ts";
import { shownEvidence, shownFigures } from "./display.ts";

const DAY = 86_400_000;
const YEAR_2026 = Date.UTC(2026, 0, 1);

function org(now: Date, seconds: number, target: number, behind: number): OrgSignals {
  const months = Array.from({ length: 13 }, (_, i) => addMonths(monthKey(now), i - 12));
  return {
    orgId: "o1",
    months,
    held: {
      BRANCH_ASSEMBLY: months.map(() => 1),
      COMMITTEE_MEETING: months.map(() => 1),
      PARTY_LECTURE: months.map(() => 1),
      THEME_DAY: months.map(() => 1),
    },
    expected: months.map(() => 10),
    present: months.map(() => 9),
    leave: months.map(() => 0),
    hasCommittee: true,
    memberCount: 10,
    studySecondsYear: seconds,
    studyTargetSecondsYear: target,
    membersBehindPace: behind,
    lastActivityAt: new Date(now.getTime() - DAY),
  };
}

describe("figures shown at the instant of reading (ADR 1065)", () => {
  it("O6: stored at one instant, shown at a later one, it says what a judgement then says", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: YEAR_2026 + DAY, max: YEAR_2026 + 360 * DAY }),
        fc.integer({ min: 0, max: 5 * DAY }),
        fc.integer({ min: 0, max: 600 * 3600 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
        (stored, later, seconds, members, behind) => {
          const target = members * 32 * 3600;
          const then = new Date(stored);
          const at = new Date(stored + later);
          const o6 = (d: Date) =>
            evaluateOrg(org(d, seconds, target, behind), [], undefined, d).results.find((r) => r.ruleId === "O6")!;
          const kept = o6(then);
          expect(kept.ruleId).toBe("O6");
          // what it stores does not depend on the instant of the judgement
          expect(o6(at).params).toEqual(kept.params);
          expect(o6(at).value).toBe(kept.value);
          const fresh = o6(at);
          const shown = shownFigures("O6", kept.params, kept.value, at);
          const pace = seconds / (target * ((at.getTime() - YEAR_2026) / (Date.UTC(2027, 0, 1) - YEAR_2026)));
          expect(shown.params).toEqual({ pace: Math.round(pace * 100), behind });
          expect(shown.value).toBe(Math.round(pace * 1000) / 1000);
          // and the message reads the same as one formatted from a judgement at that instant
          expect(t("warnings.msg.O6", shown.params)).toBe(
            t("warnings.msg.O6", shownFigures("O6", fresh.params, fresh.value, at).params),
          );
          expect(t("warnings.msg.O6", shown.params)).toContain(`${Math.round(pace * 100)}%`);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("O6 after its year ended shows that whole year's pace, and its evidence the pro-rata target now", () => {
    const kept = evaluateOrg(
      org(new Date("2026-12-20T00:00:00Z"), 16 * 3600, 32 * 3600, 1),
      [],
      undefined,
      new Date("2026-12-20T00:00:00Z"),
    ).results.find((r) => r.ruleId === "O6")!;
    expect(shownFigures("O6", kept.params, kept.value, new Date("2027-01-01T01:00:00Z")).params.pace).toBe(50);
    const mid = new Date("2026-07-02T12:00:00Z"); // half the year
    expect(shownEvidence("O6", kept.params, kept.evidence, mid).targetHours).toBeCloseTo(16, 0);
  });

  it("T1–T4: the strength shown is the stored strength decayed to the instant of reading", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 4, noNaN: true }),
        fc.integer({ min: 0, max: 400 * DAY }),
        fc.integer({ min: 0, max: 60 * DAY }),
        (base, age, later) => {
          const setAt = new Date(Date.UTC(2026, 0, 1));
          const then = new Date(setAt.getTime() + age);
          const at = new Date(then.getTime() + later);
          // a bridge between two pairs, weak enough to warn at some instant
          const net = (d: Date) => {
            const input = {
              orgIds: ["a", "b", "c"],
              links: [
                {
                  id: "ab",
                  a: 0,
                  b: 1,
                  strength: decayedStrength(base, setAt, d),
                  since: { strength: base, at: setAt },
                },
                { id: "bc", a: 1, b: 2, strength: 3, since: { strength: 3, at: d } },
              ],
            };
            return evaluateNetwork(input, analyseNetwork(input), new Map(), undefined).filter(
              (r) => r.subjectId === "ab",
            );
          };
          const kept = net(then);
          const fresh = new Map(net(at).map((r) => [r.ruleId, r]));
          const strength = decayedStrength(base, setAt, at);
          for (const r of kept) {
            expect(r.params).toEqual(fresh.get(r.ruleId)!.params); // stored: not moving with the clock
            const shown = shownFigures(r.ruleId, r.params, r.value, at);
            expect(shown.params).toEqual({ strength: Math.round(strength * 100) / 100, common: r.params.common });
            expect(shown.value).toBe(Math.round(strength * 1000) / 1000);
            expect(shownEvidence(r.ruleId, r.params, r.evidence, at).strength).toBe(shown.value);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("warnings stored in the shown form (before ADR 1065) and other rules pass through", () => {
    const now = new Date("2026-12-02T00:00:00Z");
    expect(shownFigures("O6", { pace: 40, behind: 3 }, 0.4, now)).toEqual({
      params: { pace: 40, behind: 3 },
      value: 0.4,
    });
    expect(shownFigures("T1", { strength: 0.3, common: 0 }, 0.3, now)).toEqual({
      params: { strength: 0.3, common: 0 },
      value: 0.3,
    });
    expect(shownFigures("O2", { rate: 60 }, 0.6, now)).toEqual({ params: { rate: 60 }, value: 0.6 });
  });
});
