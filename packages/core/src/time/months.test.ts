import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { addMonths, completedYears, isMonthKey, monthKey, monthsBetween, monthStart, partyAgeYears } from "./months.ts";

describe("month keys", () => {
  it("formats and parses", () => {
    expect(monthKey(new Date("2026-03-31T23:00:00Z"))).toBe("2026-03");
    expect(monthStart("2026-12").toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(isMonthKey("2026-13")).toBe(false);
    expect(() => monthStart("2026-1")).toThrow(RangeError);
  });
  it("adds months across years", () => {
    expect(addMonths("2026-11", 3)).toBe("2027-02");
    expect(addMonths("2026-01", -1)).toBe("2025-12");
  });
  it("addMonths and monthsBetween are inverse", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1990, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: -500, max: 500 }),
        (y, m, n) => {
          const key = `${y}-${String(m).padStart(2, "0")}`;
          expect(monthsBetween(key, addMonths(key, n))).toBe(n);
        },
      ),
    );
  });
});

describe("party age", () => {
  it("counts completed years since becoming a full member", () => {
    const full = new Date("2000-07-01T00:00:00Z");
    expect(partyAgeYears(full, new Date("2026-06-30T00:00:00Z"))).toBe(25);
    expect(partyAgeYears(full, new Date("2026-07-01T00:00:00Z"))).toBe(26);
  });
  it("is zero for probationary members", () => {
    expect(partyAgeYears(null, new Date())).toBe(0);
  });
  it("never goes negative", () => {
    expect(completedYears(new Date("2030-01-01"), new Date("2026-01-01"))).toBe(0);
  });
});
