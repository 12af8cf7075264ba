import { Link as RemixLink, NavLink as RemixNavLink, useLocation, useNavigate, type LinkProps, type NavLinkProps } from "@remix-run/react";
import { useEffect } from "react";
import { CURRENCY_PARAM, DEFAULT_CURRENCY, hrefWithCurrency, parseCurrencyChoice, pathCarriesCurrency } from "~/domain/catalog/display-currency";
import { currencyForLanguages } from "~/domain/money/money";
import { useDisplayCurrency } from "./price";

/**
 * Links that keep the display currency: catalogue pages are priced from their URL (`?currency=EUR`, ADR 004),
 * so every link to one carries the page's currency. Storefront code uses these instead of Remix's.
 */
function useShopTo(to: LinkProps["to"]): LinkProps["to"] {
  const currency = useDisplayCurrency();
  const location = useLocation();
  return typeof to === "string" ? hrefWithCurrency(to, { currency, from: `${location.pathname}${location.search}` }) : to;
}

export function Link({ to, ...props }: LinkProps) {
  return <RemixLink to={useShopTo(to)} {...props} />;
}

export function NavLink({ to, ...props }: NavLinkProps) {
  return <RemixNavLink to={useShopTo(to)} {...props} />;
}

/** Inside a GET form that leads to a catalogue page, so the results stay in the page's currency. */
export function CurrencyField() {
  const currency = useDisplayCurrency();
  return currency === DEFAULT_CURRENCY ? null : <input type="hidden" name={CURRENCY_PARAM} value={currency} />;
}

/**
 * After hydration, a catalogue page opened without a currency (a search result, a bookmark) moves to the
 * shopper's currency: the one they chose (the cookie the cart charges in), else their browser's languages'.
 * The server never does this itself, or the page's HTML would depend on a cookie.
 */
export function useSteerToShopperCurrency() {
  const location = useLocation();
  const navigate = useNavigate();
  useEffect(() => {
    if (!pathCarriesCurrency(location.pathname) || new URLSearchParams(location.search).has(CURRENCY_PARAM)) return;
    const wanted = parseCurrencyChoice(document.cookie) ?? currencyForLanguages((navigator.languages ?? [navigator.language]).join(","));
    if (wanted === DEFAULT_CURRENCY) return;
    const to = hrefWithCurrency(`${location.pathname}${location.search}${location.hash}`, { currency: wanted });
    navigate(to, { replace: true, preventScrollReset: true });
  }, [location, navigate]);
}
