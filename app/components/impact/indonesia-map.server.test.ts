import { describe, expect, it } from "vitest";
import { impactMap, indonesiaOutline, mapPoint } from "./indonesia-map.server";
import { labelledIndexes, monthTicks } from "./chart-frame";

describe("the impact map's outline", () => {
  it("is one small path of Indonesia, projected once per process", () => {
    const outline = indonesiaOutline();
    expect(outline.width).toBe(1000);
    expect(outline.height).toBeGreaterThan(300);
    expect(outline.height).toBeLessThan(600);
    expect(outline.path.startsWith("M")).toBe(true);
    // Sumatra, Java, Kalimantan, Sulawesi, Papua and the smaller islands: many rings, but few bytes.
    expect(outline.path.match(/M/g)?.length ?? 0).toBeGreaterThan(50);
    expect(outline.path.length).toBeLessThan(40_000);
    expect(outline.path).not.toMatch(/\d\.\d\d/);
    expect(indonesiaOutline()).toBe(outline);
  });

  it("puts places where they belong: west to east, north to south, all inside the frame", () => {
    const { width, height } = indonesiaOutline();
    const banda = mapPoint(5.55, 95.32);
    const bali = mapPoint(-8.65, 115.22);
    const jayapura = mapPoint(-2.53, 140.72);
    expect(banda.x).toBeLessThan(bali.x);
    expect(bali.x).toBeLessThan(jayapura.x);
    expect(banda.y).toBeLessThan(bali.y);
    for (const corner of [mapPoint(-11.5, 94.5), mapPoint(6.5, 141.5)]) {
      expect(corner.x).toBeGreaterThanOrEqual(0);
      expect(corner.x).toBeLessThanOrEqual(width);
      expect(corner.y).toBeGreaterThanOrEqual(0);
      expect(corner.y).toBeLessThanOrEqual(height);
    }
  });

  it("places one pin per producer group and per planting", () => {
    const map = impactMap({
      producers: [{ slug: "bunga-tanjung", name: "Bunga Tanjung", village: "Bangun Sari", province: "Bali", latitude: -8.6, longitude: 115.26 }],
      plantings: [
        { id: 4, plantedOn: "2026-01-20", place: "Gunung Kidul", province: "DI Yogyakarta", latitude: -7.965, longitude: 110.601, treeCount: 420, species: "Teak", partner: "Wanatani", notes: "", verifiedAt: null, treesFrom: 1, treesTo: 420, checks: [], photos: [] },
      ],
    });
    expect(map.producers).toEqual([expect.objectContaining({ slug: "bunga-tanjung", ...mapPoint(-8.6, 115.26) })]);
    expect(map.plantings).toEqual([expect.objectContaining({ id: 4, treeCount: 420, verified: false, ...mapPoint(-7.965, 110.601) })]);
  });
});

describe("chart month labels", () => {
  it("label every month when few, else at most the maximum, always the latest", () => {
    expect([...labelledIndexes(4, 6)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3]);
    const many = labelledIndexes(23, 6);
    expect(many.size).toBeLessThanOrEqual(6);
    expect(many.has(22)).toBe(true);
    expect(labelledIndexes(0, 6).size).toBe(0);
    expect(labelledIndexes(1, 4)).toEqual(new Set([0]));
  });
});

describe("chart month axis", () => {
  const months = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => {
      const n = from + i;
      return `${2022 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, "0")}`;
    });

  it("names months and gives the year under the first label and wherever it changes", () => {
    expect(monthTicks(months(10, 5), 6)).toEqual([
      { index: 0, label: "Nov", year: "2022" },
      { index: 1, label: "Dec", year: null },
      { index: 2, label: "Jan", year: "2023" },
      { index: 3, label: "Feb", year: null },
      { index: 4, label: "Mar", year: null },
    ]);
    const thinned = monthTicks(months(0, 20), 4);
    expect(thinned.length).toBeLessThanOrEqual(4);
    expect(thinned.at(-1)?.index).toBe(19);
    expect(thinned.filter((t) => t.year).map((t) => t.year)).toEqual([...new Set(thinned.map((t) => months(0, 20)[t.index]!.slice(0, 4)))]);
  });

  it("labels a long history by its years, at each January, thinned to the maximum", () => {
    expect(monthTicks(months(5, 48), 6).map((t) => t.label)).toEqual(["2023", "2024", "2025", "2026"]);
    expect(monthTicks(months(0, 120), 4).map((t) => t.label)).toEqual(["2022", "2025", "2028", "2031"]);
  });
});
