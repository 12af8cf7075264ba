import { indonesiaOutlineSvg } from "~/components/impact/indonesia-map.server";

/** The impact map's land, drawn once per process; it changes only with the code, so browsers and CDNs keep it a day. */
export function loader() {
  return new Response(indonesiaOutlineSvg(), {
    headers: { "Content-Type": "image/svg+xml", "Cache-Control": "public, max-age=86400, stale-while-revalidate=604800", "X-Content-Type-Options": "nosniff" },
  });
}
