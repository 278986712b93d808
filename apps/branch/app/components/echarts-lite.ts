// Only the ECharts parts the dashboard's trend chart uses (ADR 0801): a line chart with grid,
// tooltip and legend, drawn as SVG. The full `echarts` entry is 381 KB gzip; this is a fraction.
import * as echarts from "echarts/core";
import { LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export { echarts };
