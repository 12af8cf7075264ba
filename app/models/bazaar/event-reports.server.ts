import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { events, posSaleLines, posSales, producerGroups, products, variants } from "~db/schema";
import { JAKARTA_OFFSET_MINUTES } from "~/domain/bazaar/business-date";
import { Refusal } from "~/domain/platform/refusal";

/**
 * An event's sales for the back office (issue 12.5): by Jakarta hour, by piece, by producer group and by payment
 * method, for the whole event or one day. The database adds them up (GROUP BY); nothing walks every sale here.
 */

const total = sql<string>`coalesce(sum(${posSales.totalMinor}), 0)::bigint`;
const lineTotal = sql<string>`coalesce(sum(${posSaleLines.quantity}::bigint * ${posSaleLines.unitPriceMinor}), 0)::bigint`;
const pieces = sql<string>`coalesce(sum(${posSaleLines.quantity}), 0)::bigint`;
// Jakarta keeps no daylight saving, so its hour is UTC's plus seven; no time zone database is needed. The offset
// is written into the SQL, not bound: GROUP BY must see the very expression the SELECT has.
const jakartaHour = sql<number>`extract(hour from (${posSales.soldAt} at time zone 'UTC') + interval '${sql.raw(String(JAKARTA_OFFSET_MINUTES))} minutes')::int`;

export async function getEventSalesReport(db: Executor, { eventId, day }: { eventId: number; day?: string }) {
  const [event] = await db.select({ id: events.id }).from(events).where(eq(events.id, eventId));
  if (!event) throw Refusal.notFound("There is no such event.");
  const scope: SQL = day ? and(eq(posSales.eventId, eventId), eq(posSales.businessDate, day))! : eq(posSales.eventId, eventId);

  const [byHour, byMethod, byProduct, byProducer] = await Promise.all([
    db.select({ hour: jakartaHour, count: sql<number>`count(*)::int`, totalMinor: total }).from(posSales).where(scope).groupBy(jakartaHour).orderBy(jakartaHour),
    db.select({ paymentMethod: posSales.paymentMethod, count: sql<number>`count(*)::int`, totalMinor: total }).from(posSales).where(scope).groupBy(posSales.paymentMethod),
    db
      .select({ variantId: variants.id, sku: variants.sku, variantTitle: variants.title, productTitle: products.title, producerName: producerGroups.name, quantity: pieces, totalMinor: lineTotal })
      .from(posSaleLines)
      .innerJoin(posSales, eq(posSales.id, posSaleLines.saleId))
      .innerJoin(variants, eq(variants.id, posSaleLines.variantId))
      .innerJoin(products, eq(products.id, variants.productId))
      .innerJoin(producerGroups, eq(producerGroups.id, products.producerId))
      .where(scope)
      .groupBy(variants.id, variants.sku, variants.title, products.title, producerGroups.name)
      .orderBy(desc(lineTotal), variants.sku),
    db
      .select({ producerId: producerGroups.id, producerName: producerGroups.name, quantity: pieces, totalMinor: lineTotal })
      .from(posSaleLines)
      .innerJoin(posSales, eq(posSales.id, posSaleLines.saleId))
      .innerJoin(variants, eq(variants.id, posSaleLines.variantId))
      .innerJoin(products, eq(products.id, variants.productId))
      .innerJoin(producerGroups, eq(producerGroups.id, products.producerId))
      .where(scope)
      .groupBy(producerGroups.id, producerGroups.name)
      .orderBy(desc(lineTotal), producerGroups.name),
  ]);

  const methods = (["cash", "qris", "card", "transfer"] as const).map((paymentMethod) => {
    const row = byMethod.find((m) => m.paymentMethod === paymentMethod);
    return { paymentMethod, count: Number(row?.count ?? 0), totalMinor: Number(row?.totalMinor ?? 0) };
  });
  const hours = byHour.map((h) => ({ hour: Number(h.hour), count: Number(h.count), totalMinor: Number(h.totalMinor) }));
  return {
    day: day ?? null,
    saleCount: methods.reduce((n, m) => n + m.count, 0),
    totalMinor: methods.reduce((n, m) => n + m.totalMinor, 0),
    pieceCount: byProduct.reduce((n, p) => n + Number(p.quantity), 0),
    byHour: hours,
    byMethod: methods,
    byProduct: byProduct.map((p) => ({ ...p, quantity: Number(p.quantity), totalMinor: Number(p.totalMinor) })),
    byProducer: byProducer.map((p) => ({ ...p, quantity: Number(p.quantity), totalMinor: Number(p.totalMinor) })),
  };
}
export type EventSalesReport = Awaited<ReturnType<typeof getEventSalesReport>>;
