import { and, eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import type { Db, Executor } from "../../db/client.server";
import { locations, orders, stockLevels, variants } from "../../db/schema";
import { ensureCart, setCartLineQuantity } from "~/models/retail/cart.server";
import { placeOrder, type PlaceOrderInput } from "~/models/retail/checkout.server";
import { money, toStripeAmount } from "~/domain/money/money";
import { signPayload } from "~/models/payments/demo-events.server";
import { applyStripeEvent, verifyStripeEvent } from "~/models/payments/webhooks.server";

export const EUR_RATE = 920_000;
export const IDR_RATE = 16_250_000_000;

/** A shared factory: a cart holding the given lines. */
export async function cartWith(db: Executor, lines: { variantId: number; quantity: number }[]) {
  const cartId = await ensureCart(db, { cartId: null });
  for (const line of lines) await setCartLineQuantity(db, { cartId, ...line });
  return cartId;
}

export async function setOnlineStock(db: Executor, variantId: number, onHand: number) {
  await db.execute(sql`update ${stockLevels} set on_hand = ${onHand}, reserved = 0
    where variant_id = ${variantId} and location_id = (select id from ${locations} where sells_online)`);
}

export async function onlineStock(db: Executor, variantId: number) {
  const [row] = await db
    .select({ onHand: stockLevels.onHand, reserved: stockLevels.reserved })
    .from(stockLevels)
    .innerJoin(locations, and(eq(locations.id, stockLevels.locationId), eq(locations.sellsOnline, true)))
    .where(eq(stockLevels.variantId, variantId));
  return row!;
}

/** A variant with plenty of stock and a normal weight, for tests that don't care which. */
export async function someVariant(db: Executor, offset = 0) {
  const [row] = await db
    .select({ id: variants.id, priceUsd: variants.retailPriceMinor, weight: variants.weightGrams })
    .from(variants)
    .where(sql`${variants.weightGrams} < 3000`)
    .orderBy(variants.id)
    .offset(offset)
    .limit(1);
  return row!;
}

export function orderInput(cartId: string, overrides: Partial<PlaceOrderInput> = {}): PlaceOrderInput {
  return { cartId, email: "shopper@example.com", country: "DE", currency: "EUR", rateMicros: EUR_RATE, demo: true, ...overrides };
}

/** What the Checkout Session of each placed order charges, as Stripe would send it back (see sessionObject). */
const charged = new Map<string, { amount_total: number; currency: string }>();

export async function placeOne(db: Db, variantId: number, quantity = 1, overrides: Partial<PlaceOrderInput> = {}) {
  const cartId = await cartWith(db, [{ variantId, quantity }]);
  const order = await placeOrder(db, orderInput(cartId, overrides));
  charged.set(order.id, { amount_total: toStripeAmount(money(order.totalMinor, order.currency)), currency: order.currency.toLowerCase() });
  return order;
}

export const TEST_WEBHOOK_SECRET = "whsec_test_secret_for_integration";

let counter = 0;
/** A Stripe event as Stripe would send it, signed (optionally with another secret or an old timestamp). */
export function stripeEvent(type: string, object: Record<string, unknown>, id = `evt_test_${Date.now()}_${counter++}`) {
  return JSON.stringify({ id, object: "event", type, created: Math.floor(Date.now() / 1000), livemode: false, data: { object } });
}

export function sessionObject(orderId: string, extra: Record<string, unknown> = {}) {
  return {
    id: `cs_test_${orderId.slice(0, 8)}`,
    object: "checkout.session",
    client_reference_id: orderId,
    metadata: { kind: "retail_order", order_id: orderId },
    payment_status: "paid",
    status: "complete",
    payment_intent: `pi_test_${orderId.replace(/-/g, "").slice(0, 16)}`,
    customer_details: { email: "shopper@example.com", name: "Anna Test" },
    ...(charged.get(orderId) ?? { amount_total: null, currency: null }),
    ...extra,
  };
}

export async function deliver(db: Db, payload: string, options: { stripe?: Stripe | null; demo?: boolean } = {}) {
  const event = verifyStripeEvent(payload, signPayload(payload, TEST_WEBHOOK_SECRET), TEST_WEBHOOK_SECRET);
  return applyStripeEvent(db, event, options);
}

export async function orderStatus(db: Executor, orderId: string) {
  const [row] = await db.select({ status: orders.status, refundedMinor: orders.refundedMinor }).from(orders).where(eq(orders.id, orderId));
  return row!;
}
