import { data } from "@remix-run/node";
import { absoluteUrl } from "./http.server";

/** Information pages change with a deploy, not with a visitor; a CDN may keep them for an hour. */
export const staticPageCacheControl = "public, max-age=300, s-maxage=3600, stale-while-revalidate=86400";

/** The loader of a page that only needs its canonical URL. */
export function staticPage<T extends Record<string, unknown>>(path: string, extra?: T) {
  return data({ canonical: absoluteUrl(path), ...(extra as T) }, { headers: { "Cache-Control": staticPageCacheControl } });
}
