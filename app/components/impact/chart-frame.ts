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

/** "Mar" under each labelled month, with the year under January and under the first label. */
export function monthTick(month: string, isFirst: boolean): { month: string; year: string | null } {
  const [year, index] = month.split("-");
  const name = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][Number(index) - 1] ?? month;
  return { month: name, year: isFirst || index === "01" ? (year ?? null) : null };
}

/** SVG coordinates to one decimal: the drawing looks the same and its markup stays short. */
export const r1 = (n: number) => Math.round(n * 10) / 10;
