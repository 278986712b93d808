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

describe("the whole table, row by row (amounts at each boundary)", () => {
  it.each([
    ["SALARIED", 0, 0],
    ["SALARIED", 299_999, 1500],
    ["SALARIED", 300_000, 1500],
    ["SALARIED", 300_100, 3001],
    ["SALARIED", 500_000, 5000],
    ["SALARIED", 500_100, 7502],
    ["SALARIED", 1_000_000, 15_000],
    ["SALARIED", 1_000_100, 20_002],
    ["RETIRED", 500_000, 2500],
    ["RETIRED", 500_100, 5001],
  ] as const)("%s %i fen → %i fen a month", (category, income, dues) => {
    expect(monthlyDuesFen(category, income)).toBe(dues);
  });
  it("farmers pay between 0.2 and 1 元", () => {
    expect(monthlyDuesFen("FARMER", null, 20)).toBe(20);
    expect(monthlyDuesFen("FARMER", null, 100)).toBe(100);
    expect(() => monthlyDuesFen("FARMER", null, 19)).toThrow(RangeError);
    expect(() => monthlyDuesFen("FARMER", null, 101)).toThrow(RangeError);
  });
  it("brackets never make a higher income pay less within a category's rate jump", () => {
    // the rate jumps at 3000 / 5000 / 10000 元, so dues just above a bracket exceed dues at its top
    for (const edge of [300_000, 500_000, 1_000_000]) {
      expect(monthlyDuesFen("SALARIED", edge + 1)).toBeGreaterThan(monthlyDuesFen("SALARIED", edge));
    }
  });
});
