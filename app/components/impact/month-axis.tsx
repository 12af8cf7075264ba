import { r1, type MonthTick } from "./chart-frame";

/** The month labels under a chart, each centred on its month, with the year below where it changes. */
export function MonthAxis({ ticks, y, centreOf }: { ticks: MonthTick[]; y: number; centreOf: (index: number) => number }) {
  return (
    <g className="chart-ticks" transform={`translate(0 ${y})`}>
      {ticks.map((tick) => {
        const centre = r1(centreOf(tick.index));
        return (
          <text key={tick.index} x={centre} textAnchor="middle">
            {tick.label}
            {tick.year ? (
              <tspan x={centre} dy="1.15em" className="chart-year">
                {tick.year}
              </tspan>
            ) : null}
          </text>
        );
      })}
    </g>
  );
}
