import { z } from "zod";
import { MAX_PAGE, sortOptions, type CatalogQuery } from "./catalog-query";
import { MAX_SEARCH_LENGTH } from "./search-terms";
import { MAX_SLUG_LENGTH, slugPattern } from "./slug";
import { pageField, parseListQuery } from "~/domain/platform/list-query";

const slug = z.string().regex(slugPattern, "must be a lower-case slug").max(MAX_SLUG_LENGTH);
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
    page: pageField(MAX_PAGE),
  })
  .refine((v) => v.min === undefined || v.max === undefined || v.min <= v.max, {
    message: "The lowest price must not be above the highest price",
    path: ["min"],
  });

export type ParseResult = { ok: true; query: CatalogQuery } | { ok: false; errors: string[] };

/** Reads listing state from the URL. Empty values mean "not set"; anything else must be valid. */
export function parseCatalogQuery(params: URLSearchParams, defaults: { category?: string } = {}): ParseResult {
  const parsed = parseListQuery(params, {
    schema: catalogQuerySchema,
    single: ["q", "category", "min", "max", "instock", "sort", "page"],
    multiple: ["material", "producer"],
    fixed: defaults.category ? { category: defaults.category } : undefined,
  });
  if (!parsed.ok) return parsed;
  const v = parsed.values;
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

