import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, asc, count, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { users, wholesalePayments } from "../../db/schema";
import { auditLog, emails, productionEvents, productionOrderLines, productionOrders, quoteEvents, quotes, variants, wholesaleOrderLines, wholesaleOrders } from "../../db/schema";
import { batchCodePattern, productionOrderNumberPattern, wholesaleOrderNumberPattern } from "~/domain/platform/reference-code";
import { WHOLESALE_INBOX } from "~/domain/wholesale/importer-application";
import { acceptQuote } from "~/models/wholesale/acceptance.server";
import { demoDepositEvent } from "~/models/wholesale/deposit-demo.server";
import { recordBankTransfer, startDepositCheckout } from "~/models/wholesale/deposits.server";
import { applyStripeEvent, verifyStripeEvent } from "~/models/payments/webhooks.server";
import { demoWebhookSecret, signPayload } from "~/models/payments/demo-events.server";
import { action as webhookAction } from "~/routes/_system+/webhooks.stripe";
import { LocalDiskStorage } from "~/utils/storage.server";
import { action as transferAction } from "~/routes/admin+/wholesale-orders.$number";
import { action as payAction, loader as importerOrderLoader } from "~/routes/_wholesale+/wholesale.orders.$number";
import { serveAppFrom, writableBackends } from "../support/db";
import { refusalOf, sessionCookie, thrownResponse } from "../support/outcomes";
import { approvedImporter, sentQuote, variantsOfTwoGroups } from "../support/wholesale-orders";

const origin = "https://shop.kriya.example";
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe.each(writableBackends())("accepting a quote on $name", ({ open }) => {
  let handle: DbHandle;
  let picked: Awaited<ReturnType<typeof variantsOfTwoGroups>>;
  let emailSeq = 0;
  // Producer prices with odd rupiah, so a group's half is not whole and the advance must round up.
  const priceA1 = 3_333_300; // Rp 33.333
  const priceA2 = 1_500_100; // Rp 15.001
  const priceB = 2_000_000;

  beforeAll(async () => {
    handle = await open();
    // The webhook route reads the process's database (getDb): point it at this test's copy.
    restoreAppDb = serveAppFrom(handle);
    picked = await variantsOfTwoGroups(handle.db);
    await handle.db.update(variants).set({ producerPriceMinor: priceA1 }).where(eq(variants.id, picked.a1.id));
    await handle.db.update(variants).set({ producerPriceMinor: priceA2 }).where(eq(variants.id, picked.a2.id));
    await handle.db.update(variants).set({ producerPriceMinor: priceB }).where(eq(variants.id, picked.b.id));
  });
  let restoreAppDb: () => void;
  afterAll(async () => {
    restoreAppDb();
    await handle.close();
  });

  const importer = (depositPercent = 50) => approvedImporter(handle.db, { email: `buyer${++emailSeq}-${Math.random().toString(36).slice(2, 7)}@accept.example`, depositPercent });
  const quoteFor = (importerId: number, overrides: { validUntil?: string } = {}) =>
    sentQuote(handle.db, {
      importerId,
      validUntil: overrides.validUntil ?? day(10),
      leadTimeDays: 75,
      freightMinor: 42_50,
      lines: [
        { variantId: picked.a1.id, quantity: 3, unitPriceMinor: 18_75 },
        { variantId: picked.a2.id, quantity: 5, unitPriceMinor: 9_99 },
        { variantId: picked.b.id, quantity: 12, unitPriceMinor: 6_40 },
      ],
    });
  const ordersOf = (quoteId: number) => handle.db.select().from(wholesaleOrders).where(eq(wholesaleOrders.quoteId, quoteId));
  const productionOf = (orderId: number) => handle.db.select().from(productionOrders).where(eq(productionOrders.wholesaleOrderId, orderId)).orderBy(asc(productionOrders.producerId));

  it("makes the order with the deposit, and one production order per making group at producer prices", async () => {
    const { importerId, userId } = await importer();
    const quote = await quoteFor(importerId);
    const result = await acceptQuote(handle.db, { quoteNumber: quote.number, importerId, userId, origin });
    expect(result.created).toBe(true);
    expect(result.orderNumber).toMatch(wholesaleOrderNumberPattern);

    const [accepted] = await handle.db.select().from(quotes).where(eq(quotes.id, quote.id));
    expect(accepted).toMatchObject({ status: "accepted" });
    expect(accepted!.respondedAt).not.toBeNull();
    expect(await handle.db.select({ kind: quoteEvents.kind, party: quoteEvents.party, userId: quoteEvents.userId }).from(quoteEvents).where(eq(quoteEvents.quoteId, quote.id))).toEqual([
      { kind: "accepted", party: "importer", userId },
    ]);

    const [order] = await ordersOf(quote.id);
    const total = 3 * 18_75 + 5 * 9_99 + 12 * 6_40 + 42_50;
    expect(order).toMatchObject({ number: result.orderNumber, importerId, status: "awaiting_deposit", currency: "USD", totalMinor: total, depositMinor: Math.ceil(total / 2) });
    const lines = await handle.db.select({ variantId: wholesaleOrderLines.variantId, quantity: wholesaleOrderLines.quantity, unitPriceMinor: wholesaleOrderLines.unitPriceMinor }).from(wholesaleOrderLines).where(eq(wholesaleOrderLines.wholesaleOrderId, order!.id)).orderBy(asc(wholesaleOrderLines.id));
    expect(lines).toEqual([
      { variantId: picked.a1.id, quantity: 3, unitPriceMinor: 18_75 },
      { variantId: picked.a2.id, quantity: 5, unitPriceMinor: 9_99 },
      { variantId: picked.b.id, quantity: 12, unitPriceMinor: 6_40 },
    ]);

    const production = await productionOf(order!.id);
    expect(production.map((p) => p.producerId).sort()).toEqual([picked.a1.producerId, picked.b.producerId].sort());
    const groupA = production.find((p) => p.producerId === picked.a1.producerId)!;
    const groupB = production.find((p) => p.producerId === picked.b.producerId)!;
    // Two products at different unit rates sum exactly into group A; group B is billed only for what it made.
    const totalA = 3 * priceA1 + 5 * priceA2;
    expect(groupA).toMatchObject({ status: "draft", currency: "IDR", totalMinor: totalA, advanceMinor: Math.ceil(totalA / 200) * 100, dueOn: day(75) });
    expect(groupA.advanceMinor + groupA.balanceMinor).toBe(totalA);
    expect(groupA.advanceMinor * 2).toBeGreaterThanOrEqual(totalA);
    expect(groupA.advanceMinor % 100).toBe(0);
    expect(groupB).toMatchObject({ totalMinor: 12 * priceB, advanceMinor: 6 * priceB, balanceMinor: 6 * priceB });
    for (const p of production) {
      expect(p.number).toMatch(productionOrderNumberPattern);
      expect(p.batchCode).toMatch(batchCodePattern);
    }
    const linesA = await handle.db.select().from(productionOrderLines).where(eq(productionOrderLines.productionOrderId, groupA.id)).orderBy(asc(productionOrderLines.id));
    expect(linesA.map((l) => [l.variantId, l.quantity, l.unitPriceMinor, l.lineTotalMinor])).toEqual([
      [picked.a1.id, 3, priceA1, 3 * priceA1],
      [picked.a2.id, 5, priceA2, 5 * priceA2],
    ]);
    const linesB = await handle.db.select().from(productionOrderLines).where(eq(productionOrderLines.productionOrderId, groupB.id));
    expect(linesB.map((l) => l.variantId)).toEqual([picked.b.id]);
    const events = await handle.db.select().from(productionEvents).where(inArray(productionEvents.productionOrderId, production.map((p) => p.id)));
    expect(events.map((e) => [e.status, e.note])).toEqual(production.map(() => ["draft", `Created from quote ${quote.number}`]));

    const mail = await handle.db.select().from(emails).where(inArray(emails.subject, [`Order ${result.orderNumber} confirmed: your deposit of $${(Math.ceil(total / 2) / 100).toFixed(2)}`]));
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text).toContain(`${origin}/wholesale/orders/${result.orderNumber}`);
    const staffNotices = (await handle.db.select().from(emails).where(eq(emails.to, WHOLESALE_INBOX))).filter((e) => e.subject.startsWith(`Quote ${quote.number} accepted`));
    expect(staffNotices).toHaveLength(1);
  });

  it("uses the importer's own deposit share, rounded up to the cent", async () => {
    const { importerId, userId } = await importer(30);
    const quote = await quoteFor(importerId);
    await acceptQuote(handle.db, { quoteNumber: quote.number, importerId, userId, origin });
    const [order] = await ordersOf(quote.id);
    expect(order!.depositMinor).toBe(Math.ceil((quote.totalMinor * 30) / 100));
  });

  it("gives one order, once, when the quote is accepted again and when several accepts race", async () => {
    const { importerId, userId } = await importer();
    const first = await quoteFor(importerId);
    const once = await acceptQuote(handle.db, { quoteNumber: first.number, importerId, userId, origin });
    expect(await acceptQuote(handle.db, { quoteNumber: first.number, importerId, userId, origin })).toEqual({ orderNumber: once.orderNumber, created: false });

    const raced = await quoteFor(importerId);
    // On PostgreSQL these are real parallel transactions on separate connections: the later ones wait on the quote's lock.
    const results = await Promise.all([1, 2, 3, 4].map(() => acceptQuote(handle.db, { quoteNumber: raced.number, importerId, userId, origin })));
    expect(new Set(results.map((r) => r.orderNumber)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const orders = await ordersOf(raced.id);
    expect(orders).toHaveLength(1);
    expect(await productionOf(orders[0]!.id)).toHaveLength(2);
    const [{ events }] = (await handle.db.select({ events: count() }).from(quoteEvents).where(eq(quoteEvents.quoteId, raced.id))) as [{ events: number }];
    expect(events).toBe(1);
    const confirmations = await handle.db.select().from(emails).where(eq(emails.subject, `Order ${orders[0]!.number} confirmed: your deposit of $${(orders[0]!.depositMinor / 100).toFixed(2)}`));
    expect(confirmations).toHaveLength(1);
  });

  it("refuses a quote past its validity, and writes nothing", async () => {
    const { importerId, userId } = await importer();
    const quote = await quoteFor(importerId, { validUntil: day(-1) });
    const refusal = await refusalOf(() => acceptQuote(handle.db, { quoteNumber: quote.number, importerId, userId, origin }));
    expect(refusal.kind).toBe("conflict");
    expect(refusal.message).toContain(`This quote expired on ${day(-1)}`);
    expect(await ordersOf(quote.id)).toEqual([]);
    expect((await handle.db.select({ status: quotes.status, respondedAt: quotes.respondedAt }).from(quotes).where(eq(quotes.id, quote.id)))[0]).toEqual({ status: "sent", respondedAt: null });
    expect(await handle.db.select().from(quoteEvents).where(eq(quoteEvents.quoteId, quote.id))).toEqual([]);
  });

  it("answers someone else's quote as not found, and writes nothing", async () => {
    const owner = await importer();
    const other = await importer();
    const quote = await quoteFor(owner.importerId);
    const emailsBefore = (await handle.db.select({ n: count() }).from(emails))[0]!.n;
    const refusal = await refusalOf(() => acceptQuote(handle.db, { quoteNumber: quote.number, importerId: other.importerId, userId: other.userId, origin }));
    expect(refusal.kind).toBe("not_found");
    expect(await ordersOf(quote.id)).toEqual([]);
    expect((await handle.db.select({ status: quotes.status }).from(quotes).where(eq(quotes.id, quote.id)))[0]!.status).toBe("sent");
    expect((await handle.db.select({ n: count() }).from(emails))[0]!.n).toBe(emailsBefore);
  });

  it("refuses a quote that was not sent", async () => {
    const { importerId, userId } = await importer();
    const quote = await quoteFor(importerId);
    await handle.db.update(quotes).set({ status: "declined" }).where(eq(quotes.id, quote.id));
    const refusal = await refusalOf(() => acceptQuote(handle.db, { quoteNumber: quote.number, importerId, userId, origin }));
    expect(refusal.kind).toBe("conflict");
    expect(await ordersOf(quote.id)).toEqual([]);
  });
  describe("the deposit", () => {
    const urls = { successUrl: `${origin}/ok`, cancelUrl: `${origin}/no`, demoUrl: "/demo" };
    /** Posted to the real webhook route, signed with the demo secret as the demo checkout does. */
    const postSigned = (payload: string) =>
      webhookAction({
        request: new Request("http://localhost/webhooks/stripe", { method: "POST", body: payload, headers: { "content-type": "application/json", "stripe-signature": signPayload(payload, demoWebhookSecret()) } }),
        params: {},
        context: {},
      });
    async function acceptedOrder() {
      const buyer = await importer();
      const quote = await quoteFor(buyer.importerId);
      const { orderNumber } = await acceptQuote(handle.db, { quoteNumber: quote.number, importerId: buyer.importerId, userId: buyer.userId, origin });
      const [order] = await handle.db.select().from(wholesaleOrders).where(eq(wholesaleOrders.number, orderNumber));
      return { ...buyer, order: order! };
    }
    const paymentsOf = (orderId: number) => handle.db.select().from(wholesalePayments).where(eq(wholesalePayments.wholesaleOrderId, orderId));
    const statusOf = async (orderId: number) => (await handle.db.select({ status: wholesaleOrders.status }).from(wholesaleOrders).where(eq(wholesaleOrders.id, orderId)))[0]!.status;

    it("is paid once through the signed webhook, even when the event is replayed or sent again", async () => {
      const { order, importerId } = await acceptedOrder();
      const started = await startDepositCheckout(handle.db, { orderNumber: order.number, importerId, stripe: null, urls });
      expect(started).toEqual({ redirectTo: "/demo", demo: true });
      const [open] = await handle.db.select().from(wholesaleOrders).where(eq(wholesaleOrders.id, order.id));
      expect(open!.depositDemo).toBe(true);
      expect(open!.depositCheckoutSessionId).toMatch(/^cs_demo_wo_/);

      const payload = (await demoDepositEvent(handle.db, { orderId: order.id }))!;
      const responses = await Promise.all([postSigned(payload), postSigned(payload)]);
      expect(responses.map((r) => r.status)).toEqual([200, 200]);
      // The same session completed again under a new event id: the one-deposit index keeps it to one payment.
      expect((await postSigned((await demoDepositEvent(handle.db, { orderId: order.id }))!)).status).toBe(200);

      const payments = await paymentsOf(order.id);
      expect(payments).toHaveLength(1);
      expect(payments[0]).toMatchObject({ kind: "deposit", method: "stripe", currency: "USD", amountMinor: order.depositMinor, rateMicros: 1_000_000, stripeCheckoutSessionId: open!.depositCheckoutSessionId });
      expect(await statusOf(order.id)).toBe("deposit_paid");
      expect(await handle.db.select().from(emails).where(eq(emails.subject, `Deposit received for order ${order.number}`))).toHaveLength(1);
      const staff = (await handle.db.select().from(emails).where(eq(emails.to, WHOLESALE_INBOX))).filter((e) => e.subject.startsWith(`Deposit received: ${order.number}`));
      expect(staff).toHaveLength(1);

      // Paid: no second checkout.
      const again = await refusalOf(() => startDepositCheckout(handle.db, { orderNumber: order.number, importerId, stripe: null, urls }));
      expect(again.kind).toBe("conflict");
    });

    it("records nothing for a wrong amount, tells staff, and never pays a demo session from a live event", async () => {
      const { order, importerId } = await acceptedOrder();
      await startDepositCheckout(handle.db, { orderNumber: order.number, importerId, stripe: null, urls });
      const short = (await demoDepositEvent(handle.db, { orderId: order.id, amountMinor: order.depositMinor - 1 }))!;
      expect((await postSigned(short)).status).toBe(200);
      expect(await paymentsOf(order.id)).toEqual([]);
      expect(await statusOf(order.id)).toBe("awaiting_deposit");
      const notices = await handle.db.select().from(emails).where(eq(emails.subject, `Deposit payment for ${order.number} needs a look`));
      expect(notices).toHaveLength(1);
      expect(notices[0]!.text).toContain("so the deposit was not recorded");

      // Verified with a live secret (demo: false): a demo session is not paid by it.
      const live = (await demoDepositEvent(handle.db, { orderId: order.id }))!;
      const result = await applyStripeEvent(handle.db, verifyStripeEvent(live, signPayload(live, "whsec_live_test"), "whsec_live_test"), { demo: false });
      expect(result).toMatchObject({ duplicate: false, handled: false });
      expect(await paymentsOf(order.id)).toEqual([]);
    });

    it("answers someone else's order as not found when asked to pay", async () => {
      const { order } = await acceptedOrder();
      const other = await importer();
      expect((await refusalOf(() => startDepositCheckout(handle.db, { orderNumber: order.number, importerId: other.importerId, stripe: null, urls }))).kind).toBe("not_found");
      expect((await handle.db.select().from(wholesaleOrders).where(eq(wholesaleOrders.id, order.id)))[0]!.depositCheckoutSessionId).toBeNull();
    });

    it("records a bank transfer with its proof, refuses a wrong amount, a future date, no reference and a second deposit", async () => {
      const { order } = await acceptedOrder();
      const storage = new LocalDiskStorage(await mkdtemp(path.join(tmpdir(), "kriya-proofs-")));
      const staffUser = (await handle.db.select({ id: users.id }).from(users).where(eq(users.email, "staff@kriya.example")))[0]!.id;
      const base = {
        orderNumber: order.number,
        kind: "deposit" as const,
        amountMinor: order.depositMinor,
        currency: "USD",
        receivedOn: day(-1),
        reference: "BCA 2026-118-0042",
        proof: { bytes: Buffer.from("%PDF-1.4 transfer slip"), filename: "slip.pdf", contentType: "application/pdf" },
        actor: { userId: staffUser },
        storage,
        origin,
      };
      const auditCount = async () => (await handle.db.select({ n: count() }).from(auditLog).where(and(eq(auditLog.entityType, "wholesale_order"), eq(auditLog.entityId, order.number))))[0]!.n;
      const bad = [
        { input: { ...base, amountMinor: order.depositMinor - 100 }, field: "amount" },
        { input: { ...base, receivedOn: day(2) }, field: "receivedOn" },
        { input: { ...base, reference: "   " }, field: "reference" },
        { input: { ...base, amountMinor: 0 }, field: "amount" },
        { input: { ...base, proof: { bytes: Buffer.from("<html>"), filename: "slip.html", contentType: "text/html" } }, field: "proof" },
      ];
      for (const { input, field } of bad) {
        const refusal = await refusalOf(() => recordBankTransfer(handle.db, input));
        expect(refusal.field).toBe(field);
        expect(["invalid", "unsupported"]).toContain(refusal.kind);
      }
      expect(await paymentsOf(order.id)).toEqual([]);
      expect(await statusOf(order.id)).toBe("awaiting_deposit");
      expect(await auditCount()).toBe(0);

      const { paymentId } = await recordBankTransfer(handle.db, base);
      const [payment] = await paymentsOf(order.id);
      expect(payment).toMatchObject({ id: paymentId, kind: "deposit", method: "bank_transfer", amountMinor: order.depositMinor, reference: "BCA 2026-118-0042", recordedBy: staffUser });
      expect(payment!.proofFile).toMatch(/^wholesale-proofs\/[0-9a-f]{64}\.pdf$/);
      expect(await storage.get(payment!.proofFile!)).toEqual(base.proof.bytes);
      expect(await statusOf(order.id)).toBe("deposit_paid");
      expect(await auditCount()).toBe(1);

      const second = await refusalOf(() => recordBankTransfer(handle.db, { ...base, reference: "BCA again" }));
      expect(second.kind).toBe("conflict");
      expect(await paymentsOf(order.id)).toHaveLength(1);
    });

    it("takes the balance only after the deposit, never more than is still due, and never the same transfer twice", async () => {
      const { order } = await acceptedOrder();
      const storage = new LocalDiskStorage(await mkdtemp(path.join(tmpdir(), "kriya-proofs-")));
      const staffUser = (await handle.db.select({ id: users.id }).from(users).where(eq(users.email, "staff@kriya.example")))[0]!.id;
      const balanceMinor = order.totalMinor - order.depositMinor;
      const transfer = (kind: "deposit" | "balance", amountMinor: number, reference: string) =>
        recordBankTransfer(handle.db, { orderNumber: order.number, kind, amountMinor, currency: "USD", receivedOn: day(-1), reference, proof: null, actor: { userId: staffUser }, storage, origin });

      expect((await refusalOf(() => transfer("balance", balanceMinor, "BCA B-1"))).kind).toBe("conflict");
      expect(await paymentsOf(order.id)).toEqual([]);
      await transfer("deposit", order.depositMinor, "BCA D-1");

      await transfer("balance", balanceMinor - 1_000, "BCA B-1");
      expect((await refusalOf(() => transfer("balance", 500, "bca b-1"))).kind).toBe("conflict");
      const over = await refusalOf(() => transfer("balance", 1_001, "BCA B-2"));
      expect(over.kind).toBe("invalid");
      expect(over.field).toBe("amount");
      await transfer("balance", 1_000, "BCA B-2");
      expect((await refusalOf(() => transfer("balance", 1, "BCA B-3"))).kind).toBe("conflict");
      const received = await paymentsOf(order.id);
      expect(received.filter((p) => p.kind === "balance").reduce((sum, p) => sum + p.amountMinor, 0)).toBe(balanceMinor);
      expect(received).toHaveLength(3);
    });
  });
  describe("the order pages", () => {
    const cookieFor = (userId: number) => sessionCookie(handle.db, userId);
    async function acceptedOrder() {
      const buyer = await importer();
      const quote = await quoteFor(buyer.importerId);
      const { orderNumber } = await acceptQuote(handle.db, { quoteNumber: quote.number, importerId: buyer.importerId, userId: buyer.userId, origin });
      const [order] = await handle.db.select().from(wholesaleOrders).where(eq(wholesaleOrders.number, orderNumber));
      return { ...buyer, order: order! };
    }

    it("shows an importer only its own order: anyone else's is a 404, to look at and to pay", async () => {
      const { order, userId } = await acceptedOrder();
      const other = await importer();
      const own = await importerOrderLoader({ request: new Request(`http://localhost/wholesale/orders/${order.number}`, { headers: { Cookie: await cookieFor(userId) } }), params: { number: order.number }, context: {} });
      expect(own.order.number).toBe(order.number);
      expect(own.groups).toHaveLength(2);
      expect(own.canPay).toBe(true);
      const cookie = await cookieFor(other.userId);
      const peek = await thrownResponse(() => importerOrderLoader({ request: new Request(`http://localhost/wholesale/orders/${order.number}`, { headers: { Cookie: cookie } }), params: { number: order.number }, context: {} }));
      expect(peek.status).toBe(404);
      const body = new URLSearchParams({ intent: "pay-deposit" });
      const pay = await thrownResponse(() => payAction({ request: new Request(`http://localhost/wholesale/orders/${order.number}`, { method: "POST", body, headers: { Cookie: cookie } }), params: { number: order.number }, context: {} }));
      expect(pay.status).toBe(404);
      expect((await handle.db.select().from(wholesaleOrders).where(eq(wholesaleOrders.id, order.id)))[0]!.depositCheckoutSessionId).toBeNull();
    });

    it("answers a bad bank-transfer form with a 4xx on its field and writes nothing", async () => {
      const { order } = await acceptedOrder();
      const staffId = (await handle.db.select({ id: users.id }).from(users).where(eq(users.email, "staff@kriya.example")))[0]!.id;
      const cookie = await cookieFor(staffId);
      const post = (fields: Record<string, string>) => {
        const body = new FormData();
        for (const [k, v] of Object.entries(fields)) body.append(k, v);
        return transferAction({ request: new Request(`http://localhost/admin/wholesale-orders/${order.number}`, { method: "POST", body, headers: { Cookie: cookie } }), params: { number: order.number }, context: {} });
      };
      const good = { intent: "record-transfer", kind: "deposit", amount: (order.depositMinor / 100).toFixed(2), receivedOn: day(0), reference: "ABN 55" };
      const cases: [Record<string, string>, number, string][] = [
        [{ ...good, amount: "1.00" }, 400, "amount"],
        [{ ...good, receivedOn: day(3) }, 400, "receivedOn"],
        [{ ...good, reference: "" }, 400, "reference"],
        [{ ...good, amount: "-5" }, 400, "amount"],
        [{ ...good, intent: "delete" }, 400, ""],
      ];
      for (const [fields, status, field] of cases) {
        const result = await post(fields).catch((error: unknown) => error);
        if (result instanceof Response) {
          expect(result.status).toBe(status);
          continue;
        }
        const reply = result as { data: { fields: Record<string, string> }; init: ResponseInit | null };
        expect(reply.init?.status, JSON.stringify(fields)).toBe(status);
        expect(Object.keys(reply.data.fields)).toContain(field);
      }
      expect(await handle.db.select().from(wholesalePayments).where(eq(wholesalePayments.wholesaleOrderId, order.id))).toEqual([]);
      expect((await handle.db.select({ status: wholesaleOrders.status }).from(wholesaleOrders).where(eq(wholesaleOrders.id, order.id)))[0]!.status).toBe("awaiting_deposit");
    });
  });
});
