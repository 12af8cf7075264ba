import { and, asc, count, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { importers, payouts, productionOrderLines, productionOrders, qcInspections, quoteEvents, quoteLines, quotes, quoteVersions, stockLevels, stockMovements, users, wholesaleOrders, wholesalePayments } from "../../db/schema";
import { productionStatuses } from "~/domain/production/status";
import { splitAdvance } from "~/domain/production/advance";
import { money } from "~/domain/money/money";
import { quoteStatuses } from "~/domain/wholesale/quote-status";
import { backends } from "../support/db";

/** The sample data shows the whole wholesale flow at once (issue 11.8), and keeps the rules the app keeps. */
describe.each(backends())("the seeded wholesale flow on $name", ({ open }) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await open();
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("holds quotes in every status, each with its thread, and a version for every priced one", async () => {
    const rows = await handle.db.select({ id: quotes.id, status: quotes.status, version: quotes.version, incoterm: quotes.incoterm, port: quotes.destinationPort, validUntil: quotes.validUntil }).from(quotes);
    expect(new Set(rows.map((q) => q.status))).toEqual(new Set(quoteStatuses));
    const versions = await handle.db.select({ quoteId: quoteVersions.quoteId, version: quoteVersions.version }).from(quoteVersions);
    for (const quote of rows) {
      const kept = versions.filter((v) => v.quoteId === quote.id).map((v) => v.version).sort();
      if (quote.status === "requested") expect(kept).toEqual([]);
      else expect(kept).toEqual(Array.from({ length: quote.version }, (_, i) => i + 1));
      const [thread] = await handle.db.select({ n: count() }).from(quoteEvents).where(eq(quoteEvents.quoteId, quote.id));
      expect(thread!.n).toBeGreaterThan(0);
    }
    const sent = rows.find((q) => q.status === "sent")!;
    expect(sent.version).toBe(2);
    const today = new Date().toISOString().slice(0, 10);
    expect(sent.validUntil! > today).toBe(true);
    expect(rows.find((q) => q.status === "expired")!.validUntil! < today).toBe(true);
    expect(new Set(rows.map((q) => q.incoterm))).toEqual(new Set(["FOB", "CIF"]));
    expect(rows.filter((q) => q.incoterm === "CIF").every((q) => (q.port ?? "").length > 0)).toBe(true);

    const unpriced = await handle.db.select({ price: quoteLines.unitPriceMinor }).from(quoteLines).where(eq(quoteLines.quoteId, rows.find((q) => q.status === "requested")!.id));
    expect(unpriced.length).toBeGreaterThan(0);
    expect(unpriced.every((l) => l.price === null)).toBe(true);
    const [belowCost] = await handle.db.select({ n: count() }).from(quoteLines).where(sql`${quoteLines.belowCostReason} <> ''`);
    expect(belowCost!.n).toBe(1);
    const changes = rows.find((q) => q.status === "changes_requested")!;
    const messages = await handle.db.select({ kind: quoteEvents.kind }).from(quoteEvents).where(eq(quoteEvents.quoteId, changes.id));
    expect(messages.map((m) => m.kind)).toEqual(expect.arrayContaining(["message", "changes_requested"]));
  });

  it("gives each accepted quote exactly one order, and only accepted quotes have one", async () => {
    const accepted = await handle.db.select({ id: quotes.id, importerId: quotes.importerId, total: quotes.totalMinor }).from(quotes).where(eq(quotes.status, "accepted"));
    expect(accepted.length).toBeGreaterThanOrEqual(3);
    const orders = await handle.db.select({ quoteId: wholesaleOrders.quoteId, importerId: wholesaleOrders.importerId, total: wholesaleOrders.totalMinor }).from(wholesaleOrders);
    expect(orders.map((o) => o.quoteId).sort()).toEqual(accepted.map((q) => q.id).sort());
    for (const quote of accepted) expect(orders.find((o) => o.quoteId === quote.id)).toMatchObject({ importerId: quote.importerId, total: quote.total });
  });

  it("holds production orders at every stage, every one past draft with its own advance, and advance + balance = total", async () => {
    const rows = await handle.db
      .select({ id: productionOrders.id, status: productionOrders.status, total: productionOrders.totalMinor, advance: productionOrders.advanceMinor, balance: productionOrders.balanceMinor, advancePayoutId: productionOrders.advancePayoutId, dueOn: productionOrders.dueOn, batchCode: productionOrders.batchCode, owed: productionOrders.owedOnCancelMinor, workDone: productionOrders.workDonePercent })
      .from(productionOrders);
    expect(new Set(rows.map((p) => p.status))).toEqual(new Set(productionStatuses));
    const today = new Date().toISOString().slice(0, 10);
    expect(rows.some((p) => p.status === "draft" && p.dueOn! < today)).toBe(true);
    const advances = await handle.db.select({ id: payouts.id, productionOrderId: payouts.productionOrderId, amount: payouts.amountMinor }).from(payouts).where(and(eq(payouts.kind, "advance"), isNull(payouts.correctsPayoutId)));
    const balances = await handle.db.select({ productionOrderId: payouts.productionOrderId, amount: payouts.amountMinor }).from(payouts).where(eq(payouts.kind, "balance"));
    for (const order of rows) {
      expect(order.advance + order.balance).toBe(order.total);
      expect(splitAdvance(money(order.total, "IDR"))).toEqual({ advance: money(order.advance, "IDR"), balance: money(order.balance, "IDR") });
      const [lines] = await handle.db.select({ sum: sql<number>`sum(${productionOrderLines.lineTotalMinor})`.mapWith(Number) }).from(productionOrderLines).where(eq(productionOrderLines.productionOrderId, order.id));
      expect(lines!.sum).toBe(order.total);
      expect(order.batchCode).toMatch(/^B-\d{2}-/);
      const advance = advances.find((p) => p.productionOrderId === order.id);
      if (order.status === "draft") expect(advance).toBeUndefined();
      else {
        expect(advance).toMatchObject({ id: order.advancePayoutId, amount: order.advance });
      }
      const balancePaid = balances.filter((p) => p.productionOrderId === order.id).reduce((sum, p) => sum + p.amount, 0);
      expect(balancePaid).toBe(order.status === "balance_paid" || order.status === "received" ? order.balance : 0);
    }
    const cancelled = rows.find((p) => p.status === "cancelled")!;
    expect(cancelled.advancePayoutId).not.toBeNull();
    expect(cancelled.owed).toBeGreaterThan(0);
    const [correction] = await handle.db.select({ note: payouts.note }).from(payouts).where(isNotNull(payouts.correctsPayoutId));
    expect(correction!.note.length).toBeGreaterThan(0);
    const failed = rows.find((p) => p.status === "qc_failed")!;
    const [inspection] = await handle.db.select({ result: qcInspections.result, inspected: qcInspections.quantityInspected, passed: qcInspections.quantityPassed }).from(qcInspections).where(eq(qcInspections.productionOrderId, failed.id));
    expect(inspection).toMatchObject({ result: "failed" });
    expect(inspection!.passed).toBeLessThan(inspection!.inspected);
  });

  it("puts the received order's pieces in the ledger, and its levels moved with it", async () => {
    const [received] = await handle.db.select({ id: productionOrders.id }).from(productionOrders).where(eq(productionOrders.status, "received"));
    const lines = await handle.db.select({ variantId: productionOrderLines.variantId, quantity: productionOrderLines.quantity }).from(productionOrderLines).where(eq(productionOrderLines.productionOrderId, received!.id)).orderBy(asc(productionOrderLines.variantId));
    const receipts = await handle.db.select({ variantId: stockMovements.variantId, kind: stockMovements.kind, delta: stockMovements.onHandDelta }).from(stockMovements).where(eq(stockMovements.productionOrderId, received!.id)).orderBy(asc(stockMovements.variantId));
    expect(receipts).toEqual(lines.map((l) => ({ variantId: l.variantId, kind: "receipt", delta: l.quantity })));
    // Each level equals the sum of its ledger: the receipt moved both.
    const variantIds = lines.map((l) => l.variantId);
    const levels = await handle.db.select({ variantId: stockLevels.variantId, locationId: stockLevels.locationId, onHand: stockLevels.onHand }).from(stockLevels).where(inArray(stockLevels.variantId, variantIds));
    for (const level of levels) {
      const [ledger] = await handle.db.select({ sum: sql<number>`coalesce(sum(${stockMovements.onHandDelta}), 0)`.mapWith(Number) }).from(stockMovements).where(and(eq(stockMovements.variantId, level.variantId), eq(stockMovements.locationId, level.locationId)));
      expect(ledger!.sum).toBe(level.onHand);
    }
  });

  it("has deposits paid by bank transfer and by the demo checkout, and one order still awaiting its deposit", async () => {
    const orders = await handle.db.select({ id: wholesaleOrders.id, status: wholesaleOrders.status, deposit: wholesaleOrders.depositMinor, session: wholesaleOrders.depositCheckoutSessionId, demo: wholesaleOrders.depositDemo }).from(wholesaleOrders);
    const payments = await handle.db.select({ orderId: wholesalePayments.wholesaleOrderId, method: wholesalePayments.method, amount: wholesalePayments.amountMinor, reference: wholesalePayments.reference, session: wholesalePayments.stripeCheckoutSessionId }).from(wholesalePayments);
    const transfer = payments.find((p) => p.method === "bank_transfer")!;
    expect(transfer.reference).toBeTruthy();
    const stripe = payments.find((p) => p.method === "stripe")!;
    expect(orders.find((o) => o.id === stripe.orderId)).toMatchObject({ session: stripe.session, demo: true });
    for (const payment of payments) expect(payment.amount).toBe(orders.find((o) => o.id === payment.orderId)!.deposit);
    const awaiting = orders.filter((o) => o.status === "awaiting_deposit");
    expect(awaiting).toHaveLength(1);
    expect(payments.some((p) => p.orderId === awaiting[0]!.id)).toBe(false);
  });

  it("gives every importer with quotes an approved company and a login", async () => {
    const owners = await handle.db.selectDistinct({ status: importers.status, userEmail: users.email }).from(quotes).innerJoin(importers, eq(importers.id, quotes.importerId)).innerJoin(users, eq(users.importerId, importers.id));
    expect(owners.map((o) => o.userEmail).sort()).toEqual(["buyer.au@importer.example", "buyer.uk@importer.example", "buyer@importer.example"]);
    expect(owners.every((o) => o.status === "approved")).toBe(true);
  });
});
