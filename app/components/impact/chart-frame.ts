/**
 * Geometry of the impact charts. Each chart is drawn twice on the server, once per frame, and CSS shows the one
 * that fits: text in SVG units shrinks with the drawing, so a phone gets a narrower drawing with fewer labels
 * rather than a wide one scaled down to unreadable type.
 */
export type ChartSize = "wide" | "compact";
export type ChartFrame = { size: ChartSize; width: number; height: number; top: number; right: number; bottom: number; left: number; maxLabels: number };

export const chartFrames: Record<ChartSize, ChartFrame> = {
  wide: { size: "wide", width: 560, height: 320, top: 34, right: 16, bottom: 44, left: 58, maxLabels: 6 },
  compact: { size: "compact", width: 340, height: 290, top: 32, right: 10, bottom: 42, left: 46, maxLabels: 4 },
};

export const plotWidth = (frame: ChartFrame) => frame.width - frame.left - frame.right;
export const plotHeight = (frame: ChartFrame) => frame.height - frame.top - frame.bottom;

/** Which month indexes get a label: at most `max`, evenly spaced, always the last one (the month people look for). */
export function labelledIndexes(count: number, max = 6): Set<number> {
  if (count <= 0) return new Set();
  if (count <= max) return new Set(Array.from({ length: count }, (_, i) => i));
  const step = Math.ceil((count - 1) / (max - 1));
  const picked = new Set<number>();
  for (let i = count - 1; i >= 0; i -= step) picked.add(i);
  return picked;
}

const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export type MonthTick = { index: number; label: string; year: string | null };

/**
 * The labels under a month axis. Two years or less: month names, evenly thinned, with the year under the first
 * label and wherever it changes. Longer: the Januaries, labelled with their year only (thinned to `max` as well).
 */
export function monthTicks(months: readonly string[], max: number): MonthTick[] {
  if (months.length > 24) {
    const januaries = months.flatMap((m, index) => (m.endsWith("-01") ? [index] : []));
    const every = Math.ceil(januaries.length / max);
    return januaries.filter((_, i) => i % every === 0).map((index) => ({ index, label: months[index]!.slice(0, 4), year: null }));
  }
  let previousYear: string | null = null;
  return [...labelledIndexes(months.length, max)]
    .sort((a, b) => a - b)
    .map((index) => {
      const [year = "", month = ""] = months[index]!.split("-");
      const showYear = year !== previousYear;
      previousYear = year;
      return { index, label: MONTH_NAMES[Number(month) - 1] ?? month, year: showYear ? year : null };
    });
}

/** SVG coordinates to one decimal: the drawing looks the same and its markup stays short. */
export const r1 = (n: number) => Math.round(n * 10) / 10;
