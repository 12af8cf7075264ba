import { data } from "@remix-run/node";
import { getDb } from "~db/client.server";
import { parseCatalogQuery } from "~/domain/catalog/catalog-query-parse";
import { getCatalogFacets, listProducts, type ProductCard } from "~/models/catalog/catalog.server";
import { getSiteContext } from "~/models/catalog/site.server";
import { cachedCatalogRead } from "~/utils/catalog-cache.server";
import { catalogueCurrency } from "~/utils/shopper.server";
import { absoluteUrl, pageKeys } from "~/utils/http.server";
import { badRequest, notFound } from "~/web/refusal.server";

/**
 * Shared by /shop, /shop/:category and /search: parse the URL, then two statements (facets, page of cards).
 * Invalid parameters are a 400 with every problem listed; an unknown category is a 404.
 */
export async function loadCatalogListing(request: Request, options: { category?: string; search?: boolean } = {}) {
  const url = new URL(request.url);
  const parsed = parseCatalogQuery(url.searchParams, { category: options.category });
  if (!parsed.ok) badRequest("Some of the filters in this link don't make sense.", parsed.errors);
  const db = getDb();
  // Price bounds in the URL are whole units of the page's currency, which the URL carries too.
  const currency = catalogueCurrency(request);
  const priceFiltered = parsed.query.minPrice !== undefined || parsed.query.maxPrice !== undefined;
  // The rate is only needed to turn a price filter in another currency into US cents.
  const rates = priceFiltered && currency !== "USD" ? (await cachedCatalogRead("site", () => getSiteContext(db))).rates : {};
  const display = { currency, perUsdMicros: rates[currency] ?? 1_000_000 };
  const [facets, listing] = await Promise.all([
    cachedCatalogRead("facets", () => getCatalogFacets(db)),
    cachedCatalogRead(`list:${currency}:${JSON.stringify(parsed.query)}`, () => listProducts(db, { query: parsed.query, display })),
  ]);
  const category = options.category ? facets.categories.find((c) => c.slug === options.category) : undefined;
  if (options.category && !category) notFound(`There is no "${options.category}" category.`);
  const unknownMaterials = parsed.query.materials.filter((m) => !facets.materials.some((f) => f.slug === m));
  const unknownProducers = parsed.query.producers.filter((p) => !facets.producers.some((f) => f.slug === p));
  if (unknownMaterials.length || unknownProducers.length) {
    badRequest("Some of the filters in this link don't make sense.", [
      ...unknownMaterials.map((m) => `There is no material called "${m}".`),
      ...unknownProducers.map((p) => `There is no producer group called "${p}".`),
    ]);
  }
  const canonicalParams = new URLSearchParams();
  if (parsed.query.q) canonicalParams.set("q", parsed.query.q);
  if (parsed.query.page > 1) canonicalParams.set("page", String(parsed.query.page));
  const qs = canonicalParams.toString();
  return data(
    {
      query: parsed.query,
      // The listing names the categories and filters; tiles, counts and descriptions are the home page's.
      facets: { categories: facets.categories.map(({ slug, name }) => ({ slug, name })), materials: facets.materials, producers: facets.producers },
      listing: { ...listing, items: cardViews(listing.items) },
      category: category ? { slug: category.slug, name: category.name, description: category.description } : null,
      search: options.search ?? false,
      currency,
      canonical: absoluteUrl(`${url.pathname}${qs ? `?${qs}` : ""}`),
    },
    // Every listing is purged by `listing` (new pieces, prices, titles), by its cards' pieces, and, when it puts
    // pieces in stock first or shows only those, by a piece selling out or coming back.
    pageKeys([
      "listing",
      ...listing.items.map((p) => `product:${p.id}`),
      ...(parsed.query.sort === "featured" || parsed.query.inStockOnly ? ["availability"] : []),
    ]),
  );
}

export type CatalogListingData = Awaited<ReturnType<typeof loadCatalogListing>>["data"];

/** A card's fields as the grid shows them: the summary and category stay on the server. */
export function cardViews(cards: readonly ProductCard[]) {
  return cards.map(({ id, slug, title, oneOfAKind, producerName, producerSlug, minPriceMinor, maxPriceMinor, available, image }) => ({
    id,
    slug,
    title,
    oneOfAKind,
    producerName,
    producerSlug,
    minPriceMinor,
    maxPriceMinor,
    available,
    image,
  }));
}
