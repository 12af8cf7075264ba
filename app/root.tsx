import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { getDb } from "~db/client.server";
import { cachedCatalogRead } from "~/utils/catalog-cache.server";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { SiteFooter, SiteHeader } from "~/components/storefront/layout";
import { treesOwed } from "~/domain/impact/impact";
import { getSiteContext } from "~/models/catalog/site.server";
import { readCartCount } from "~/utils/cookies.server";
import { shopperCurrency } from "~/utils/shopper.server";
import stylesheet from "~/styles/app.css?url";
import { useNonce } from "~/utils/nonce";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const site = await cachedCatalogRead("site", () => getSiteContext(getDb()));
  return {
    impact: { treesPlanted: site.treesPlanted, treesOwed: treesOwed(site.turnoverUsdCents) },
    rates: site.rates,
    currency: shopperCurrency(request),
    cartCount: readCartCount(request),
    path: new URL(request.url).pathname + new URL(request.url).search,
  };
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#f6f0e6" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <SiteHeader impact={data?.impact} currency={data?.currency ?? "USD"} cartCount={data?.cartCount ?? 0} path={data?.path ?? "/"} />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <SiteFooter />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  // Marks the page as interactive, so browser journeys act only once React owns it (typing into a page that is
  // still hydrating can abort hydration with React error #345).
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
