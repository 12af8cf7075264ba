import { randomBytes } from "node:crypto";
import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { cartLines, carts, locations, orderEvents, orderLines, orders, products, stockLevels, stockMovements, variants, type PostalAddress } from "~db/schema";
import { convertFromUsd } from "~/domain/money/money";
import { parcelWeight, shippingPriceFor } from "~/domain/retail/shipping";
import { checkUnpaidHolds } from "~/domain/retail/unpaid-holds";
import { PG, pgErrorCode } from "~/utils/pg-errors.server";
import { releaseReservation } from "./orders.server";
import { shippingBracketsFor } from "./shipping.server";

export const CHECKOUT_MINUTES = 30;

export class CheckoutError extends Error {
  constructor(
    message: string,
    readonly status = 400,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

const alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
export function newOrderNumber(now = new Date()) {
  const bytes = randomBytes(8);
  const code = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
  return `KR-${String(now.getUTCFullYear()).slice(2)}-${code}`;
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
  /** Earlier unpaid orders of this cart, cancelled here; their Stripe sessions should be expired. */
  replacedSessionIds: string[];
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
 * and price it, replace its earlier unpaid order, check the unpaid-piece caps, lock the stock rows in variant-id
 * order, reserve, and create the order as pending_payment. No network call happens inside.
 */
export async function placeOrder(db: Executor, input: PlaceOrderInput): Promise<PlacedOrder> {
  try {
    return await placeOrderOnce(db, input);
  } catch (error) {
    if (isSecondPendingOrder(error)) throw new CheckoutError("A checkout of this cart is already in progress. Please wait a moment and try again.", 409);
    throw error;
  }
}

async function placeOrderOnce(db: Executor, input: PlaceOrderInput): Promise<PlacedOrder> {
  const now = input.now ?? new Date();
  const brackets = await shippingBracketsFor(db, input.country);
  if (!brackets) throw new CheckoutError(`Sorry, we don't ship to ${input.country} yet.`);

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
    if (lines.length === 0) throw new CheckoutError("Your cart is empty.");
    const gone = lines.filter((l) => !l.sellable);
    if (gone.length) throw new CheckoutError("Some pieces are no longer in the shop.", 409, gone.map((l) => l.productTitle));
    const weight = parcelWeight(lines);
    const shippingUsd = shippingPriceFor(brackets, weight);
    if (shippingUsd === null) {
      throw new CheckoutError("This order is heavier than a parcel can be; please ask us for a sea-freight quote.", 422);
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
    for (const order of earlier) await releaseReservation(tx, { orderId: order.id, status: "cancelled", note: "Replaced by a newer checkout" });

    // Reserve: lock rows in id order so concurrent checkouts never deadlock, then check and move.
    const variantIds = lines.map((l) => l.variantId);
    const levels = await tx
      .select({ variantId: stockLevels.variantId, locationId: stockLevels.locationId, onHand: stockLevels.onHand, reserved: stockLevels.reserved })
      .from(stockLevels)
      .innerJoin(locations, and(eq(locations.id, stockLevels.locationId), eq(locations.sellsOnline, true)))
      .where(inArray(stockLevels.variantId, variantIds))
      .orderBy(asc(stockLevels.variantId))
      .for("update", { of: stockLevels });
    const short = lines.filter((l) => {
      const level = levels.find((s) => s.variantId === l.variantId);
      return !level || level.onHand - level.reserved < l.quantity;
    });
    if (short.length) {
      throw new CheckoutError(
        "Sorry, some pieces sold out while you were shopping. Your cart has been updated.",
        409,
        short.map((l) => {
          const level = levels.find((s) => s.variantId === l.variantId);
          const left = level ? Math.max(0, level.onHand - level.reserved) : 0;
          return left === 0 ? `${l.productTitle}: sold out` : `${l.productTitle}: only ${left} left`;
        }),
      );
    }
    const heldBy = async (where: SQL) => {
      const [row] = await tx
        .select({ pieces: sql<number>`coalesce(sum(${orderLines.quantity}), 0)`.mapWith(Number) })
        .from(orderLines)
        .innerJoin(orders, eq(orders.id, orderLines.orderId))
        .where(and(eq(orders.status, "pending_payment"), where));
      return row!.pieces;
    };
    const refusal = checkUnpaidHolds({
      requested: lines.reduce((n, l) => n + l.quantity, 0),
      heldByEmail: await heldBy(sql`lower(${orders.email}) = lower(${input.email})`),
      heldByAddress: placedFrom ? await heldBy(eq(orders.placedFrom, placedFrom)) : null,
    });
    if (refusal) throw new CheckoutError(refusal.message, 409);
    const locationId = levels[0]!.locationId;

    // Price in the shopper's currency: each unit converted and rounded, then multiplied.
    const priced = lines.map((l) => {
      const unit = convertFromUsd(l.unitUsd, input.currency, input.rateMicros).amountMinor;
      return { ...l, unitPriceMinor: unit, lineTotalMinor: unit * l.quantity };
    });
    const subtotalMinor = priced.reduce((n, l) => n + l.lineTotalMinor, 0);
    const shippingMinor = convertFromUsd(shippingUsd, input.currency, input.rateMicros).amountMinor;
    const totalUsdMinor = lines.reduce((n, l) => n + l.unitUsd * l.quantity, 0) + shippingUsd;
    const expiresAt = new Date(now.getTime() + CHECKOUT_MINUTES * 60_000);

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
      })
      .returning({ id: orders.id, number: orders.number });

    await tx.execute(sql`update ${stockLevels} s set reserved = s.reserved + v.qty, updated_at = now()
      from (values ${sql.join(
        lines.map((l) => sql`(${l.variantId}::int, ${l.quantity}::int)`),
        sql`, `,
      )}) as v(variant_id, qty)
      where s.variant_id = v.variant_id and s.location_id = ${locationId}`);
    await tx.insert(stockMovements).values(
      lines.map((l) => ({ variantId: l.variantId, locationId, kind: "reservation" as const, reservedDelta: l.quantity, orderId: order!.id })),
    );
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
      replacedSessionIds: earlier.map((o) => o.sessionId).filter((id): id is string => !!id),
    };
  });
}

export async function attachCheckoutSession(db: Executor, { orderId, sessionId }: { orderId: string; sessionId: string }) {
  await db.update(orders).set({ stripeCheckoutSessionId: sessionId }).where(eq(orders.id, orderId));
}
