import { z } from "zod";
import { idField, listSearch, pageField, parseListQuery, searchTextField } from "~/domain/platform/list-query";

export const STOCK_PAGE_SIZE = 50;
export const MAX_STOCK_PAGE = 1000;

export type StockListQuery = {
  /** Matches product title, variant title or SKU. */
  q?: string;
  locationId?: number;
  /** Only variants whose available stock is at or below the low-stock threshold. */
  lowOnly: boolean;
  page: number;
};

const stockListSchema = z.object({
  q: searchTextField(120),
  location: idField("Location must be chosen from the list"),
  low: z.enum(["1", "on", "true"], { message: "Low stock only must be 1" }).optional(),
  page: pageField(MAX_STOCK_PAGE),
});

/** Reads the stock list's filters from the URL. Empty values mean "not set"; anything else must be valid. */
export function parseStockListQuery(params: URLSearchParams): { ok: true; query: StockListQuery } | { ok: false; errors: string[] } {
  const parsed = parseListQuery(params, { schema: stockListSchema, single: ["q", "location", "low", "page"] });
  if (!parsed.ok) return parsed;
  const v = parsed.values;
  return { ok: true, query: { q: v.q, locationId: v.location, lowOnly: v.low !== undefined, page: v.page ?? 1 } };
}

/** The URL search string for a query, leaving defaults out; pagination links keep the filters. */
export function stockListSearch(query: StockListQuery, overrides: Partial<StockListQuery> = {}) {
  const next = { ...query, ...overrides };
  return listSearch({ q: next.q, location: next.locationId, low: next.lowOnly, page: next.page > 1 ? next.page : undefined });
}
