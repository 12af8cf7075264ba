import { z } from "zod";

/** True for a YYYY-MM-DD text that names a real day (no 30 February). */
export function isCalendarDate(text: string) {
  const [y, m, d] = text.split("-").map(Number);
  const date = new Date(Date.UTC(y!, m! - 1, d!));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m! - 1 && date.getUTCDate() === d;
}

/** A date filter from the URL: one message for a text not shaped like a date, another for a day that doesn't exist. */
export const calendarDay = (label: string) =>
  z
    .string()
    // abort: a text that is not shaped like a date gets one message, not "not a real date" as well.
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: `${label} must be a date like 2026-03-31`, abort: true })
    .refine(isCalendarDate, `${label} is not a real date`);
