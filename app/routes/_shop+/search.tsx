import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CatalogListing } from "~/components/storefront/catalog-listing";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { MAX_SEARCH_LENGTH } from "~/domain/catalog/search-terms";
import { catalogHeaders } from "~/utils/http.server";
import { loadCatalogListing } from "./listing.server";
import { badRequest } from "~/web/refusal.server";
import { seoMeta } from "~/utils/seo";

export async function loader({ request }: LoaderFunctionArgs) {
  // A search pasted from somewhere else: say what's wrong in search words, not as a broken filter.
  const q = new URL(request.url).searchParams.get("q")?.trim() ?? "";
  if (q.length > MAX_SEARCH_LENGTH) {
    badRequest("That search is too long.", [`Search text is limited to ${MAX_SEARCH_LENGTH} characters (this one has ${q.length}). Use a few words, e.g. “rattan basket”.`], { "Cache-Control": "no-store" });
  }
  return loadCatalogListing(request, { search: true });
}
export const headers = catalogHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  ...seoMeta({
    title: data?.query.q ? `Search: ${data.query.q}` : "Search",
    description: "Search fair-trade handicrafts by name, material, craft or producer group.",
    canonical: data?.canonical ?? "/search",
  }),
  // Result pages are endless; keep them out of the index.
  { name: "robots", content: "noindex, follow" },
];

export default function SearchPage() {
  return <CatalogListing {...useLoaderData<typeof loader>()} />;
}

export const ErrorBoundary = GeneralErrorBoundary;
