import { eq } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { orders } from "~db/schema";

/**
 * One order as its shopper's pages show it (confirmation, order page, demo payment), and nothing more:
 * no cart id, no Stripe ids, no internal notes. `id` and `demo` are for the route's checks, not for the page.
 */
export async function getShopperOrder(db: Executor, where: { id: string } | { number: string }) {
  const row = await db.query.orders.findFirst({
    columns: {
      id: true,
      demo: true,
      number: true,
      status: true,
      email: true,
      customerName: true,
      shippingAddress: true,
      shippingCountry: true,
      currency: true,
      subtotalMinor: true,
      shippingMinor: true,
      totalMinor: true,
      totalUsdMinor: true,
      refundedMinor: true,
      carrier: true,
      trackingNumber: true,
    },
    where: "id" in where ? eq(orders.id, where.id) : eq(orders.number, where.number),
    with: {
      lines: { columns: { id: true, productTitle: true, variantTitle: true, quantity: true, lineTotalMinor: true }, orderBy: (l, { asc }) => [asc(l.id)] },
      events: { columns: { id: true, status: true, note: true, createdAt: true }, orderBy: (e, { asc }) => [asc(e.createdAt), asc(e.id)] },
    },
  });
  if (!row) return null;
  const { id, demo, ...view } = row;
  return { id, demo, view };
}

export type ShopperOrder = NonNullable<Awaited<ReturnType<typeof getShopperOrder>>>["view"];
