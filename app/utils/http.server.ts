import { data } from "@remix-run/node";
import { publicOrigin } from "./env.server";

/** Throws a Response for control flow (Epic Stack): `invariantResponse(product, "Not found", { status: 404 })`. */
export function invariantResponse(condition: unknown, message: string, init: ResponseInit = { status: 400 }): asserts condition {
  if (!condition) throw data({ message }, init);
}

export function notFound(message = "We couldn't find that page."): never {
  throw data({ message }, { status: 404 });
}

export function badRequest(message: string, errors: string[] = []): never {
  throw data({ message, errors }, { status: 400 });
}

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
