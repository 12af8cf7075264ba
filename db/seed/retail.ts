import { and, asc, eq, gt, gte, isNull, sql } from "drizzle-orm";
import type { Executor } from "../client.server";
import * as s from "../schema";
import { ensureCart, setCartLineQuantity } from "../../app/models/retail/cart.server";
import { placeOrder } from "../../app/models/retail/checkout.server";
import { markOrderPaid, recordRefund } from "../../app/models/retail/orders.server";

/**
 * Paid shop orders from around the world, placed, paid and (one) partly refunded through the same model code
 * the checkout and the webhook use: the pieces leave through the stock ledger and every payment and refund
 * writes its own turnover entries, so the tree ledger's sample retail turnover is the orders' own.
 */

type Shopper = { email: string; name: string; country: string; currency: string; city: string; postalCode: string; line1: string };

const shoppers: Shopper[] = [
  { email: "lena.hoffmann@example.com", name: "Lena Hoffmann", country: "DE", currency: "EUR", city: "Hamburg", postalCode: "20249", line1: "Eppendorfer Weg 41" },
  { email: "oliver.price@example.co.uk", name: "Oliver Price", country: "GB", currency: "GBP", city: "Bristol", postalCode: "BS6 5QA", line1: "12 Cotham Hill" },
  { email: "mia.nguyen@example.com.au", name: "Mia Nguyen", country: "AU", currency: "AUD", city: "Melbourne", postalCode: "3065", line1: "88 Brunswick Street" },
  { email: "haruto.sato@example.jp", name: "Haruto Sato", country: "JP", currency: "JPY", city: "Kyoto", postalCode: "604-8005", line1: "2-14 Kawaramachi" },
  { email: "emily.carter@example.com", name: "Emily Carter", country: "US", currency: "USD", city: "Portland", postalCode: "97214", line1: "1520 SE Belmont St" },
  { email: "sophie.martin@example.fr", name: "Sophie Martin", country: "FR", currency: "EUR", city: "Lyon", postalCode: "69004", line1: "7 rue d'Austerlitz" },
];

/**
 * Twelve orders: which shopper, and which pieces (by position in the list of well-stocked pieces, so the plan
 * survives catalogue edits) and how many. Several mix producer groups; one is partly refunded.
 */
const plans: { shopper: number; pieces: [number, number][]; refundPercent?: number }[] = [
  { shopper: 0, pieces: [[0, 1], [7, 2]] },
  { shopper: 1, pieces: [[3, 1]] },
  { shopper: 2, pieces: [[5, 1], [11, 1], [16, 1]] },
  { shopper: 3, pieces: [[2, 2]] },
  { shopper: 4, pieces: [[9, 1], [14, 1]], refundPercent: 40 },
  { shopper: 5, pieces: [[4, 3]] },
  { shopper: 0, pieces: [[12, 1], [1, 1]] },
  { shopper: 4, pieces: [[6, 2], [18, 1]] },
  { shopper: 1, pieces: [[8, 1], [13, 2]] },
  { shopper: 3, pieces: [[10, 1], [17, 1]] },
  { shopper: 2, pieces: [[15, 2]] },
  { shopper: 5, pieces: [[19, 1], [0, 1], [9, 1]] },
];

/** Pieces that stay plentiful after these orders, so the browser journeys still find stock where they look. */
async function wellStockedPieces(tx: Executor) {
  return tx
    .select({ variantId: s.variants.id, producerId: s.products.producerId })
    .from(s.variants)
    .innerJoin(s.products, eq(s.products.id, s.variants.productId))
    .innerJoin(s.stockLevels, eq(s.stockLevels.variantId, s.variants.id))
    .innerJoin(s.locations, and(eq(s.locations.id, s.stockLevels.locationId), eq(s.locations.sellsOnline, true)))
    .where(and(eq(s.variants.active, true), eq(s.products.oneOfAKind, false), eq(s.variants.retailCurrency, "USD"), gte(sql`${s.stockLevels.onHand} - ${s.stockLevels.reserved}`, 12), sql`${s.variants.weightGrams} < 2500`))
    .orderBy(asc(s.products.producerId), asc(s.variants.id));
}

export async function seedRetail(tx: Executor, { now }: { now: Date }) {
  // The orders' confirmation and refund emails went out when they happened: none waits in the outbox for today.
  const [outbox] = await tx.select({ last: sql<number>`coalesce(max(${s.outboxMessages.id}), 0)`.mapWith(Number) }).from(s.outboxMessages);
  const last = outbox?.last ?? 0;
  const pieces = await wellStockedPieces(tx);
  if (pieces.length < 12) throw new Error(`The retail seed needs 12 well-stocked pieces, found ${pieces.length}`);
  // Spread across the producer groups (the list runs group by group): every other piece comes from its far end.
  const piece = (i: number) => pieces[i % 2 === 0 ? i % pieces.length : pieces.length - 1 - (i % pieces.length)]!;
  const rates = new Map((await tx.select({ currency: s.exchangeRates.currency, perUsdMicros: s.exchangeRates.perUsdMicros }).from(s.exchangeRates)).map((r) => [r.currency, r.perUsdMicros]));

  for (const [i, plan] of plans.entries()) {
    // Spread over the last eight months, the newest two days ago: placed, paid minutes later, refunded a week on.
    const placedAt = new Date(now.getTime() - ((plans.length - i) * 20 - 18) * 86_400_000);
    const paidAt = new Date(placedAt.getTime() + 6 * 60_000);
    const shopper = shoppers[plan.shopper]!;
    const rateMicros = shopper.currency === "USD" ? 1_000_000 : rates.get(shopper.currency);
    if (!rateMicros) throw new Error(`The retail seed needs a rate for ${shopper.currency}`);
    const cartId = await ensureCart(tx, { cartId: null });
    for (const [index, quantity] of plan.pieces) await setCartLineQuantity(tx, { cartId, variantId: piece(index).variantId, quantity });
    const shippingAddress = { name: shopper.name, line1: shopper.line1, city: shopper.city, postalCode: shopper.postalCode, country: shopper.country };
    const order = await placeOrder(tx, { cartId, email: shopper.email, country: shopper.country, currency: shopper.currency, rateMicros, demo: true, customerName: shopper.name, shippingAddress, now: placedAt });
    await markOrderPaid(tx, { orderId: order.id, payment: { email: shopper.email, customerName: shopper.name, shippingAddress }, now: paidAt });
    if (plan.refundPercent) await recordRefund(tx, { orderId: order.id, refundedMinor: Math.round((order.totalMinor * plan.refundPercent) / 100), now: new Date(paidAt.getTime() + 7 * 86_400_000) });
  }
  await tx.update(s.outboxMessages).set({ processedAt: now }).where(and(gt(s.outboxMessages.id, last), isNull(s.outboxMessages.processedAt)));
  await tx.execute(sql`update ${s.emails} e set sent_at = o.paid_at from ${s.orders} o where e.order_id = o.id and e.sent_at is null and o.email like '%@example.%'`);
}
