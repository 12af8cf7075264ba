import type { MetaDescriptor } from "@remix-run/node";

export const SHOP_NAME = "Kriya";
export const SHOP_TAGLINE = "Fair-trade handicrafts from Indonesian producer groups";

/** Title, description, canonical and Open Graph tags for one page. */
export function seoMeta(input: {
  title: string;
  description: string;
  canonical: string;
  image?: string;
  type?: "website" | "product" | "profile";
}): MetaDescriptor[] {
  const title = input.title === SHOP_NAME ? `${SHOP_NAME} · ${SHOP_TAGLINE}` : `${input.title} · ${SHOP_NAME}`;
  const tags: MetaDescriptor[] = [
    { title },
    { name: "description", content: input.description },
    { tagName: "link", rel: "canonical", href: input.canonical },
    { property: "og:site_name", content: SHOP_NAME },
    { property: "og:title", content: input.title },
    { property: "og:description", content: input.description },
    { property: "og:url", content: input.canonical },
    { property: "og:type", content: input.type ?? "website" },
    { name: "twitter:card", content: input.image ? "summary_large_image" : "summary" },
  ];
  if (input.image) tags.push({ property: "og:image", content: input.image });
  return tags;
}

/** The meta of an information page whose loader is `staticPage(path)`: its canonical URL comes from the loader. */
export function staticPageMeta(page: { path: string; title: string; description: string }) {
  return ({ data }: { data?: { canonical?: string } }) => seoMeta({ title: page.title, description: page.description, canonical: data?.canonical ?? page.path });
}

export function truncate(text: string, max = 158) {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 1).replace(/\s+\S*$/, "")}…`;
}
