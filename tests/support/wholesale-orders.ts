import { randomBytes } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "../../db/client.server";
import { importers, products, quoteLines, quotes, users, variants } from "../../db/schema";
import { formatReferenceCode } from "~/domain/platform/reference-code";

/** Fixtures for accepted-quote tests: an approved importer with a sign-in, and a quote already priced and sent. */

export async function approvedImporter(db: Executor, { email, depositPercent = 50 }: { email: string; depositPercent?: number }) {
  const [importer] = await db
    .insert(importers)
    .values({ companyName: `Test Imports ${email}`, country: "NL", taxId: "NL 1", contactName: "Sanne de Vries", contactEmail: email, expectedVolume: "US$10,000", depositPercent, status: "approved", approvedAt: new Date() })
    .returning({ id: importers.id });
  const [user] = await db.insert(users).values({ email, name: "Sanne de Vries", role: "importer", importerId: importer!.id, passwordHash: "!unset:fixture" }).returning({ id: users.id });
  return { importerId: importer!.id, userId: user!.id };
}

export type PricedLine = { variantId: number; quantity: number; unitPriceMinor: number };

export async function sentQuote(
  db: Executor,
  { importerId, lines, validUntil, leadTimeDays = 60, freightMinor = 0 }: { importerId: number; lines: PricedLine[]; validUntil: string; leadTimeDays?: number; freightMinor?: number },
) {
  const subtotal = lines.reduce((sum, l) => sum + l.unitPriceMinor * l.quantity, 0);
  const number = formatReferenceCode("WQ", randomBytes(8), new Date());
  const [quote] = await db
    .insert(quotes)
    .values({
      number,
      importerId,
      status: "sent",
      incoterm: freightMinor ? "CIF" : "FOB",
      destinationPort: freightMinor ? "Rotterdam" : null,
      currency: "USD",
      subtotalMinor: subtotal,
      freightMinor,
      totalMinor: subtotal + freightMinor,
      validUntil,
      leadTimeDays,
      sentAt: new Date(),
    })
    .returning({ id: quotes.id });
  await db.insert(quoteLines).values(lines.map((l) => ({ quoteId: quote!.id, ...l })));
  return { id: quote!.id, number, totalMinor: subtotal + freightMinor };
}

type PickedVariant = { id: number; producerId: number; producerPriceMinor: number };

/**
 * Three variants from the seed: two products of one producer group at different producer prices, and one of
 * another group, so a test sees mixed unit rates in one group and pieces billed to the group that made them.
 */
export async function variantsOfTwoGroups(db: Executor): Promise<{ a1: PickedVariant; a2: PickedVariant; b: PickedVariant }> {
  const rows = await db
    .select({ id: variants.id, productId: variants.productId, producerId: products.producerId, producerPriceMinor: variants.producerPriceMinor })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(and(eq(variants.active, true), eq(variants.producerCurrency, "IDR")))
    .orderBy(asc(variants.id));
  for (const a1 of rows) {
    const a2 = rows.find((r) => r.producerId === a1.producerId && r.productId !== a1.productId && r.producerPriceMinor !== a1.producerPriceMinor);
    const b = rows.find((r) => r.producerId !== a1.producerId);
    if (a2 && b) return { a1, a2, b };
  }
  throw new Error("The seed has no producer group with two differently priced products");
}

