// Layout of the partnership network drawing (ADR 0802): organisations grouped by area (township),
// each group a block of cells, blocks flowing left to right and wrapping like text; organisations
// without any tie grouped apart at the end. Every organisation owns one cell: its disc at the top,
// its short name (at most two lines) below it, so no two discs and no two labels can overlap at any
// width or size. Pure and deterministic: the same organisations give the same drawing whatever the
// input order. Coordinates are CSS pixels for the given width (the SVG is drawn 1:1).

export interface LayoutNode {
  id: string;
  name: string;
  areaId: string | null;
  areaName: string | null;
  isolated: boolean;
  inScope: boolean;
}
export interface LayoutEdge {
  source: string;
  target: string;
}
export interface LaidNode {
  id: string;
  /** disc centre and radius */
  x: number;
  y: number;
  r: number;
  /** label lines, centred on x; the first line's top is labelTop */
  lines: string[];
  labelTop: number;
}
export interface LaidGroup {
  key: string;
  title: string;
  x: number;
  /** top of the heading */
  y: number;
  width: number;
}
export interface NetworkLayout {
  width: number;
  height: number;
  fontSize: number;
  lineHeight: number;
  nodes: LaidNode[];
  groups: LaidGroup[];
}

export const NETWORK_FONT_PX = 13;
const LINE_PX = 17;
const PAD = 8;
const MIN_CELL = 110;
const CELL_GAP = 10;
const HEADING_PX = 24;
const GROUP_GAP = 12;
const R_IN = 8;
const R_OUT = 6;
/** disc top margin + disc + gap + two label lines (the last one a full font box) + bottom margin */
const ROW_PX = 4 + 2 * R_IN + 4 + LINE_PX + Math.ceil(NETWORK_FONT_PX * 1.5) + 8;

/** Width of a string in px at `font` px: CJK and full-width characters are 1 em, others 0.6 em. */
export function textWidth(text: string, font: number): number {
  let w = 0;
  for (const ch of text) w += /[\u2E80-\uFFEF]/.test(ch) ? font : font * 0.6;
  return w;
}

/** The name without the routine "中共" prefix and "委员会" suffix: 中共河口村支部委员会 → 河口村支部. */
export function shortName(name: string): string {
  const s = name.replace(/^中共/, "").replace(/委员会$/, "");
  return s || name;
}

/** Splits `text` into at most `maxLines` lines of at most `maxWidth` px; an ellipsis marks a cut. */
export function wrapLabel(text: string, maxWidth: number, font: number, maxLines = 2): string[] {
  const lines: string[] = [];
  let line = "";
  for (const ch of text) {
    if (line && textWidth(line + ch, font) > maxWidth) {
      lines.push(line);
      line = "";
      if (lines.length === maxLines) break;
    }
    line += ch;
  }
  if (lines.length < maxLines && line) lines.push(line);
  const used = lines.join("").length;
  if ([...text].length > used && lines.length) {
    let last = lines[lines.length - 1]!;
    while (last && textWidth(last + "…", font) > maxWidth) last = [...last].slice(0, -1).join("");
    lines[lines.length - 1] = last + "…";
  }
  return lines;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Orders a group's organisations so that tied ones sit side by side: breadth-first from the best connected. */
function orderGroup(members: LayoutNode[], adjacency: Map<string, Set<string>>): LayoutNode[] {
  const degree = (n: LayoutNode) => adjacency.get(n.id)?.size ?? 0;
  const sorted = [...members].sort((a, b) => degree(b) - degree(a) || cmp(a.name, b.name) || cmp(a.id, b.id));
  const inGroup = new Map(sorted.map((n) => [n.id, n]));
  const seen = new Set<string>();
  const out: LayoutNode[] = [];
  for (const start of sorted) {
    if (seen.has(start.id)) continue;
    const queue = [start];
    seen.add(start.id);
    while (queue.length) {
      const n = queue.shift()!;
      out.push(n);
      const next = [...(adjacency.get(n.id) ?? [])]
        .map((id) => inGroup.get(id))
        .filter((m): m is LayoutNode => !!m && !seen.has(m.id))
        .sort((a, b) => degree(b) - degree(a) || cmp(a.name, b.name) || cmp(a.id, b.id));
      for (const m of next) {
        seen.add(m.id);
        queue.push(m);
      }
    }
  }
  return out;
}

export function layoutNetwork(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
  options: { width: number; isolatedTitle: string; otherTitle: string },
): NetworkLayout {
  const width = Math.max(200, Math.floor(options.width));
  const inner = width - 2 * PAD;
  const cols = Math.max(1, Math.floor(inner / MIN_CELL));
  const cellW = Math.floor(inner / cols);
  const labelMax = cellW - CELL_GAP;

  const adjacency = new Map<string, Set<string>>();
  for (const e of edges) {
    if (e.source === e.target) continue;
    if (!adjacency.has(e.source)) adjacency.set(e.source, new Set());
    if (!adjacency.has(e.target)) adjacency.set(e.target, new Set());
    adjacency.get(e.source)!.add(e.target);
    adjacency.get(e.target)!.add(e.source);
  }

  // groups: one per area, the organisations without ties apart at the end
  const ISOLATED = "\u0000isolated";
  const OTHER = "\u0000other";
  const groups = new Map<string, { title: string; members: LayoutNode[] }>();
  for (const n of nodes) {
    const key = n.isolated ? ISOLATED : (n.areaId ?? OTHER);
    const title = n.isolated
      ? options.isolatedTitle
      : n.areaId
        ? (n.areaName ?? options.otherTitle)
        : options.otherTitle;
    if (!groups.has(key)) groups.set(key, { title, members: [] });
    groups.get(key)!.members.push(n);
  }
  const rank = (key: string) => (key === ISOLATED ? 2 : key === OTHER ? 1 : 0);
  const ordered = [...groups.entries()].sort(
    ([ka, a], [kb, b]) => rank(ka) - rank(kb) || cmp(a.title, b.title) || cmp(ka, kb),
  );

  const laid: LaidNode[] = [];
  const laidGroups: LaidGroup[] = [];
  let col = 0; // next free column in the current band
  let bandTop = PAD;
  let bandHeight = 0;
  for (const [key, group] of ordered) {
    const members = orderGroup(group.members, adjacency);
    const span = Math.min(cols, members.length);
    const rows = Math.ceil(members.length / span);
    const height = HEADING_PX + rows * ROW_PX;
    if (col + span > cols) {
      bandTop += bandHeight + GROUP_GAP;
      bandHeight = 0;
      col = 0;
    }
    const left = PAD + col * cellW;
    const titleLines = wrapLabel(group.title, span * cellW - CELL_GAP, NETWORK_FONT_PX, 1);
    laidGroups.push({ key, title: titleLines[0] ?? "", x: left + 2, y: bandTop, width: span * cellW - CELL_GAP });
    members.forEach((n, i) => {
      const c = i % span;
      const row = Math.floor(i / span);
      const r = n.inScope ? R_IN : R_OUT;
      const cx = left + c * cellW + cellW / 2;
      const top = bandTop + HEADING_PX + row * ROW_PX;
      const cy = top + 4 + R_IN;
      laid.push({
        id: n.id,
        x: cx,
        y: cy,
        r,
        lines: wrapLabel(shortName(n.name), labelMax, NETWORK_FONT_PX),
        labelTop: cy + R_IN + 4,
      });
    });
    col += span;
    bandHeight = Math.max(bandHeight, height);
    if (col >= cols) {
      bandTop += bandHeight + GROUP_GAP;
      bandHeight = 0;
      col = 0;
    }
  }
  const height = Math.ceil((bandHeight > 0 ? bandTop + bandHeight : bandTop - GROUP_GAP) + PAD);
  return {
    width,
    height: Math.max(height, 2 * PAD),
    fontSize: NETWORK_FONT_PX,
    lineHeight: LINE_PX,
    nodes: laid,
    groups: laidGroups,
  };
}

/** The label's box as drawn (centred lines from labelTop); for overlap checks. */
export function labelBox(
  n: LaidNode,
  font = NETWORK_FONT_PX,
  lineHeight = LINE_PX,
): { x: number; y: number; w: number; h: number } {
  const w = Math.max(0, ...n.lines.map((l) => textWidth(l, font)));
  const h = n.lines.length ? (n.lines.length - 1) * lineHeight + font * 1.5 : 0;
  return { x: n.x - w / 2, y: n.labelTop, w, h };
}
