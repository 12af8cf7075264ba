import { randomBytes } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.server";
import { importers, producerGroups, productionEvents, productionOrderLines, productionOrders, products, quotes, variants, wholesaleOrders } from "../../db/schema";
import { splitAdvance } from "~/domain/production/advance";
import { formatReferenceCode } from "~/domain/platform/reference-code";
import { money } from "~/domain/money/money";

/**
 * A wholesale order with one draft production order per group, as acceptance leaves it, inserted directly so
 * the production tests don't depend on the quote flow. Lines use the group's own seeded variants.
 */
export type ProductionFixture = {
  wholesaleOrderId: number;
  wholesaleOrderNumber: string;
  orders: { id: number; number: string; batchCode: string; producerId: number; totalMinor: number; advanceMinor: number; balanceMinor: number; lines: { variantId: number; quantity: number }[] }[];
};

const code = (prefix: string, length = 8) => formatReferenceCode(prefix, randomBytes(length), new Date(), length);

export async function createProductionFixture(
  db: Executor,
  options: { groups?: number; quantities?: number[]; unitPriceMinor?: number; dueOn?: string; wholesaleStatus?: "deposit_paid" | "awaiting_deposit" } = {},
): Promise<ProductionFixture> {
  const { groups = 1, quantities = [6, 4], unitPriceMinor = 12_500_000, dueOn = "2027-03-01", wholesaleStatus = "deposit_paid" } = options;
  const [importer] = await db.select({ id: importers.id }).from(importers).where(eq(importers.status, "approved")).orderBy(asc(importers.id)).limit(1);
  const [quote] = await db.insert(quotes).values({ number: code("WQ"), importerId: importer!.id, incoterm: "FOB", status: "accepted" }).returning({ id: quotes.id });
  const wholesaleOrderNumber = code("WO");
  const [order] = await db
    .insert(wholesaleOrders)
    .values({ number: wholesaleOrderNumber, quoteId: quote!.id, importerId: importer!.id, status: wholesaleStatus, totalMinor: 500_000, depositMinor: 250_000 })
    .returning({ id: wholesaleOrders.id });
  // Groups with at least as many active variants as there are lines.
  const candidates = await db
    .select({ producerId: producerGroups.id })
    .from(producerGroups)
    .innerJoin(products, eq(products.producerId, producerGroups.id))
    .innerJoin(variants, eq(variants.productId, products.id))
    .groupBy(producerGroups.id)
    .having(sql`count(*) >= ${quantities.length}`)
    .orderBy(asc(producerGroups.id))
    .limit(groups);
  if (candidates.length < groups) throw new Error(`The seed has fewer than ${groups} groups with ${quantities.length} variants`);
  const made: ProductionFixture["orders"] = [];
  for (const { producerId } of candidates) {
    const picked = await db.select({ id: variants.id }).from(variants).innerJoin(products, eq(products.id, variants.productId)).where(and(eq(products.producerId, producerId))).orderBy(asc(variants.id)).limit(quantities.length);
    const lines = picked.map((v, i) => ({ variantId: v.id, quantity: quantities[i]! }));
    const totalMinor = lines.reduce((n, l) => n + l.quantity * unitPriceMinor, 0);
    const split = splitAdvance(money(totalMinor, "IDR"));
    const number = code("PO");
    const batchCode = code("B", 6);
    const [row] = await db
      .insert(productionOrders)
      .values({ number, wholesaleOrderId: order!.id, producerId, totalMinor, advanceMinor: split.advance.amountMinor, balanceMinor: split.balance.amountMinor, dueOn, batchCode })
      .returning({ id: productionOrders.id });
    await db.insert(productionOrderLines).values(lines.map((l) => ({ productionOrderId: row!.id, variantId: l.variantId, quantity: l.quantity, unitPriceMinor, lineTotalMinor: l.quantity * unitPriceMinor })));
    await db.insert(productionEvents).values({ productionOrderId: row!.id, status: "draft", note: "Created from the accepted quote" });
    made.push({ id: row!.id, number, batchCode, producerId, totalMinor, advanceMinor: split.advance.amountMinor, balanceMinor: split.balance.amountMinor, lines });
  }
  return { wholesaleOrderId: order!.id, wholesaleOrderNumber, orders: made };
}
