import { randomBytes } from "node:crypto";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { cartLines, locations, orderEvents, orderLines, orders, products, stockLevels, stockMovements, variants, type PostalAddress } from "~db/schema";
import { convertFromUsd } from "~/domain/money";
import { parcelWeight, shippingPriceFor } from "~/domain/shipping";
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

/**
 * Checkout in one short transaction: validate the cart, price it, lock the stock rows in variant-id order,
 * reserve, and create the order as pending_payment. No network call happens inside.
 */
export async function placeOrder(db: Executor, input: PlaceOrderInput): Promise<PlacedOrder> {
  const now = input.now ?? new Date();
  const brackets = await shippingBracketsFor(db, input.country);
  if (!brackets) throw new CheckoutError(`Sorry, we don't ship to ${input.country} yet.`);

  return db.transaction(async (tx) => {
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
    const locationId = levels[0]!.locationId;

    // Price in the shopper's currency: each unit converted and rounded, then multiplied.
    const priced = lines.map((l) => {
      const unit = convertFromUsd(l.unitUsd, input.currency, input.rateMicros).amountMinor;
      return { ...l, unitPriceMinor: unit, lineTotalMinor: unit * l.quantity };
    });
    const weight = parcelWeight(lines);
    const shippingUsd = shippingPriceFor(brackets, weight);
    if (shippingUsd === null) {
      throw new CheckoutError("This order is heavier than a parcel can be; please ask us for a sea-freight quote.", 422);
    }
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
