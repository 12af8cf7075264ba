import { describe, expect, it } from "vitest";
import { daysBetween, jakartaDate, jakartaDateTime, jakartaHour } from "./business-date";

describe("jakartaDate", () => {
  it("a sale at 23:30 UTC is already the next morning in Jakarta", () => {
    expect(jakartaDate(new Date("2026-05-09T23:30:00Z"))).toBe("2026-05-10");
    expect(jakartaHour(new Date("2026-05-09T23:30:00Z"))).toBe(6);
  });
  it("a sale at 16:59 UTC is still the same Jakarta day, 17:00 is the next", () => {
    expect(jakartaDate(new Date("2026-05-09T16:59:59Z"))).toBe("2026-05-09");
    expect(jakartaDate(new Date("2026-05-09T17:00:00Z"))).toBe("2026-05-10");
  });
  it("lists an event's days inclusive", () => {
    expect(daysBetween("2026-05-09", "2026-05-11")).toEqual(["2026-05-09", "2026-05-10", "2026-05-11"]);
    expect(daysBetween("2026-05-09", "2026-05-09")).toEqual(["2026-05-09"]);
    expect(daysBetween("2026-05-10", "2026-05-09")).toEqual([]);
  });
});

describe("jakartaDateTime", () => {
  it("reads an instant on the Jakarta clock", () => {
    expect(jakartaDateTime(new Date("2026-05-09T23:30:00Z"))).toBe("2026-05-10 06:30 WIB");
  });
});
