import { describe, expect, it } from "vitest";
import { chinaDay, chinaYear, endOfChinaDay, fromChinaDateTime, startOfChinaDay } from "./china.ts";

describe("China time", () => {
  it("a moment after 16:00 UTC is already the next day in China", () => {
    expect(chinaDay(new Date("2026-03-31T15:59:59Z"))).toBe("2026-03-31");
    expect(chinaDay(new Date("2026-03-31T16:00:00Z"))).toBe("2026-04-01");
  });
  it("the year turns eight hours before it does in UTC", () => {
    expect(chinaYear(new Date("2026-12-31T15:59:59Z"))).toBe(2026);
    expect(chinaYear(new Date("2026-12-31T16:00:00Z"))).toBe(2027);
  });
  it("typed dates and times are read as China time", () => {
    expect(fromChinaDateTime("2026-12-05", "09:30")?.toISOString()).toBe("2026-12-05T01:30:00.000Z");
    expect(startOfChinaDay("2026-12-05")?.toISOString()).toBe("2026-12-04T16:00:00.000Z");
    expect(endOfChinaDay("2026-12-05")?.toISOString()).toBe("2026-12-05T15:59:59.000Z");
  });
  it("what does not parse is null, never an invalid date", () => {
    expect(fromChinaDateTime("2026-13-40", "09:30")).toBeNull();
    expect(fromChinaDateTime("2026-12-05", "9:30")).toBeNull();
    expect(fromChinaDateTime("5.12.2026", "09:30")).toBeNull();
    expect(endOfChinaDay("")).toBeNull();
    expect(startOfChinaDay("2026-02-30x")).toBeNull();
  });
});
