import { getDb } from "~db/client.server";
import { countSitemapProducts, listSitemapPages, listSitemapProducts } from "~/models/catalog/catalog.server";
import { cachedCatalogRead } from "~/utils/catalog-cache.server";
import { publicOrigin } from "~/utils/env.server";

/**
 * The sitemap, in files a search engine accepts (at most 50,000 URLs each; we keep 10,000 so a file stays about
 * 1 MB). A shop of up to 10,000 pieces has one file at /sitemap.xml; a bigger one gets a sitemap index there,
 * pointing at /sitemap/pages.xml and /sitemap/products.xml?page=N. Each body is built once per cache period and
 * shared by concurrent requests, so a crawler (or a flood) can't make the server build 13 MB per request.
 */
export const SITEMAP_FILE_SIZE = 10_000;

type Url = { loc: string; lastmod?: Date };

function escapeXml(text: string) {
  return text.replace(/[<>&'"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c]!);
}

function urlset(urls: Url[]) {
  const lines = urls.map((u) => `  <url><loc>${escapeXml(u.loc)}</loc>${u.lastmod ? `<lastmod>${u.lastmod.toISOString().slice(0, 10)}</lastmod>` : ""}</url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${lines.join("\n")}\n</urlset>\n`;
}

function sitemapIndex(locs: string[]) {
  const lines = locs.map((loc) => `  <sitemap><loc>${escapeXml(loc)}</loc></sitemap>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${lines.join("\n")}\n</sitemapindex>\n`;
}

export function xmlResponse(body: string) {
  return new Response(body, { headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=3600, s-maxage=3600" } });
}

async function pageUrls(): Promise<Url[]> {
  const origin = publicOrigin();
  const pages = await listSitemapPages(getDb());
  return [
    { loc: `${origin}/` },
    { loc: `${origin}/shop` },
    { loc: `${origin}/producers` },
    { loc: `${origin}/impact` },
    ...["/shipping", "/contact", "/privacy", "/imprint"].map((path) => ({ loc: `${origin}${path}` })),
    ...pages.categories.map((c) => ({ loc: `${origin}/shop/${c.slug}` })),
    ...pages.producers.map((p) => ({ loc: `${origin}/producers/${p.slug}`, lastmod: p.updatedAt })),
  ];
}

async function productUrls(page: number, size: number): Promise<Url[]> {
  const origin = publicOrigin();
  const rows = await listSitemapProducts(getDb(), { page, size });
  return rows.map((p) => ({ loc: `${origin}/products/${p.slug}`, lastmod: p.updatedAt }));
}

/** How many product files the sitemap has (0: the pieces fit in /sitemap.xml itself). */
export async function productFileCount(size = SITEMAP_FILE_SIZE): Promise<number> {
  const count = await cachedCatalogRead("sitemap:count", () => countSitemapProducts(getDb()));
  return count <= size ? 0 : Math.ceil(count / size);
}

export async function sitemapRoot(size = SITEMAP_FILE_SIZE): Promise<string> {
  const files = await productFileCount(size);
  return cachedCatalogRead(`sitemap:root:${size}:${files}`, async () => {
    if (files === 0) return urlset([...(await pageUrls()), ...(await productUrls(1, size))]);
    const origin = publicOrigin();
    return sitemapIndex([`${origin}/sitemap/pages.xml`, ...Array.from({ length: files }, (_, i) => `${origin}/sitemap/products.xml?page=${i + 1}`)]);
  });
}

export const sitemapPages = () => cachedCatalogRead("sitemap:pages", async () => urlset(await pageUrls()));

export const sitemapProducts = (page: number, size = SITEMAP_FILE_SIZE) =>
  cachedCatalogRead(`sitemap:products:${size}:${page}`, async () => urlset(await productUrls(page, size)));
