import { z } from "zod";
import { parseMoneyInput } from "~/domain/money/money";
import { slugField } from "./slug";

/**
 * What the back-office product form (and each row of a product CSV) sends. Prices arrive as the text staff
 * typed and leave as integer minor units: retail and wholesale in USD, bazaar and producer prices in IDR.
 */

export const productStatuses = ["draft", "active", "archived"] as const;
export const skuPattern = /^[A-Z0-9][A-Z0-9-]{1,39}$/;

const requiredText = (label: string, max: number) =>
  z.string({ message: `Enter the ${label}` }).trim().min(1, `Enter the ${label}`).max(max, `Keep the ${label} under ${max} characters`);
const optionalText = (label: string, max: number) => z.string().trim().max(max, `Keep the ${label} under ${max} characters`).optional().transform((v) => v ?? "");

/** A price typed in `currency`: must parse and be more than zero. */
export function priceField(label: string, currency: string) {
  return z.string({ message: `Enter the ${label}` }).transform((text, ctx) => {
    let minor: number;
    try {
      minor = parseMoneyInput(text, currency);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: `${capitalise(label)}: ${(error as Error).message}` });
      return z.NEVER;
    }
    if (minor <= 0) {
      ctx.addIssue({ code: "custom", message: `The ${label} must be more than zero` });
      return z.NEVER;
    }
    if (minor > 100_000_000_000) {
      ctx.addIssue({ code: "custom", message: `That ${label} is too large` });
      return z.NEVER;
    }
    return minor;
  });
}

const wholeNumber = (label: string, min: number, max: number) =>
  z
    .number({ message: `Enter the ${label} as a whole number` })
    .int(`Enter the ${label} as a whole number`)
    .min(min, min === 1 ? `The ${label} must be at least 1` : `The ${label} can't be below ${min}`)
    .max(max, `That ${label} is too large`);
const optionalMm = (label: string) => wholeNumber(label, 1, 100_000).optional().transform((v) => v ?? null);

function capitalise(text: string) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const tierInputSchema = z.object({
  minQuantity: wholeNumber("tier quantity", 1, 1_000_000),
  unitPrice: priceField("tier price", "USD"),
});

export const variantInputSchema = z.object({
  id: z.number().int().positive().max(2_147_483_647).optional(),
  sku: z
    .string({ message: "Enter the SKU" })
    .trim()
    .toUpperCase()
    .regex(skuPattern, "Use 2–40 capital letters, digits or hyphens for the SKU, e.g. KR-TOTE-01"),
  title: optionalText("variant name", 120),
  size: optionalText("size", 60),
  colour: optionalText("colour", 60),
  finish: optionalText("finish", 60),
  retailPrice: priceField("retail price", "USD"),
  bazaarPrice: priceField("bazaar price", "IDR"),
  producerPrice: priceField("producer price", "IDR"),
  weightGrams: wholeNumber("weight in grams", 1, 1_000_000),
  wholesaleMoq: wholeNumber("minimum order quantity", 1, 100_000).default(1),
  casePack: wholeNumber("case pack", 1, 10_000).default(1),
  active: z.boolean().default(false),
  tiers: z.array(tierInputSchema).max(8, "Use at most 8 wholesale tiers").default([]),
});

export const productInputSchema = z
  .object({
    title: requiredText("product name", 160),
    slug: slugField,
    summary: requiredText("one-line summary", 240),
    description: requiredText("description", 10_000),
    categoryId: z.number({ message: "Choose a category" }).int().positive("Choose a category").max(2_147_483_647, "Choose a category"),
    producerId: z.number({ message: "Choose the producer group" }).int().positive("Choose the producer group").max(2_147_483_647, "Choose the producer group"),
    status: z.enum(productStatuses, { message: "Choose draft, active or archived" }).default("draft"),
    featured: z.boolean().default(false),
    oneOfAKind: z.boolean().default(false),
    technique: optionalText("technique", 200),
    lengthMm: optionalMm("length"),
    widthMm: optionalMm("width"),
    heightMm: optionalMm("height"),
    careNotes: optionalText("care notes", 2000),
    hsCode: z
      .string()
      .trim()
      .regex(/^\d{4}(\.?\d{2}){0,3}$/, "Enter an HS code like 4602.12")
      .optional()
      .transform((v) => v || null),
    materialIds: z.array(z.number().int().positive().max(2_147_483_647)).max(12, "Choose at most 12 materials").default([]),
    variants: z.array(variantInputSchema, { message: "Add at least one variant" }).min(1, "Add at least one variant").max(40, "Use at most 40 variants"),
  })
  .superRefine((value, ctx) => {
    const seen = new Map<string, number>();
    value.variants.forEach((v, i) => {
      const first = seen.get(v.sku);
      if (first !== undefined) ctx.addIssue({ code: "custom", path: ["variants", i, "sku"], message: `SKU ${v.sku} is used twice on this product` });
      else seen.set(v.sku, i);
      const quantities = new Set<number>();
      v.tiers.forEach((t, j) => {
        if (quantities.has(t.minQuantity)) ctx.addIssue({ code: "custom", path: ["variants", i, "tiers", j, "minQuantity"], message: `Two tiers start at ${t.minQuantity}` });
        quantities.add(t.minQuantity);
        if (t.minQuantity < v.wholesaleMoq) {
          ctx.addIssue({ code: "custom", path: ["variants", i, "tiers", j, "minQuantity"], message: `A tier can't start below the minimum order of ${v.wholesaleMoq}` });
        }
      });
    });
    if (value.status === "active" && !value.variants.some((v) => v.active)) {
      ctx.addIssue({ code: "custom", path: ["status"], message: "An active product needs at least one active variant" });
    }
  });

export type ProductInput = z.output<typeof productInputSchema>;
export type VariantInput = z.output<typeof variantInputSchema>;

/** "Large / Indigo" from the options when staff leave the variant name empty. */
export function variantTitleFor(v: Pick<VariantInput, "title" | "size" | "colour" | "finish">) {
  return v.title || [v.size, v.colour, v.finish].filter(Boolean).join(" / ");
}
