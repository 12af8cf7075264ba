import { z } from "zod";

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
  q: z.string().trim().max(120, "Search text is limited to 120 characters").optional(),
  location: z
    .string()
    .regex(/^\d{1,9}$/, "Location must be chosen from the list")
    .transform(Number)
    .refine((n) => n >= 1, "Location must be chosen from the list")
    .optional(),
  low: z.enum(["1", "on", "true"], { message: "Low stock only must be 1" }).optional(),
  page: z
    .string()
    .regex(/^\d{1,4}$/, "Page must be a whole number from 1")
    .transform(Number)
    .refine((n) => n >= 1 && n <= MAX_STOCK_PAGE, `Page must be between 1 and ${MAX_STOCK_PAGE}`)
    .optional(),
});

const keys = ["q", "location", "low", "page"] as const;

/** Reads the stock list's filters from the URL. Empty values mean "not set"; anything else must be valid. */
export function parseStockListQuery(params: URLSearchParams): { ok: true; query: StockListQuery } | { ok: false; errors: string[] } {
  const raw: Record<string, string> = {};
  for (const key of keys) {
    const values = params.getAll(key).filter((v) => v !== "");
    if (values.length > 1) return { ok: false, errors: [`"${key}" may appear only once`] };
    if (values[0] !== undefined) raw[key] = values[0];
  }
  const parsed = stockListSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((i) => i.message) };
  const v = parsed.data;
  return { ok: true, query: { q: v.q || undefined, locationId: v.location, lowOnly: v.low !== undefined, page: v.page ?? 1 } };
}

/** The URL search string for a query, leaving defaults out; pagination links keep the filters. */
export function stockListSearch(query: StockListQuery, overrides: Partial<StockListQuery> = {}) {
  const next = { ...query, ...overrides };
  const params = new URLSearchParams();
  if (next.q) params.set("q", next.q);
  if (next.locationId) params.set("location", String(next.locationId));
  if (next.lowOnly) params.set("low", "1");
  if (next.page > 1) params.set("page", String(next.page));
  const search = params.toString();
  return search ? `?${search}` : "";
}
