import { describe, expect, it } from "vitest";
import { calendarDay, isCalendarDate } from "./calendar-day";

describe("calendar days in filters", () => {
  it("accepts real days only", () => {
    expect(isCalendarDate("2028-02-29")).toBe(true);
    expect(isCalendarDate("2026-02-29")).toBe(false);
    expect(isCalendarDate("2026-13-01")).toBe(false);
  });

  it("gives one message per problem", () => {
    const messages = (text: string) => calendarDay("From").safeParse(text).error?.issues.map((i) => i.message);
    expect(messages("2026-03-31")).toBeUndefined();
    expect(messages("31/03/2026")).toEqual(["From must be a date like 2026-03-31"]);
    expect(messages("2026-02-30")).toEqual(["From is not a real date"]);
  });
});
