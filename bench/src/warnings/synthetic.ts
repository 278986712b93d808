// A deterministic synthetic region: a tree of committees (city → counties → townships) with
// branches, members per branch, and a partnership network shaped like real ones — mostly inside
// a township, some across the county, a few across the region; leaves, isolated branches and
// single ties between clusters, so that bridges and articulation points exist.
import { mulberry32 } from "@dangjian/seed";

export interface Preset {
  name: "city" | "province";
  cities: number;
  countiesPerCity: number;
  townshipsPerCounty: number;
  branchesPerTownship: number;
  membersPerBranch: number;
  /** mean partnerships per branch (each counted at both ends) */
  meanDegree: number;
}

export const PRESETS: Record<Preset["name"], Preset> = {
  // ≈ 20k organisations (committees + branches), 500k members
  city: {
    name: "city",
    cities: 1,
    countiesPerCity: 10,
    townshipsPerCounty: 14,
    branchesPerTownship: 140,
    membersPerBranch: 25,
    meanDegree: 8,
  },
  // ≈ 250k organisations, 6M members, ≈ 1M partnerships
  province: {
    name: "province",
    cities: 16,
    countiesPerCity: 10,
    townshipsPerCounty: 15,
    branchesPerTownship: 104,
    membersPerBranch: 24,
    meanDegree: 8,
  },
};

/** the seed package's mulberry32: small, fast, deterministic */
export const rng = mulberry32;

export interface SyntheticGraph {
  /** branches */
  n: number;
  src: Int32Array;
  dst: Int32Array;
  /** township index of each branch */
  township: Int32Array;
  townships: number;
  counties: number;
}

/** The partnership network between the preset's branches. */
export function syntheticGraph(preset: Preset, seed = 20_261_202): SyntheticGraph {
  const random = rng(seed);
  const counties = preset.cities * preset.countiesPerCity;
  const townships = counties * preset.townshipsPerCounty;
  const per = preset.branchesPerTownship;
  const n = townships * per;
  const township = new Int32Array(n);
  for (let v = 0; v < n; v++) township[v] = Math.floor(v / per);
  const target = Math.round((n * preset.meanDegree) / 2);
  const seen = new Set<number>();
  const src: number[] = [];
  const dst: number[] = [];
  const add = (u: number, v: number) => {
    if (u === v) return;
    const a = Math.min(u, v);
    const b = Math.max(u, v);
    const key = a * n + b;
    if (seen.has(key)) return;
    seen.add(key);
    src.push(a);
    dst.push(b);
  };
  // each branch's appetite: 8 % isolated, 20 % a single partner, the rest spread widely
  const appetite = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    const r = random();
    appetite[v] = r < 0.08 ? 0 : r < 0.28 ? 0.15 : 1 + random() * 2;
  }
  const pickIn = (from: number, size: number) => from + Math.floor(random() * size);
  // a single tie from each "leaf" branch into its township
  for (let v = 0; v < n; v++) if (appetite[v] === 0.15) add(v, pickIn(township[v]! * per, per));
  while (src.length < target) {
    const u = Math.floor(random() * n);
    if (appetite[u]! < 1 || random() * 3 > appetite[u]!) continue;
    const r = random();
    let v: number;
    if (r < 0.8) v = pickIn(township[u]! * per, per);
    else if (r < 0.97) {
      const county = Math.floor(township[u]! / preset.townshipsPerCounty);
      v = pickIn(county * preset.townshipsPerCounty * per, preset.townshipsPerCounty * per);
    } else v = Math.floor(random() * n);
    if (appetite[v]! < 1) continue;
    add(u, v);
  }
  return { n, src: Int32Array.from(src), dst: Int32Array.from(dst), township, townships, counties };
}
