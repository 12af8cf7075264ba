/** Weight-based shipping from Indonesia. Rates are brackets: the first bracket whose limit covers the parcel. */
export type ShippingBracket = { maxWeightGrams: number; priceMinor: number };

/** Packing adds a little to every parcel: a box and paper padding. */
export const PACKING_GRAMS = 250;

export function parcelWeight(lines: readonly { weightGrams: number; quantity: number }[]): number {
  const items = lines.reduce((sum, l) => sum + l.weightGrams * l.quantity, 0);
  return items === 0 ? 0 : items + PACKING_GRAMS;
}

/** The price for a parcel, or null when it is heavier than any bracket (freight: ask us). */
export function shippingPriceFor(brackets: readonly ShippingBracket[], weightGrams: number): number | null {
  const sorted = [...brackets].sort((a, b) => a.maxWeightGrams - b.maxWeightGrams);
  return sorted.find((b) => weightGrams <= b.maxWeightGrams)?.priceMinor ?? null;
}

export const countryNames: Record<string, string> = {
  US: "United States", CA: "Canada", GB: "United Kingdom", IE: "Ireland", DE: "Germany", FR: "France", NL: "Netherlands",
  BE: "Belgium", LU: "Luxembourg", AT: "Austria", IT: "Italy", ES: "Spain", PT: "Portugal", DK: "Denmark", SE: "Sweden",
  FI: "Finland", NO: "Norway", CH: "Switzerland", PL: "Poland", CZ: "Czechia", JP: "Japan", KR: "South Korea",
  SG: "Singapore", MY: "Malaysia", HK: "Hong Kong", TW: "Taiwan", AU: "Australia", NZ: "New Zealand", ID: "Indonesia",
};
