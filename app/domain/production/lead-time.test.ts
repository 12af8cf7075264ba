import { describe, expect, it } from "vitest";
import { leadTime, type CraftWork } from "./lead-time";

const weavers: CraftWork = { producerName: "Tenun Sumba", craft: "ikat weaving", unitsPerWeek: 40, bookedUnits: 100, askedUnits: 60 };
const carvers: CraftWork = { producerName: "Ukir Jepara", craft: "wood carving", unitsPerWeek: 25, bookedUnits: 0, askedUnits: 60 };

describe("leadTime", () => {
  it("counts the booked work before the asked quantity, in whole weeks, then QC and consolidation", () => {
    const result = leadTime({ work: [weavers], qcDays: 3, consolidationDays: 4 });
    // (100 + 60) / 40 = 4 weeks = 28 days, + 3 + 4
    expect(result).toEqual({
      kind: "days",
      days: 35,
      explanation: "About 35 days: Tenun Sumba makes 40 a week by ikat weaving; 60 asked, 100 already booked takes 4 weeks, then 3 days of QC and 4 days to consolidate.",
    });
  });

  it("rounds a part week up", () => {
    const result = leadTime({ work: [{ ...weavers, bookedUnits: 0, askedUnits: 41 }], qcDays: 0, consolidationDays: 0 });
    expect(result).toMatchObject({ kind: "days", days: 14 });
  });

  it("takes the longest group when the order spans several", () => {
    // weavers: 4 weeks; carvers: ceil(60 / 25) = 3 weeks
    expect(leadTime({ work: [carvers, weavers], qcDays: 2, consolidationDays: 5 })).toMatchObject({ kind: "days", days: 35 });
    const slowCarvers = { ...carvers, bookedUnits: 140 }; // ceil(200 / 25) = 8 weeks
    const result = leadTime({ work: [weavers, slowCarvers], qcDays: 2, consolidationDays: 5 });
    expect(result).toMatchObject({ kind: "days", days: 63 });
    expect(result.explanation).toMatch(/Ukir Jepara .*slowest/);
  });

  it("says ask us, rather than Infinity, when a group's capacity is zero or missing", () => {
    for (const unitsPerWeek of [0, null, undefined]) {
      const result = leadTime({ work: [weavers, { ...carvers, unitsPerWeek }], qcDays: 3, consolidationDays: 4 });
      expect(result.kind, String(unitsPerWeek)).toBe("ask_us");
      expect(result.explanation).toBe("Ask us for a lead time: we have no weekly capacity on record for Ukir Jepara (wood carving).");
      expect("days" in result).toBe(false);
    }
  });

  it("ignores groups asked for nothing, and asks for pieces when the quote is empty", () => {
    expect(leadTime({ work: [weavers, { ...carvers, unitsPerWeek: 0, askedUnits: 0 }], qcDays: 0, consolidationDays: 0 })).toMatchObject({ kind: "days", days: 28 });
    expect(leadTime({ work: [], qcDays: 3, consolidationDays: 4 }).kind).toBe("ask_us");
  });

  it("refuses negative QC or consolidation days", () => {
    expect(() => leadTime({ work: [weavers], qcDays: -1, consolidationDays: 0 })).toThrow(/QC days/);
  });
});
