import { describe, expect, it } from "vitest";
import { advance } from "./lifecycle.ts";
import { AREA_MIN_BRANCHES, evaluateAreas, type AreaSignals } from "./areas.ts";

const ids = (n: number) => Array.from({ length: n }, (_, i) => `b${i}`);
const area = (branches: number, critical: AreaSignals["critical"]): AreaSignals => ({
  areaId: "t1",
  branches,
  critical,
});

describe("township-wide warnings (inhibition)", () => {
  it("fires critical when at least half of the branches, and at least three, are critical on the rule", () => {
    const [r] = evaluateAreas([area(10, { O2: ids(5) })]);
    expect(r).toMatchObject({
      ruleId: "O2",
      subjectType: "AREA",
      subjectId: "t1",
      orgId: "t1",
      condition: "CRITICAL",
      recovered: false,
      value: 0.5,
    });
    expect(r!.params).toMatchObject({ count: 5, total: 10, share: 50, rule: "出勤率偏低" });
    expect(r!.evidence).toEqual({ branches: ids(5), total: 10 });
  });

  it("does not fire below half, nor for fewer than three branches however large the share", () => {
    expect(evaluateAreas([area(10, { O1: ids(4) })])[0]).toMatchObject({ condition: null, recovered: false });
    expect(evaluateAreas([area(10, { O1: ids(3) })])[0]).toMatchObject({ condition: null, recovered: true });
    expect(evaluateAreas([area(4, { O4: ids(AREA_MIN_BRANCHES - 1) })])[0]).toMatchObject({
      condition: null,
      recovered: true,
    });
    expect(evaluateAreas([area(3, { O4: ids(3) })])[0]).toMatchObject({ condition: "CRITICAL" });
  });

  it("keeps the hysteresis: between 40 % and 50 % a firing area warning is not yet recovered", () => {
    const fired = advance(null, evaluateAreas([area(10, { O2: ids(6) })])[0]!, 0, new Date("2026-11-01T00:00:00Z"))!;
    expect(fired.next.state).toBe("FIRING");
    const between = evaluateAreas([area(10, { O2: ids(4) })])[0]!;
    expect(between).toMatchObject({ condition: null, recovered: false });
    expect(advance(fired.next, between, 0, new Date("2026-11-02T00:00:00Z"))!.next.state).toBe("RECOVERING");
    const below = evaluateAreas([area(10, { O2: ids(3) })])[0]!;
    expect(below.recovered).toBe(true);
  });

  it("says nothing for rules with no critical branch, and judges each rule on its own", () => {
    const results = evaluateAreas([area(6, { O1: ids(3), O7: ids(1) })]);
    expect(results.map((r) => [r.ruleId, r.condition])).toEqual([
      ["O1", "CRITICAL"],
      ["O7", null],
    ]);
    expect(evaluateAreas([area(6, {})])).toEqual([]);
    expect(evaluateAreas([area(0, {})])).toEqual([]);
  });
});
