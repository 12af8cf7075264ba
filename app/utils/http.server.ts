import { publicOrigin } from "./env.server";

/** An absolute URL on the shop's configured origin (emails, sitemap, canonical, Stripe return URLs). */
export function absoluteUrl(pathAndQuery: string): string {
  return new URL(pathAndQuery, publicOrigin()).toString();
}

/**
 * Catalogue pages are the same for everyone with the same URL, so a CDN may cache them (and purge them by their
 * Surrogate-Key when the catalogue changes). Browsers revalidate every time (cheap: the page cache answers 304),
 * so a shopper never sees a piece still for sale after the shop knows it sold out.
 */
export const catalogCacheControl = "public, max-age=0, s-maxage=60, stale-while-revalidate=86400";

/**
 * The surrogate keys of a catalogue page (see db/migrations/0007_page_invalidation.sql for who sends which):
 * `product:<id>`, `producer:<id>`, `category:<id>`, `listing`, `availability`, `impact`. Every page shows prices
 * or the header's counters, so every page also carries `rates`. Returned as headers for a loader's `data()`.
 */
export function pageKeys(keys: Iterable<string>): { headers: Record<string, string> } {
  const all = new Set(["rates", ...keys]);
  return { headers: { "Cache-Control": catalogCacheControl, "Surrogate-Key": [...all].sort().join(" ") } };
}

/**
 * No `Vary` on anything personal (ADR 004): the display currency is in the URL and the cart badge is read in
 * the browser, so the response depends on its URL alone.
 */
export function catalogHeaders({ loaderHeaders, errorHeaders }: { loaderHeaders: Headers; errorHeaders?: Headers }) {
  if (errorHeaders) return new Headers({ "Cache-Control": "no-store" });
  const headers = new Headers({ "Cache-Control": loaderHeaders.get("Cache-Control") ?? catalogCacheControl });
  const keys = loaderHeaders.get("Surrogate-Key");
  if (keys) headers.set("Surrogate-Key", keys);
  return headers;
}
