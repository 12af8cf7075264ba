export const sortOptions = ["featured", "newest", "price-asc", "price-desc", "name", "relevance"] as const;
export type SortOption = (typeof sortOptions)[number];
export const sortLabels: Record<SortOption, string> = {
  featured: "Featured",
  newest: "Newest",
  "price-asc": "Price: low to high",
  "price-desc": "Price: high to low",
  name: "Name: A–Z",
  relevance: "Best match",
};

export const PAGE_SIZE = 24;
export const MAX_PAGE = 500;
export type CatalogQuery = {
  q?: string;
  category?: string;
  materials: string[];
  producers: string[];
  /** Whole units of the display currency. */
  minPrice?: number;
  maxPrice?: number;
  inStockOnly: boolean;
  sort: SortOption;
  page: number;
};

/** Writes listing state back to a query string, omitting defaults, for links and pagination. */
export function catalogQueryToSearch(query: Partial<CatalogQuery>, overrides: Partial<CatalogQuery> = {}): string {
  const q = { ...query, ...overrides };
  const params = new URLSearchParams();
  if (q.q) params.set("q", q.q);
  for (const m of q.materials ?? []) params.append("material", m);
  for (const p of q.producers ?? []) params.append("producer", p);
  if (q.minPrice !== undefined) params.set("min", String(q.minPrice));
  if (q.maxPrice !== undefined) params.set("max", String(q.maxPrice));
  if (q.inStockOnly) params.set("instock", "1");
  const defaultSort = q.q ? "relevance" : "featured";
  if (q.sort && q.sort !== defaultSort) params.set("sort", q.sort);
  if (q.page && q.page > 1) params.set("page", String(q.page));
  const s = params.toString();
  return s ? `?${s}` : "";
}
