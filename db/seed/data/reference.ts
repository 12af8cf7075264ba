import type { CategorySlug, MaterialSlug } from "../types";

export const categoryData: { slug: CategorySlug; name: string; description: string }[] = [
  { slug: "furniture", name: "Furniture", description: "Chairs, stools, tables and shelves in reclaimed teak and rattan, joined by hand in Central and West Java." },
  { slug: "home-decor", name: "Home decor", description: "Baskets, bowls, lamps and vases woven, turned and carved by village workshops." },
  { slug: "office", name: "Office", description: "Notebooks, desk organisers and pen cups in recycled paper, bamboo and teak offcuts." },
  { slug: "leather", name: "Leather", description: "Wallets, belts and bags in vegetable-tanned leather, cut and stitched by hand." },
  { slug: "silver-jewellery", name: "Silver jewellery", description: "Rings, earrings and necklaces in 925 silver, tested nickel-free, from the silversmiths of Celuk." },
  { slug: "textiles", name: "Textiles", description: "Scarves, cushions and table linen, hand-woven or batiked with non-toxic dyes." },
  { slug: "upcycled", name: "Upcycled", description: "Bags, baskets and coasters woven from plastic that would otherwise reach Jakarta Bay." },
];

export const materialData: { slug: MaterialSlug; name: string; description: string }[] = [
  { slug: "reclaimed-teak", name: "Reclaimed teak", description: "Teak from old houses and boats, re-sawn rather than felled." },
  { slug: "rattan", name: "Rattan", description: "A fast-growing climbing palm, harvested from Kalimantan and Sulawesi forests." },
  { slug: "water-hyacinth", name: "Water hyacinth", description: "An invasive river weed, dried and plaited into a strong, soft fibre." },
  { slug: "upcycled-ldpe", name: "Upcycled LDPE", description: "Plastic bags and sachets, cleaned, cut into strips and woven into sheets." },
  { slug: "silver-925", name: "925 silver, nickel-free", description: "Sterling silver, tested nickel-free so it suits sensitive skin." },
  { slug: "non-toxic-dyes", name: "Non-toxic dyes", description: "Natural and azo-free dyes, safe for the dyers and the rivers." },
  { slug: "bamboo", name: "Bamboo", description: "Mature bamboo, smoked and treated against insects without toxic chemicals." },
  { slug: "mendong-grass", name: "Mendong grass", description: "A marsh sedge from West Java, dried in the sun and woven flat." },
  { slug: "pandan-leaf", name: "Pandan leaf", description: "Screwpine leaves, boiled, dried and split by hand." },
  { slug: "vegetable-tanned-leather", name: "Vegetable-tanned leather", description: "Cowhide tanned with plant tannins instead of chromium." },
  { slug: "hand-woven-cotton", name: "Hand-woven cotton", description: "Cotton woven on wooden looms, a few metres a day." },
  { slug: "batik-cotton", name: "Batik cotton", description: "Cotton drawn with hot wax and dyed, layer by layer." },
  { slug: "coconut-shell", name: "Coconut shell", description: "Shells left from copra making, sanded and finished with food-safe oil." },
  { slug: "recycled-paper", name: "Recycled paper", description: "Paper pulped from office waste and banana fibre, pressed by hand." },
  { slug: "mahogany", name: "Mahogany", description: "Plantation mahogany from community forests." },
  { slug: "brass", name: "Brass", description: "Brass fittings cast by small foundries." },
];

/** Units per USD. Staff keep these current in the back office. */
export const exchangeRateData: { currency: string; perUsd: string }[] = [
  { currency: "USD", perUsd: "1" },
  { currency: "EUR", perUsd: "0.92" },
  { currency: "GBP", perUsd: "0.79" },
  { currency: "JPY", perUsd: "151.2" },
  { currency: "AUD", perUsd: "1.53" },
  { currency: "NZD", perUsd: "1.68" },
  { currency: "CAD", perUsd: "1.38" },
  { currency: "IDR", perUsd: "16250" },
];

export const plantingData = [
  { plantedOn: "2024-01-20", place: "Playen, Gunung Kidul", latitude: -7.965, longitude: 110.601, province: "DI Yogyakarta", treeCount: 420, species: "Mahogany and teak seedlings", partner: "Wanatani Lestari cooperative" },
  { plantedOn: "2024-11-16", place: "Tanjung Pura, Langkat", latitude: 3.997, longitude: 98.446, province: "Sumatera Utara", treeCount: 380, species: "Mangrove (Rhizophora)", partner: "Pesisir Hijau farmers' group" },
  { plantedOn: "2025-06-08", place: "Bangsri, Jepara", latitude: -6.589, longitude: 110.668, province: "Jawa Tengah", treeCount: 510, species: "Teak and sengon", partner: "Jati Rakyat community forest" },
  { plantedOn: "2026-02-21", place: "Muara Angke, Penjaringan", latitude: -6.105, longitude: 106.764, province: "DKI Jakarta", treeCount: 300, species: "Mangrove (Avicennia)", partner: "Teluk Bersih volunteers" },
];

/**
 * Turnover booked outside Kriya, by year, in US cents: the accounting system's monthly totals, imported so the
 * impact ledger starts from the organisation's real history. The current year runs until the month before the seed.
 */
export const historicalTurnover = [
  { year: 2022, usdCents: 52_500_000 },
  { year: 2023, usdCents: 61_200_000 },
  { year: 2024, usdCents: 68_900_000 },
  { year: 2025, usdCents: 74_300_000 },
  { year: 2026, usdCents: 79_000_000 },
];

/** How a year's turnover falls across its months: orders build towards the Christmas shipping season, with a May bump for World Fair Trade Day. */
export const monthlyTurnoverWeights = [6, 6, 7, 8, 10, 8, 8, 10, 11, 10, 9, 7] as const;

const brackets = [500, 1000, 2000, 5000, 10000, 20000, 30000];
const zone = (name: string, countries: string[], usdCents: number[]) => ({
  name,
  countries,
  rates: brackets.map((maxWeightGrams, i) => ({ maxWeightGrams, priceMinor: usdCents[i]! })),
});

/** Parcel rates from Jakarta by weight, in US cents (tracked post; heavier goods go by sea freight). */
export const shippingZoneData = [
  zone("Indonesia", ["ID"], [350, 500, 800, 1500, 2600, 4500, 6200]),
  zone("East and South-East Asia", ["JP", "KR", "SG", "MY", "HK", "TW"], [1400, 2100, 3200, 5900, 9800, 17500, 24500]),
  zone("Australia and New Zealand", ["AU", "NZ"], [1500, 2300, 3500, 6400, 10800, 19000, 26500]),
  zone("Europe", ["GB", "IE", "DE", "FR", "NL", "BE", "LU", "AT", "IT", "ES", "PT", "DK", "SE", "FI", "NO", "CH", "PL", "CZ"], [1900, 2900, 4400, 8200, 13900, 24500, 34500]),
  zone("North America", ["US", "CA"], [2000, 3000, 4600, 8600, 14500, 25500, 36000]),
];

/** Sample logins, one per role (listed in the README). Change them before going live. */
export const seedUsers = [
  { email: "admin@kriya.example", name: "Ratna Sari", role: "admin" as const, password: "kriya-admin-2026" },
  { email: "staff@kriya.example", name: "Dewi Lestari", role: "staff" as const, password: "kriya-staff-2026" },
  { email: "bazaar@kriya.example", name: "Agus Pratama", role: "bazaar" as const, password: "kriya-bazaar-2026", locale: "id" },
  { email: "buyer@importer.example", name: "Hanna Berg", role: "importer" as const, password: "kriya-importer-2026" },
];

export const seedImporter = {
  companyName: "Nordlys Fair Handel AS",
  country: "NO",
  taxId: "NO 987 654 321 MVA",
  contactName: "Hanna Berg",
  contactEmail: "buyer@importer.example",
  phone: "+47 22 00 00 00",
  website: "https://nordlys-fair.example",
  expectedVolume: "US$50,000–150,000",
};

/** Importers in the other review states, so the back office has a queue to work through. No sign-ins: only approval makes one. */
export const seedImporterApplications = [
  {
    companyName: "Fairwerk Handelshaus GmbH",
    country: "DE",
    taxId: "DE 298 765 432",
    contactName: "Jonas Becker",
    contactEmail: "jonas.becker@fairwerk.example",
    phone: "+49 30 5550 1234",
    website: "https://fairwerk.example",
    expectedVolume: "US$20,000–50,000",
    status: "pending" as const,
  },
  {
    companyName: "Wereldwinkel Groothandel Utrecht BV",
    country: "NL",
    taxId: "NL 8123.45.678.B01",
    contactName: "Sanne de Vries",
    contactEmail: "inkoop@wereldwinkel-utrecht.example",
    phone: "+31 30 555 0199",
    website: null,
    expectedVolume: "US$5,000–20,000",
    status: "pending" as const,
  },
  {
    companyName: "Maple Leaf Gift Wholesale Inc.",
    country: "CA",
    taxId: "CA 123456789 RT0001",
    contactName: "Ryan Walsh",
    contactEmail: "ryan@mapleleafgifts.example",
    phone: "+1 416 555 0142",
    website: "https://mapleleafgifts.example",
    expectedVolume: "Over US$150,000",
    status: "rejected" as const,
    reviewNote: "We sell only to shops that follow the WFTO principles, and we could not find a fair-trade policy for your company. You are welcome to apply again with one.",
  },
  {
    companyName: "Kusa no Ne Fair Trade KK",
    country: "JP",
    taxId: "JP T1234567890123",
    contactName: "Yui Tanaka",
    contactEmail: "yui.tanaka@kusanone.example",
    phone: "+81 3 5555 0123",
    website: "https://kusanone.example",
    expectedVolume: "US$20,000–50,000",
    status: "suspended" as const,
    reviewNote: "Two balance payments overdue by more than 60 days; suspended until they are settled.",
  },
];
