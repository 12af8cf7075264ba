import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CatalogListing } from "~/components/storefront/catalog-listing";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { catalogHeaders } from "~/utils/http.server";
import { loadCatalogListing } from "./listing.server";
import { seoMeta } from "~/utils/seo";

export const loader = ({ request }: LoaderFunctionArgs) => loadCatalogListing(request);
export const headers = catalogHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  seoMeta({
    title: data && data.query.page > 1 ? `All pieces, page ${data.query.page}` : "All pieces",
    description: "Every fair-trade piece in the collection: furniture, home decor, office goods, leather, silver jewellery, textiles and upcycled work.",
    canonical: data?.canonical ?? "/shop",
  });

export default function ShopIndex() {
  return <CatalogListing {...useLoaderData<typeof loader>()} />;
}

export const ErrorBoundary = GeneralErrorBoundary;
