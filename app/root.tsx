import { redirect, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { getDb } from "~db/client.server";
import { cachedCatalogRead } from "~/utils/catalog-cache.server";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { SiteFooter, SiteHeader } from "~/components/storefront/layout";
import { treesOwed } from "~/domain/impact/impact";
import { getSiteContext } from "~/models/catalog/site.server";
import { readCurrencyParam } from "~/domain/catalog/display-currency";
import { badRequest } from "~/web/refusal.server";
import appCss from "~/styles/app.css?inline";
import { useNonce } from "~/utils/nonce";

export const links: LinksFunction = () => [{ rel: "icon", href: "/favicon.svg", type: "image/svg+xml" }];

// The shop's stylesheet (about 9 kB gzipped) travels inside the document, so the first paint waits for no second
// request; later pages are client-side navigations that keep it. Only the server bundle holds the text (the branch is
// dropped from the browser's): the browser reads it back from the page, so even a client re-render keeps the styles.
// In development the browser imports it too, so an edit to app.css shows without a reload.
const inlineStylesheet =
  import.meta.env.SSR || import.meta.env.DEV
    ? appCss
    : typeof document === "undefined"
      ? ""
      : (document.getElementById("kriya-styles")?.textContent ?? "");

/**
 * What every page shares, the same for everyone with this URL (ADR 002, 004): the impact counter and the rates
 * in one cached statement, and the display currency from the URL. Nothing personal: the cart badge reads its
 * cookie in the browser, and the cart and checkout read the currency cookie themselves.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const currency = readCurrencyParam(url.searchParams);
  if (currency.kind === "redirect") throw redirect(`${url.pathname}${currency.search}`, 301);
  if (currency.kind === "invalid") badRequest(currency.message);
  const site = await cachedCatalogRead("site", () => getSiteContext(getDb()));
  return {
    impact: { treesFunded: treesOwed(site.turnoverUsdCents), treesPlanted: site.treesPlanted, treesVerifiedAlive: site.treesVerifiedAlive },
    rates: site.rates,
    currency: currency.currency,
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
        <style id="kriya-styles" dangerouslySetInnerHTML={{ __html: inlineStylesheet }} />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <SiteHeader impact={data?.impact} />
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
