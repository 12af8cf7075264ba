import { z } from "zod";
import { MAX_PAGE, sortOptions, type CatalogQuery } from "./catalog-query";
import { MAX_SEARCH_LENGTH } from "./search-terms";

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be a lower-case slug").max(80);
const wholeAmount = (label: string) =>
  z
    .string()
    .regex(/^\d{1,7}$/, `${label} must be a whole number, e.g. 50`)
    .transform(Number);

const catalogQuerySchema = z
  .object({
    q: z
      .string()
      .trim()
      .max(MAX_SEARCH_LENGTH, `Search text is limited to ${MAX_SEARCH_LENGTH} characters. Use a few words, e.g. “rattan basket”.`)
      .optional(),
    category: slug.optional(),
    material: z.array(slug).max(20, "Too many materials").default([]),
    producer: z.array(slug).max(20, "Too many producer groups").default([]),
    min: wholeAmount("The lowest price").optional(),
    max: wholeAmount("The highest price").optional(),
    instock: z.enum(["1", "on", "true"], { message: "In stock must be 1" }).optional(),
    sort: z.enum(sortOptions, { message: `Sort must be one of: ${sortOptions.join(", ")}` }).optional(),
    page: z
      .string()
      .regex(/^\d{1,4}$/, "Page must be a whole number from 1")
      .transform(Number)
      .refine((n) => n >= 1 && n <= MAX_PAGE, `Page must be between 1 and ${MAX_PAGE}`)
      .optional(),
  })
  .refine((v) => v.min === undefined || v.max === undefined || v.min <= v.max, {
    message: "The lowest price must not be above the highest price",
    path: ["min"],
  });

export type ParseResult = { ok: true; query: CatalogQuery } | { ok: false; errors: string[] };

const single = ["q", "category", "min", "max", "instock", "sort", "page"] as const;

/** Reads listing state from the URL. Empty values mean "not set"; anything else must be valid. */
export function parseCatalogQuery(params: URLSearchParams, defaults: { category?: string } = {}): ParseResult {
  const raw: Record<string, unknown> = {};
  for (const key of single) {
    const values = params.getAll(key).filter((v) => v !== "");
    if (values.length > 1) return { ok: false, errors: [`"${key}" may appear only once`] };
    if (values[0] !== undefined) raw[key] = values[0];
  }
  raw.material = params.getAll("material").filter((v) => v !== "");
  raw.producer = params.getAll("producer").filter((v) => v !== "");
  if (defaults.category) raw.category = defaults.category;

  const parsed = catalogQuerySchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => i.message) };
  }
  const v = parsed.data;
  const q = v.q ? v.q : undefined;
  return {
    ok: true,
    query: {
      q,
      category: v.category,
      materials: [...new Set(v.material)],
      producers: [...new Set(v.producer)],
      minPrice: v.min,
      maxPrice: v.max,
      inStockOnly: v.instock !== undefined,
      sort: v.sort ?? (q ? "relevance" : "featured"),
      page: v.page ?? 1,
    },
  };
}

