import { createCookie } from "@remix-run/node";
import { CURRENCY_COOKIE, parseCurrencyChoice } from "~/domain/catalog/display-currency";
import type { ShopCurrency } from "~/domain/money/money";
import { CART_COUNT_COOKIE, clampCartCount, parseCartCount } from "~/domain/retail/cart-count";
import { secureCookies as secure, sessionSecrets } from "./env.server";

function signedCookie(name: string, maxAgeSeconds: number) {
  return createCookie(name, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: secure(),
    maxAge: maxAgeSeconds,
    secrets: sessionSecrets(),
  });
}

const DAY = 24 * 60 * 60;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The cart id, signed so a forged or guessed id is simply ignored. */
export async function readCartId(request: Request): Promise<string | null> {
  const value = await signedCookie("kriya_cart", 60 * DAY).parse(request.headers.get("Cookie"));
  return typeof value === "string" && uuidPattern.test(value) ? value : null;
}
export function writeCartId(cartId: string) {
  return signedCookie("kriya_cart", 60 * DAY).serialize(cartId);
}

/** The number of items, for the header badge: read by the browser (not HttpOnly, nothing secret), written on every cart change. */
export function readCartCount(request: Request): number {
  return parseCartCount(request.headers.get("Cookie")) ?? 0;
}
export function writeCartCount(count: number) {
  return `${CART_COUNT_COOKIE}=${clampCartCount(count)}; Path=/; Max-Age=${60 * DAY}; SameSite=Lax${secure() ? "; Secure" : ""}`;
}

export function readCurrencyChoice(request: Request): ShopCurrency | null {
  return parseCurrencyChoice(request.headers.get("Cookie"));
}
export function writeCurrencyChoice(currency: ShopCurrency) {
  return `${CURRENCY_COOKIE}=${currency}; Path=/; Max-Age=${365 * DAY}; SameSite=Lax${secure() ? "; Secure" : ""}`;
}

/** Orders this browser may view: set by checkout and by a successful lookup (number + email). */
export async function readOrderAccess(request: Request): Promise<string[]> {
  const value = await signedCookie("kriya_orders", 90 * DAY).parse(request.headers.get("Cookie"));
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string" && uuidPattern.test(v)) : [];
}
export async function grantOrderAccess(request: Request, orderId: string) {
  const current = await readOrderAccess(request);
  const next = [orderId, ...current.filter((id) => id !== orderId)].slice(0, 20);
  return signedCookie("kriya_orders", 90 * DAY).serialize(next);
}

/** `undo` carries a removed cart line across the redirect, so the cart can offer to put it back. */
export type Flash = { ok: boolean; message: string; details?: string[]; undo?: { variantId: number; quantity: number; title: string } };

/** A one-shot message carried across a redirect (Post/Redirect/Get for browsers without JavaScript). */
export async function writeFlash(flash: Flash) {
  return signedCookie("kriya_flash", 60).serialize(flash);
}
export async function readFlash(request: Request): Promise<{ flash: Flash | null; clear: string | null }> {
  const value = await signedCookie("kriya_flash", 60).parse(request.headers.get("Cookie"));
  if (!value || typeof value !== "object" || typeof (value as Flash).message !== "string") return { flash: null, clear: null };
  return { flash: value as Flash, clear: await signedCookie("kriya_flash", 60).serialize("", { maxAge: 0 }) };
}
