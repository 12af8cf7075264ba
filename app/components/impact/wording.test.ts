import { describe, expect, it } from "vitest";
import type { ImpactTotals } from "~/models/impact/types";
import {
  countOf,
  formatDay,
  formatDistance,
  formatUsd,
  formatUsdShort,
  gpsNote,
  monthLabel,
  monthsBetween,
  oldestUnplantedSentence,
  survivalSentence,
  timeAgo,
  treeRange,
} from "./wording";

const now = new Date("2026-12-02T00:00:00Z");
const totals = (over: Partial<ImpactTotals>): ImpactTotals => ({
  usdCents: 0,
  treesFunded: 0,
  treesPlanted: 0,
  treesVerifiedAlive: 0,
  treesToPlant: 0,
  oldestUnplantedSince: null,
  ...over,
});

describe("impact wording", () => {
  it("counts with the right plural and thousands separators", () => {
    expect(countOf(0, "tree")).toBe("0 trees");
    expect(countOf(1, "tree")).toBe("1 tree");
    expect(countOf(1204, "tree")).toBe("1,204 trees");
    expect(countOf(3, "entry", "entries")).toBe("3 entries");
  });

  it("writes dollars from cents without floating-point drift", () => {
    expect(formatUsd(123_456_789)).toBe("US$1,234,567.89");
    expect(formatUsd(-5)).toBe("-US$0.05");
    expect(formatUsd(149_999, { whole: true })).toBe("US$1,499");
    expect(formatUsdShort(0)).toBe("$0");
    expect(formatUsdShort(80_000)).toBe("$800");
    expect(formatUsdShort(1_250_000)).toBe("$12.5k");
    expect(formatUsdShort(150_000_000)).toBe("$1.5M");
    expect(formatUsdShort(-5_000_000)).toBe("-$50k");
  });

  it("names months and days in Jakarta", () => {
    expect(monthLabel("2026-03")).toBe("Mar 2026");
    expect(monthLabel("2026-12", { long: true })).toBe("December 2026");
    expect(formatDay("2026-03-14")).toBe("14 March 2026");
    // 20:00 UTC on 31 Jan is already 1 February in Jakarta.
    expect(formatDay("2026-01-31T20:00:00Z")).toBe("1 February 2026");
  });

  it("says how long ago in the largest whole unit", () => {
    expect(timeAgo("2026-12-01T23:00:00Z", now)).toBe("today");
    expect(timeAgo("2026-11-30T23:00:00Z", now)).toBe("yesterday");
    expect(timeAgo("2026-11-27T00:00:00Z", now)).toBe("5 days ago");
    expect(timeAgo("2026-11-11T00:00:00Z", now)).toBe("3 weeks ago");
    expect(timeAgo("2026-09-30T00:00:00Z", now)).toBe("2 months ago");
    expect(timeAgo("2025-11-01T00:00:00Z", now)).toBe("1 year ago");
    expect(timeAgo("2023-11-01T00:00:00Z", now)).toBe("3 years ago");
  });

  it("tells the age of the oldest unplanted tree, or that none is waiting", () => {
    expect(oldestUnplantedSentence(totals({ treesFunded: 12, treesPlanted: 9, treesToPlant: 3, oldestUnplantedSince: "2026-11-11T00:00:00Z" }), now)).toBe(
      "The oldest tree still to plant was funded 3 weeks ago; 3 trees are waiting for their planting.",
    );
    expect(oldestUnplantedSentence(totals({ treesFunded: 10, treesPlanted: 9, treesToPlant: 1, oldestUnplantedSince: "2026-11-30T00:00:00Z" }), now)).toBe(
      "The oldest tree still to plant was funded 2 days ago; 1 tree is waiting for its planting.",
    );
    expect(oldestUnplantedSentence(totals({ treesFunded: 9, treesPlanted: 9 }), now)).toBe("Every funded tree is planted.");
    expect(oldestUnplantedSentence(totals({ treesFunded: 9, treesPlanted: 10 }), now)).toBe("Every funded tree is planted, and 1 tree ahead of the sales that will fund it.");
    expect(oldestUnplantedSentence(totals({ treesFunded: 7, treesPlanted: 20 }), now)).toBe("Every funded tree is planted, and 13 trees ahead of the sales that will fund them.");
    expect(oldestUnplantedSentence(totals({}), now)).toBe("No tree is funded yet: the first comes with the first US$1,500 of sales.");
  });

  it("counts whole months between a planting and its check", () => {
    expect(monthsBetween("2026-03-14", "2026-09-14")).toBe(6);
    expect(monthsBetween("2026-03-14", "2026-09-13")).toBe(5);
    expect(monthsBetween("2025-12-31", "2026-12-31")).toBe(12);
    expect(survivalSentence({ checkedOn: "2026-09-20", aliveCount: 412 }, { plantedOn: "2026-03-14", treeCount: 420 })).toBe("412 of 420 alive at 6 months");
    expect(survivalSentence({ checkedOn: "2026-04-04", aliveCount: 1 }, { plantedOn: "2026-03-14", treeCount: 1 })).toBe("1 of 1 alive at 3 weeks");
  });

  it("numbers trees and flags photos whose GPS does not back the place", () => {
    expect(treeRange(1, 420)).toBe("#1–#420");
    expect(treeRange(1201, 1201)).toBe("#1,201");
    expect(formatDistance(850.4)).toBe("850 m");
    expect(formatDistance(3_440)).toBe("3.4 km");
    expect(formatDistance(38_200)).toBe("38 km");
    expect(gpsNote({ gps: "mismatch", distanceMetres: 38_200 })).toEqual({ text: "Photo taken 38 km from the stated place", warning: true });
    expect(gpsNote({ gps: "missing", distanceMetres: null })).toEqual({ text: "This photo carries no GPS position", warning: true });
    expect(gpsNote({ gps: "matches", distanceMetres: 120 })).toEqual({ text: "GPS matches the stated place (120 m away)", warning: false });
  });
});
