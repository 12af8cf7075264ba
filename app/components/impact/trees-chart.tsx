import { scaleLinear } from "d3-scale";
import { area, curveStepAfter, line } from "d3-shape";
import type { TreesByMonth } from "~/models/impact/types";
import { MonthAxis } from "./month-axis";
import { chartFrames, monthTicks, plotHeight, plotWidth, r1, type ChartSize } from "./chart-frame";
import { countOf, formatCount, monthLabel } from "./wording";

type Point = { x: number; funded: number; planted: number };

/** What the chart shows, made from its numbers (the SVG's <desc>). */
export function treesSummary(trees: TreesByMonth[]): string {
  const last = trees[trees.length - 1];
  if (!last) return "No tree is funded or planted yet.";
  const gap = last.treesFunded - last.treesPlanted;
  const standing = gap > 0 ? `${countOf(gap, "tree")} still to plant` : gap < 0 ? `plantings ${countOf(-gap, "tree")} ahead of funding` : "every funded tree planted";
  return `Trees funded and trees planted so far, at the end of each month from ${monthLabel(trees[0]!.month, { long: true })}. By ${monthLabel(last.month, { long: true })}: ${countOf(last.treesFunded, "tree")} funded, ${formatCount(last.treesPlanted)} planted, ${standing}.`;
}

/** Cumulative trees funded against trees planted, as two steps (a planting covers its trees in one go), drawn on the server. */
export function TreesChart({ trees, size }: { trees: TreesByMonth[]; size: ChartSize }) {
  const frame = chartFrames[size];
  const width = plotWidth(frame);
  const height = plotHeight(frame);
  const step = width / Math.max(1, trees.length);
  // Each month's value holds from its start to the next month's; the last one runs to the right edge.
  const points: Point[] = trees.map((t, i) => ({ x: frame.left + i * step, funded: t.treesFunded, planted: t.treesPlanted }));
  const last = points[points.length - 1];
  if (last) points.push({ ...last, x: frame.left + width });
  const high = Math.max(1, ...trees.map((t) => Math.max(t.treesFunded, t.treesPlanted)));
  const y = scaleLinear().domain([0, high]).nice(4).range([frame.top + height, frame.top]);
  const ticks = y.ticks(4).filter((t) => Number.isInteger(t));
  const fundedLine = line<Point>().x((p) => r1(p.x)).y((p) => r1(y(p.funded))).curve(curveStepAfter)(points) ?? "";
  const plantedLine = line<Point>().x((p) => r1(p.x)).y((p) => r1(y(p.planted))).curve(curveStepAfter)(points) ?? "";
  const plantedArea = area<Point>().x((p) => r1(p.x)).y0(r1(y(0))).y1((p) => r1(y(p.planted))).curve(curveStepAfter)(points) ?? "";
  const monthLabels = monthTicks(trees.map((t) => t.month), frame.maxLabels);
  const end = trees[trees.length - 1];
  return (
    <svg viewBox={`0 0 ${frame.width} ${frame.height}`} className={`impact-chart-svg chart-${size}`} role="img" aria-labelledby={`trees-${size}-title trees-${size}-desc`}>
      <title id={`trees-${size}-title`}>Trees funded and trees planted, cumulative</title>
      <desc id={`trees-${size}-desc`}>{treesSummary(trees)}</desc>
      <text x={8} y={frame.top - 18} className="chart-axis-title">
        Trees so far
      </text>
      <g className="chart-grid">
        {ticks.map((tick) => (
          <g key={tick} transform={`translate(0 ${r1(y(tick))})`}>
            <line x1={frame.left} x2={frame.left + width} className={tick === 0 ? "chart-zero" : undefined} />
            <text x={frame.left - 8} dy="0.32em" textAnchor="end">
              {formatCount(tick)}
            </text>
          </g>
        ))}
      </g>
      <path d={plantedArea} className="chart-planted-area" />
      <path d={plantedLine} className="chart-planted-line" />
      <path d={fundedLine} className="chart-funded-line" />
      {end ? (
        // Cumulative lines start low, so the plot's top-left corner is free for the latest numbers.
        <g className="chart-now">
          <text x={frame.left + 10} y={frame.top + 14} className="chart-funded-label">
            {formatCount(end.treesFunded)} funded
          </text>
          <text x={frame.left + 10} y={frame.top + 34} className="chart-planted-label">
            {formatCount(end.treesPlanted)} planted
          </text>
        </g>
      ) : null}
      <MonthAxis ticks={monthLabels} y={frame.top + height + 18} centreOf={(index) => frame.left + (index + 0.5) * step} />
    </svg>
  );
}

/** The chart's numbers as a table: the text alternative for people who don't see the lines. */
export function TreesTable({ trees }: { trees: TreesByMonth[] }) {
  return (
    <table className="impact-table">
      <caption>Trees funded and planted so far, at the end of each month</caption>
      <thead>
        <tr>
          <th scope="col">Month</th>
          <th scope="col" className="numeric">
            Trees funded
          </th>
          <th scope="col" className="numeric">
            Trees planted
          </th>
        </tr>
      </thead>
      <tbody>
        {trees.map((t) => (
          <tr key={t.month}>
            <th scope="row">{monthLabel(t.month)}</th>
            <td className="numeric">{formatCount(t.treesFunded)}</td>
            <td className="numeric">{formatCount(t.treesPlanted)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
