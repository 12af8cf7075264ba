/**
 * A wholesale lead time from what the makers can do: each producer group's weekly capacity for a craft, the
 * work already booked on its open production orders for that craft, and the quantity asked. Groups work in
 * parallel, so an order spanning several takes its slowest; QC and consolidation follow.
 */

/** Days the exporter's QC team needs to inspect a finished batch, and to consolidate batches into one container. */
export const QC_DAYS = 5;
export const CONSOLIDATION_DAYS = 7;

/** Production orders in these statuses still book the group's hands. */
export const openProductionStatuses = ["draft", "advance_paid", "in_production", "qc_failed"] as const;

export type CraftWork = {
  producerName: string;
  craft: string;
  /** Units per week from `producer_capacities`; null or 0 when nobody has recorded it. */
  unitsPerWeek: number | null | undefined;
  /** Units on the group's open production orders for this craft. */
  bookedUnits: number;
  /** Units this quote asks of the group for this craft. */
  askedUnits: number;
};

export type LeadTime =
  | { kind: "days"; days: number; explanation: string }
  | { kind: "ask_us"; explanation: string };

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

export function leadTime(input: { work: readonly CraftWork[]; qcDays: number; consolidationDays: number }): LeadTime {
  const { work, qcDays, consolidationDays } = input;
  for (const [name, days] of [["QC days", qcDays], ["Consolidation days", consolidationDays]] as const) {
    if (!Number.isInteger(days) || days < 0) throw new RangeError(`${name} must be a whole number, zero or more; got ${days}`);
  }
  const asked = work.filter((item) => item.askedUnits > 0);
  if (asked.length === 0) return { kind: "ask_us", explanation: "Add pieces to the quote to see a lead time." };
  const unknown = asked.filter((item) => !item.unitsPerWeek || item.unitsPerWeek <= 0);
  if (unknown.length > 0) {
    const who = unknown.map((item) => `${item.producerName} (${item.craft})`).join(", ");
    return { kind: "ask_us", explanation: `Ask us for a lead time: we have no weekly capacity on record for ${who}.` };
  }
  const weeksPerItem = asked.map((item) => {
    const units = Math.max(0, item.bookedUnits) + item.askedUnits;
    return { item, units, weeks: Math.ceil(units / item.unitsPerWeek!) };
  });
  const slowest = weeksPerItem.reduce((a, b) => (b.weeks > a.weeks ? b : a));
  const days = slowest.weeks * 7 + qcDays + consolidationDays;
  const { item } = slowest;
  const booked = item.bookedUnits > 0 ? `, ${item.bookedUnits} already booked` : "";
  const slowestOf = weeksPerItem.length > 1 ? " (the slowest of the groups)" : "";
  const explanation =
    `About ${plural(days, "day")}: ${item.producerName} makes ${item.unitsPerWeek} a week by ${item.craft}${slowestOf}; ` +
    `${item.askedUnits} asked${booked} takes ${plural(slowest.weeks, "week")}, then ${plural(qcDays, "day")} of QC ` +
    `and ${plural(consolidationDays, "day")} to consolidate.`;
  return { kind: "days", days, explanation };
}
