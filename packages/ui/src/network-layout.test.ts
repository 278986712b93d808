import { describe, expect, it } from "vitest";
import {
  labelBox,
  layoutNetwork,
  shortName,
  textWidth,
  wrapLabel,
  type LayoutEdge,
  type LayoutNode,
  type NetworkLayout,
} from "./network-layout.ts";

type Box = { x: number; y: number; w: number; h: number };
const intersects = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const disc = (n: { x: number; y: number; r: number }): Box => ({ x: n.x - n.r, y: n.y - n.r, w: 2 * n.r, h: 2 * n.r });

/** A deterministic pseudo-random region: `n` organisations in `areas` townships, some isolated, long names. */
function region(n: number, areas: number, seed = 7): { nodes: LayoutNode[]; edges: LayoutEdge[] } {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const words = ["河口", "新桥", "柳坪", "太平", "青石", "白沙", "龙潭", "东风", "红星", "长岭"];
  const nodes: LayoutNode[] = Array.from({ length: n }, (_, i) => {
    const a = i % areas;
    const long = i % 5 === 0;
    return {
      id: `org-${String(i).padStart(3, "0")}`,
      name: long ? `中共${words[i % 10]}乡非公企业联合党支部${i}` : `中共${words[(i * 3) % 10]}村第${i}支部委员会`,
      areaId: `area-${a}`,
      areaName: `${words[a % 10]}镇${a}`,
      isolated: false,
      inScope: i % 9 !== 0,
    };
  });
  const edges: LayoutEdge[] = [];
  for (let i = 0; i < n * 1.5; i++) {
    const a = Math.floor(rnd() * n);
    const b = Math.floor(rnd() * n);
    if (a !== b) edges.push({ source: nodes[a]!.id, target: nodes[b]!.id });
  }
  const linked = new Set(edges.flatMap((e) => [e.source, e.target]));
  for (const node of nodes) node.isolated = !linked.has(node.id);
  return { nodes, edges };
}

function assertNoOverlap(layout: NetworkLayout): void {
  const discs = layout.nodes.map(disc);
  const labels = [
    ...layout.nodes.map((n) => labelBox(n)),
    ...layout.groups.map((g) => ({ x: g.x, y: g.y, w: textWidth(g.title, layout.fontSize), h: layout.fontSize * 1.5 })),
  ];
  const overlaps: string[] = [];
  for (let i = 0; i < discs.length; i++)
    for (let j = i + 1; j < discs.length; j++) if (intersects(discs[i]!, discs[j]!)) overlaps.push(`disc ${i}/${j}`);
  for (let i = 0; i < labels.length; i++)
    for (let j = i + 1; j < labels.length; j++)
      if (intersects(labels[i]!, labels[j]!)) overlaps.push(`label ${i}/${j}`);
  labels.forEach((l, i) => discs.forEach((d, j) => intersects(l, d) && overlaps.push(`label ${i} over disc ${j}`)));
  expect(overlaps).toEqual([]);
  for (const b of [...discs, ...labels]) {
    expect(b.x).toBeGreaterThanOrEqual(0);
    expect(b.x + b.w).toBeLessThanOrEqual(layout.width);
    expect(b.y + b.h).toBeLessThanOrEqual(layout.height);
  }
}

const titles = { isolatedTitle: "未结对的组织", otherTitle: "其他" };

describe("partnership network layout", () => {
  it("200 organisations at 360 px: no two discs overlap, no two labels intersect, all inside the drawing", () => {
    const { nodes, edges } = region(200, 14);
    const layout = layoutNetwork(nodes, edges, { width: 360, ...titles });
    expect(layout.nodes).toHaveLength(200);
    expect(layout.nodes.every((n) => n.lines.length >= 1 && n.lines.length <= 2)).toBe(true);
    assertNoOverlap(layout);
  });

  it("holds at desktop width and for a small region", () => {
    const big = region(200, 14, 3);
    assertNoOverlap(layoutNetwork(big.nodes, big.edges, { width: 1100, ...titles }));
    const small = region(9, 3, 5);
    assertNoOverlap(layoutNetwork(small.nodes, small.edges, { width: 360, ...titles }));
  });

  it("groups isolated organisations apart, after every area", () => {
    const { nodes, edges } = region(60, 6);
    expect(nodes.some((n) => n.isolated)).toBe(true);
    const layout = layoutNetwork(nodes, edges, { width: 360, ...titles });
    const isolatedGroup = layout.groups.find((g) => g.title === "未结对的组织")!;
    expect(layout.groups.at(-1)).toBe(isolatedGroup);
    const byId = new Map(layout.nodes.map((n) => [n.id, n]));
    const lastConnected = Math.max(...nodes.filter((n) => !n.isolated).map((n) => byId.get(n.id)!.y));
    for (const n of nodes.filter((n) => n.isolated)) expect(byId.get(n.id)!.y).toBeGreaterThan(lastConnected);
  });

  it("is deterministic whatever the input order", () => {
    const { nodes, edges } = region(80, 8);
    const a = layoutNetwork(nodes, edges, { width: 360, ...titles });
    const b = layoutNetwork([...nodes].reverse(), [...edges].reverse(), { width: 360, ...titles });
    const pos = (l: NetworkLayout) => Object.fromEntries(l.nodes.map((n) => [n.id, [n.x, n.y]]));
    expect(pos(b)).toEqual(pos(a));
  });

  it("shortens and wraps names into two lines with an ellipsis when cut", () => {
    expect(shortName("中共河口村支部委员会")).toBe("河口村支部");
    expect(shortName("柳坪乡非公企业联合党支部")).toBe("柳坪乡非公企业联合党支部");
    expect(wrapLabel("柳坪乡非公企业联合党支部", 104, 13)).toEqual(["柳坪乡非公企业联", "合党支部"]);
    const cut = wrapLabel("一二三四五六七八九十一二三四五六七八九十", 104, 13);
    expect(cut).toHaveLength(2);
    expect(cut[1]!.endsWith("…")).toBe(true);
    expect(textWidth(cut[1]!, 13)).toBeLessThanOrEqual(104);
  });
});
