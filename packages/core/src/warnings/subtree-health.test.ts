import { describe, expect, it } from "vitest";
import { subtreeHealth } from "./subtree-health.ts";

describe("a committee's health from its subtree", () => {
  it("is the mean of the organisations' scores, with reasons that add up to what the mean lost", () => {
    // three branches: 100, 70 (O1 warning 15 + O6 warning 8 + O5 7), 45 (O1 critical 30, O2 critical 25)
    const h = subtreeHealth({
      scored: 3,
      scoreSum: 100 + 70 + 45,
      previousSum: 100 + 77 + 45,
      reasons: [
        { ruleId: "O1", level: "WARNING", count: 1, penaltySum: 15 },
        { ruleId: "O6", level: "WARNING", count: 1, penaltySum: 8 },
        { ruleId: "O5", level: "WARNING", count: 1, penaltySum: 7 },
        { ruleId: "O1", level: "CRITICAL", count: 1, penaltySum: 30 },
        { ruleId: "O2", level: "CRITICAL", count: 1, penaltySum: 25 },
      ],
    });
    expect(h.score).toBe(72);
    expect(h.previous).toBe(74);
    expect(h.derivedFrom).toBe(3);
    expect(h.reasons.map((r) => `${r.ruleId}/${r.level}`)).toEqual([
      "O1/CRITICAL",
      "O2/CRITICAL",
      "O1/WARNING",
      "O6/WARNING",
      "O5/WARNING",
    ]);
    expect(h.reasons[0]).toEqual({ ruleId: "O1", level: "CRITICAL", count: 1, penalty: 10 });
    const lost = h.reasons.reduce((a, r) => a + r.penalty, 0);
    expect(Math.abs(100 - lost - (100 + 70 + 45) / 3)).toBeLessThan(0.5);
  });

  it("has no score without scored organisations, and no trend when nothing changed", () => {
    expect(subtreeHealth({ scored: 0, scoreSum: 0, previousSum: 0, reasons: [] })).toEqual({
      score: null,
      previous: null,
      derivedFrom: 0,
      reasons: [],
    });
    const same = subtreeHealth({
      scored: 2,
      scoreSum: 180,
      previousSum: 180,
      reasons: [{ ruleId: "O4", level: "WARNING", count: 1, penaltySum: 12 }],
    });
    expect(same.previous).toBeNull();
    expect(same.score).toBe(90);
  });
});
