import { randomBytes } from "node:crypto";
import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { cartLines, carts, orderEvents, orderLines, orders, products, variants, type PostalAddress } from "~db/schema";
import { convertFromUsd } from "~/domain/money/money";
import { Refusal } from "~/domain/platform/refusal";
import { parcelWeight, shippingPriceFor } from "~/domain/retail/shipping";
import { formatOrderNumber } from "~/domain/retail/order-number";
import { checkUnpaidHolds } from "~/domain/retail/unpaid-holds";
import { StockRefusal } from "~/domain/stock/stock";
import { PG, pgErrorCode } from "~/utils/pg-errors.server";
import { findOnlineLocationId, lockStockLevels, recordMovements } from "~/models/stock/ledger.server";
import { releaseReservation } from "./orders.server";
import { shippingBracketsFor } from "./shipping.server";
import { queueSessionExpiry } from "~/models/payments/stripe-checkout.server";

export const CHECKOUT_MINUTES = 30;

export function newOrderNumber(now = new Date()) {
  return formatOrderNumber(randomBytes(8), now);
}

export type PlaceOrderInput = {
  cartId: string;
  email: string;
  country: string;
  currency: string;
  /** Units of `currency` per USD ×1e6, from the staff-maintained table. */
  rateMicros: number;
  demo: boolean;
  customerName?: string;
  shippingAddress?: PostalAddress;
  /** The network address placing the order (the load context's clientIp); unpaid pieces are capped per address. */
  placedFrom?: string | null;
  now?: Date;
};

export type PlacedOrder = {
  id: string;
  number: string;
  currency: string;
  subtotalMinor: number;
  shippingMinor: number;
  totalMinor: number;
  expiresAt: Date;
  lines: { sku: string; title: string; quantity: number; unitPriceMinor: number }[];
};

/** The backstop behind the cart lock: a second unpaid order for one cart breaks this unique index. */
function isSecondPendingOrder(error: unknown) {
  if (pgErrorCode(error) !== PG.uniqueViolation) return false;
  for (let e = error as { constraint?: unknown; constraint_name?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if ([e.constraint, e.constraint_name, e.message].some((v) => typeof v === "string" && v.includes("orders_one_pending_per_cart"))) return true;
  }
  return false;
}

/**
 * Checkout in one short transaction: lock the cart (so checkouts of one cart run one after another), validate
 * and price it, replace its earlier unpaid order, create the order as pending_payment, reserve its pieces through
 * the stock ledger (which locks the levels in key order), then check the unpaid-piece caps. No network call happens inside.
 */
export async function placeOrder(db: Executor, input: PlaceOrderInput): Promise<PlacedOrder> {
  try {
    return await placeOrderOnce(db, input);
  } catch (error) {
    if (isSecondPendingOrder(error)) throw Refusal.conflict("A checkout of this cart is already in progress. Please wait a moment and try again.");
    throw error;
  }
}

async function placeOrderOnce(db: Executor, input: PlaceOrderInput): Promise<PlacedOrder> {
  const now = input.now ?? new Date();
  const brackets = await shippingBracketsFor(db, { country: input.country });
  if (!brackets) throw Refusal.invalid(`Sorry, we don't ship to ${input.country} yet.`, { field: "country" });

  return db.transaction(async (tx) => {
    // Lock the cart first: a parallel checkout of the same cart waits here, then replaces this one's order.
    await tx.select({ id: carts.id }).from(carts).where(eq(carts.id, input.cartId)).for("update");

    // Validate: what is in the cart, at today's prices.
    const lines = await tx
      .select({
        variantId: variants.id,
        quantity: cartLines.quantity,
        sku: variants.sku,
        variantTitle: variants.title,
        productTitle: products.title,
        producerId: products.producerId,
        unitUsd: variants.retailPriceMinor,
        weightGrams: variants.weightGrams,
        sellable: sql<boolean>`${variants.active} and ${products.status} = 'active'`,
      })
      .from(cartLines)
      .innerJoin(variants, eq(variants.id, cartLines.variantId))
      .innerJoin(products, eq(products.id, variants.productId))
      .where(eq(cartLines.cartId, input.cartId))
      .orderBy(asc(variants.id));
    if (lines.length === 0) throw Refusal.invalid("Your cart is empty.");
    const gone = lines.filter((l) => !l.sellable);
    if (gone.length) throw Refusal.conflict("Some pieces are no longer in the shop.", { details: { items: gone.map((l) => l.productTitle) } });
    const weight = parcelWeight(lines);
    const shippingUsd = shippingPriceFor(brackets, weight);
    if (shippingUsd === null) {
      throw Refusal.unprocessable("This order is heavier than a parcel can be; please ask us for a sea-freight quote.");
    }

    // Unpaid pieces are capped per email and per address (counted once stock is known to be there). These
    // advisory locks, address then email, taken after the cart and before any stock row, make one shopper's
    // checkouts count in turn without deadlocking.
    const placedFrom = input.placedFrom || null;
    const holdKeys = [...(placedFrom ? [`unpaid-holds:address:${placedFrom}`] : []), `unpaid-holds:email:${input.email.trim().toLowerCase()}`];
    for (const key of holdKeys) await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);

    // A second checkout of the same cart replaces the first, releasing what it held.
    const earlier = await tx
      .select({ id: orders.id, sessionId: orders.stripeCheckoutSessionId })
      .from(orders)
      .where(and(eq(orders.cartId, input.cartId), eq(orders.status, "pending_payment")))
      .orderBy(asc(orders.id))
      .for("update");
    const locationId = await findOnlineLocationId(tx);
    if (earlier.length) {
      // Lock the levels the release and the new reservation touch together, in key order, so checkouts never deadlock.
      const released = await tx.select({ variantId: orderLines.variantId }).from(orderLines).where(inArray(orderLines.orderId, earlier.map((o) => o.id)));
      await lockStockLevels(tx, { keys: [...lines, ...released].map((l) => ({ variantId: l.variantId, locationId })) });
    }
    for (const order of earlier) {
      await releaseReservation(tx, { orderId: order.id, status: "cancelled", note: "Replaced by a newer checkout" });
      // Its Stripe session must not take money any more: expired after this commits, through the outbox.
      if (order.sessionId) await queueSessionExpiry(tx, { sessionId: order.sessionId });
    }

    // Price in the shopper's currency: each unit converted and rounded, then multiplied.
    const priced = lines.map((l) => {
      const unit = convertFromUsd(l.unitUsd, input.currency, input.rateMicros).amountMinor;
      return { ...l, unitPriceMinor: unit, lineTotalMinor: unit * l.quantity };
    });
    const subtotalMinor = priced.reduce((n, l) => n + l.lineTotalMinor, 0);
    const shippingMinor = convertFromUsd(shippingUsd, input.currency, input.rateMicros).amountMinor;
    const totalUsdMinor = lines.reduce((n, l) => n + l.unitUsd * l.quantity, 0) + shippingUsd;
    const expiresAt = new Date(now.getTime() + CHECKOUT_MINUTES * 60_000);

    // Create the order (its ledger rows point at it), then reserve through the ledger: all lines or none.
    const [order] = await tx
      .insert(orders)
      .values({
        number: newOrderNumber(now),
        email: input.email,
        customerName: input.customerName,
        shippingAddress: input.shippingAddress,
        shippingCountry: input.country,
        currency: input.currency,
        rateMicros: input.rateMicros,
        subtotalMinor,
        shippingMinor,
        totalMinor: subtotalMinor + shippingMinor,
        totalUsdMinor,
        cartId: input.cartId,
        demo: input.demo,
        placedFrom,
        expiresAt,
        createdAt: now,
      })
      .returning({ id: orders.id, number: orders.number });
    try {
      await recordMovements(tx, { movements: lines.map((l) => ({ variantId: l.variantId, locationId, kind: "reservation", quantity: l.quantity, orderId: order!.id })) });
    } catch (error) {
      if (!(error instanceof StockRefusal) || !error.shortages.length) throw error;
      const items = error.shortages.map((shortage) => {
        const title = lines.find((l) => l.variantId === shortage.variantId)!.productTitle;
        return shortage.refusal.left === 0 ? `${title}: sold out` : `${title}: only ${shortage.refusal.left} left`;
      });
      throw Refusal.conflict("Sorry, some pieces sold out while you were shopping. Your cart has been updated.", { details: { items } });
    }

    const heldBy = async (where: SQL) => {
      const [row] = await tx
        .select({ pieces: sql<number>`coalesce(sum(${orderLines.quantity}), 0)`.mapWith(Number) })
        .from(orderLines)
        .innerJoin(orders, eq(orders.id, orderLines.orderId))
        .where(and(eq(orders.status, "pending_payment"), where));
      return row!.pieces;
    };
    // This order's own lines are not written yet, so they don't count against it.
    const refusal = checkUnpaidHolds({
      requested: lines.reduce((n, l) => n + l.quantity, 0),
      heldByEmail: await heldBy(sql`lower(${orders.email}) = lower(${input.email})`),
      heldByAddress: placedFrom ? await heldBy(eq(orders.placedFrom, placedFrom)) : null,
    });
    if (refusal) throw Refusal.conflict(refusal.message);

    await tx.insert(orderLines).values(
      priced.map((l) => ({
        orderId: order!.id,
        variantId: l.variantId,
        producerId: l.producerId,
        productTitle: l.productTitle,
        variantTitle: l.variantTitle,
        sku: l.sku,
        quantity: l.quantity,
        unitPriceMinor: l.unitPriceMinor,
        lineTotalMinor: l.lineTotalMinor,
      })),
    );
    await tx.insert(orderEvents).values({ orderId: order!.id, status: "pending_payment", note: "Order placed; pieces reserved for 30 minutes" });

    return {
      id: order!.id,
      number: order!.number,
      currency: input.currency,
      subtotalMinor,
      shippingMinor,
      totalMinor: subtotalMinor + shippingMinor,
      expiresAt,
      lines: priced.map((l) => ({
        sku: l.sku,
        title: l.variantTitle ? `${l.productTitle} (${l.variantTitle})` : l.productTitle,
        quantity: l.quantity,
        unitPriceMinor: l.unitPriceMinor,
      })),
    };
  });
}

export async function attachCheckoutSession(db: Executor, { orderId, sessionId }: { orderId: string; sessionId: string }) {
  await db.update(orders).set({ stripeCheckoutSessionId: sessionId }).where(eq(orders.id, orderId));
}
