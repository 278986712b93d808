// Graph algorithms over the partnership network (docs/warnings.md, "Algorithms"). Everything works on
// a compressed sparse row (CSR) structure of typed arrays and is iterative: a chain of 100k
// organisations must not overflow the stack. Nodes are 0..n-1, edges 0..m-1 (undirected, once).

export interface Csr {
  readonly n: number;
  readonly m: number;
  /** edge endpoints as given */
  readonly src: Int32Array;
  readonly dst: Int32Array;
  /** adjacency of node v is adj[offsets[v] .. offsets[v+1]) */
  readonly offsets: Int32Array;
  readonly adj: Int32Array;
  /** the edge id of each adjacency slot */
  readonly adjEdge: Int32Array;
}

export class GraphInputError extends Error {
  constructor(
    readonly reason: "selfLoop" | "duplicate" | "outOfRange",
    readonly edge: number,
  ) {
    super(`invalid edge ${edge}: ${reason}`);
  }
}

/** Builds the CSR; throws GraphInputError on a self-loop, a node out of range or (when checked) a duplicate pair. */
export function buildCsr(
  n: number,
  src: Int32Array,
  dst: Int32Array,
  options: { checkDuplicates?: boolean } = {},
): Csr {
  const m = src.length;
  if (dst.length !== m) throw new RangeError("src and dst differ in length");
  const offsets = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    const u = src[e]!;
    const v = dst[e]!;
    if (u < 0 || v < 0 || u >= n || v >= n) throw new GraphInputError("outOfRange", e);
    if (u === v) throw new GraphInputError("selfLoop", e);
    offsets[u + 1]!++;
    offsets[v + 1]!++;
  }
  for (let v = 0; v < n; v++) offsets[v + 1]! += offsets[v]!;
  const fill = offsets.slice(0, n);
  const adj = new Int32Array(2 * m);
  const adjEdge = new Int32Array(2 * m);
  for (let e = 0; e < m; e++) {
    const u = src[e]!;
    const v = dst[e]!;
    let k = fill[u]!++;
    adj[k] = v;
    adjEdge[k] = e;
    k = fill[v]!++;
    adj[k] = u;
    adjEdge[k] = e;
  }
  const csr: Csr = { n, m, src, dst, offsets, adj, adjEdge };
  if (options.checkDuplicates) {
    const dup = findDuplicateEdge(csr);
    if (dup >= 0) throw new GraphInputError("duplicate", dup);
  }
  return csr;
}

/** The id of an edge that repeats an earlier pair, or -1. */
export function findDuplicateEdge(g: Csr): number {
  const mark = new Int32Array(g.n).fill(-1);
  const firstEdge = new Int32Array(g.n);
  for (let v = 0; v < g.n; v++) {
    for (let k = g.offsets[v]!; k < g.offsets[v + 1]!; k++) {
      const w = g.adj[k]!;
      if (mark[w] === v) return Math.max(firstEdge[w]!, g.adjEdge[k]!);
      mark[w] = v;
      firstEdge[w] = g.adjEdge[k]!;
    }
  }
  return -1;
}

export function degree(g: Csr, v: number): number {
  return g.offsets[v + 1]! - g.offsets[v]!;
}

export interface Components {
  /** component label per node, 0..count-1 */
  readonly label: Int32Array;
  readonly count: number;
  /** nodes per component */
  readonly size: Int32Array;
}

/** Connected components by iterative BFS; `removed` masks edges out (what-if). */
export function components(g: Csr, removed?: Uint8Array): Components {
  const label = new Int32Array(g.n).fill(-1);
  const queue = new Int32Array(g.n);
  const sizes: number[] = [];
  let count = 0;
  for (let r = 0; r < g.n; r++) {
    if (label[r] !== -1) continue;
    let head = 0;
    let tail = 0;
    queue[tail++] = r;
    label[r] = count;
    while (head < tail) {
      const v = queue[head++]!;
      for (let k = g.offsets[v]!; k < g.offsets[v + 1]!; k++) {
        if (removed && removed[g.adjEdge[k]!]) continue;
        const w = g.adj[k]!;
        if (label[w] === -1) {
          label[w] = count;
          queue[tail++] = w;
        }
      }
    }
    sizes.push(tail);
    count++;
  }
  return { label, count, size: Int32Array.from(sizes) };
}

export interface Cuts {
  /** 1 where the edge is a bridge */
  readonly bridge: Uint8Array;
  /** 1 where the node is an articulation point */
  readonly articulation: Uint8Array;
}

/** Bridges and articulation points in one iterative Tarjan pass, O(V+E). */
export function bridgesAndArticulationPoints(g: Csr): Cuts {
  const { n, offsets, adj, adjEdge } = g;
  const disc = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const parentEdge = new Int32Array(n).fill(-1);
  const cursor = new Int32Array(n);
  const stack = new Int32Array(n);
  const bridge = new Uint8Array(g.m);
  const articulation = new Uint8Array(n);
  let time = 0;
  for (let r = 0; r < n; r++) {
    if (disc[r] !== -1) continue;
    let sp = 0;
    stack[sp++] = r;
    disc[r] = low[r] = time++;
    cursor[r] = offsets[r]!;
    let rootChildren = 0;
    while (sp > 0) {
      const v = stack[sp - 1]!;
      const k = cursor[v]!;
      if (k < offsets[v + 1]!) {
        cursor[v] = k + 1;
        const e = adjEdge[k]!;
        if (e === parentEdge[v]) continue;
        const w = adj[k]!;
        if (disc[w] === -1) {
          parentEdge[w] = e;
          disc[w] = low[w] = time++;
          cursor[w] = offsets[w]!;
          stack[sp++] = w;
          if (v === r) rootChildren++;
        } else if (disc[w]! < low[v]!) {
          low[v] = disc[w]!;
        }
      } else {
        sp--;
        if (sp > 0) {
          const p = stack[sp - 1]!;
          if (low[v]! < low[p]!) low[p] = low[v]!;
          if (low[v]! > disc[p]!) bridge[parentEdge[v]!] = 1;
          if (p !== r && low[v]! >= disc[p]!) articulation[p] = 1;
        }
      }
    }
    if (rootChildren > 1) articulation[r] = 1;
  }
  return { bridge, articulation };
}

export interface Overlap {
  /** shared partners of each edge's two ends */
  readonly common: Int32Array;
  /** |N(u) ∩ N(v)| / |N(u) ∪ N(v) \ {u, v}|, 0 when the union is empty */
  readonly overlap: Float32Array;
}

/** Neighbourhood overlap of every edge with a marker array, O(Σ(deg u + deg v)). */
export function neighbourhoodOverlap(g: Csr): Overlap {
  const { n, offsets, adj, adjEdge } = g;
  const mark = new Int32Array(n).fill(-1);
  const common = new Int32Array(g.m);
  const overlap = new Float32Array(g.m);
  for (let u = 0; u < n; u++) {
    const start = offsets[u]!;
    const end = offsets[u + 1]!;
    for (let k = start; k < end; k++) mark[adj[k]!] = u;
    for (let k = start; k < end; k++) {
      const w = adj[k]!;
      if (w < u) continue;
      let c = 0;
      for (let j = offsets[w]!; j < offsets[w + 1]!; j++) if (mark[adj[j]!] === u) c++;
      const e = adjEdge[k]!;
      common[e] = c;
      const union = end - start + (offsets[w + 1]! - offsets[w]!) - c - 2;
      overlap[e] = union > 0 ? c / union : 0;
    }
  }
  return { common, overlap };
}

/**
 * Span of a local bridge: the distance between its ends once the edge is removed, found by a
 * BFS capped at `maxDepth` (Infinity when farther or disconnected).
 */
export function localBridgeSpan(g: Csr, edge: number, maxDepth = 4): number {
  const s = g.src[edge]!;
  const t = g.dst[edge]!;
  const dist = new Map<number, number>([[s, 0]]);
  let frontier = [s];
  for (let d = 1; d <= maxDepth && frontier.length > 0; d++) {
    const next: number[] = [];
    for (const v of frontier) {
      for (let k = g.offsets[v]!; k < g.offsets[v + 1]!; k++) {
        if (g.adjEdge[k] === edge) continue;
        const w = g.adj[k]!;
        if (dist.has(w)) continue;
        if (w === t) return d;
        dist.set(w, d);
        next.push(w);
      }
    }
    frontier = next;
  }
  return Number.POSITIVE_INFINITY;
}

/** Core number of every node (Batagelj–Zaversnik), O(E). */
export function coreNumbers(g: Csr): Int32Array {
  const { n, offsets, adj } = g;
  const deg = new Int32Array(n);
  let maxDeg = 0;
  for (let v = 0; v < n; v++) {
    deg[v] = offsets[v + 1]! - offsets[v]!;
    if (deg[v]! > maxDeg) maxDeg = deg[v]!;
  }
  const bin = new Int32Array(maxDeg + 1);
  for (let v = 0; v < n; v++) bin[deg[v]!]!++;
  let start = 0;
  for (let d = 0; d <= maxDeg; d++) {
    const count = bin[d]!;
    bin[d] = start;
    start += count;
  }
  const pos = new Int32Array(n);
  const vert = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    pos[v] = bin[deg[v]!]!;
    vert[pos[v]!] = v;
    bin[deg[v]!]!++;
  }
  for (let d = maxDeg; d > 0; d--) bin[d] = bin[d - 1]!;
  bin[0] = 0;
  for (let i = 0; i < n; i++) {
    const v = vert[i]!;
    for (let k = offsets[v]!; k < offsets[v + 1]!; k++) {
      const u = adj[k]!;
      if (deg[u]! > deg[v]!) {
        const du = deg[u]!;
        const pu = pos[u]!;
        const pw = bin[du]!;
        const w = vert[pw]!;
        if (u !== w) {
          pos[u] = pw;
          vert[pu] = w;
          pos[w] = pu;
          vert[pw] = u;
        }
        bin[du]!++;
        deg[u] = du - 1;
      }
    }
  }
  return deg;
}

/**
 * Burt's constraint of every node, with optional edge weights (tie strength); NaN for isolated
 * nodes (as NetworkX). c_i = Σ_j (p_ij + Σ_q p_iq p_qj)², p_ij = w_ij / Σ_k w_ik. ≈ O(Σ deg²).
 */
export function burtConstraint(g: Csr, weight?: Float64Array | Float32Array): Float64Array {
  const { n, offsets, adj, adjEdge } = g;
  const total = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    let s = 0;
    for (let k = offsets[v]!; k < offsets[v + 1]!; k++) s += weight ? weight[adjEdge[k]!]! : 1;
    total[v] = s;
  }
  const p = (v: number, k: number): number => (total[v]! > 0 ? (weight ? weight[adjEdge[k]!]! : 1) / total[v]! : 0);
  const mark = new Int32Array(n).fill(-1);
  const acc = new Float64Array(n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const start = offsets[i]!;
    const end = offsets[i + 1]!;
    if (start === end) {
      out[i] = Number.NaN;
      continue;
    }
    for (let k = start; k < end; k++) {
      const j = adj[k]!;
      mark[j] = i;
      acc[j] = p(i, k);
    }
    for (let k = start; k < end; k++) {
      const q = adj[k]!;
      const piq = p(i, k);
      for (let l = offsets[q]!; l < offsets[q + 1]!; l++) {
        const j = adj[l]!;
        if (j !== i && mark[j] === i) acc[j]! += piq * p(q, l);
      }
    }
    let c = 0;
    for (let k = start; k < end; k++) {
      const a = acc[adj[k]!]!;
      c += a * a;
    }
    out[i] = c;
  }
  return out;
}

export interface WhatIf {
  /** groups of nodes that the removal cuts off from the larger part of their former component */
  readonly cutOff: number[][];
}

/** "If these partnerships lapse, which organisations are cut off": components without the edges. */
export function whatIfLapse(g: Csr, edges: readonly number[], baseline: Components = components(g)): WhatIf {
  const removed = new Uint8Array(g.m);
  for (const e of edges) {
    if (e < 0 || e >= g.m) throw new GraphInputError("outOfRange", e);
    removed[e] = 1;
  }
  const after = components(g, removed);
  // For each former component, the largest piece stays "connected"; the others are cut off.
  const mainPiece = new Map<number, number>();
  for (let v = 0; v < g.n; v++) {
    const before = baseline.label[v]!;
    const piece = after.label[v]!;
    const current = mainPiece.get(before);
    if (
      current === undefined ||
      after.size[piece]! > after.size[current]! ||
      (after.size[piece] === after.size[current] && piece < current)
    ) {
      mainPiece.set(before, piece);
    }
  }
  const groups = new Map<number, number[]>();
  for (let v = 0; v < g.n; v++) {
    const piece = after.label[v]!;
    if (piece === mainPiece.get(baseline.label[v]!)) continue;
    let list = groups.get(piece);
    if (!list) groups.set(piece, (list = []));
    list.push(v);
  }
  return { cutOff: [...groups.values()] };
}

/** Half-life of a tie's strength (docs/warnings.md T1): 90 days. */
export const TIE_HALF_LIFE_DAYS = 90;
const DAY_MS = 86_400_000;

/** The decayed strength now of a tie whose strength was `s` at `at`. */
export function decayedStrength(s: number, at: Date | null, now: Date, halfLifeDays = TIE_HALF_LIFE_DAYS): number {
  if (!at || s <= 0) return 0;
  const days = Math.max(0, (now.getTime() - at.getTime()) / DAY_MS);
  return s * Math.pow(0.5, days / halfLifeDays);
}

/** One joint activity at `at`: s ← s·e^(−λΔt) + 1. */
export function bumpStrength(
  s: number,
  last: Date | null,
  at: Date,
  halfLifeDays = TIE_HALF_LIFE_DAYS,
): { strength: number; at: Date } {
  if (last && at < last) {
    // an activity recorded late: add its decayed contribution without moving t_last back
    return { strength: s + decayedStrength(1, at, last, halfLifeDays), at: last };
  }
  return { strength: decayedStrength(s, last, at, halfLifeDays) + 1, at };
}

/**
 * A tie's strength derived from its whole joint-activity history: the same value as folding
 * `bumpStrength` over the activities in time order (s ← s·e^(−λΔt) + 1), but a pure function of
 * the set of activity times, so recomputing it after a repeated or amended record never counts an
 * activity twice. `at` is the latest activity (t_last), null without any.
 */
export function strengthFromActivities(
  times: readonly Date[],
  halfLifeDays = TIE_HALF_LIFE_DAYS,
): { strength: number; at: Date | null } {
  if (times.length === 0) return { strength: 0, at: null };
  let last = times[0]!;
  for (const t of times) if (t > last) last = t;
  let strength = 0;
  for (const t of times) strength += decayedStrength(1, t, last, halfLifeDays);
  return { strength, at: last };
}

export interface StructuralPass {
  readonly components: Components;
  readonly cuts: Cuts;
  readonly overlap: Overlap;
  readonly core: Int32Array;
}

/** The structural pass of the benchmark: components, bridges + APs, overlap, k-core. */
export function structuralPass(g: Csr): StructuralPass {
  return {
    components: components(g),
    cuts: bridgesAndArticulationPoints(g),
    overlap: neighbourhoodOverlap(g),
    core: coreNumbers(g),
  };
}
