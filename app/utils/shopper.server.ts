import { DEFAULT_CURRENCY, readCurrencyParam } from "~/domain/catalog/display-currency";
import { currencyForLanguages, type ShopCurrency } from "~/domain/money/money";
import { readCurrencyChoice } from "./cookies.server";
import { publicOrigin } from "./env.server";

/**
 * The currency the cart and checkout charge in: the saved choice, else a guess from the browser's languages.
 * Only private (no-store) pages may use it; catalogue pages use `catalogueCurrency`.
 */
export function shopperCurrency(request: Request): ShopCurrency {
  return readCurrencyChoice(request) ?? currencyForLanguages(request.headers.get("Accept-Language"));
}

/** The currency a catalogue page is priced in: from its URL alone (ADR 004), so cached HTML is right for everyone. */
export function catalogueCurrency(request: Request): ShopCurrency {
  const param = readCurrencyParam(new URL(request.url).searchParams);
  return param.kind === "ok" ? param.currency : DEFAULT_CURRENCY;
}

// Control characters (TAB, CR, LF, NUL…), DEL and backslashes: browsers strip or reinterpret them in a Location.
const unsafeInTarget = /[\u0000-\u001f\u007f\\]/;

/**
 * The one safe-redirect check, used by every redirect whose target comes from input (login, cart, currency,
 * the sign-in redirect). It accepts only a path on the shop's own origin, also once percent-decoded, and
 * returns it normalised (path, query, hash); anything else gives the fallback.
 */
export function safeRedirectPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length > 2000 || !value.startsWith("/")) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return fallback;
  }
  for (const form of [value, decoded]) {
    if (unsafeInTarget.test(form) || form.startsWith("//") || form.startsWith("/\\")) return fallback;
  }
  const origin = publicOrigin();
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== origin) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith("//") ? fallback : path;
}
