import { describe, expect, it } from "vitest";
import { LOGIN_THROTTLE, loginWaitMinutes } from "./throttle.ts";

const now = new Date("2026-11-22T10:00:00Z");
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

describe("loginWaitMinutes", () => {
  it("allows fewer than five recent failures", () => {
    expect(loginWaitMinutes([1, 2, 3, 4].map(minutesAgo), now)).toBe(0);
  });
  it("blocks the sixth attempt until the oldest counted failure leaves the window", () => {
    expect(loginWaitMinutes([1, 2, 3, 4, 10].map(minutesAgo), now)).toBe(5);
  });
  it("ignores failures older than the window", () => {
    expect(loginWaitMinutes([1, 2, 3, 4, 16, 20].map(minutesAgo), now)).toBe(0);
  });
  it("waits at least one minute when blocked", () => {
    const justInside = now.getTime() - LOGIN_THROTTLE.windowMs + 1000;
    expect(loginWaitMinutes([new Date(justInside), ...[1, 2, 3, 4].map(minutesAgo)], now)).toBe(1);
  });
});
