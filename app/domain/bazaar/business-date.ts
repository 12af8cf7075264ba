/**
 * Bazaars are in Jakarta, and Indonesia keeps no daylight saving: Western Indonesia Time is UTC+7 all year.
 * A sale's business day, and so the close it belongs to, is its Jakarta calendar day.
 */
export const JAKARTA_OFFSET_MINUTES = 7 * 60;

/** The Jakarta calendar day (YYYY-MM-DD) of an instant. */
export function jakartaDate(at: Date): string {
  return new Date(at.getTime() + JAKARTA_OFFSET_MINUTES * 60_000).toISOString().slice(0, 10);
}

/** The Jakarta hour (0–23) of an instant, for sales by hour. */
export function jakartaHour(at: Date): number {
  return new Date(at.getTime() + JAKARTA_OFFSET_MINUTES * 60_000).getUTCHours();
}

/** Every day from `from` to `to` (YYYY-MM-DD, inclusive), for an event's days. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`) && days.length < 366; t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/** An instant as Jakarta reads it, "2026-05-09 14:05 WIB", the same on the server and in the browser. */
export function jakartaDateTime(at: Date): string {
  return `${new Date(at.getTime() + JAKARTA_OFFSET_MINUTES * 60_000).toISOString().slice(0, 16).replace("T", " ")} WIB`;
}
