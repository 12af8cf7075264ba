import { absoluteUrl } from "~/utils/http.server";

export function loader() {
  const body = `User-agent: *
Allow: /
Disallow: /admin
Disallow: /pos
Disallow: /cart
Disallow: /checkout
Disallow: /search

Sitemap: ${absoluteUrl("/sitemap.xml")}
`;
  return new Response(body, { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=86400" } });
}
