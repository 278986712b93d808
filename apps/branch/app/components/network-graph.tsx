// The partnership network of a subtree as SVG (ADR 0802): organisations grouped by township, each
// in its own cell with its short name below, so nothing overlaps at 360 px or at 200 organisations;
// organisations without ties grouped apart. Weak ties orange, weak bridges red and thick, strong
// bridges dark and thick, cut organisations blue. Drawn on the server too (readable before
// JavaScript); tap a tie or tick it in the list below, then run the what-if.
import { useEffect, useMemo, useRef, useState } from "react";
import { Link, useFetcher } from "react-router";
import { t } from "@dangjian/core/messages";
import { Badge, Button, layoutNetwork } from "@dangjian/ui";

export interface GraphNode {
  id: string;
  name: string;
  inScope: boolean;
  areaId: string | null;
  areaName: string | null;
  articulation: boolean;
  isolated: boolean;
  health: number | null;
}
export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  strength: number;
  bridge: boolean;
  sharedPartners: number;
  stale: boolean;
  warningId: string | null;
  ruleId: string | null;
}

function edgeColor(e: GraphEdge, selected: boolean): string {
  if (selected) return "#0b4fd6";
  if (e.ruleId === "T2") return "#c8102e";
  if (e.stale) return "#d97706";
  if (e.bridge) return "#161616";
  return "#9a9a9a";
}
const edgeSize = (e: GraphEdge) => (e.bridge ? 5 : 2);

interface WhatIfResult {
  whatIf?: { cutOff: Array<{ id: string; name: string; inScope: boolean }> };
  error?: string;
}

const nodeColor = (n: GraphNode, cut: Set<string>) =>
  cut.has(n.id) ? "#0b4fd6" : n.articulation ? "#c8102e" : n.inScope ? "#474747" : "#8a8a8a";

/** A tie as a gentle arc, so ties between organisations of one row do not run through the ones between. */
function arc(a: { x: number; y: number }, b: { x: number; y: number }): string {
  const mx = (a.x + b.x) / 2;
  const my = (a.y + b.y) / 2;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  const bend = Math.min(60, len * 0.25);
  return `M${a.x},${a.y} Q${mx - (dy / len) * bend},${my + (dx / len) * bend} ${b.x},${b.y}`;
}

export function NetworkGraph({ nodes, edges, orgId }: { nodes: GraphNode[]; edges: GraphEdge[]; orgId: string }) {
  const container = useRef<HTMLDivElement>(null);
  const [selected, setSelected] = useState<string[]>([]);
  // 360 px (a phone) until the browser says how wide the drawing really is
  const [width, setWidth] = useState(340);
  const fetcher = useFetcher<WhatIfResult>();
  const layout = useMemo(
    () =>
      layoutNetwork(nodes, edges, {
        width,
        isolatedTitle: t("warnings.network.isolatedGroup"),
        otherTitle: t("warnings.network.otherGroup"),
      }),
    [nodes, edges, width],
  );
  const byId = useMemo(() => new Map(layout.nodes.map((n) => [n.id, n])), [layout]);
  const nodeOf = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes]);
  const nameOf = useMemo(() => new Map(nodes.map((n) => [n.id, n.name])), [nodes]);
  const cut = new Set(fetcher.data?.whatIf?.cutOff.map((o) => o.id) ?? []);
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(200, Math.floor(el.clientWidth)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const weak = edges.filter((e) => e.stale || e.ruleId);
  const bridges = edges.filter((e) => e.bridge);

  return (
    <div className="wd-network">
      <p className="wd-hint">{t("warnings.network.legend")}</p>
      <p className="wd-hint">
        {t("warnings.network.bridges", { count: bridges.length })} ·{" "}
        {t("warnings.network.stale", { count: weak.length })} ·{" "}
        {t("warnings.network.isolated", { count: nodes.filter((n) => n.isolated && n.inScope).length })}
      </p>
      <div
        ref={container}
        className="wd-canvas"
        data-renderer="svg"
        data-weak-bridges={edges
          .filter((e) => e.ruleId === "T2")
          .map((e) => e.id)
          .join(" ")}
      >
        <svg
          width={layout.width}
          height={layout.height}
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          className="wd-svg"
          role="img"
          aria-label={t("warnings.network.title")}
        >
          {layout.groups.map((g) => (
            <text
              key={g.key}
              x={g.x}
              y={g.y + layout.fontSize}
              fontSize={layout.fontSize}
              fontWeight="bold"
              fill="#595959"
              data-label="group"
            >
              {g.title}
            </text>
          ))}
          {edges.map((e) => {
            const a = byId.get(e.source);
            const b = byId.get(e.target);
            if (!a || !b) return null;
            const d = arc(a, b);
            return (
              <g
                key={e.id}
                onClick={() => toggle(e.id)}
                style={{ cursor: "pointer" }}
                data-edge={e.id}
                data-rule={e.ruleId ?? ""}
                data-strength={e.strength}
              >
                <path d={d} fill="none" stroke="transparent" strokeWidth={14} />
                <path
                  d={d}
                  fill="none"
                  stroke={edgeColor(e, selected.includes(e.id))}
                  strokeWidth={edgeSize(e) / 1.5}
                  strokeOpacity={0.85}
                />
              </g>
            );
          })}
          {layout.nodes.map((n) => {
            const node = nodeOf.get(n.id)!;
            return (
              <g key={n.id} data-org={n.id}>
                <title>{nameOf.get(n.id)}</title>
                <circle
                  cx={n.x}
                  cy={n.y}
                  r={n.r}
                  fill={nodeColor(node, cut)}
                  stroke="#fff"
                  strokeWidth={1.5}
                  data-disc=""
                />
                <text
                  x={n.x}
                  y={n.labelTop + layout.fontSize}
                  fontSize={layout.fontSize}
                  textAnchor="middle"
                  fill="#161616"
                  data-label="org"
                >
                  {n.lines.map((line, i) => (
                    <tspan key={i} x={n.x} dy={i === 0 ? 0 : layout.lineHeight}>
                      {line}
                    </tspan>
                  ))}
                </text>
              </g>
            );
          })}
        </svg>
      </div>

      <h3 className="wd-subtitle">{t("warnings.network.whatIf")}</h3>
      <p className="wd-hint">{t("warnings.network.whatIfHint")}</p>
      <ul className="wd-ties">
        {[...weak, ...bridges.filter((e) => !weak.includes(e))].map((e) => (
          <li key={e.id} data-tie={e.id} data-bridge={e.bridge ? "yes" : "no"} data-rule={e.ruleId ?? ""}>
            <label>
              <input type="checkbox" checked={selected.includes(e.id)} onChange={() => toggle(e.id)} />{" "}
              {nameOf.get(e.source) ?? ""} — {nameOf.get(e.target) ?? ""}
            </label>{" "}
            {e.ruleId === "T2" ? (
              <Badge tone="party">{t("warnings.rule.T2")}</Badge>
            ) : e.stale ? (
              <Badge tone="warn">{t("warnings.rule.T1")}</Badge>
            ) : null}
            {e.bridge && e.ruleId !== "T2" ? <Badge tone="muted">{t("warnings.rule.T3")}</Badge> : null}
            {e.warningId ? (
              <>
                {" "}
                <Link to={`/warning/${e.warningId}`}>{t("warnings.detail.evidence")}</Link>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      <div className="wd-actions">
        <Button
          disabled={selected.length === 0 || fetcher.state !== "idle"}
          onClick={() =>
            void fetcher.submit({ intent: "whatIf", orgId, linkIds: selected.join(",") }, { method: "post" })
          }
        >
          {t("warnings.network.run")}
        </Button>
        <Button variant="secondary" disabled={selected.length === 0} onClick={() => setSelected([])}>
          {t("warnings.network.clear")}
        </Button>
        <span className="wd-hint">{t("warnings.network.selected", { count: selected.length })}</span>
      </div>
      {fetcher.data?.error ? (
        <p role="alert" className="wd-error">
          {fetcher.data.error}
        </p>
      ) : null}
      {fetcher.data?.whatIf ? (
        <p role="status" className="wd-result">
          {fetcher.data.whatIf.cutOff.length === 0
            ? t("warnings.network.noCut")
            : t("warnings.network.cutOff", {
                count: fetcher.data.whatIf.cutOff.length,
                names: fetcher.data.whatIf.cutOff.map((o) => o.name).join("、"),
              })}
        </p>
      ) : null}
    </div>
  );
}
