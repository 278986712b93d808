import { describe, expect, it } from "vitest";
import { consecutiveUnpaidMonths, duesRate, monthlyDuesFen } from "./dues.ts";

describe("dues brackets (every row of the 2008 table and its boundaries)", () => {
  it.each([
    [100_000, 0.005],
    [300_000, 0.005],
    [300_001, 0.01],
    [500_000, 0.01],
    [500_001, 0.015],
    [1_000_000, 0.015],
    [1_000_001, 0.02],
    [5_000_000, 0.02],
  ])("salaried income %i fen → rate %d", (income, rate) => {
    expect(duesRate("SALARIED", income)).toBe(rate);
  });
  it.each([
    [500_000, 0.005],
    [500_001, 0.01],
  ])("retired income %i fen → rate %d", (income, rate) => {
    expect(duesRate("RETIRED", income)).toBe(rate);
  });
  it("computes whole-fen amounts", () => {
    expect(monthlyDuesFen("SALARIED", 456_789)).toBe(4568);
    expect(monthlyDuesFen("SALARIED", 300_000)).toBe(1500);
    expect(monthlyDuesFen("RETIRED", 420_000)).toBe(2100);
  });
  it("uses flat amounts for farmers, students, unemployed and allowance recipients", () => {
    expect(monthlyDuesFen("FARMER", null)).toBe(100);
    expect(monthlyDuesFen("FARMER", null, 20)).toBe(20);
    expect(monthlyDuesFen("STUDENT", null)).toBe(20);
    expect(monthlyDuesFen("UNEMPLOYED", null)).toBe(20);
    expect(monthlyDuesFen("MINIMUM_ALLOWANCE", null)).toBe(20);
  });
  it("refuses absurd input", () => {
    expect(() => monthlyDuesFen("SALARIED", -1)).toThrow(RangeError);
    expect(() => monthlyDuesFen("SALARIED", null)).toThrow(RangeError);
    expect(() => monthlyDuesFen("SALARIED", 1.5)).toThrow(RangeError);
    expect(() => monthlyDuesFen("FARMER", null, 500)).toThrow(RangeError);
  });
});

describe("consecutiveUnpaidMonths", () => {
  it("counts back from the last due month to the last paid one", () => {
    const paid = new Set(["2026-05", "2026-06", "2026-07"]);
    expect(consecutiveUnpaidMonths(paid, "2026-10", "2026-01")).toBe(3);
    expect(consecutiveUnpaidMonths(paid, "2026-07", "2026-01")).toBe(0);
  });
  it("stops at the first month dues were owed", () => {
    expect(consecutiveUnpaidMonths(new Set(), "2026-10", "2026-08")).toBe(3);
  });
});
