import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { piecesPerTree, treesOwed, USD_CENTS_PER_TREE } from "~/domain/impact/impact";
import { goodsShare } from "~/domain/impact/turnover";
import { convertToUsd, money } from "~/domain/money/money";
import { retailGoodsUsdMinor } from "~/models/retail/orders.server";
import { queryRows } from "~/utils/db.server";
import { producerPlantingSites, type ProducerPlantingSite } from "./ledger.server";

/**
 * The numbers behind the badges on orders, products and producer groups, each read from the turnover ledger
 * (or, for a product, from its price), so the wording the page builds from them can't claim more than the
 * ledger holds. One statement per badge at most.
 */

/**
 * What an order's badge says: what its entries add up to (sale and refunds), and what the whole order will fund
 * once it is paid, while some of it is still to pay.
 */
export type OrderTreeBadge = {
  /** US cents the order's turnover entries add up to, or null before any payment was recorded. */
  fundedUsdCents: number | null;
  /** A refund took something off. */
  refunded: boolean;
  /** What the order will fund once paid in full; approximate when part of it is converted at today's rate. */
  oncePaid: { usdCents: number; approximate: boolean } | null;
};

type Sums = { usd: string | number | null; entries: string | number; refunds: string | number };

const ledgerSums = (where: SQL) =>
  sql`select coalesce(sum(usd_minor), 0) as usd, count(*) as entries, count(*) filter (where kind = 'refund') as refunds from turnover_entries where ${where}`;

function fromSums(row: Sums | undefined) {
  const entries = Number(row?.entries ?? 0);
  return { fundedUsdCents: entries > 0 ? Number(row?.usd ?? 0) : null, refunded: Number(row?.refunds ?? 0) > 0 };
}

/**
 * A retail order's badge. Paid: the sum of its entries. Waiting for payment: its pieces' US value (shipping
 * doesn't count), fixed at the rate stored with the order, which is exactly what the payment will record.
 */
export async function getRetailOrderTreeBadge(
  db: Executor,
  { orderId, status, subtotalMinor, totalMinor, totalUsdMinor }: { orderId: string; status: string; subtotalMinor: number; totalMinor: number; totalUsdMinor: number },
): Promise<OrderTreeBadge> {
  const [row] = await queryRows<Sums>(db, ledgerSums(sql`channel = 'retail' and source_id = ${orderId}`));
  const funded = fromSums(row);
  const goodsUsd = retailGoodsUsdMinor({ subtotalMinor, totalMinor, totalUsdMinor });
  return { ...funded, oncePaid: status === "pending_payment" && funded.fundedUsdCents === null ? { usdCents: goodsUsd, approximate: false } : null };
}

/**
 * A wholesale order's badge: the entries of its payments; while money is still to come, what the order will
 * fund in full (the part still to pay at today's stored rate, so approximate unless the order is in USD).
 */
export async function getWholesaleOrderTreeBadge(
  db: Executor,
  {
    paymentIds,
    status,
    currency,
    totalMinor,
    goodsMinor,
    paidMinor,
    perUsdMicros,
  }: { paymentIds: number[]; status: string; currency: string; totalMinor: number; goodsMinor: number; paidMinor: number; perUsdMicros: number | undefined },
): Promise<OrderTreeBadge> {
  const ids = paymentIds.map(String);
  const [row] = ids.length
    ? await queryRows<Sums>(db, ledgerSums(sql`channel = 'wholesale' and source_id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`))
    : [undefined];
  const funded = fromSums(row);
  const owing = totalMinor - paidMinor;
  if (status === "cancelled" || owing <= 0 || !perUsdMicros) return { ...funded, oncePaid: null };
  // Freight and insurance are no handicraft: what is still to come counts for its pieces' part.
  const toCome = convertToUsd(money(goodsShare(owing, goodsMinor, totalMinor), currency), perUsdMicros).amountMinor;
  return { ...funded, oncePaid: { usdCents: (funded.fundedUsdCents ?? 0) + toCome, approximate: currency !== "USD" } };
}

/**
 * A product's badge: how many must be sold to plant a tree, from its lowest retail price in US cents (a price
 * in another currency at the stored rate). Computed from the page's own data: no statement.
 */
export function productTreeRate(variants: readonly { retailPriceMinor: number; retailCurrency: string }[], rates: Record<string, number>): { piecesPerTree: number } | null {
  const usd = variants
    .map((v) => (v.retailCurrency === "USD" ? v.retailPriceMinor : rates[v.retailCurrency] ? convertToUsd(money(v.retailPriceMinor, v.retailCurrency), rates[v.retailCurrency]!).amountMinor : null))
    .filter((cents): cents is number => cents !== null && cents > 0);
  if (!usd.length) return null;
  return { piecesPerTree: piecesPerTree(Math.min(...usd)) };
}

export type ProducerTreeBadge = {
  treesFunded: number;
  /** US cents of the group's turnover towards its next whole tree. */
  towardsNextUsdCents: number;
  sites: ProducerPlantingSite[];
};

/** A producer group's badge: trees its sales funded (floor of its entries' sum) and where trees it funded were planted. */
export async function getProducerTreeBadge(db: Executor, { producerId }: { producerId: number }): Promise<ProducerTreeBadge> {
  const [[row], sites] = await Promise.all([
    queryRows<{ usd: string | number }>(db, sql`select coalesce(sum(usd_minor), 0) as usd from turnover_entries where producer_id = ${producerId}`),
    producerPlantingSites(db, { producerId }),
  ]);
  const usd = Number(row?.usd ?? 0);
  return { treesFunded: treesOwed(usd), towardsNextUsdCents: Math.max(0, usd) % USD_CENTS_PER_TREE, sites };
}
