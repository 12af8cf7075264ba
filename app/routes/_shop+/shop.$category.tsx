import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CatalogListing } from "~/components/storefront/catalog-listing";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { catalogHeaders } from "~/utils/http.server";
import { loadCatalogListing } from "./listing.server";
import { seoMeta } from "~/utils/seo";

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  loadCatalogListing(request, { category: params.category });
export const headers = catalogHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  seoMeta({
    title: data?.category ? `${data.category.name}${data.query.page > 1 ? `, page ${data.query.page}` : ""}` : "Shop",
    description: data?.category?.description ?? "Fair-trade handicrafts from Indonesian producer groups.",
    canonical: data?.canonical ?? "/shop",
  });

export default function CategoryPage() {
  return <CatalogListing {...useLoaderData<typeof loader>()} />;
}

export const ErrorBoundary = GeneralErrorBoundary;
