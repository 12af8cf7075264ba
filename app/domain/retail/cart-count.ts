/**
 * The header's cart badge reads this small cookie in the browser, so no page's HTML depends on the cart.
 * It is only ever shown, never trusted: the cart page counts the real lines.
 */
export const CART_COUNT_COOKIE = "kriya_cart_count";
export const MAX_CART_COUNT = 999;

const pattern = new RegExp(`(?:^|;\\s*)${CART_COUNT_COOKIE}=(\\d{1,4})(?:;|$)`);

/** The count in a Cookie header or `document.cookie`, clamped to 0–999; null when there is none. */
export function parseCartCount(cookies: string | null | undefined): number | null {
  const match = pattern.exec(cookies ?? "");
  return match ? clampCartCount(Number(match[1])) : null;
}

export function clampCartCount(count: number): number {
  return Number.isFinite(count) ? Math.max(0, Math.min(MAX_CART_COUNT, Math.trunc(count))) : 0;
}
