import { randomBytes } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import type { Db, Executor } from "~db/client.server";
import {
  importers,
  producerGroups,
  productionEvents,
  productionOrderLines,
  productionOrders,
  products,
  quoteEvents,
  quoteLines,
  quotes,
  variants,
  wholesaleOrderLines,
  wholesaleOrders,
} from "~db/schema";
import { money } from "~/domain/money/money";
import { importerDeposit, splitAdvance } from "~/domain/production/advance";
import { formatReferenceCode } from "~/domain/platform/reference-code";
import { Refusal, isRefusal } from "~/domain/platform/refusal";
import { transitionQuote } from "~/domain/wholesale/quote-status";
import { PG, pgErrorCode } from "~/utils/pg-errors.server";
import { queueOrderConfirmedEmails } from "./order-emails.server";

export type AcceptQuoteInput = {
  quoteNumber: string;
  /** The signed-in importer: a quote of anyone else's is not found. */
  importerId: number;
  userId: number | null;
  /** PUBLIC_URL, for the links in the emails. */
  origin: string;
  now?: Date;
};

const dayOf = (date: Date) => date.toISOString().slice(0, 10);

function addDays(day: string, days: number) {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return dayOf(date);
}

const notYours = () => Refusal.notFound("There is no quote with that number on your account.");

async function existingOrder(db: Executor, { quoteId }: { quoteId: number }) {
  const [order] = await db.select({ number: wholesaleOrders.number }).from(wholesaleOrders).where(eq(wholesaleOrders.quoteId, quoteId));
  return order ?? null;
}

/**
 * The importer accepts a sent quote, in one transaction: the quote becomes accepted, a wholesale order with the
 * importer's deposit and the quote's priced lines is created, and one draft production order per producer group
 * that made the pieces, at producer prices in IDR with its ceil(50%) advance. The quote row is locked first, so a
 * second acceptance (a double click, two tabs) waits, then finds the order and returns it with `created: false`.
 */
export async function acceptQuote(db: Db, input: AcceptQuoteInput): Promise<{ orderNumber: string; created: boolean }> {
  const now = input.now ?? new Date();
  try {
    return await db.transaction(async (tx) => {
      // Validate: the importer's own quote, locked; an order already made for it is the answer.
      const [quote] = await tx
        .select()
        .from(quotes)
        .where(and(eq(quotes.number, input.quoteNumber), eq(quotes.importerId, input.importerId)))
        .for("update");
      if (!quote) throw notYours();
      const already = await existingOrder(tx, { quoteId: quote.id });
      if (already) return { orderNumber: already.number, created: false };
      const today = dayOf(now);
      const next = transitionQuote({ status: quote.status, validUntil: quote.validUntil }, "accept", today);
      if (isRefusal(next)) throw next;
      if (quote.totalMinor === null) throw Refusal.conflict("This quote has no total yet; ask us to price it again.");

      const [importer] = await tx
        .select({ companyName: importers.companyName, contactName: importers.contactName, contactEmail: importers.contactEmail, depositPercent: importers.depositPercent })
        .from(importers)
        .where(eq(importers.id, quote.importerId));
      if (!importer) throw notYours();

      const lines = await tx
        .select({
          variantId: quoteLines.variantId,
          quantity: quoteLines.quantity,
          unitPriceMinor: quoteLines.unitPriceMinor,
          producerPriceMinor: variants.producerPriceMinor,
          producerCurrency: variants.producerCurrency,
          producerId: products.producerId,
          producerName: producerGroups.name,
        })
        .from(quoteLines)
        .innerJoin(variants, eq(variants.id, quoteLines.variantId))
        .innerJoin(products, eq(products.id, variants.productId))
        .innerJoin(producerGroups, eq(producerGroups.id, products.producerId))
        .where(eq(quoteLines.quoteId, quote.id))
        .orderBy(asc(quoteLines.id));
      if (lines.length === 0) throw Refusal.conflict("This quote has no lines to order.");
      const priced = lines.map((line) => {
        if (line.unitPriceMinor === null) throw Refusal.conflict("A line of this quote has no price yet; ask us to price it again.");
        if (line.producerCurrency !== "IDR") throw Refusal.conflict("A piece in this quote has a producer price outside rupiah; ask us to check it.");
        return { ...line, unitPriceMinor: line.unitPriceMinor };
      });

      // Record: the quote is accepted, by the importer.
      await tx.update(quotes).set({ status: next, respondedAt: now, updatedAt: now }).where(eq(quotes.id, quote.id));
      await tx.insert(quoteEvents).values({ quoteId: quote.id, kind: "accepted", party: "importer", userId: input.userId, version: quote.version, createdAt: now });

      // Create: the wholesale order and its lines.
      const total = money(quote.totalMinor, quote.currency);
      const deposit = importerDeposit(total, importer.depositPercent);
      const orderNumber = formatReferenceCode("WO", randomBytes(8), now);
      const [order] = await tx
        .insert(wholesaleOrders)
        .values({
          number: orderNumber,
          quoteId: quote.id,
          importerId: quote.importerId,
          status: "awaiting_deposit",
          currency: quote.currency,
          totalMinor: total.amountMinor,
          depositMinor: deposit.amountMinor,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: wholesaleOrders.id });
      await tx.insert(wholesaleOrderLines).values(priced.map((l) => ({ wholesaleOrderId: order!.id, variantId: l.variantId, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor })));

      // Create: one production order per group that made the pieces (the product's producer), at its own prices.
      const groups = new Map<number, { name: string; lines: typeof priced }>();
      for (const line of priced) {
        const group = groups.get(line.producerId) ?? { name: line.producerName, lines: [] };
        group.lines.push(line);
        groups.set(line.producerId, group);
      }
      const dueOn = quote.leadTimeDays === null ? null : addDays(today, quote.leadTimeDays);
      for (const [producerId, group] of [...groups].sort(([a], [b]) => a - b)) {
        const groupLines = group.lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity, unitPriceMinor: l.producerPriceMinor, lineTotalMinor: l.producerPriceMinor * l.quantity }));
        const groupTotal = money(
          groupLines.reduce((sum, l) => sum + l.lineTotalMinor, 0),
          "IDR",
        );
        const { advance, balance } = splitAdvance(groupTotal);
        const [production] = await tx
          .insert(productionOrders)
          .values({
            number: formatReferenceCode("PO", randomBytes(8), now),
            wholesaleOrderId: order!.id,
            producerId,
            status: "draft",
            currency: "IDR",
            totalMinor: groupTotal.amountMinor,
            advanceMinor: advance.amountMinor,
            balanceMinor: balance.amountMinor,
            dueOn,
            batchCode: formatReferenceCode("B", randomBytes(6), now, 6),
            createdAt: now,
            updatedAt: now,
          })
          .returning({ id: productionOrders.id });
        await tx.insert(productionOrderLines).values(groupLines.map((l) => ({ ...l, productionOrderId: production!.id })));
        await tx.insert(productionEvents).values({ productionOrderId: production!.id, status: "draft", note: `Created from quote ${quote.number}`, userId: input.userId, createdAt: now });
      }

      // Tell both sides, through the outbox, in this transaction.
      await queueOrderConfirmedEmails(tx, {
        orderNumber,
        quoteNumber: quote.number,
        companyName: importer.companyName,
        contactName: importer.contactName,
        contactEmail: importer.contactEmail,
        currency: quote.currency,
        totalMinor: total.amountMinor,
        depositMinor: deposit.amountMinor,
        origin: input.origin,
        producerGroups: [...groups.values()].map((g) => g.name),
      });
      return { orderNumber, created: true };
    });
  } catch (error) {
    // Two acceptances that both got past the lock (it cannot happen on one quote row, but the unique key decides).
    if (pgErrorCode(error) === PG.uniqueViolation) {
      const [quote] = await db.select({ id: quotes.id }).from(quotes).where(and(eq(quotes.number, input.quoteNumber), eq(quotes.importerId, input.importerId)));
      const order = quote ? await existingOrder(db, { quoteId: quote.id }) : null;
      if (order) return { orderNumber: order.number, created: false };
    }
    throw error;
  }
}
