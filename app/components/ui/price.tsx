import { useMatches, useRouteLoaderData } from "@remix-run/react";
import { DEFAULT_CURRENCY } from "~/domain/catalog/display-currency";
import { convertFromUsd, formatMoney, isShopCurrency, type ShopCurrency } from "~/domain/money/money";

/** What the root loader shares with every page (app/root.tsx); typed here so components need not import root. */
export type RootData = { rates: Record<string, number>; currency: ShopCurrency };

export function useRootData(): RootData | undefined {
  return useRouteLoaderData("root") as RootData | undefined;
}

/**
 * The currency this page shows prices in. Catalogue pages take it from the URL (the root loader's `currency`);
 * a private page that charges in the shopper's own currency (the cart) says so in its data as `shopperCurrency`.
 */
export function useDisplayCurrency(): ShopCurrency {
  const matches = useMatches();
  const root = useRootData();
  for (let i = matches.length - 1; i >= 0; i--) {
    const data = matches[i]!.data as { shopperCurrency?: unknown } | null | undefined;
    if (data && typeof data === "object" && isShopCurrency(data.shopperCurrency)) return data.shopperCurrency;
  }
  return root?.currency ?? DEFAULT_CURRENCY;
}

/** Formats a USD catalogue price in the page's currency at the staff-maintained rate. */
export function useMoney() {
  const root = useRootData();
  const currency = useDisplayCurrency();
  const rate = root?.rates[currency] ?? 1_000_000;
  const convert = (usdMinor: number) => convertFromUsd(usdMinor, currency, rate).amountMinor;
  return {
    currency,
    /** Converted exactly as checkout converts: per unit, rounded to the currency's minor units. */
    convert,
    fromUsd: (usdMinor: number) => formatMoney(convertFromUsd(usdMinor, currency, rate)),
    formatLocal: (amountMinor: number) => formatMoney({ amountMinor, currency }),
  };
}
