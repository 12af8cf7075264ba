import { getDb } from "~db/client.server";
import { listSitemapEntries } from "~/models/catalog/catalog.server";
import { publicOrigin } from "~/utils/env.server";

function escapeXml(text: string) {
  return text.replace(/[<>&'"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c]!);
}

export async function loader() {
  const origin = publicOrigin();
  const entries = await listSitemapEntries(getDb());
  const urls: { loc: string; lastmod?: Date }[] = [
    { loc: `${origin}/` },
    { loc: `${origin}/shop` },
    { loc: `${origin}/producers` },
    ...["/shipping", "/contact", "/privacy", "/imprint"].map((path) => ({ loc: `${origin}${path}` })),
    ...entries.categories.map((c) => ({ loc: `${origin}/shop/${c.slug}` })),
    ...entries.products.map((p) => ({ loc: `${origin}/products/${p.slug}`, lastmod: p.updatedAt })),
    ...entries.producers.map((p) => ({ loc: `${origin}/producers/${p.slug}`, lastmod: p.updatedAt })),
  ];
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls
  .map(
    (u) =>
      `  <url><loc>${escapeXml(u.loc)}</loc>${u.lastmod ? `<lastmod>${u.lastmod.toISOString().slice(0, 10)}</lastmod>` : ""}</url>`,
  )
  .join("\n")}
</urlset>
`;
  return new Response(body, {
    headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": "public, max-age=3600, s-maxage=3600" },
  });
}
