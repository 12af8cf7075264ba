import { asc, eq, sql } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { products, turnoverEntries, variants, wholesaleOrderLines, wholesaleOrders, wholesalePayments } from "~db/schema";
import { goodsShare, producerShares } from "~/domain/impact/turnover";
import { convertToUsd, money } from "~/domain/money/money";

/**
 * Turnover for one wholesale payment, in the transaction that records it: its pieces' part (not the freight),
 * one entry per producer group split by the order's lines, dated when the money arrived and valued in US cents at the payment's own stored rate.
 * Keyed by the payment id, so a replayed webhook or a second call records nothing more.
 */
export async function recordWholesaleTurnover(tx: Executor, { paymentId }: { paymentId: number }) {
  const [payment] = await tx
    .select({ orderId: wholesalePayments.wholesaleOrderId, currency: wholesalePayments.currency, amountMinor: wholesalePayments.amountMinor, rateMicros: wholesalePayments.rateMicros, receivedAt: wholesalePayments.receivedAt })
    .from(wholesalePayments)
    .where(eq(wholesalePayments.id, paymentId));
  if (!payment) throw new Error(`Wholesale payment ${paymentId} is not there`);
  const lines = await tx
    .select({ producerId: products.producerId, lineTotalMinor: sql<number>`${wholesaleOrderLines.quantity}::bigint * ${wholesaleOrderLines.unitPriceMinor}`.mapWith(Number) })
    .from(wholesaleOrderLines)
    .innerJoin(variants, eq(variants.id, wholesaleOrderLines.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .where(eq(wholesaleOrderLines.wholesaleOrderId, payment.orderId))
    .orderBy(asc(wholesaleOrderLines.id));
  // Freight and insurance paid with the pieces are no handicraft turnover: the payment counts for its goods' part.
  const [order] = await tx.select({ totalMinor: wholesaleOrders.totalMinor }).from(wholesaleOrders).where(eq(wholesaleOrders.id, payment.orderId));
  const goodsMinor = lines.reduce((sum, l) => sum + l.lineTotalMinor, 0);
  const amountMinor = goodsShare(payment.amountMinor, goodsMinor, order?.totalMinor ?? 0);
  const usdMinor = convertToUsd(money(amountMinor, payment.currency), payment.rateMicros).amountMinor;
  const shares = producerShares(lines, amountMinor, usdMinor);
  if (shares.length === 0) return;
  await tx
    .insert(turnoverEntries)
    .values(
      shares.map((share) => ({
        channel: "wholesale" as const,
        sourceId: String(paymentId),
        kind: "sale" as const,
        producerId: share.producerId,
        currency: payment.currency,
        amountMinor: share.amountMinor,
        rateMicros: payment.rateMicros,
        usdMinor: share.usdMinor,
        occurredAt: payment.receivedAt,
      })),
    )
    .onConflictDoNothing();
}
