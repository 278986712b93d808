import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  bridgesAndArticulationPoints,
  bumpStrength,
  buildCsr,
  burtConstraint,
  components,
  coreNumbers,
  decayedStrength,
  GraphInputError,
  localBridgeSpan,
  neighbourhoodOverlap,
  strengthFromActivities,
  whatIfLapse,
  type Csr,
} from "./graph.ts";

function graph(n: number, edges: Array<[number, number]>): Csr {
  return buildCsr(n, Int32Array.from(edges.map((e) => e[0])), Int32Array.from(edges.map((e) => e[1])), {
    checkDuplicates: true,
  });
}

// ── brute-force references ──
function countComponents(n: number, edges: Array<[number, number]>, skipNode = -1): number {
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x]!)));
  for (const [u, v] of edges) if (u !== skipNode && v !== skipNode) parent[find(u)] = find(v);
  const roots = new Set<number>();
  for (let v = 0; v < n; v++) if (v !== skipNode) roots.add(find(v));
  return roots.size;
}
const neighbours = (n: number, edges: Array<[number, number]>): Set<number>[] => {
  const sets = Array.from({ length: n }, () => new Set<number>());
  for (const [u, v] of edges) {
    sets[u]!.add(v);
    sets[v]!.add(u);
  }
  return sets;
};

/** Random simple graphs: n nodes, a subset of the possible pairs. */
const simpleGraph = fc.integer({ min: 1, max: 12 }).chain((n) => {
  const pairs: Array<[number, number]> = [];
  for (let u = 0; u < n; u++) for (let v = u + 1; v < n; v++) pairs.push([u, v]);
  return fc.subarray(pairs).map((edges) => ({
    n,
    edges: edges.map(([u, v]) => ((u * 7 + v) % 2 === 0 ? [u, v] : [v, u]) as [number, number]),
  }));
});

describe("CSR", () => {
  it("rejects self-loops, out-of-range nodes and duplicate pairs", () => {
    expect(() => graph(3, [[1, 1]])).toThrow(GraphInputError);
    expect(() => graph(3, [[0, 3]])).toThrow(GraphInputError);
    try {
      graph(3, [
        [0, 1],
        [1, 2],
        [1, 0],
      ]);
      expect.unreachable();
    } catch (error) {
      expect((error as GraphInputError).reason).toBe("duplicate");
      expect((error as GraphInputError).edge).toBe(2);
    }
  });
});

describe("components, bridges and articulation points", () => {
  it("hand-worked: two triangles joined by one edge, plus an isolated node", () => {
    const g = graph(7, [
      [0, 1],
      [1, 2],
      [2, 0],
      [2, 3],
      [3, 4],
      [4, 5],
      [5, 3],
    ]);
    const c = components(g);
    expect(c.count).toBe(2);
    expect(c.label[6]).not.toBe(c.label[0]);
    const cuts = bridgesAndArticulationPoints(g);
    expect([...cuts.bridge]).toEqual([0, 0, 0, 1, 0, 0, 0]);
    expect([...cuts.articulation]).toEqual([0, 0, 1, 1, 0, 0, 0]);
  });

  it("a chain of 100k organisations does not overflow the stack", () => {
    const n = 100_000;
    const src = new Int32Array(n - 1);
    const dst = new Int32Array(n - 1);
    for (let i = 0; i < n - 1; i++) {
      src[i] = i;
      dst[i] = i + 1;
    }
    const g = buildCsr(n, src, dst);
    const cuts = bridgesAndArticulationPoints(g);
    expect(cuts.bridge.reduce((a, b) => a + b, 0)).toBe(n - 1);
    expect(cuts.articulation.reduce((a, b) => a + b, 0)).toBe(n - 2);
    expect(components(g).count).toBe(1);
    expect(coreNumbers(g)[0]).toBe(1);
  });

  it("agrees with brute force on random small graphs", () => {
    fc.assert(
      fc.property(simpleGraph, ({ n, edges }) => {
        const g = graph(n, edges);
        const base = countComponents(n, edges);
        expect(components(g).count).toBe(base);
        const cuts = bridgesAndArticulationPoints(g);
        edges.forEach((_, e) => {
          const without = edges.filter((__, i) => i !== e);
          expect(cuts.bridge[e] === 1).toBe(countComponents(n, without) > base);
        });
        for (let v = 0; v < n; v++) {
          // removing v (and its edges) leaves more components among the others
          const isolated = !edges.some(([a, b]) => a === v || b === v);
          const after = countComponents(n, edges, v);
          expect(cuts.articulation[v] === 1).toBe(after > base - (isolated ? 1 : 0));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("neighbourhood overlap and local bridges", () => {
  it("hand-worked: a square with one diagonal", () => {
    const g = graph(4, [
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 0],
      [0, 2],
    ]);
    const o = neighbourhoodOverlap(g);
    // edge 0-2: N(0)={1,3,2}, N(2)={1,3,0} → common {1,3}, union\{0,2} = {1,3} → 1
    expect(o.common[4]).toBe(2);
    expect(o.overlap[4]).toBe(1);
    // edge 0-1: common {2}; union \ {0,1} = {2,3} → 0.5
    expect(o.overlap[0]).toBeCloseTo(0.5);
    // edge 1-2 has no local-bridge status; a square without the diagonal: every edge spans 3
    const square = graph(4, [
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 0],
    ]);
    expect(neighbourhoodOverlap(square).common[0]).toBe(0);
    expect(localBridgeSpan(square, 0)).toBe(3);
    expect(localBridgeSpan(graph(2, [[0, 1]]), 0)).toBe(Number.POSITIVE_INFINITY);
  });

  it("agrees with brute force", () => {
    fc.assert(
      fc.property(simpleGraph, ({ n, edges }) => {
        const o = neighbourhoodOverlap(graph(n, edges));
        const nb = neighbours(n, edges);
        edges.forEach(([u, v], e) => {
          const common = [...nb[u]!].filter((x) => nb[v]!.has(x)).length;
          const union = new Set([...nb[u]!, ...nb[v]!]);
          union.delete(u);
          union.delete(v);
          expect(o.common[e]).toBe(common);
          expect(o.overlap[e]).toBeCloseTo(union.size ? common / union.size : 0, 5);
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe("k-core", () => {
  it("agrees with repeated peeling", () => {
    fc.assert(
      fc.property(simpleGraph, ({ n, edges }) => {
        const core = coreNumbers(graph(n, edges));
        const expected = new Array<number>(n).fill(0);
        for (let k = 1; k <= n; k++) {
          const alive = new Set(Array.from({ length: n }, (_, i) => i));
          let changed = true;
          while (changed) {
            changed = false;
            for (const v of alive) {
              const d = edges.filter(([a, b]) => (a === v && alive.has(b)) || (b === v && alive.has(a))).length;
              if (d < k) {
                alive.delete(v);
                changed = true;
              }
            }
          }
          for (const v of alive) expected[v] = k;
        }
        expect([...core]).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });
});

describe("Burt constraint", () => {
  it("hand-worked: a star's centre and a leaf", () => {
    const g = graph(4, [
      [0, 1],
      [0, 2],
      [0, 3],
    ]);
    const c = burtConstraint(g);
    expect(c[0]).toBeCloseTo(1 / 3); // 3 × (1/3)²
    expect(c[1]).toBe(1);
    expect(Number.isNaN(burtConstraint(graph(2, []))[0])).toBe(true);
  });

  it("agrees with the definition on random graphs", () => {
    fc.assert(
      fc.property(simpleGraph, ({ n, edges }) => {
        const c = burtConstraint(graph(n, edges));
        const nb = neighbours(n, edges);
        const p = (i: number, j: number) => (nb[i]!.has(j) ? 1 / nb[i]!.size : 0);
        for (let i = 0; i < n; i++) {
          if (nb[i]!.size === 0) {
            expect(Number.isNaN(c[i])).toBe(true);
            continue;
          }
          let expected = 0;
          for (const j of nb[i]!) {
            let local = p(i, j);
            for (let q = 0; q < n; q++) if (q !== i && q !== j) local += p(i, q) * p(q, j);
            expected += local * local;
          }
          expect(c[i]).toBeCloseTo(expected, 9);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe("what-if", () => {
  it("a lapsed bridge cuts off the smaller side", () => {
    const g = graph(6, [
      [0, 1],
      [1, 2],
      [2, 0],
      [2, 3],
      [3, 4],
      [5, 5 - 1],
    ]);
    expect(whatIfLapse(g, [3]).cutOff).toEqual([[3, 4, 5]]);
    expect(whatIfLapse(g, [0]).cutOff).toEqual([]);
    expect(() => whatIfLapse(g, [99])).toThrow(GraphInputError);
  });
});

describe("tie strength", () => {
  it("halves every 90 days and bumps by one per joint activity", () => {
    const t0 = new Date("2026-01-01T00:00:00Z");
    const t90 = new Date("2026-04-01T00:00:00Z"); // 90 days later
    expect(decayedStrength(1, t0, t90)).toBeCloseTo(0.5);
    const bumped = bumpStrength(1, t0, t90);
    expect(bumped.strength).toBeCloseTo(1.5);
    expect(decayedStrength(3, null, t90)).toBe(0);
    // a late record adds its decayed share without moving the last activity back
    const late = bumpStrength(1, t90, t0);
    expect(late.at).toBe(t90);
    expect(late.strength).toBeCloseTo(1.5);
  });

  it("derives the strength from the activity history: hand-worked, and the same as bumping in time order", () => {
    const day = (d: number) => new Date(Date.UTC(2026, 0, 1) + d * 86_400_000);
    expect(strengthFromActivities([])).toEqual({ strength: 0, at: null });
    // activities 180 and 90 days before the last one: 1 + 0.5 + 0.25
    const worked = strengthFromActivities([day(90), day(0), day(180)]);
    expect(worked.at).toEqual(day(180));
    expect(worked.strength).toBeCloseTo(1.75, 12);
    // read 90 days after the last activity it has halved
    expect(decayedStrength(worked.strength, worked.at, day(270))).toBeCloseTo(0.875, 12);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2000 }), { maxLength: 20 }), (offsets) => {
        const times = offsets.map(day);
        const derived = strengthFromActivities(times);
        let folded = { strength: 0, at: null as Date | null };
        for (const t of [...times].sort((a, b) => a.getTime() - b.getTime()))
          folded = bumpStrength(folded.strength, folded.at, t);
        expect(derived.at?.getTime() ?? null).toBe(folded.at?.getTime() ?? null);
        expect(derived.strength).toBeCloseTo(folded.strength, 9);
        // the order records arrive in does not matter, and recomputing gives the same answer
        expect(strengthFromActivities([...times].reverse()).strength).toBeCloseTo(derived.strength, 12);
        // bumping (even a late record) agrees too
        let arrival = { strength: 0, at: null as Date | null };
        for (const t of times) arrival = bumpStrength(arrival.strength, arrival.at, t);
        expect(arrival.strength).toBeCloseTo(derived.strength, 9);
      }),
    );
  });
});
