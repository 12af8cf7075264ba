import { randomBytes } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { monotonicFactory } from "ulid";
import type { Executor } from "../../db/client.server";
import { events, locations, products, users, variants } from "../../db/schema";
import { seedUsers } from "../../db/seed/data/reference";
import type { SyncBatch } from "~/domain/bazaar/sale-input";
import { recordMovements } from "~/models/stock/ledger.server";

/**
 * An open event with its own stock location, stocked by a transfer_in of each piece, and pieces from two
 * producer groups so turnover splits. Inserted directly, so the sync tests don't depend on the events back office.
 */
export type SyncFixture = {
  eventId: number;
  locationId: number;
  pieces: { variantId: number; producerId: number; priceMinor: number }[];
  userId: number;
};

export async function createSyncFixture(db: Executor, options: { stock?: number } = {}): Promise<SyncFixture> {
  const { stock = 50 } = options;
  const tag = randomBytes(4).toString("hex");
  const [location] = await db.insert(locations).values({ code: `EV-${tag}`, name: `Bazaar ${tag}`, kind: "event" }).returning({ id: locations.id });
  const [event] = await db
    .insert(events)
    .values({ slug: `bazaar-${tag}`, name: `Pasar Kriya ${tag}`, venue: "Taman Menteng", startsOn: "2026-12-01", endsOn: "2026-12-03", status: "open", locationId: location!.id })
    .returning({ id: events.id });
  const groups = await db
    .select({ producerId: products.producerId, variantId: sql<number>`min(${variants.id})`.mapWith(Number) })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(and(eq(variants.active, true), eq(products.status, "active")))
    .groupBy(products.producerId)
    .orderBy(asc(products.producerId))
    .limit(2);
  const second = await db.select({ id: variants.id }).from(variants).innerJoin(products, eq(products.id, variants.productId)).where(eq(products.producerId, groups[0]!.producerId)).orderBy(asc(variants.id)).offset(1).limit(1);
  const pieces = [
    { variantId: groups[0]!.variantId, producerId: groups[0]!.producerId, priceMinor: 15_000_000 },
    { variantId: second[0]!.id, producerId: groups[0]!.producerId, priceMinor: 8_500_000 },
    { variantId: groups[1]!.variantId, producerId: groups[1]!.producerId, priceMinor: 22_500_000 },
  ];
  if (stock > 0) await db.transaction((tx) => recordMovements(tx, { movements: pieces.map((p) => ({ kind: "transfer_in" as const, quantity: stock, variantId: p.variantId, locationId: location!.id })) }));
  const email = seedUsers.find((u) => u.role === "bazaar")!.email;
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return { eventId: event!.id, locationId: location!.id, pieces, userId: user!.id };
}

export type SaleLine = { variantId: number; quantity: number; unitPriceMinor: number };

/** A till: its own id and sequence counter, making well-formed sales as the POS would. */
export function makeTill(fixture: SyncFixture, label = "Tablet") {
  const deviceId = `till-${randomBytes(6).toString("hex")}`;
  const nextUlid = monotonicFactory();
  let seq = 0;
  const sale = (options: { lines?: SaleLine[]; paymentMethod?: "cash" | "qris" | "card" | "transfer"; offline?: boolean; soldAt?: string; paymentReference?: string } = {}) => {
    const lines = options.lines ?? [{ variantId: fixture.pieces[0]!.variantId, quantity: 1, unitPriceMinor: fixture.pieces[0]!.priceMinor }];
    const totalMinor = lines.reduce((n, l) => n + l.quantity * l.unitPriceMinor, 0);
    const paymentMethod = options.paymentMethod ?? "cash";
    seq += 1;
    const tendered = Math.ceil(totalMinor / 10_000_000) * 10_000_000;
    return {
      clientSaleId: nextUlid(),
      deviceSeq: seq,
      soldAt: options.soldAt ?? "2026-12-01T04:30:00.000Z",
      paymentMethod,
      paymentReference: options.paymentReference ?? (paymentMethod === "cash" ? "" : `REF-${seq}`),
      offline: options.offline ?? true,
      lines,
      totalMinor,
      ...(paymentMethod === "cash" ? { tenderedMinor: tendered, changeMinor: tendered - totalMinor } : {}),
      receiptPrinciple: ((seq - 1) % 10) + 1,
    };
  };
  const batch = (sales: unknown[], pendingCount = 0): SyncBatch => ({ deviceId, deviceLabel: label, eventId: fixture.eventId, issuedSeq: seq, pendingCount, sales });
  return { deviceId, sale, batch, get seq() { return seq; } };
}
