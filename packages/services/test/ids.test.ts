import { validate, version } from "uuid";
import { afterEach, describe, expect, it, vi } from "vitest";
import { timeOrderedId } from "../src/ids.ts";

/** the millisecond a UUIDv7 carries in its first 48 bits */
const msecsOf = (id: string) => parseInt(id.replace(/-/g, "").slice(0, 12), 16);
/** the last 48 bits: 42 random in every id, and the counter's lowest six */
const tailOf = (id: string) => id.slice(-12);

describe("time-ordered ids from pooled randomness (ADR 1076)", () => {
  afterEach(() => vi.restoreAllMocks());

  it("are version 7 UUIDs, each after the one before, carrying the time they were made", () => {
    const before = Date.now();
    // many pool refills (256 ids each) and thousands of ids per millisecond
    const ids = Array.from({ length: 200_000 }, () => timeOrderedId());
    const after = Date.now();
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (!validate(id) || version(id) !== 7) expect.fail(`not a UUIDv7: ${id}`);
      if (i > 0 && !(ids[i - 1]! < id)) expect.fail(`out of order at ${i}: ${ids[i - 1]} then ${id}`);
    }
    expect(msecsOf(ids[0]!)).toBeGreaterThanOrEqual(before);
    // the counter may carry into the next millisecond, never further than the ids made
    expect(msecsOf(ids.at(-1)!)).toBeLessThanOrEqual(after + 1);
  });

  it("never reuses the pool's random bytes", () => {
    const ids = Array.from({ length: 100_000 }, () => timeOrderedId());
    // a repeated pool would give at most 256 distinct random parts (times the counter's 64 values)
    const tails = new Set(ids.map(tailOf));
    expect(tails.size).toBeGreaterThan(ids.length * 0.999);
  });

  it("stays in order when the clock stands still or steps back", () => {
    const clock = vi.spyOn(Date, "now");
    const start = Date.now() + 60_000;
    const times = [start, start, start, start - 5_000, start - 5_000, start + 1, start + 1, start - 1];
    const ids = times.map((t) => {
      clock.mockReturnValue(t);
      return timeOrderedId();
    });
    for (let i = 1; i < ids.length; i++) expect(ids[i - 1]! < ids[i]!).toBe(true);
    // a step back keeps the last millisecond and counts on; a later one is taken as it comes
    expect(ids.map(msecsOf)).toEqual([start, start, start, start, start, start + 1, start + 1, start + 1]);
  });
});
