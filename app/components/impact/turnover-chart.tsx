import { scaleBand, scaleLinear } from "d3-scale";
import { stack, stackOffsetDiverging } from "d3-shape";
import type { ImpactChannel, MonthlyTurnover } from "~/models/impact/types";
import { MonthAxis } from "./month-axis";
import { chartFrames, monthTicks, plotHeight, plotWidth, r1, type ChartSize } from "./chart-frame";
import { formatUsd, formatUsdShort, monthLabel } from "./wording";

export const channelNames: Record<ImpactChannel, string> = { retail: "Online shop", wholesale: "Wholesale", bazaar: "Bazaars" };
/** Bottom to top in the stack, left to right in the legend and the table (the Record above makes sure none is missing). */
export const CHANNELS = Object.keys(channelNames) as ImpactChannel[];

type Row = Record<ImpactChannel, number> & { month: string };

/** What the chart shows, in one or two sentences made from its numbers (the SVG's <desc>). */
export function turnoverSummary(monthly: MonthlyTurnover[]): string {
  if (!monthly.length) return "No turnover is booked yet.";
  const first = monthly[0]!;
  const last = monthly[monthly.length - 1]!;
  const byChannel = CHANNELS.map((c) => `${channelNames[c].toLowerCase()} ${formatUsd(monthly.reduce((sum, m) => sum + m.usdCents[c], 0), { whole: true })}`);
  const best = monthly.reduce((top, m) => (m.totalUsdCents > top.totalUsdCents ? m : top), first);
  const span = first.month === last.month ? monthLabel(first.month, { long: true }) : `${monthLabel(first.month, { long: true })} to ${monthLabel(last.month, { long: true })}`;
  return `Turnover booked each month, ${span}, stacked by channel. In total: ${byChannel.join(", ")}. The busiest month was ${monthLabel(best.month, { long: true })} with ${formatUsd(best.totalUsdCents, { whole: true })}.`;
}

/** Monthly turnover in US dollars, one stacked bar a month (refunds below the zero line), drawn on the server. */
export function TurnoverChart({ monthly, size }: { monthly: MonthlyTurnover[]; size: ChartSize }) {
  const frame = chartFrames[size];
  const width = plotWidth(frame);
  const height = plotHeight(frame);
  const rows: Row[] = monthly.map((m) => ({ month: m.month, ...m.usdCents }));
  const series = stack<Row, ImpactChannel>().keys(CHANNELS).offset(stackOffsetDiverging)(rows);
  const low = Math.min(0, ...series.flatMap((s) => s.map((point) => point[0])));
  const high = Math.max(1, ...series.flatMap((s) => s.map((point) => point[1])));
  const x = scaleBand<string>()
    .domain(rows.map((r) => r.month))
    .range([frame.left, frame.left + width])
    .paddingInner(rows.length > 18 ? 0.15 : 0.3)
    .paddingOuter(0.15);
  const y = scaleLinear().domain([low, high]).nice(4).range([frame.top + height, frame.top]);
  const months = rows.map((r) => r.month);
  const ticks = monthTicks(months, frame.maxLabels);
  return (
    <svg viewBox={`0 0 ${frame.width} ${frame.height}`} className={`impact-chart-svg chart-${size}`} role="img" aria-labelledby={`turnover-${size}-title turnover-${size}-desc`}>
      <title id={`turnover-${size}-title`}>Monthly turnover by channel, in US dollars</title>
      <desc id={`turnover-${size}-desc`}>{turnoverSummary(monthly)}</desc>
      <text x={8} y={frame.top - 18} className="chart-axis-title">
        US dollars a month
      </text>
      <g className="chart-grid">
        {y.ticks(4).map((tick) => (
          <g key={tick} transform={`translate(0 ${r1(y(tick))})`}>
            <line x1={frame.left} x2={frame.left + width} className={tick === 0 ? "chart-zero" : undefined} />
            <text x={frame.left - 8} dy="0.32em" textAnchor="end">
              {formatUsdShort(tick)}
            </text>
          </g>
        ))}
      </g>
      {series.map((s) => (
        // One path per channel, a rectangle per month: the same bars in a third of the markup.
        <path
          key={s.key}
          className={`chart-channel chart-channel-${s.key}`}
          d={s
            .map((point, i) => {
              const top = r1(y(Math.max(point[0], point[1])));
              const barHeight = r1(Math.abs(y(point[0]) - y(point[1])));
              return barHeight > 0 ? `M${r1(x(rows[i]!.month) ?? 0)} ${top}h${r1(x.bandwidth())}v${barHeight}h${-r1(x.bandwidth())}z` : "";
            })
            .join("")}
        />
      ))}
      <MonthAxis ticks={ticks} y={frame.top + height + 18} centreOf={(index) => (x(months[index]!) ?? 0) + x.bandwidth() / 2} />
    </svg>
  );
}

/** The chart's numbers as a table: the text alternative for people who don't see the bars. */
export function TurnoverTable({ monthly }: { monthly: MonthlyTurnover[] }) {
  return (
    <table className="impact-table">
      <caption>Turnover booked each month by channel, in US dollars</caption>
      <thead>
        <tr>
          <th scope="col">Month</th>
          {CHANNELS.map((c) => (
            <th key={c} scope="col" className="numeric">
              {channelNames[c]}
            </th>
          ))}
          <th scope="col" className="numeric">
            Total
          </th>
        </tr>
      </thead>
      <tbody>
        {monthly.map((m) => (
          <tr key={m.month}>
            <th scope="row">{monthLabel(m.month)}</th>
            {CHANNELS.map((c) => (
              <td key={c} className="numeric">
                {formatUsd(m.usdCents[c])}
              </td>
            ))}
            <td className="numeric">{formatUsd(m.totalUsdCents)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
