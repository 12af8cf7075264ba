/** Shapes of the sample data. The seed and the test factories both read these. */

export const categorySlugs = [
  "furniture",
  "home-decor",
  "office",
  "leather",
  "silver-jewellery",
  "textiles",
  "upcycled",
] as const;
export type CategorySlug = (typeof categorySlugs)[number];

export const materialSlugs = [
  "reclaimed-teak",
  "rattan",
  "water-hyacinth",
  "upcycled-ldpe",
  "silver-925",
  "non-toxic-dyes",
  "bamboo",
  "mendong-grass",
  "pandan-leaf",
  "vegetable-tanned-leather",
  "hand-woven-cotton",
  "batik-cotton",
  "coconut-shell",
  "recycled-paper",
  "mahogany",
  "brass",
] as const;
export type MaterialSlug = (typeof materialSlugs)[number];

/** What the generated illustration draws. */
export const artMotifs = [
  "basket",
  "bowl",
  "tray",
  "lamp",
  "chair",
  "stool",
  "table",
  "shelf",
  "mirror",
  "vase",
  "box",
  "tote",
  "pouch",
  "wallet",
  "belt",
  "notebook",
  "desk-organiser",
  "pen-cup",
  "ring",
  "earrings",
  "necklace",
  "bracelet",
  "cushion",
  "scarf",
  "placemat",
  "coaster",
  "wall-hanging",
] as const;
export type ArtMotif = (typeof artMotifs)[number];

/** Three hex colours: background, main body, accent. */
export type Palette = readonly [string, string, string];

export type SeedVisit = {
  visitedOn: string; // YYYY-MM-DD, between 2023-01-01 and 2026-10-31
  visitor: string;
  notes: string;
  /** Principles (1–10) found not (yet) met on this visit; every other principle counts as met. */
  unmet?: { principle: number; note: string }[];
};

export type SeedProducer = {
  slug: string;
  name: string;
  summary: string; // one sentence, ≤ 160 chars
  story: string; // 2–4 paragraphs separated by blank lines
  province: string;
  regency: string;
  village: string;
  island: "Java" | "Bali" | "Sumatra";
  latitude: number;
  longitude: number;
  crafts: string[]; // e.g. ["rattan weaving", "basketry"]
  foundedYear: number;
  memberCount: number;
  womenCount: number;
  homeworkers: boolean;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
  payout: { bankName: string; accountName: string; accountNumber: string };
  capacities: { craft: string; unitsPerWeek: number }[];
  visits: SeedVisit[]; // 2–3 visits, oldest first
  palette: Palette;
};

export type SeedVariant = {
  sku: string; // unique, e.g. "KR-BSK-014-L"
  title: string; // "" for a single-variant product, otherwise "Large / Natural"
  options: { size?: string; colour?: string; finish?: string };
  retailUsdCents: number; // retail price in US cents
  bazaarIdr: number; // bazaar price in whole rupiah (the seed multiplies by 100 for minor units)
  producerIdr: number; // paid to the producer per piece, whole rupiah
  weightGrams: number; // shipping weight
  stock: number; // on hand in the Jakarta warehouse (0 allowed for a few, to show "sold out")
  wholesaleMoq: number;
  casePack: number;
  tiers: { minQuantity: number; usdCents: number }[]; // ascending minQuantity, descending price
};

export type SeedProduct = {
  slug: string;
  title: string;
  summary: string; // one sentence, ≤ 160 chars
  description: string; // 1–3 paragraphs separated by blank lines
  category: CategorySlug;
  producer: string; // a SeedProducer slug
  materials: MaterialSlug[];
  technique: string;
  dimensionsMm: { length: number; width: number; height: number };
  careNotes: string;
  hsCode: string; // a plausible 6–8 digit HS code for the item
  oneOfAKind: boolean;
  featured: boolean;
  motif: ArtMotif;
  palette: Palette;
  variants: SeedVariant[];
};
