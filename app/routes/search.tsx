import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CatalogListing } from "~/components/catalog-listing";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { catalogHeaders } from "~/utils/http.server";
import { loadCatalogListing } from "~/utils/listing.server";
import { seoMeta } from "~/utils/seo";

export const loader = ({ request }: LoaderFunctionArgs) => loadCatalogListing(request, { search: true });
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
