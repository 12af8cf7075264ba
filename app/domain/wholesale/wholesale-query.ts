import { z } from "zod";
import { MAX_SEARCH_LENGTH } from "~/domain/catalog/search-terms";
import { MAX_SLUG_LENGTH, slugPattern } from "~/domain/catalog/slug";
import { pageField, parseListQuery } from "~/domain/platform/list-query";
import { listSearch } from "~/domain/platform/list-search";

/**
 * The wholesale catalogue's state in its URL, read the way the retail listing reads its own (parseListQuery):
 * category, producer groups, materials, island, search text, sort and page. No stock or retail price bounds:
 * wholesale pieces are made to order at tier prices.
 */
export const wholesaleSortOptions = ["featured", "name", "price-asc", "price-desc", "relevance"] as const;
export type WholesaleSort = (typeof wholesaleSortOptions)[number];
export const wholesaleSortLabels: Record<WholesaleSort, string> = {
  featured: "Featured",
  name: "Name: A–Z",
  "price-asc": "Price: low to high",
  "price-desc": "Price: high to low",
  relevance: "Best match",
};

export const WHOLESALE_PAGE_SIZE = 24;
const MAX_PAGE = 200;

export type WholesaleQuery = {
  q?: string;
  category?: string;
  producers: string[];
  materials: string[];
  island?: string;
  sort: WholesaleSort;
  page: number;
};

const slug = z.string().regex(slugPattern, "must be a lower-case slug").max(MAX_SLUG_LENGTH);

const wholesaleQuerySchema = z.object({
  q: z.string().trim().max(MAX_SEARCH_LENGTH, `Search text is limited to ${MAX_SEARCH_LENGTH} characters`).optional(),
  category: slug.optional(),
  producer: z.array(slug).max(20, "Too many producer groups").default([]),
  material: z.array(slug).max(20, "Too many materials").default([]),
  island: z.string().trim().max(40, "An island name is at most 40 characters").regex(/^[\p{L} .'-]+$/u, "An island is a name like Java or Bali").optional(),
  sort: z.enum(wholesaleSortOptions, { message: `Sort must be one of: ${wholesaleSortOptions.join(", ")}` }).optional(),
  page: pageField(MAX_PAGE),
});

export type WholesaleQueryResult = { ok: true; query: WholesaleQuery } | { ok: false; errors: string[] };

export function parseWholesaleQuery(params: URLSearchParams): WholesaleQueryResult {
  const parsed = parseListQuery(params, {
    schema: wholesaleQuerySchema,
    single: ["q", "category", "island", "sort", "page"],
    multiple: ["producer", "material"],
  });
  if (!parsed.ok) return parsed;
  const v = parsed.values;
  const q = v.q ? v.q : undefined;
  return {
    ok: true,
    query: {
      q,
      category: v.category,
      producers: [...new Set(v.producer)],
      materials: [...new Set(v.material)],
      island: v.island || undefined,
      sort: v.sort ?? (q ? "relevance" : "featured"),
      page: v.page ?? 1,
    },
  };
}

/** The query string for a wholesale listing state, leaving defaults out. */
export function wholesaleQueryToSearch(query: Partial<WholesaleQuery>, overrides: Partial<WholesaleQuery> = {}): string {
  const q = { ...query, ...overrides };
  const defaultSort = q.q ? "relevance" : "featured";
  return listSearch({
    q: q.q,
    category: q.category,
    producer: q.producers,
    material: q.materials,
    island: q.island,
    sort: q.sort !== defaultSort ? q.sort : undefined,
    page: q.page && q.page > 1 ? q.page : undefined,
  });
}

/** The smallest order a product takes: its minimum, rounded up to whole cartons. */
export function smallestOrder(product: { moq: number; casePack: number }): number {
  return Math.ceil(product.moq / product.casePack) * product.casePack;
}
