import { MAX_SLUG_LENGTH, slugFrom } from "../../app/domain/catalog/slug";
import type { SeedProduct } from "./types";

/**
 * The pure half of `npm run db:seed -- --products N`: generated product number `n` is a variation of one of the
 * sample products (its producer group, category, materials, technique and variant structure), renamed, with
 * prices and stock moved within the sample's ranges. Each number has its own PRNG stream, so a product is the
 * same whichever batch writes it and however many ran before.
 */

export type GeneratedVariant = {
  sku: string;
  title: string;
  options: { size?: string; colour?: string; finish?: string };
  retailUsdCents: number;
  bazaarIdr: number;
  producerIdr: number;
  weightGrams: number;
  stock: number;
  wholesaleMoq: number;
  casePack: number;
  tiers: { minQuantity: number; usdCents: number }[];
};

export type GeneratedProduct = {
  template: SeedProduct;
  slug: string;
  title: string;
  summary: string;
  description: string;
  featured: boolean;
  oneOfAKind: boolean;
  /** Days before the seed's "now" the piece was listed, so "Newest" has an order to walk. */
  listedDaysAgo: number;
  dimensionsMm: { length: number; width: number; height: number };
  variants: GeneratedVariant[];
};

/** mulberry32: small, fast, and the same on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Names of the kind the sample gives its pieces: flowers, villages, mountains, rivers. */
const pieceNames = [
  "Melati", "Kenanga", "Cempaka", "Anggrek", "Teratai", "Kamboja", "Mawar", "Sedap Malam", "Seruni", "Bougenvil",
  "Merapi", "Bromo", "Rinjani", "Sindoro", "Sumbing", "Slamet", "Arjuno", "Kawi", "Lawu", "Salak",
  "Brantas", "Bengawan", "Citarum", "Serayu", "Progo", "Opak", "Musi", "Ciliwung", "Cisadane", "Bogowonto",
  "Ubud", "Tegallalang", "Batubulan", "Mas", "Sukawati", "Kerobokan", "Lovina", "Amed", "Sidemen", "Munduk",
  "Kudus", "Pati", "Rembang", "Tuban", "Blora", "Demak", "Kendal", "Batang", "Wonosobo", "Temanggung",
  "Pelangi", "Senja", "Fajar", "Embun", "Gerimis", "Angin", "Ombak", "Karang", "Pasir", "Bulan",
];

/** What sets one generated piece apart from its template in its title: "Large", "Natural". */
const sizeWords = ["Small", "Medium", "Large", "Tall", "Wide", "Low", "Petite", "Grand"];
const finishWords = ["Natural", "Dark", "Whitewashed", "Honey", "Charcoal", "Sand", "Indigo", "Smoked", "Terracotta", "Moss"];

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** Rounds to a step, never below one step. */
const roundTo = (value: number, step: number) => Math.max(step, Math.round(value / step) * step);

/** Sample pieces tell their story by their own name ("Every Tahunan chair…"): the generated piece takes its own. */
function renamed(text: string, from: string, to: string) {
  return from.length > 2 ? text.split(from).join(to) : text;
}

/** Generated product number `n` (1-based, across every run) from the sample `templates`. */
export function generateProduct(n: number, templates: readonly SeedProduct[]): GeneratedProduct {
  if (!templates.length) throw new Error("No sample products to vary");
  const random = prng(0x6b72_6979 ^ Math.imul(n, 0x9e37_79b1));
  const template = pick(random, templates);
  const [firstWord = "", ...rest] = template.title.split(" ");
  const name = pick(random, pieceNames);
  const base = rest.length ? `${name} ${rest.join(" ")}` : `${name} ${firstWord}`;
  const size = pick(random, sizeWords);
  const finish = pick(random, finishWords);
  const title = `${base}, ${size}, ${finish}`;
  const suffix = `-${n.toString(36)}`;
  const slug = `${slugFrom(title).slice(0, MAX_SLUG_LENGTH - suffix.length).replace(/-+$/, "")}${suffix}`;
  // One price movement per piece (its variants keep their relative prices), within 0.7–1.4 of the sample's.
  const priceFactor = 0.7 + random() * 0.7;
  const sizeFactor = 0.8 + random() * 0.4;
  const soldOut = random() < 0.08;
  const skuStem = `KR-G${n.toString(36).toUpperCase().padStart(5, "0")}`;
  const variants = template.variants.map((v, i): GeneratedVariant => {
    const retailUsdCents = roundTo(v.retailUsdCents * priceFactor, 50);
    const scale = retailUsdCents / v.retailUsdCents;
    return {
      sku: `${skuStem}-${i + 1}`,
      title: v.title,
      options: v.options,
      retailUsdCents,
      bazaarIdr: roundTo(v.bazaarIdr * scale, 5_000),
      producerIdr: roundTo(v.producerIdr * scale, 500),
      weightGrams: Math.max(5, Math.round(v.weightGrams * sizeFactor)),
      stock: soldOut || (template.oneOfAKind && random() < 0.3) ? 0 : template.oneOfAKind ? 1 : Math.floor(random() * 40),
      wholesaleMoq: v.wholesaleMoq,
      casePack: v.casePack,
      tiers: v.tiers.map((t) => ({ minQuantity: t.minQuantity, usdCents: roundTo(t.usdCents * scale, 5) })),
    };
  });
  return {
    template,
    slug,
    title,
    summary: renamed(template.summary, firstWord, name),
    description: renamed(template.description, firstWord, name),
    featured: random() < 0.03,
    oneOfAKind: template.oneOfAKind,
    listedDaysAgo: Math.floor(random() * 730),
    dimensionsMm: {
      length: Math.round(template.dimensionsMm.length * sizeFactor),
      width: Math.round(template.dimensionsMm.width * sizeFactor),
      height: Math.round(template.dimensionsMm.height * sizeFactor),
    },
    variants,
  };
}
