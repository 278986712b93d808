// 12-month KPI trends with ECharts, loaded in the browser only (the server renders the table
// beside it, so the figures are readable before and without the chart).
import { useEffect, useRef } from "react";
import { t } from "@dangjian/core/messages";

export interface TrendPoint {
  month: string;
  cadence: number | null;
  attendance: number | null;
  dues: number | null;
}

export function TrendChart({ points }: { points: TrendPoint[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let chart: { dispose(): void; resize(): void } | null = null;
    const onResize = () => chart?.resize();
    void import("./echarts-lite.ts").then(({ echarts }) => {
      if (disposed || !ref.current) return;
      const instance = echarts.init(ref.current, undefined, { renderer: "svg" });
      chart = instance;
      const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
      instance.setOption({
        animation: false,
        textStyle: { fontSize: 14 },
        tooltip: {
          trigger: "axis",
          valueFormatter: (v: unknown) => (v === null || v === undefined ? "—" : `${String(v)}%`),
        },
        legend: { bottom: 0, textStyle: { fontSize: 14 } },
        grid: { left: 40, right: 12, top: 16, bottom: 64 },
        xAxis: { type: "category", data: points.map((p) => p.month.slice(2)) },
        yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
        series: [
          {
            name: t("warnings.kpi.cadence"),
            type: "line",
            data: points.map((p) => pct(p.cadence)),
            connectNulls: false,
          },
          { name: t("warnings.kpi.attendance"), type: "line", data: points.map((p) => pct(p.attendance)) },
          { name: t("warnings.kpi.dues"), type: "line", data: points.map((p) => pct(p.dues)) },
        ],
        color: ["#c8102e", "#0b4fd6", "#0f6b36"],
      });
      window.addEventListener("resize", onResize);
    });
    return () => {
      disposed = true;
      window.removeEventListener("resize", onResize);
      chart?.dispose();
    };
  }, [points]);
  return <div ref={ref} className="wd-chart" role="img" aria-label={t("warnings.kpi.trend")} />;
}
