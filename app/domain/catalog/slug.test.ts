import { describe, expect, it } from "vitest";
import { firstFreeSlug, isSlug, slugField, slugFrom, slugPattern } from "./slug";

describe("slugs", () => {
  it("makes a web address from a name, Indonesian letters included", () => {
    expect(slugFrom("Kelompok Tenun Ikat “Sumba Timur”")).toBe("kelompok-tenun-ikat-sumba-timur");
    expect(slugFrom("!!!")).toBe("item");
    expect(slugFrom("a".repeat(200))).toHaveLength(80);
  });

  it("numbers a taken address from 2 upwards and keeps it within 80 characters", () => {
    expect(firstFreeSlug("sekar", new Set())).toBe("sekar");
    expect(firstFreeSlug("sekar", new Set(["sekar"]))).toBe("sekar-2");
    expect(firstFreeSlug("sekar", new Set(["sekar", "sekar-2", "sekar-3"]))).toBe("sekar-4");
    const long = "b".repeat(80);
    expect(firstFreeSlug(long, new Set([long]))).toHaveLength(80);
  });
});

describe("the slug shape", () => {
  it("accepts lowercase words joined by single hyphens, up to 80 characters", () => {
    expect(isSlug("kampung-rattan")).toBe(true);
    expect(isSlug("tas-2")).toBe(true);
    expect(isSlug("a".repeat(80))).toBe(true);
    for (const bad of ["", "Kampung", "two--hyphens", "-lead", "trail-", "under_score", "a".repeat(81)]) expect(isSlug(bad), bad).toBe(false);
  });

  it("is what the back-office field accepts, after trimming and lowering", () => {
    expect(slugField.parse("  Kampung-Rattan ")).toBe("kampung-rattan");
    expect(slugField.safeParse("two--hyphens").success).toBe(false);
    expect(slugFrom("Lidded Rattan Basket (Medium)")).toMatch(slugPattern);
  });
});
