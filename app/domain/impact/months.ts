import { JAKARTA_OFFSET_MINUTES } from "~/domain/bazaar/business-date";

/**
 * The ledger's months are calendar months in Asia/Jakarta (UTC+7 all year, no daylight saving), written "YYYY-MM".
 * A month closes once it has ended in Jakarta and three more days have passed, so late bank transfers and sales a
 * till synced late still land in it.
 */
export const CLOSE_AFTER_DAYS = 3;
const OFFSET_MS = JAKARTA_OFFSET_MINUTES * 60_000;
const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** "2026-05" when the text is a month from 2000 to 9999, else null. */
export function parseMonth(text: string): string | null {
  const match = MONTH_PATTERN.exec(text);
  if (!match || Number(match[1]) < 2000) return null;
  return text;
}

/** The Jakarta month of an instant. */
export function jakartaMonthOf(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 7);
}

const partsOf = (month: string): [number, number] => {
  if (!parseMonth(month)) throw new RangeError(`Not a month: ${month}`);
  return [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
};

/** The instant a month begins: midnight on its first day in Jakarta. */
export function monthStart(month: string): Date {
  const [year, m] = partsOf(month);
  return new Date(Date.UTC(year, m - 1, 1) - OFFSET_MS);
}

/** The month after. */
export function nextMonth(month: string): string {
  const [year, m] = partsOf(month);
  return new Date(Date.UTC(year, m, 1)).toISOString().slice(0, 7);
}

/** The first day of a month as a date, "2026-05-01" (how a closed month is keyed). */
export function monthFirstDay(month: string): string {
  partsOf(month);
  return `${month}-01`;
}

/** Every month from `from` to `to`, inclusive (empty when `to` is earlier). */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let m = from; m <= to; m = nextMonth(m)) months.push(m);
  return months;
}

/** Whether a month may close at `now`: it ended in Jakarta at least three days ago. */
export function isClosable(month: string, now: Date): boolean {
  return now.getTime() >= monthStart(nextMonth(month)).getTime() + CLOSE_AFTER_DAYS * 86_400_000;
}

/** The latest month that may close at `now`. */
export function lastClosableMonth(now: Date): string {
  const current = jakartaMonthOf(now);
  const [year, m] = partsOf(current);
  const previous = new Date(Date.UTC(year, m - 2, 1)).toISOString().slice(0, 7);
  return isClosable(previous, now) ? previous : new Date(Date.UTC(year, m - 3, 1)).toISOString().slice(0, 7);
}
