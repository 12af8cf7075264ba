import { publicOrigin } from "./env.server";

/** An absolute URL on the shop's configured origin (emails, sitemap, canonical, Stripe return URLs). */
export function absoluteUrl(pathAndQuery: string): string {
  return new URL(pathAndQuery, publicOrigin()).toString();
}

/** Catalogue pages are the same for everyone with the same URL, so a CDN may cache them. */
export const catalogCacheControl = "public, max-age=60, s-maxage=300, stale-while-revalidate=86400";

/**
 * No `Vary` on anything personal (ADR 004): the display currency is in the URL and the cart badge is read in
 * the browser, so the response depends on its URL alone.
 */
export function catalogHeaders({ loaderHeaders, errorHeaders }: { loaderHeaders: Headers; errorHeaders?: Headers }) {
  if (errorHeaders) return new Headers({ "Cache-Control": "no-store" });
  return new Headers({ "Cache-Control": loaderHeaders.get("Cache-Control") ?? catalogCacheControl });
}
