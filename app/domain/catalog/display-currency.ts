import { isShopCurrency, shopCurrencies, type ShopCurrency } from "~/domain/money/money";

/**
 * Catalogue pages take their display currency from the URL (`?currency=EUR`), never from a cookie, so a page's
 * HTML depends on its URL alone and a CDN may share it without `Vary: Cookie`. The default has no parameter,
 * which keeps one canonical address per page.
 */
export const CURRENCY_PARAM = "currency";
export const DEFAULT_CURRENCY: ShopCurrency = "USD";
/** The shopper's chosen currency: what the cart and checkout charge in, and where the browser steers catalogue pages. */
export const CURRENCY_COOKIE = "kriya_currency";

const choicePattern = new RegExp(`(?:^|;\\s*)${CURRENCY_COOKIE}=([A-Z]{3})(?:;|$)`);

/** The remembered choice in a Cookie header or `document.cookie`; null when there is none (or a forged one). */
export function parseCurrencyChoice(cookies: string | null | undefined): ShopCurrency | null {
  const match = choicePattern.exec(cookies ?? "");
  return match && isShopCurrency(match[1]) ? match[1] : null;
}

export type CurrencyParam =
  | { kind: "ok"; currency: ShopCurrency }
  /** Spelled another way (`eur`, `USD`, empty): the same page lives at `search`. */
  | { kind: "redirect"; search: string }
  | { kind: "invalid"; message: string };

/** Reads and normalises the display currency of a URL's query. */
export function readCurrencyParam(params: URLSearchParams): CurrencyParam {
  const values = params.getAll(CURRENCY_PARAM);
  if (values.length === 0) return { kind: "ok", currency: DEFAULT_CURRENCY };
  const normalised = values.map((v) => v.trim().toUpperCase()).filter((v) => v !== "");
  const unknown = normalised.find((v) => !isShopCurrency(v));
  if (unknown !== undefined) return { kind: "invalid", message: `Unknown currency "${unknown.slice(0, 8)}": choose one of ${shopCurrencies.join(", ")}.` };
  if (new Set(normalised).size > 1) return { kind: "invalid", message: `"${CURRENCY_PARAM}" may appear only once.` };
  const currency = (normalised[0] ?? DEFAULT_CURRENCY) as ShopCurrency;
  if (values.length === 1 && values[0] === currency && currency !== DEFAULT_CURRENCY) return { kind: "ok", currency };
  return { kind: "redirect", search: searchWithCurrency(params, currency) };
}

/** The query string (with its "?", or "") of `params` showing prices in `currency`. */
function searchWithCurrency(params: URLSearchParams, currency: ShopCurrency): string {
  const next = new URLSearchParams(params);
  if (currency === DEFAULT_CURRENCY) next.delete(CURRENCY_PARAM);
  else next.set(CURRENCY_PARAM, currency);
  const text = next.toString();
  return text ? `?${text}` : "";
}

/** Catalogue paths: the pages that show prices or lead on to them, and so carry the display currency. */
export function pathCarriesCurrency(pathname: string): boolean {
  return (
    pathname === "/" ||
    /^\/(shop|producers)(\/[^/]+)?\/?$/.test(pathname) ||
    /^\/products\/[^/]+\/?$/.test(pathname) ||
    /^\/(search|shipping|contact|privacy|imprint)\/?$/.test(pathname)
  );
}

const base = "http://shop.invalid";

/**
 * `to` (a path, or a query/relative path resolved against `from`) with its display currency set to `currency`
 * when it is a catalogue path; anything else (other pages, other sites) is returned unchanged.
 */
export function hrefWithCurrency(to: string, { currency, from = "/" }: { currency: ShopCurrency; from?: string }): string {
  // The default currency is the absence of the parameter, so a link with no query at all is already right: every
  // link of a page in the default currency takes this path, without parsing two URLs.
  if (currency === DEFAULT_CURRENCY && !to.includes("?")) return to;
  let url: URL;
  try {
    url = new URL(to, new URL(from, base));
  } catch {
    return to;
  }
  if (url.origin !== base || !pathCarriesCurrency(url.pathname)) return to;
  const current = url.searchParams.getAll(CURRENCY_PARAM);
  if (currency === DEFAULT_CURRENCY ? current.length === 0 : current.length === 1 && current[0] === currency) return to;
  return `${url.pathname}${searchWithCurrency(url.searchParams, currency)}${url.hash}`;
}
