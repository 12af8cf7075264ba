import { currencyForLanguages, type ShopCurrency } from "~/domain/money";
import { readCurrencyChoice } from "./cookies.server";

/** The visitor's currency: their saved choice, else a guess from the browser's languages. */
export function shopperCurrency(request: Request): ShopCurrency {
  return readCurrencyChoice(request) ?? currencyForLanguages(request.headers.get("Accept-Language"));
}

/** Only same-site paths may be redirected to after a form post. */
export function safeRedirectPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return fallback;
  return value;
}
