// The platform defaults exist twice on purpose: the db package's seed writes them as rows and may
// not depend on core; core keeps them for a database that was never seeded. They must not drift.
import { describe, expect, it } from "vitest";
import { DEFAULT_CADENCE, DEFAULT_THEME_DAY_ACTIONS } from "@dangjian/core";
import { DEFAULT_CADENCE_RULES, DEFAULT_THEME_DAY_ACTIONS as SEEDED_ACTIONS } from "@dangjian/seed";

const normalise = (rules: readonly object[]) =>
  rules.map((r) => ({
    fixedDay: null,
    quorumRatio: null,
    perMember: false,
    ...Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)),
  }));

describe("platform defaults", () => {
  it("the seeded cadence rules are core's defaults", () => {
    expect(normalise(DEFAULT_CADENCE_RULES)).toEqual(normalise(DEFAULT_CADENCE));
  });

  it("the seeded theme-day actions are core's defaults (5 required)", () => {
    expect(SEEDED_ACTIONS).toEqual(DEFAULT_THEME_DAY_ACTIONS);
    expect(SEEDED_ACTIONS.filter((a) => a.required)).toHaveLength(5);
  });
});
