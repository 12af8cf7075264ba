import { Legend } from "./legend";
import type { ReactNode } from "react";
import type { ChartSize } from "./chart-frame";
import { CHANNELS, channelNames } from "./turnover-chart";

/** A chart with its heading, legend and, one click away, the table of the same numbers; drawn for wide screens and for phones. */
export function ChartFigure({ title, legend, table, chart }: { title: string; legend: ReactNode; table: ReactNode; chart: (size: ChartSize) => ReactNode }) {
  return (
    <figure className="impact-chart">
      <figcaption>
        <h3>{title}</h3>
        {legend}
      </figcaption>
      {chart("wide")}
      {chart("compact")}
      <details className="chart-numbers">
        <summary>The numbers behind this chart</summary>
        <div className="table-scroll" role="region" aria-label={`${title}: the numbers`} tabIndex={0}>
          {table}
        </div>
      </details>
    </figure>
  );
}

export function ChannelLegend() {
  return <Legend label="Channels" items={CHANNELS.map((channel) => ({ swatch: `legend-${channel}`, text: channelNames[channel] }))} />;
}

export function TreesLegend() {
  return (
    <Legend
      label="Lines"
      items={[
        { swatch: "legend-line-funded", text: "Trees funded" },
        { swatch: "legend-line-planted", text: "Trees planted" },
      ]}
    />
  );
}
