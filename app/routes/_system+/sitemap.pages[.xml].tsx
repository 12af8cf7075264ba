import { sitemapPages, xmlResponse } from "./sitemap.server";

/** The sitemap's pages other than pieces: home, shop, categories, producer groups, information pages. */
export async function loader() {
  return xmlResponse(await sitemapPages());
}
