import { listSearch } from "~/domain/platform/list-search";

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
  const defaultSort = q.q ? "relevance" : "featured";
  return listSearch({
    q: q.q,
    material: q.materials,
    producer: q.producers,
    min: q.minPrice,
    max: q.maxPrice,
    instock: q.inStockOnly,
    sort: q.sort !== defaultSort ? q.sort : undefined,
    page: q.page && q.page > 1 ? q.page : undefined,
  });
}
