import { asc, eq } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { events, posSaleLines, posSales, producerGroups, products, variants } from "~db/schema";
import { ULID_PATTERN } from "~/domain/bazaar/sale-input";
import { firstImageSql } from "~/models/catalog/first-image.server";

/**
 * The buyer's digital receipt, opened from the QR code the till shows: what was bought, who made it and how it
 * was paid. Public by its ULID, so it reads nothing private: no payment reference, no till, no cashier.
 */
export async function getReceipt(db: Executor, { clientSaleId }: { clientSaleId: string }) {
  if (!ULID_PATTERN.test(clientSaleId)) return null;
  const [[sale], lines] = await Promise.all([
    db
      .select({
        clientSaleId: posSales.clientSaleId,
        soldAt: posSales.soldAt,
        businessDate: posSales.businessDate,
        paymentMethod: posSales.paymentMethod,
        currency: posSales.currency,
        totalMinor: posSales.totalMinor,
        tenderedMinor: posSales.tenderedMinor,
        changeMinor: posSales.changeMinor,
        receiptPrinciple: posSales.receiptPrinciple,
        event: { name: events.name, venue: events.venue, city: events.city },
      })
      .from(posSales)
      .innerJoin(events, eq(events.id, posSales.eventId))
      .where(eq(posSales.clientSaleId, clientSaleId)),
    db
      .select({
        id: posSaleLines.id,
        quantity: posSaleLines.quantity,
        unitPriceMinor: posSaleLines.unitPriceMinor,
        productTitle: products.title,
        productSlug: products.slug,
        variantTitle: variants.title,
        image: firstImageSql({ productId: products.id }),
        producer: { name: producerGroups.name, slug: producerGroups.slug, village: producerGroups.village, province: producerGroups.province },
      })
      .from(posSaleLines)
      .innerJoin(posSales, eq(posSales.id, posSaleLines.saleId))
      .innerJoin(variants, eq(variants.id, posSaleLines.variantId))
      .innerJoin(products, eq(products.id, variants.productId))
      .innerJoin(producerGroups, eq(producerGroups.id, products.producerId))
      .where(eq(posSales.clientSaleId, clientSaleId))
      .orderBy(asc(posSaleLines.id)),
  ]);
  if (!sale) return null;
  return { ...sale, lines: lines.map((l) => ({ ...l, lineTotalMinor: l.quantity * l.unitPriceMinor })) };
}

export type Receipt = NonNullable<Awaited<ReturnType<typeof getReceipt>>>;
