import { and, asc, count, desc, eq, gt, gte, isNull, sql } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { locations, orders, outboxMessages, products, stockLevels, variants } from "~db/schema";
import { shouldRetry } from "~/domain/platform/outbox";
import { LOW_STOCK_THRESHOLD } from "~/domain/stock/stock";
import { owingRefund } from "~/models/retail/orders.server";

/** Orders placed since midnight Jakarta time (UTC+7), newest first. */
export async function listTodaysOrders(db: Executor, { now = new Date() }: { now?: Date } = {}) {
  const jakartaMidnight = new Date(Math.floor((now.getTime() + 7 * 3_600_000) / 86_400_000) * 86_400_000 - 7 * 3_600_000);
  return db
    .select({
      number: orders.number,
      status: orders.status,
      email: orders.email,
      currency: orders.currency,
      totalMinor: orders.totalMinor,
      totalUsdMinor: orders.totalUsdMinor,
      shippingCountry: orders.shippingCountry,
      createdAt: orders.createdAt,
    })
    .from(orders)
    .where(gte(orders.createdAt, jakartaMidnight))
    .orderBy(desc(orders.createdAt))
    .limit(50);
}

/** Active variants whose online availability is at or below the low-stock threshold, emptiest first. */
export async function listLowStock(db: Executor, { limit = 30 }: { limit?: number } = {}) {
  const available = sql<number>`${stockLevels.onHand} - ${stockLevels.reserved}`.mapWith(Number);
  return db
    .select({
      sku: variants.sku,
      productTitle: products.title,
      productSlug: products.slug,
      variantTitle: variants.title,
      onHand: stockLevels.onHand,
      reserved: stockLevels.reserved,
      available,
    })
    .from(stockLevels)
    .innerJoin(locations, and(eq(locations.id, stockLevels.locationId), eq(locations.sellsOnline, true)))
    .innerJoin(variants, eq(variants.id, stockLevels.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .where(and(eq(variants.active, true), eq(products.status, "active"), sql`${stockLevels.onHand} - ${stockLevels.reserved} <= ${LOW_STOCK_THRESHOLD}`))
    .orderBy(asc(available), asc(variants.sku))
    .limit(limit);
}

/** How many cancelled orders still hold a late payment that staff must refund. */
export async function countOrdersOwingRefund(db: Executor) {
  const [row] = await db.select({ n: count() }).from(orders).where(owingRefund);
  return row?.n ?? 0;
}

/**
 * Outbox messages that have failed at least once and are not done: what was meant to happen, for whom (an email's
 * recipient, or the order's address for a message about an order), how often it failed and why, and when it is
 * tried next. Those that ran out of attempts are no longer tried.
 */
export async function listFailingOutboxMessages(db: Executor, { limit = 50 }: { limit?: number } = {}) {
  const rows = await db
    .select({
      id: outboxMessages.id,
      topic: outboxMessages.topic,
      recipient: sql<string | null>`coalesce(${outboxMessages.payload}->>'to', (select ${orders.email} from ${orders} where ${orders.id}::text = ${outboxMessages.payload}->>'orderId'))`,
      attempts: outboxMessages.attempts,
      lastError: outboxMessages.lastError,
      availableAt: outboxMessages.availableAt,
    })
    .from(outboxMessages)
    .where(and(isNull(outboxMessages.processedAt), gt(outboxMessages.attempts, 0)))
    .orderBy(desc(outboxMessages.attempts), asc(outboxMessages.id))
    .limit(limit);
  return rows.map((row) => ({ ...row, givenUp: !shouldRetry(row.attempts) }));
}
