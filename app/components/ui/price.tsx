import { useRouteLoaderData } from "@remix-run/react";
import { convertFromUsd, formatMoney } from "~/domain/money/money";
import type { loader as rootLoader } from "~/root";

/** Formats a USD catalogue price in the shopper's currency at the staff-maintained rate. */
export function useMoney() {
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const currency = root?.currency ?? "USD";
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
