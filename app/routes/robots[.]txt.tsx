import type { LoaderFunctionArgs } from "@remix-run/node";
import { originOf } from "~/utils/http.server";

export function loader({ request }: LoaderFunctionArgs) {
  const body = `User-agent: *
Allow: /
Disallow: /admin
Disallow: /pos
Disallow: /cart
Disallow: /checkout
Disallow: /search

Sitemap: ${originOf(request)}/sitemap.xml
`;
  return new Response(body, { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=86400" } });
}
