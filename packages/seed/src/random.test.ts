import { describe, expect, it } from "vitest";
import { hashString, mulberry32, Random } from "./random.ts";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("seeded PRNG", () => {
  it("gives the same sequence for the same seed and a different one for another seed", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const seqA = Array.from({ length: 100 }, () => a());
    const seqB = Array.from({ length: 100 }, () => b());
    const seqC = Array.from({ length: 100 }, () => c());
    expect(seqA).toEqual(seqB);
    expect(seqA).not.toEqual(seqC);
    for (const x of seqA) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });

  it("is pinned: a change of algorithm would silently change every demo id", () => {
    const rng = mulberry32(1);
    expect(Array.from({ length: 3 }, () => rng().toFixed(10))).toEqual([
      "0.6270739406",
      "0.0027357212",
      "0.5274470400",
    ]);
    expect(hashString("ids")).toBe(hashString("ids"));
    expect(hashString("ids")).not.toBe(hashString("life"));
  });

  it("forks independent, reproducible streams", () => {
    const root = new Random(7);
    const ids1 = root.fork("ids");
    const ids2 = new Random(7).fork("ids");
    const life = root.fork("life");
    const a = Array.from({ length: 20 }, () => ids1.next());
    expect(Array.from({ length: 20 }, () => ids2.next())).toEqual(a);
    expect(Array.from({ length: 20 }, () => life.next())).not.toEqual(a);
  });

  it("draws integers inclusively within range, picks and weights sensibly", () => {
    const rng = new Random(2026);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const n = rng.int(3, 6);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(6);
      seen.add(n);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
    let heavy = 0;
    for (let i = 0; i < 2000; i++)
      if (
        rng.weighted([
          ["a", 9],
          ["b", 1],
        ] as const) === "a"
      )
        heavy++;
    expect(heavy / 2000).toBeGreaterThan(0.85);
    expect(heavy / 2000).toBeLessThan(0.95);
    expect(rng.shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(() => rng.pick([])).toThrow(RangeError);
    expect(rng.digits(10)).toMatch(/^\d{10}$/);
  });

  it("makes well-formed, unique, reproducible v4-shaped UUIDs", () => {
    const a = new Random(99);
    const b = new Random(99);
    const ids = Array.from({ length: 5000 }, () => a.uuid());
    for (const id of ids) expect(id).toMatch(UUID_V4);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Array.from({ length: 5000 }, () => b.uuid())).toEqual(ids);
  });
});
