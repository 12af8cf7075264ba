import { randomBytes } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import type { Executor } from "../../db/client.server";
import { events, locations, posDevices, posSaleLines, posSales, posSetAsideSales, producerGroups, products, variants } from "../../db/schema";
import { jakartaDate } from "~/domain/bazaar/business-date";
import type { PosPaymentMethod } from "~/domain/bazaar/close-of-day";

/**
 * Bazaar rows for the close and report tests, inserted directly so they test the close and the reports, not the
 * sync. Sales here move no stock: a test that needs the ledger calls recordMovements itself.
 */

const suffix = () => randomBytes(4).toString("hex");

/** An event and its own stock location, running from `startsOn` to `endsOn`. */
export async function createEventFixture(db: Executor, options: { startsOn: string; endsOn: string; openingFloatMinor?: number }) {
  const slug = `test-bazaar-${suffix()}`;
  const [location] = await db.insert(locations).values({ code: `EV-${slug.toUpperCase()}`, name: slug, kind: "event" }).returning({ id: locations.id });
  const [event] = await db
    .insert(events)
    .values({ slug, name: `Test bazaar ${slug}`, venue: "Gedung Sarinah", startsOn: options.startsOn, endsOn: options.endsOn, status: "open", locationId: location!.id, openingFloatMinor: options.openingFloatMinor ?? 0 })
    .returning({ id: events.id });
  return { id: event!.id, locationId: location!.id, slug };
}

/** Seeded pieces from two producer groups (two from the first, one from the second), for lines. */
export async function pickPieces(db: Executor) {
  const rows = await db
    .select({ variantId: variants.id, sku: variants.sku, productTitle: products.title, producerId: producerGroups.id, producerName: producerGroups.name })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .innerJoin(producerGroups, eq(producerGroups.id, products.producerId))
    .orderBy(asc(producerGroups.id), asc(variants.id));
  const first = rows.filter((r) => r.producerId === rows[0]!.producerId).slice(0, 2);
  const second = rows.find((r) => r.producerId !== rows[0]!.producerId)!;
  if (first.length < 2) throw new Error("The seed's first producer group has fewer than two pieces");
  return [first[0]!, first[1]!, second] as const;
}

export const newDeviceId = () => `test-till-${suffix()}`;

let saleCounter = 0;
/** A client sale id unique within the run (the database asks only that it be unique). */
export const testSaleId = () => `test-sale-${suffix()}-${(saleCounter += 1)}`;

export type TestSale = {
  eventId: number;
  deviceId: string;
  deviceSeq: number;
  soldAt: Date;
  paymentMethod: PosPaymentMethod;
  lines: { variantId: number; quantity: number; unitPriceMinor: number }[];
  offline?: boolean;
  paymentReference?: string;
};

/** One synced sale with its lines; cash is tendered exactly. */
export async function insertSale(db: Executor, sale: TestSale) {
  const totalMinor = sale.lines.reduce((n, l) => n + l.quantity * l.unitPriceMinor, 0);
  const cash = sale.paymentMethod === "cash";
  const [row] = await db
    .insert(posSales)
    .values({
      clientSaleId: testSaleId(),
      deviceId: sale.deviceId,
      deviceSeq: sale.deviceSeq,
      eventId: sale.eventId,
      soldAt: sale.soldAt,
      paymentMethod: sale.paymentMethod,
      paymentReference: sale.paymentReference ?? null,
      offline: sale.offline ?? false,
      businessDate: jakartaDate(sale.soldAt),
      totalMinor,
      tenderedMinor: cash ? totalMinor : null,
      changeMinor: cash ? 0 : null,
      receiptPrinciple: ((sale.deviceSeq - 1) % 10) + 1,
      rateMicros: 16_250_000_000,
      totalUsdMinor: Math.round(totalMinor / 16_250),
    })
    .returning({ id: posSales.id });
  await db.insert(posSaleLines).values(sale.lines.map((l) => ({ saleId: row!.id, ...l })));
  return { id: row!.id, totalMinor };
}

/** What a till last told the server: how far it has numbered and what still waits on it. */
export async function reportDevice(db: Executor, device: { id: string; eventId: number; label: string; issuedSeq: number; pendingCount: number }) {
  await db
    .insert(posDevices)
    .values({ ...device, lastSyncAt: new Date() })
    .onConflictDoUpdate({ target: posDevices.id, set: { label: device.label, issuedSeq: device.issuedSeq, pendingCount: device.pendingCount, eventId: device.eventId } });
}

/** A sale the server set aside, which still used its device's number. */
export async function insertSetAside(db: Executor, input: { eventId: number; deviceId: string; deviceSeq: number; reason: string; payload: unknown }) {
  const [row] = await db
    .insert(posSetAsideSales)
    .values({ fingerprint: `test-${suffix()}`, deviceId: input.deviceId, eventId: input.eventId, deviceSeq: input.deviceSeq, clientSaleId: null, payload: input.payload, reason: input.reason })
    .returning({ id: posSetAsideSales.id });
  return row!.id;
}
