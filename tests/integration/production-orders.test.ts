import { and, eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { auditLog, payouts, productionEvents, productionOrders, qcInspections, stockLevels, stockMovements, users, wholesaleOrders } from "../../db/schema";
import { seedUsers } from "../../db/seed/data/reference";
import { isRefusal, type RefusalKind } from "~/domain/platform/refusal";
import { transition, type ProductionAction, type ProductionStatus } from "~/domain/production/status";
import type { Actor } from "~/models/platform/audit.server";
import {
  cancelProductionOrder,
  correctPayout,
  getBatch,
  getProductionOrderForStaff,
  listPayoutsDue,
  listProductionOverview,
  payoutsCsv,
  receiveGoods,
  recordAdvancePayout,
  recordBalancePayout,
  recordQc,
  recordSettlementPayout,
  sendToRework,
  startProduction,
} from "~/models/production/production-orders.server";
import { createSession } from "~/models/platform/users.server";
import { findOnlineLocationId } from "~/models/stock/ledger.server";
import { loader as batchLoader } from "~/routes/_shop+/batch.$code";
import { loader as payoutsCsvLoader } from "~/routes/admin+/payouts[.csv]";
import { action as productionAction, loader as productionLoader } from "~/routes/admin+/production.$number";
import { writeSessionId } from "~/utils/session.server";
import { serveAppFrom, writableBackends } from "../support/db";
import { createProductionFixture } from "../support/production";

const today = "2026-12-01";
const now = new Date(`${today}T05:00:00Z`);

/** The refusal's kind a call ends with, or "ok". */
async function refusedAs(work: () => Promise<unknown>): Promise<RefusalKind | "ok"> {
  try {
    await work();
    return "ok";
  } catch (error) {
    if (isRefusal(error)) return error.kind;
    throw error;
  }
}

async function refusal(work: () => Promise<unknown>) {
  try {
    await work();
  } catch (error) {
    if (isRefusal(error)) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe.each(writableBackends())("production orders on $name", ({ open }) => {
  let handle: DbHandle;
  let actor: Actor;
  let restoreAppDb: () => void;
  beforeAll(async () => {
    handle = await open();
    restoreAppDb = serveAppFrom(handle);
    const email = seedUsers.find((u) => u.role === "staff")!.email;
    const [staff] = await handle.db.select({ id: users.id }).from(users).where(eq(users.email, email));
    actor = { userId: staff!.id, ip: "203.0.113.9" };
  });
  afterAll(async () => {
    restoreAppDb();
    await handle.close();
  });

  const fixture = (options?: Parameters<typeof createProductionFixture>[1]) => createProductionFixture(handle.db, options);
  const orderRow = async (number: string) => (await handle.db.select().from(productionOrders).where(eq(productionOrders.number, number)))[0]!;
  const payoutsOf = (id: number) => handle.db.select().from(payouts).where(eq(payouts.productionOrderId, id));
  const advance = (number: string, amountMinor: number, extra: Partial<Parameters<typeof recordAdvancePayout>[1]> = {}) =>
    recordAdvancePayout(handle.db, { number, amountMinor, paidOn: today, method: "bank_transfer", reference: "BRI 0042", actor, now, ...extra });
  const balance = (number: string, amountMinor: number) => recordBalancePayout(handle.db, { number, amountMinor, paidOn: today, method: "cash", reference: "Receipt 17", actor, now });
  const onHand = async (variantId: number, locationId: number) =>
    (await handle.db.select({ onHand: stockLevels.onHand }).from(stockLevels).where(and(eq(stockLevels.variantId, variantId), eq(stockLevels.locationId, locationId))))[0]?.onHand ?? 0;

  it("goes draft → advance → production → QC fail → rework → QC pass → balance → received, with the receipt in the ledger", async () => {
    const { orders, wholesaleOrderId } = await fixture({ groups: 1, quantities: [6, 4] });
    const po = orders[0]!;
    const locationId = await findOnlineLocationId(handle.db);
    const before = await Promise.all(po.lines.map((l) => onHand(l.variantId, locationId)));

    const { payoutId } = await advance(po.number, po.advanceMinor);
    expect(await orderRow(po.number)).toMatchObject({ status: "advance_paid", advancePayoutId: payoutId });
    const [payout] = await payoutsOf(po.id);
    expect(payout).toMatchObject({ kind: "advance", amountMinor: po.advanceMinor, paidOn: today, method: "bank_transfer", reference: "BRI 0042", recordedBy: actor.userId });

    await startProduction(handle.db, { number: po.number, actor, now });
    expect((await orderRow(po.number)).startedAt).not.toBeNull();
    expect((await handle.db.select({ status: wholesaleOrders.status }).from(wholesaleOrders).where(eq(wholesaleOrders.id, wholesaleOrderId)))[0]!.status).toBe("in_production");

    expect(await recordQc(handle.db, { number: po.number, quantityInspected: 10, quantityPassed: 8, notes: "Two with loose weft", actor, now })).toMatchObject({ status: "qc_failed", passed: false });
    // The balance waits for a passed QC.
    expect((await refusal(() => balance(po.number, po.balanceMinor))).message).toMatch(/The balance is paid only after QC has passed/);
    await sendToRework(handle.db, { number: po.number, note: "Re-tie the weft", actor, now });
    expect((await orderRow(po.number)).status).toBe("in_production");
    expect(await recordQc(handle.db, { number: po.number, quantityInspected: 10, quantityPassed: 10, actor, now })).toMatchObject({ status: "qc_passed", passed: true });
    expect(await handle.db.select({ result: qcInspections.result }).from(qcInspections).where(eq(qcInspections.productionOrderId, po.id)).orderBy(qcInspections.id)).toEqual([{ result: "failed" }, { result: "passed" }]);

    await balance(po.number, po.balanceMinor);
    expect((await orderRow(po.number)).status).toBe("balance_paid");
    await receiveGoods(handle.db, { number: po.number, actor, now });
    const received = await orderRow(po.number);
    expect(received.status).toBe("received");
    expect(received.receivedAt).not.toBeNull();
    const after = await Promise.all(po.lines.map((l) => onHand(l.variantId, locationId)));
    expect(after).toEqual(before.map((n, i) => n + po.lines[i]!.quantity));
    const movements = await handle.db.select({ kind: stockMovements.kind, onHandDelta: stockMovements.onHandDelta, locationId: stockMovements.locationId }).from(stockMovements).where(eq(stockMovements.productionOrderId, po.id));
    expect(movements).toEqual(po.lines.map((l) => ({ kind: "receipt", onHandDelta: l.quantity, locationId })));
    // Received once: a second receipt is refused and writes nothing.
    expect(await refusedAs(() => receiveGoods(handle.db, { number: po.number, actor, now }))).toBe("conflict");
    expect(await handle.db.select({ id: stockMovements.id }).from(stockMovements).where(eq(stockMovements.productionOrderId, po.id))).toHaveLength(2);
    expect((await handle.db.select({ status: wholesaleOrders.status }).from(wholesaleOrders).where(eq(wholesaleOrders.id, wholesaleOrderId)))[0]!.status).toBe("ready_to_ship");

    const events = await handle.db.select({ status: productionEvents.status }).from(productionEvents).where(eq(productionEvents.productionOrderId, po.id)).orderBy(productionEvents.id);
    expect(events.map((e) => e.status)).toEqual(["draft", "advance_paid", "in_production", "qc_failed", "in_production", "qc_passed", "balance_paid", "received"]);
    const audits = await handle.db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.entityType, "production_order"), eq(auditLog.entityId, po.number))).orderBy(auditLog.id);
    expect(audits.map((a) => a.action)).toEqual(["record_advance", "start_production", "fail_qc", "rework", "pass_qc", "pay_balance", "receive"]);

    const detail = await getProductionOrderForStaff(handle.db, { number: po.number });
    expect(detail!.payouts.map((p) => p.kind)).toEqual(["advance", "balance"]);
    expect(detail!.inspections).toHaveLength(2);
  });

  it("lets the database refuse in_production on a draft order, and the app refuse starting before the advance", async () => {
    const { orders } = await fixture();
    const po = orders[0]!;
    const raw = await handle.db.execute(sql`update production_orders set status = 'in_production' where id = ${po.id}`).then(
      () => "ok",
      (error: unknown) => String((error as { cause?: { constraint_name?: string; constraint?: string } }).cause?.constraint_name ?? (error as { cause?: { constraint?: string } }).cause?.constraint ?? (error as { constraint_name?: string }).constraint_name ?? error),
    );
    expect(raw).toMatch(/production_needs_advance/);
    const refused = await refusal(() => startProduction(handle.db, { number: po.number, actor, now }));
    expect(refused.kind).toBe("conflict");
    expect(refused.message).toMatch(/before the producer group's advance is paid/);
    expect(await orderRow(po.number)).toMatchObject({ status: "draft", startedAt: null });
    expect(await handle.db.select().from(productionEvents).where(eq(productionEvents.productionOrderId, po.id))).toHaveLength(1);
  });

  it("refuses an advance of the wrong amount, in the future or without a reference, and writes nothing", async () => {
    const { orders } = await fixture();
    const po = orders[0]!;
    const wrong = await refusal(() => advance(po.number, po.advanceMinor - 100));
    expect(wrong.kind).toBe("invalid");
    expect(wrong.message).toMatch(/^The advance for this order is Rp/);
    expect(await refusedAs(() => advance(po.number, po.advanceMinor, { paidOn: "2026-12-09" }))).toBe("invalid");
    expect(await refusedAs(() => advance(po.number, po.advanceMinor, { paidOn: "2026-02-31" }))).toBe("invalid");
    expect(await refusedAs(() => advance(po.number, po.advanceMinor, { paidOn: "0000-01-01" }))).toBe("invalid");
    expect(await refusedAs(() => advance(po.number, po.advanceMinor, { reference: "  " }))).toBe("invalid");
    expect(await refusedAs(() => advance(po.number, po.advanceMinor, { method: "qris" }))).toBe("invalid");
    expect(await refusedAs(() => advance("PO-26-NOSUCH22", po.advanceMinor))).toBe("not_found");
    expect(await payoutsOf(po.id)).toHaveLength(0);
    expect(await orderRow(po.number)).toMatchObject({ status: "draft", advancePayoutId: null });
    expect(await handle.db.select().from(auditLog).where(eq(auditLog.entityId, po.number))).toHaveLength(0);
  });

  it("records one payout when two staff record the same advance at once; the other gets a 409", async () => {
    const { orders } = await fixture();
    const po = orders[0]!;
    const outcomes = await Promise.all([refusedAs(() => advance(po.number, po.advanceMinor)), refusedAs(() => advance(po.number, po.advanceMinor, { reference: "BRI 0043" }))]);
    expect(outcomes.sort()).toEqual(["conflict", "ok"]);
    expect(await payoutsOf(po.id)).toHaveLength(1);
    expect((await orderRow(po.number)).status).toBe("advance_paid");
  });

  it("keeps payouts append-only: raw UPDATE and DELETE fail; a correction is a new row referencing the old", async () => {
    const { orders } = await fixture({ groups: 2 });
    const po = orders[0]!;
    const { payoutId } = await advance(po.number, po.advanceMinor);
    const failure = (q: ReturnType<typeof sql>) => handle.db.execute(q).then(() => "ok", (e: unknown) => String((e as { cause?: { message?: string } }).cause?.message ?? e));
    expect(await failure(sql`update payouts set amount_minor = 1 where id = ${payoutId}`)).toMatch(/append-only/);
    expect(await failure(sql`delete from payouts where id = ${payoutId}`)).toMatch(/append-only/);
    expect(await refusedAs(() => correctPayout(handle.db, { number: po.number, payoutId, amountMinor: -500_000, note: "", actor, now }))).toBe("invalid");
    expect(await refusedAs(() => correctPayout(handle.db, { number: po.number, payoutId, amountMinor: 0, note: "zero", actor, now }))).toBe("invalid");
    expect(await refusedAs(() => correctPayout(handle.db, { number: po.number, payoutId, amountMinor: -po.advanceMinor, note: "all of it", actor, now }))).toBe("invalid");
    // Only from its own production order: another order's page can't reach this payout.
    const other = orders[1]!;
    expect(await refusedAs(() => correctPayout(handle.db, { number: other.number, payoutId, amountMinor: -1_000, note: "wrong page", actor, now }))).toBe("not_found");
    expect(await payoutsOf(po.id)).toHaveLength(1);
    const { payoutId: correctionId } = await correctPayout(handle.db, { number: po.number, payoutId, amountMinor: -650_000, note: "Bank fee taken from the transfer", actor, now });
    const rows = await payoutsOf(po.id);
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.id === correctionId)).toMatchObject({ correctsPayoutId: payoutId, amountMinor: -650_000, kind: "advance", note: "Bank fee taken from the transfer" });
    expect(rows.find((r) => r.id === payoutId)!.amountMinor).toBe(po.advanceMinor);
  });

  it("refuses QC quantities out of range and the balance before QC, changing nothing", async () => {
    const { orders } = await fixture({ quantities: [3] });
    const po = orders[0]!;
    await advance(po.number, po.advanceMinor);
    expect((await refusal(() => balance(po.number, po.balanceMinor))).message).toMatch(/only after QC has passed/);
    await startProduction(handle.db, { number: po.number, actor, now });
    expect(await refusedAs(() => recordQc(handle.db, { number: po.number, quantityInspected: 4, quantityPassed: 3, actor, now }))).toBe("invalid");
    expect(await refusedAs(() => recordQc(handle.db, { number: po.number, quantityInspected: 2, quantityPassed: 3, actor, now }))).toBe("invalid");
    expect(await refusedAs(() => recordQc(handle.db, { number: po.number, quantityInspected: 0, quantityPassed: 0, actor, now }))).toBe("invalid");
    expect(await refusedAs(() => recordQc(handle.db, { number: po.number, quantityInspected: 3, quantityPassed: -1, actor, now }))).toBe("invalid");
    expect(await handle.db.select().from(qcInspections).where(eq(qcInspections.productionOrderId, po.id))).toHaveLength(0);
    await recordQc(handle.db, { number: po.number, quantityInspected: 3, quantityPassed: 3, actor, now });
    const wrong = await refusal(() => balance(po.number, po.balanceMinor + 100));
    expect(wrong.message).toMatch(/^The balance for this order is Rp/);
    expect(await payoutsOf(po.id)).toHaveLength(1);
    expect((await orderRow(po.number)).status).toBe("qc_passed");
  });

  it("cancels after the advance without clawing it back, and shows the work done beyond it as a settlement due", async () => {
    const { orders } = await fixture({ quantities: [10], unitPriceMinor: 10_000_000 });
    const po = orders[0]!; // total Rp 1.000.000, advance Rp 500.000
    await advance(po.number, po.advanceMinor);
    await startProduction(handle.db, { number: po.number, actor, now });
    expect(await refusedAs(() => cancelProductionOrder(handle.db, { number: po.number, workDonePercent: 101, reason: "Importer cancelled", actor, now }))).toBe("invalid");
    expect(await refusedAs(() => cancelProductionOrder(handle.db, { number: po.number, workDonePercent: 70, reason: " ", actor, now }))).toBe("invalid");
    expect((await orderRow(po.number)).status).toBe("in_production");
    const result = await cancelProductionOrder(handle.db, { number: po.number, workDonePercent: 70, reason: "Importer cancelled the order", actor, now });
    expect(result).toMatchObject({ status: "cancelled", paidMinor: po.advanceMinor, workDoneMinor: 70_000_000, owedMinor: 20_000_000 });
    expect(await orderRow(po.number)).toMatchObject({ status: "cancelled", workDonePercent: 70, owedOnCancelMinor: 20_000_000, cancelReason: "Importer cancelled the order" });
    expect(await payoutsOf(po.id)).toHaveLength(1);

    const due = await listPayoutsDue(handle.db, { status: "due", kind: "settlement", today });
    expect(due.rows.filter((r) => r.productionOrderNumber === po.number)).toEqual([expect.objectContaining({ state: "due", kind: "settlement", amountMinor: 20_000_000 })]);
    expect(await refusedAs(() => recordSettlementPayout(handle.db, { number: po.number, amountMinor: 10_000_000, paidOn: today, method: "cash", reference: "R-1", actor, now }))).toBe("invalid");
    await recordSettlementPayout(handle.db, { number: po.number, amountMinor: 20_000_000, paidOn: today, method: "cash", reference: "R-1", actor, now });
    expect(await refusedAs(() => recordSettlementPayout(handle.db, { number: po.number, amountMinor: 20_000_000, paidOn: today, method: "cash", reference: "R-2", actor, now }))).toBe("conflict");
    const after = await listPayoutsDue(handle.db, { status: "all", today });
    expect(after.rows.filter((r) => r.productionOrderNumber === po.number).map((r) => `${r.state}:${r.kind}`).sort()).toEqual(["paid:advance", "paid:settlement"]);
    expect(await refusedAs(() => cancelProductionOrder(handle.db, { number: po.number, workDonePercent: 0, reason: "again", actor, now }))).toBe("conflict");
  });

  it("lists advances due on drafts and balances due after QC, paid rows with who recorded them, sums per group, and the CSV", async () => {
    const { orders } = await fixture({ groups: 2, quantities: [2] });
    const [a, b] = orders as [(typeof orders)[number], (typeof orders)[number]];
    await advance(b.number, b.advanceMinor, { reference: "=HYPERLINK(\"x\")" });
    await startProduction(handle.db, { number: b.number, actor, now });
    await recordQc(handle.db, { number: b.number, quantityInspected: 2, quantityPassed: 2, actor, now });

    const list = await listPayoutsDue(handle.db, { status: "all", today });
    const mine = list.rows.filter((r) => r.productionOrderNumber === a.number || r.productionOrderNumber === b.number);
    expect(mine).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ state: "due", kind: "advance", productionOrderNumber: a.number, amountMinor: a.advanceMinor, date: today }),
        expect.objectContaining({ state: "due", kind: "balance", productionOrderNumber: b.number, amountMinor: b.balanceMinor }),
        expect.objectContaining({ state: "paid", kind: "advance", productionOrderNumber: b.number, amountMinor: b.advanceMinor, method: "bank_transfer", date: today }),
      ]),
    );
    expect(mine).toHaveLength(3);
    expect(mine.find((r) => r.state === "paid")!.recordedBy).toBeTruthy();
    const groupA = list.groups.find((g) => g.producerId === a.producerId)!;
    expect(groupA.dueMinor).toBe(list.rows.filter((r) => r.producerId === a.producerId && r.state === "due").reduce((n, r) => n + r.amountMinor, 0));

    const onlyB = await listPayoutsDue(handle.db, { status: "due", producerId: b.producerId, kind: "balance", today });
    expect(onlyB.rows.every((r) => r.producerId === b.producerId && r.kind === "balance" && r.state === "due")).toBe(true);
    expect(onlyB.rows.some((r) => r.productionOrderNumber === b.number)).toBe(true);
    const later = await listPayoutsDue(handle.db, { status: "paid", from: "2026-12-02", today });
    expect(later.rows.some((r) => r.productionOrderNumber === b.number)).toBe(false);

    const csv = await payoutsCsv(handle.db, { status: "all", today });
    const lines = csv.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe("state,kind,producer_group,production_order,wholesale_order,amount,currency,date,method,reference,recorded_by,payout_id,corrects_payout_id,note");
    const paidLine = lines.find((l) => l.includes(b.number) && l.startsWith("paid"))!;
    expect(paidLine).toContain(`,${b.advanceMinor / 100},IDR,${today},bank_transfer,`);
    // The seeded correction takes a bank fee back: a negative number a spreadsheet can sum, not defused text.
    expect(lines.some((l) => /,-\d+,IDR,/.test(l))).toBe(true);
    expect(lines.some((l) => l.includes(",'-"))).toBe(false);
    // A reference that looks like a formula is defused, as in the orders export.
    expect(paidLine).toContain(`'=HYPERLINK`);
    expect(lines.some((l) => l.startsWith("due,advance") && l.includes(a.number))).toBe(true);
  });

  it("counts the overview by status and group and marks overdue orders", async () => {
    const { orders } = await fixture({ groups: 1, dueOn: "2026-11-20" });
    const po = orders[0]!;
    const overview = await listProductionOverview(handle.db, { today, q: po.number });
    expect(overview.rows).toEqual([expect.objectContaining({ number: po.number, overdue: true, status: "draft", dueOn: "2026-11-20" })]);
    expect(overview.byStatus.draft).toBeGreaterThanOrEqual(1);
    expect(overview.byGroup.find((g) => g.producerId === po.producerId)!.overdue).toBeGreaterThanOrEqual(1);
    const filtered = await listProductionOverview(handle.db, { today, status: "received", producerId: po.producerId });
    expect(filtered.rows.every((r) => r.status === "received" && r.producerId === po.producerId)).toBe(true);
    expect(filtered.rows.some((r) => r.number === po.number)).toBe(false);
    expect((await listProductionOverview(handle.db, { today: "2026-11-19", q: po.number })).rows[0]!.overdue).toBe(false);
  });

  it("shows the public batch without prices, payouts, bank details or the importer", async () => {
    const { orders } = await fixture();
    const po = orders[0]!;
    await advance(po.number, po.advanceMinor);
    await startProduction(handle.db, { number: po.number, actor, now });
    const batch = await getBatch(handle.db, { code: po.batchCode });
    expect(batch).toMatchObject({ batchCode: po.batchCode, status: "in_production" });
    expect(batch!.producer.name).toBeTruthy();
    expect(batch!.pieces).toHaveLength(po.lines.length);
    expect(batch!.startedAt).not.toBeNull();
    const keys: string[] = [];
    JSON.stringify(batch, (key, value: unknown) => (keys.push(key.toLowerCase()), value));
    for (const secret of ["minor", "payout", "bank", "account", "importer", "price", "reference", "total"]) expect(keys.filter((k) => k.includes(secret))).toEqual([]);
    expect(JSON.stringify(batch)).not.toContain("BRI 0042");
    expect(await getBatch(handle.db, { code: "B-26-ZZZZZZ" })).toBeNull();
  });

  it("never reaches production, QC, balance or receipt without the advance payout, whatever staff do (model-based)", async () => {
    type Step = ProductionAction | "advance_wrong_amount";
    const steps: Step[] = ["record_advance", "advance_wrong_amount", "start_production", "pass_qc", "fail_qc", "rework", "pay_balance", "receive", "cancel"];
    const guarded: ProductionStatus[] = ["in_production", "qc_passed", "qc_failed", "balance_paid", "received"];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...steps), { minLength: 1, maxLength: 8 }), async (sequence) => {
        const { orders } = await fixture({ quantities: [2] });
        const po = orders[0]!;
        let model = { status: "draft" as ProductionStatus, advancePaid: false };
        for (const step of sequence) {
          const run: Record<Step, () => Promise<unknown>> = {
            record_advance: () => advance(po.number, po.advanceMinor),
            advance_wrong_amount: () => advance(po.number, po.advanceMinor + 100),
            start_production: () => startProduction(handle.db, { number: po.number, actor, now }),
            pass_qc: () => recordQc(handle.db, { number: po.number, quantityInspected: 2, quantityPassed: 2, actor, now }),
            fail_qc: () => recordQc(handle.db, { number: po.number, quantityInspected: 2, quantityPassed: 1, actor, now }),
            rework: () => sendToRework(handle.db, { number: po.number, actor, now }),
            pay_balance: () => balance(po.number, po.balanceMinor),
            receive: () => receiveGoods(handle.db, { number: po.number, actor, now }),
            cancel: () => cancelProductionOrder(handle.db, { number: po.number, workDonePercent: 50, reason: "Test", actor, now }),
          };
          const outcome = await refusedAs(run[step]);
          const expected = step === "advance_wrong_amount" ? (transition(model, "record_advance") instanceof Error ? "conflict" : "invalid") : isRefusal(transition(model, step)) ? "conflict" : "ok";
          expect(outcome).toBe(expected);
          if (outcome === "ok" && step !== "advance_wrong_amount") model = transition(model, step) as typeof model;
          const row = await orderRow(po.number);
          expect(row.status).toBe(model.status);
          if (guarded.includes(row.status)) {
            const [own] = await handle.db.select({ id: payouts.id }).from(payouts).where(and(eq(payouts.productionOrderId, po.id), eq(payouts.kind, "advance")));
            expect(own).toBeDefined();
            expect(row.advancePayoutId).toBe(own!.id);
          }
        }
      }),
      { numRuns: 30 },
    );
  }, 120_000);

  describe("through the back-office pages", () => {
    const cookie = async () => (await writeSessionId((await createSession(handle.db, { userId: actor.userId })).id)).split(";")[0]!;
    const post = async (number: string, body: Record<string, string>) =>
      (await productionAction({ request: new Request(`http://localhost/admin/production/${number}`, { method: "POST", body: new URLSearchParams(body), headers: { Cookie: await cookie() } }), params: { number }, context: { clientIp: "203.0.113.9" } })) as unknown as Response | { data: { intent: string; message: string; fields: Record<string, string> }; init: ResponseInit | null };
    const statusOf = (result: Awaited<ReturnType<typeof post>>) => (result instanceof Response ? result.status : result.init?.status);
    const thrownStatus = async (work: () => Promise<unknown>) => {
      try {
        await work();
      } catch (error) {
        if (error instanceof Response) return error.status;
        throw error;
      }
      return "no throw";
    };

    it("answers each bad step with a 4xx and changes nothing, and a good one with a redirect", async () => {
      const { orders } = await fixture();
      const po = orders[0]!;
      const advanceInput = String(po.advanceMinor / 100);
      expect(statusOf(await post(po.number, { intent: "start" }))).toBe(409);
      const wrong = await post(po.number, { intent: "record-advance", amount: "1", paidOn: today, method: "cash", reference: "R" });
      expect(statusOf(wrong)).toBe(400);
      expect(wrong instanceof Response ? "" : wrong.data.fields.amount).toMatch(/The advance for this order is Rp/);
      expect(statusOf(await post(po.number, { intent: "record-advance", amount: "12,5x", paidOn: today, method: "cash", reference: "R" }))).toBe(400);
      expect(statusOf(await post(po.number, { intent: "record-advance", amount: advanceInput, paidOn: today, method: "qris", reference: "R" }))).toBe(400);
      expect(statusOf(await post(po.number, { intent: "record-balance", amount: "1", paidOn: today, method: "cash", reference: "R" }))).toBe(409);
      expect(statusOf(await post(po.number, { intent: "qc", quantityInspected: "1", quantityPassed: "1" }))).toBe(409);
      expect(await thrownStatus(() => post(po.number, { intent: "explode" }))).toBe(400);
      // Numbers past what the database holds are refused as bad input, never a 500.
      expect(statusOf(await post(po.number, { intent: "correct-payout", payoutId: "3000000000", amount: "5", note: "x" }))).toBe(400);
      expect(statusOf(await post(po.number, { intent: "record-advance", amount: advanceInput, paidOn: "0000-01-01", method: "cash", reference: "R" }))).toBe(400);
      expect(await thrownStatus(() => post("PO-26-NOTREAL2", { intent: "start" }))).toBe(404);
      expect(await thrownStatus(() => post("nonsense", { intent: "start" }))).toBe(404);
      expect(await orderRow(po.number)).toMatchObject({ status: "draft", advancePayoutId: null });
      expect(await payoutsOf(po.id)).toHaveLength(0);

      const ok = await post(po.number, { intent: "record-advance", amount: advanceInput, paidOn: today, method: "bank_transfer", reference: "BRI 7" });
      expect(statusOf(ok)).toBe(302);
      expect((await orderRow(po.number)).status).toBe("advance_paid");
      const page = (await productionLoader({ request: new Request(`http://localhost/admin/production/${po.number}`, { headers: { Cookie: await cookie() } }), params: { number: po.number }, context: {} })) as { qr: string | null; batchUrl: string | null };
      expect(page.qr).toContain("<svg");
      expect(page.batchUrl).toMatch(new RegExp(`/batch/${po.batchCode}$`));
    });

    it("downloads the payouts CSV and refuses a bad date with a 400", async () => {
      const headers = { Cookie: await cookie() };
      const csv = (await payoutsCsvLoader({ request: new Request("http://localhost/admin/payouts.csv?status=all", { headers }), params: {}, context: {} })) as Response;
      expect(csv.status).toBe(200);
      expect(csv.headers.get("Content-Type")).toMatch(/text\/csv/);
      expect(await csv.text()).toContain("state,kind,producer_group");
      const bad = (await payoutsCsvLoader({ request: new Request("http://localhost/admin/payouts.csv?from=2026-13-45", { headers }), params: {}, context: {} })) as Response;
      expect(bad.status).toBe(400);
      const anonymous = await thrownStatus(() => payoutsCsvLoader({ request: new Request("http://localhost/admin/payouts.csv"), params: {}, context: {} }));
      expect(anonymous).toBe(302);
    });

    it("serves the public batch page by its code (any case) and a 404 for an unknown or malformed one", async () => {
      const { orders } = await fixture();
      const po = orders[0]!;
      const page = (await batchLoader({ request: new Request(`http://localhost/batch/${po.batchCode}`), params: { code: po.batchCode.toLowerCase() }, context: {} })) as { batch: { batchCode: string }; qr: string };
      expect(page.batch.batchCode).toBe(po.batchCode);
      expect(page.qr).toContain("<svg");
      expect(await thrownStatus(() => batchLoader({ request: new Request("http://localhost/batch/B-26-ZZZZZZ"), params: { code: "B-26-ZZZZZZ" }, context: {} }))).toBe(404);
      expect(await thrownStatus(() => batchLoader({ request: new Request("http://localhost/batch/x"), params: { code: "<script>" }, context: {} }))).toBe(404);
    });
  });
});
