import { sitemapRoot, xmlResponse } from "./sitemap.server";

/** The sitemap, or (beyond 10,000 pieces) the sitemap index of its files. */
export async function loader() {
  return xmlResponse(await sitemapRoot());
}
