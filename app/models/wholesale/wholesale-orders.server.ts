import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { importers, producerGroups, productionEvents, productionOrders, products, quotes, users, variants, wholesaleOrderLines, wholesaleOrders, wholesalePayments } from "~db/schema";

/** What the importer's and the staff's order pages read: one order with its lines, payments and production groups. */

const orderColumns = {
  id: wholesaleOrders.id,
  number: wholesaleOrders.number,
  status: wholesaleOrders.status,
  currency: wholesaleOrders.currency,
  totalMinor: wholesaleOrders.totalMinor,
  depositMinor: wholesaleOrders.depositMinor,
  createdAt: wholesaleOrders.createdAt,
  quoteNumber: quotes.number,
  incoterm: quotes.incoterm,
  destinationPort: quotes.destinationPort,
  importerId: wholesaleOrders.importerId,
  companyName: importers.companyName,
  country: importers.country,
  contactName: importers.contactName,
  contactEmail: importers.contactEmail,
};

const depositPaid = sql<boolean>`exists (select 1 from ${wholesalePayments} where ${wholesalePayments.wholesaleOrderId} = ${wholesaleOrders.id} and ${wholesalePayments.kind} = 'deposit')`;

/** An importer's own orders, newest first. */
export async function listWholesaleOrdersForImporter(db: Executor, { importerId }: { importerId: number }) {
  return db
    .select({ number: wholesaleOrders.number, status: wholesaleOrders.status, currency: wholesaleOrders.currency, totalMinor: wholesaleOrders.totalMinor, depositMinor: wholesaleOrders.depositMinor, createdAt: wholesaleOrders.createdAt, quoteNumber: quotes.number, depositPaid })
    .from(wholesaleOrders)
    .innerJoin(quotes, eq(quotes.id, wholesaleOrders.quoteId))
    .where(eq(wholesaleOrders.importerId, importerId))
    .orderBy(desc(wholesaleOrders.createdAt), desc(wholesaleOrders.id));
}

/** Every wholesale order for staff, newest first, with whether its deposit is in. */
export async function listWholesaleOrdersForAdmin(db: Executor) {
  return db
    .select({ number: wholesaleOrders.number, status: wholesaleOrders.status, currency: wholesaleOrders.currency, totalMinor: wholesaleOrders.totalMinor, depositMinor: wholesaleOrders.depositMinor, createdAt: wholesaleOrders.createdAt, companyName: importers.companyName, country: importers.country, depositPaid })
    .from(wholesaleOrders)
    .innerJoin(importers, eq(importers.id, wholesaleOrders.importerId))
    .orderBy(desc(wholesaleOrders.createdAt), desc(wholesaleOrders.id))
    .limit(500);
}

/**
 * One order with what both its pages show. With `importerId` it is found only when it is that importer's
 * (anyone else's is null, a 404 for the route).
 */
export async function getWholesaleOrderView(db: Executor, { number, importerId }: { number: string; importerId?: number }) {
  const [order] = await db
    .select(orderColumns)
    .from(wholesaleOrders)
    .innerJoin(quotes, eq(quotes.id, wholesaleOrders.quoteId))
    .innerJoin(importers, eq(importers.id, wholesaleOrders.importerId))
    .where(importerId === undefined ? eq(wholesaleOrders.number, number.trim().toUpperCase()) : and(eq(wholesaleOrders.number, number.trim().toUpperCase()), eq(wholesaleOrders.importerId, importerId)));
  if (!order) return null;

  const [lines, payments, production] = await Promise.all([
    db
      .select({ id: wholesaleOrderLines.id, sku: variants.sku, title: products.title, variantTitle: variants.title, slug: products.slug, quantity: wholesaleOrderLines.quantity, unitPriceMinor: wholesaleOrderLines.unitPriceMinor })
      .from(wholesaleOrderLines)
      .innerJoin(variants, eq(variants.id, wholesaleOrderLines.variantId))
      .innerJoin(products, eq(products.id, variants.productId))
      .where(eq(wholesaleOrderLines.wholesaleOrderId, order.id))
      .orderBy(asc(wholesaleOrderLines.id)),
    db
      .select({
        id: wholesalePayments.id,
        kind: wholesalePayments.kind,
        method: wholesalePayments.method,
        currency: wholesalePayments.currency,
        amountMinor: wholesalePayments.amountMinor,
        receivedAt: wholesalePayments.receivedAt,
        reference: wholesalePayments.reference,
        proofFile: wholesalePayments.proofFile,
        recordedBy: users.name,
      })
      .from(wholesalePayments)
      .leftJoin(users, eq(users.id, wholesalePayments.recordedBy))
      .where(eq(wholesalePayments.wholesaleOrderId, order.id))
      .orderBy(asc(wholesalePayments.receivedAt), asc(wholesalePayments.id)),
    db
      .select({
        id: productionOrders.id,
        number: productionOrders.number,
        status: productionOrders.status,
        batchCode: productionOrders.batchCode,
        dueOn: productionOrders.dueOn,
        currency: productionOrders.currency,
        totalMinor: productionOrders.totalMinor,
        advanceMinor: productionOrders.advanceMinor,
        balanceMinor: productionOrders.balanceMinor,
        producerName: producerGroups.name,
        producerSlug: producerGroups.slug,
        village: producerGroups.village,
        regency: producerGroups.regency,
        province: producerGroups.province,
        memberCount: producerGroups.memberCount,
        womenCount: producerGroups.womenCount,
        crafts: producerGroups.crafts,
      })
      .from(productionOrders)
      .innerJoin(producerGroups, eq(producerGroups.id, productionOrders.producerId))
      .where(eq(productionOrders.wholesaleOrderId, order.id))
      .orderBy(asc(producerGroups.name)),
  ]);
  const events = production.length
    ? await db
        .select({ productionOrderId: productionEvents.productionOrderId, status: productionEvents.status, createdAt: productionEvents.createdAt })
        .from(productionEvents)
        .where(inArray(productionEvents.productionOrderId, production.map((p) => p.id)))
        .orderBy(asc(productionEvents.createdAt), asc(productionEvents.id))
    : [];
  return {
    order,
    lines,
    payments,
    production: production.map((p) => ({ ...p, events: events.filter((e) => e.productionOrderId === p.id).map(({ status, createdAt }) => ({ status, createdAt })) })),
  };
}

export type WholesaleOrderView = NonNullable<Awaited<ReturnType<typeof getWholesaleOrderView>>>;
