// The partnership network of a subtree, drawn with sigma.js over a graphology graph: weak ties
// orange, weak bridges red and thick, strong bridges dark and thick, cut organisations ringed.
// Tap a tie to select it, then run the what-if. Without WebGL (old phones, some headless
// browsers) the same layout is drawn as SVG; a list below names every weak tie either way.
import { useEffect, useMemo, useRef, useState } from "react";
import { Link, useFetcher } from "react-router";
import { t } from "@dangjian/core/messages";
import { Badge, Button } from "@dangjian/ui";

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

interface Positioned extends GraphNode {
  x: number;
  y: number;
}

/** Deterministic layout: areas on a large circle, each area's organisations on a small one. */
function layout(nodes: GraphNode[]): Positioned[] {
  const areas = [...new Set(nodes.map((n) => n.areaId ?? "-"))];
  const R = 10;
  return nodes.map((n) => {
    const a = areas.indexOf(n.areaId ?? "-");
    const members = nodes.filter((m) => (m.areaId ?? "-") === (n.areaId ?? "-"));
    const i = members.indexOf(n);
    const angle = (2 * Math.PI * a) / Math.max(1, areas.length);
    const r = 1 + members.length * 0.35;
    const inner = (2 * Math.PI * i) / Math.max(1, members.length);
    return { ...n, x: R * Math.cos(angle) + r * Math.cos(inner), y: R * Math.sin(angle) + r * Math.sin(inner) };
  });
}

function edgeColor(e: GraphEdge, selected: boolean): string {
  if (selected) return "#0b4fd6";
  if (e.ruleId === "T2") return "#c8102e";
  if (e.stale) return "#d97706";
  if (e.bridge) return "#161616";
  return "#9a9a9a";
}
const edgeSize = (e: GraphEdge) => (e.bridge ? 5 : 2);

function hasWebGl(): boolean {
  try {
    const canvas = document.createElement("canvas");
    return !!(canvas.getContext("webgl2") ?? canvas.getContext("webgl"));
  } catch {
    return false;
  }
}

interface WhatIfResult {
  whatIf?: { cutOff: Array<{ id: string; name: string; inScope: boolean }> };
  error?: string;
}

export function NetworkGraph({ nodes, edges, orgId }: { nodes: GraphNode[]; edges: GraphEdge[]; orgId: string }) {
  const container = useRef<HTMLDivElement>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [renderer, setRenderer] = useState<"pending" | "sigma" | "svg">("pending");
  const fetcher = useFetcher<WhatIfResult>();
  const positioned = useMemo(() => layout(nodes), [nodes]);
  const byId = useMemo(() => new Map(positioned.map((n) => [n.id, n])), [positioned]);
  const cut = new Set(fetcher.data?.whatIf?.cutOff.map((o) => o.id) ?? []);
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));

  useEffect(() => {
    if (!container.current || !hasWebGl()) {
      setRenderer("svg");
      return;
    }
    let killed = false;
    let sigma: { kill(): void } | null = null;
    void Promise.all([import("graphology"), import("sigma")]).then(([{ default: Graph }, { default: Sigma }]) => {
      if (killed || !container.current) return;
      try {
        const graph = new Graph({ type: "undirected", multi: false });
        for (const n of positioned) {
          graph.addNode(n.id, { x: n.x, y: n.y, size: n.inScope ? 9 : 6, label: n.name, color: n.articulation ? "#c8102e" : n.inScope ? "#474747" : "#b5b5b5" });
        }
        for (const e of edges) if (graph.hasNode(e.source) && graph.hasNode(e.target)) graph.addEdgeWithKey(e.id, e.source, e.target, { size: edgeSize(e), color: edgeColor(e, false) });
        const instance = new Sigma(graph, container.current, { enableEdgeEvents: true, labelSize: 14, renderEdgeLabels: false });
        instance.on("clickEdge", ({ edge }) => toggle(edge));
        sigma = instance;
        (container.current as HTMLDivElement & { __graph?: unknown }).__graph = graph;
        setRenderer("sigma");
      } catch {
        setRenderer("svg");
      }
    });
    return () => {
      killed = true;
      sigma?.kill();
    };
  }, [positioned, edges]);

  // keep sigma's colours in step with the selection and the what-if
  useEffect(() => {
    const graph = (container.current as (HTMLDivElement & { __graph?: { setEdgeAttribute(e: string, k: string, v: unknown): void; setNodeAttribute(n: string, k: string, v: unknown): void; hasEdge(e: string): boolean; hasNode(n: string): boolean } }) | null)?.__graph;
    if (!graph) return;
    for (const e of edges) if (graph.hasEdge(e.id)) graph.setEdgeAttribute(e.id, "color", edgeColor(e, selected.includes(e.id)));
    for (const n of positioned) if (graph.hasNode(n.id)) graph.setNodeAttribute(n.id, "color", cut.has(n.id) ? "#0b4fd6" : n.articulation ? "#c8102e" : n.inScope ? "#474747" : "#b5b5b5");
  });

  const bounds = positioned.reduce((b, n) => ({ minX: Math.min(b.minX, n.x), maxX: Math.max(b.maxX, n.x), minY: Math.min(b.minY, n.y), maxY: Math.max(b.maxY, n.y) }), { minX: 0, maxX: 1, minY: 0, maxY: 1 });
  const pad = 2;
  const weak = edges.filter((e) => e.stale || e.ruleId);
  const bridges = edges.filter((e) => e.bridge);

  return (
    <div className="wd-network">
      <p className="wd-hint">{t("warnings.network.legend")}</p>
      <p className="wd-hint">
        {t("warnings.network.bridges", { count: bridges.length })} · {t("warnings.network.stale", { count: weak.length })} · {t("warnings.network.isolated", { count: nodes.filter((n) => n.isolated && n.inScope).length })}
      </p>
      <div
        ref={container}
        className="wd-canvas"
        data-renderer={renderer}
        data-weak-bridges={edges.filter((e) => e.ruleId === "T2").map((e) => e.id).join(" ")}
        aria-label={t("warnings.network.title")}
        role="img"
      >
        {renderer === "svg" && (
          <svg viewBox={`${bounds.minX - pad} ${bounds.minY - pad} ${bounds.maxX - bounds.minX + 2 * pad} ${bounds.maxY - bounds.minY + 2 * pad}`} className="wd-svg">
            {edges.map((e) => {
              const a = byId.get(e.source);
              const b = byId.get(e.target);
              if (!a || !b) return null;
              return (
                <line
                  key={e.id}
                  x1={a.x}
                  y1={a.y}
                  x2={b.x}
                  y2={b.y}
                  stroke={edgeColor(e, selected.includes(e.id))}
                  strokeWidth={edgeSize(e) / 10}
                  data-edge={e.id}
                  data-rule={e.ruleId ?? ""}
                  onClick={() => toggle(e.id)}
                  style={{ cursor: "pointer" }}
                />
              );
            })}
            {positioned.map((n) => (
              <g key={n.id}>
                <circle cx={n.x} cy={n.y} r={n.inScope ? 0.45 : 0.3} fill={cut.has(n.id) ? "#0b4fd6" : n.articulation ? "#c8102e" : n.inScope ? "#474747" : "#b5b5b5"} />
                <text x={n.x + 0.5} y={n.y + 0.2} fontSize={0.55}>
                  {n.name}
                </text>
              </g>
            ))}
          </svg>
        )}
      </div>

      <h3 className="wd-subtitle">{t("warnings.network.whatIf")}</h3>
      <p className="wd-hint">{t("warnings.network.whatIfHint")}</p>
      <ul className="wd-ties">
        {[...weak, ...bridges.filter((e) => !weak.includes(e))].map((e) => (
          <li key={e.id} data-tie={e.id} data-bridge={e.bridge ? "yes" : "no"} data-rule={e.ruleId ?? ""}>
            <label>
              <input type="checkbox" checked={selected.includes(e.id)} onChange={() => toggle(e.id)} />{" "}
              {byId.get(e.source)?.name ?? ""} — {byId.get(e.target)?.name ?? ""}
            </label>{" "}
            {e.ruleId === "T2" ? <Badge tone="party">{t("warnings.rule.T2")}</Badge> : e.stale ? <Badge tone="warn">{t("warnings.rule.T1")}</Badge> : null}
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
          onClick={() => fetcher.submit({ intent: "whatIf", orgId, linkIds: selected.join(",") }, { method: "post" })}
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
            : t("warnings.network.cutOff", { count: fetcher.data.whatIf.cutOff.length, names: fetcher.data.whatIf.cutOff.map((o) => o.name).join("、") })}
        </p>
      ) : null}
    </div>
  );
}
