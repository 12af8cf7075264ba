import { describe, expect, it } from "vitest";
import { firstFreeSlug, slugFrom } from "./slug";

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
