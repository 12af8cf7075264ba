import { describe, expect, it } from "vitest";
import { jakartaToday, OFF_THE_MAP, plantingInputSchema, survivalCheckInputSchema } from "./planting-input";

const now = new Date("2026-12-01T18:30:00Z"); // 01:30 on 2 December in Jakarta
const valid = { plantedOn: "2026-11-20", place: "Gunung Kidul", province: "DI Yogyakarta", latitude: -7.965, longitude: 110.601, species: "Teak", treeCount: 120, partner: "", notes: "" };
const errorsOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((result.error?.issues ?? []).map((i) => [String(i.path[0]), i.message]));

describe("planting input", () => {
  it("takes Jakarta's date, which runs seven hours ahead of UTC", () => {
    expect(jakartaToday(now)).toBe("2026-12-02");
    expect(jakartaToday(new Date("2026-12-01T16:59:59Z"))).toBe("2026-12-01");
  });

  it("accepts a planting on the map, today in Jakarta", () => {
    const result = plantingInputSchema(now).safeParse({ ...valid, plantedOn: "2026-12-02" });
    expect(result.success).toBe(true);
  });

  it("refuses a negative, zero, fractional or huge tree count with a clear message", () => {
    expect(errorsOf(plantingInputSchema(now).safeParse({ ...valid, treeCount: -5 }))).toEqual({ treeCount: "The number of trees must be at least 1 (it can't be zero or negative)" });
    expect(errorsOf(plantingInputSchema(now).safeParse({ ...valid, treeCount: 0 }))["treeCount"]).toMatch(/at least 1/);
    expect(errorsOf(plantingInputSchema(now).safeParse({ ...valid, treeCount: 2.5 }))["treeCount"]).toMatch(/whole number/);
    expect(errorsOf(plantingInputSchema(now).safeParse({ ...valid, treeCount: 1_000_001 }))["treeCount"]).toMatch(/at most 1,000,000/);
  });

  it("refuses a date in the future, before 2000, or that doesn't exist", () => {
    expect(errorsOf(plantingInputSchema(now).safeParse({ ...valid, plantedOn: "2026-12-03" }))["plantedOn"]).toMatch(/can't be in the future/);
    expect(errorsOf(plantingInputSchema(now).safeParse({ ...valid, plantedOn: "1999-12-31" }))["plantedOn"]).toMatch(/start in 2000/);
    expect(errorsOf(plantingInputSchema(now).safeParse({ ...valid, plantedOn: "2026-02-30" }))["plantedOn"]).toMatch(/not a real date/);
  });

  it("refuses a place off the map of Indonesia on both coordinate fields", () => {
    const swapped = errorsOf(plantingInputSchema(now).safeParse({ ...valid, latitude: 110.601, longitude: -7.965 }));
    expect(swapped).toEqual({ latitude: OFF_THE_MAP, longitude: OFF_THE_MAP });
    expect(errorsOf(plantingInputSchema(now).safeParse({ ...valid, latitude: 48.85, longitude: 2.35 }))["latitude"]).toMatch(/off the map of Indonesia/);
    expect(errorsOf(plantingInputSchema(now).safeParse({ ...valid, latitude: Number.NaN }))["latitude"]).toMatch(/decimal number/);
  });

  it("bounds text lengths", () => {
    expect(errorsOf(plantingInputSchema(now).safeParse({ ...valid, place: "x".repeat(121) }))["place"]).toMatch(/under 120/);
    expect(errorsOf(plantingInputSchema(now).safeParse({ ...valid, place: "   " }))["place"]).toBe("Enter the place name");
  });
});

describe("survival check input", () => {
  const schema = survivalCheckInputSchema({ plantedOn: "2026-06-01", treeCount: 100, now });
  it("accepts a check between the planting and today with at most the trees planted", () => {
    expect(schema.safeParse({ checkedOn: "2026-12-01", aliveCount: 100 }).success).toBe(true);
    expect(schema.safeParse({ checkedOn: "2026-06-01", aliveCount: 0 }).success).toBe(true);
  });
  it("refuses a check before the planting, in the future, or with more trees than planted", () => {
    expect(errorsOf(schema.safeParse({ checkedOn: "2026-05-31", aliveCount: 10 }))["checkedOn"]).toMatch(/before the planting/);
    expect(errorsOf(schema.safeParse({ checkedOn: "2026-12-03", aliveCount: 10 }))["checkedOn"]).toMatch(/future/);
    expect(errorsOf(schema.safeParse({ checkedOn: "2026-12-01", aliveCount: 101 }))["aliveCount"]).toMatch(/At most 100/);
    expect(errorsOf(schema.safeParse({ checkedOn: "2026-12-01", aliveCount: -1 }))["aliveCount"]).toMatch(/negative/);
  });
});
