// The full pass's hand-written decoders (ADR 1067) read exactly what the plain ones read.
import { describe, expect, it } from "vitest";
import { layFacts } from "../src/warnings/signals.ts";

const FIELDS = ["assembly", "committee", "lecture", "theme", "expected", "present", "on_leave"] as const;
type Laid = Record<(typeof FIELDS)[number], number[]>;
const empty = (n: number): Laid => Object.fromEntries(FIELDS.map((f) => [f, new Array<number>(n).fill(0)])) as Laid;

/** the decoding as written before ADR 1067: split, Number, laid out on the window */
function reference(facts: string, first: number, n: number): Laid {
  const raw = empty(n);
  for (const fact of facts.split(";")) {
    const values = fact.split(",").map(Number);
    const i = values[0]! - first;
    if (i < 0 || i >= n) continue;
    FIELDS.forEach((f, k) => (raw[f][i] = values[k + 1]!));
  }
  return raw;
}

/** mulberry32: deterministic cases without a property-testing library */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("an organisation's facts text", () => {
  const first = 2025 * 12 + 11;
  const random = rng(14_05);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const check = (text: string) => {
    const window = Array.from({ length: 7 }, () => new Array<number>(13).fill(0));
    layFacts(text, first, window);
    expect(Object.fromEntries(FIELDS.map((f, k) => [f, window[k]]))).toEqual(reference(text, first, 13));
  };
  it("is laid out on the window as split and Number lay it out", () => {
    for (let run = 0; run < 2000; run++) {
      const facts = Array.from({ length: int(1, 16) }, () =>
        [int(first - 3, first + 15), ...Array.from({ length: 7 }, () => int(0, int(0, 1) ? 3 : 100_000))].join(","),
      );
      check(facts.join(";"));
    }
  });
  it("odd fields (negative, empty, not a number, too few or many) read as Number reads them", () => {
    const odd = ["-3", "", "x", "1.5", "007", "-", "1-2", "99999999999999999", " 4", "1e3", "--1"];
    for (let run = 0; run < 2000; run++) {
      const facts = Array.from({ length: int(1, 6) }, () =>
        [
          String(int(first, first + 12)),
          ...Array.from({ length: int(0, 9) }, () =>
            int(0, 2) === 0 ? odd[int(0, odd.length - 1)]! : String(int(0, 50)),
          ),
        ].join(","),
      );
      check(facts.join(";"));
    }
  });
});
