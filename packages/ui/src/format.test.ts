import { describe, expect, it } from "vitest";
import { formatDateTime, formatDay, formatMonth, minutesFromSeconds } from "./format.ts";

describe("date formatting", () => {
  it("shows calendar dates as stored", () => {
    expect(formatDay(new Date("2021-07-01T00:00:00Z"))).toBe("2021年7月1日");
  });

  it("shows times in China Standard Time whatever the process time zone", () => {
    // 2026-03-07 06:30 UTC is 14:30 on a Saturday in Beijing; 20:00 UTC rolls over to the next day.
    expect(formatDateTime(new Date("2026-03-07T06:30:00Z"))).toBe("2026年3月7日（星期六）14:30");
    expect(formatDateTime(new Date("2026-03-07T20:05:00Z"))).toBe("2026年3月8日（星期日）04:05");
  });

  it("formats dues months and durations", () => {
    expect(formatMonth("2026-01")).toBe("2026年1月");
    expect(formatMonth("soon")).toBe("soon");
    expect(minutesFromSeconds(0)).toBe(0);
    expect(minutesFromSeconds(20)).toBe(1);
    expect(minutesFromSeconds(5430)).toBe(91);
  });
});
