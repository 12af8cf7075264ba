import { and, asc, count, eq, like, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { auditLog, emails, orderEvents, orderLines, orders, outboxMessages, stockMovements, stripeEvents, turnoverEntries, users } from "../../db/schema";
import { parseAdminOrderQuery, type AdminOrderQuery } from "~/domain/retail/admin-orders";
import { formatMoney, formatMoneyInput } from "~/domain/money/money";
import { exportOrdersCsv, getAdminOrder, listAdminOrders, packOrder, refundOrder, shipOrder } from "~/models/retail/admin-orders.server";
import { Refusal } from "~/domain/platform/refusal";
import { REFUND_EMAIL } from "~/models/platform/emails.server";
import { outboxHandlers } from "~/models/platform/outbox-handlers.server";
import { drainOutbox } from "~/models/platform/outbox.server";
import { countOrdersOwingRefund } from "~/models/platform/dashboard.server";
import { startFakeStripe, stripeClientFor, type FakeStripe } from "../fakes/stripe-server";
import { writableBackends } from "../support/db";
import { deliver, IDR_RATE, onlineStock, orderStatus, placeOne, sessionObject, setOnlineStock, someVariant, stripeEvent } from "../support/retail";

const IP = "203.0.113.7";

function query(search: string): AdminOrderQuery {
  const parsed = parseAdminOrderQuery(new URLSearchParams(search));
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  return parsed.query;
}

/** The CSV as sent, byte order mark included (Response.text() would drop it). */
async function csvText(stream: ReadableStream<Uint8Array>) {
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(stream).arrayBuffer());
}

describe.each(writableBackends())("back-office orders on $name", ({ open }) => {
  let handle: DbHandle;
  let fake: FakeStripe;
  let stripe: Stripe;
  let staffId: number;
  let variantOffset = 0;

  beforeAll(async () => {
    handle = await open();
    fake = await startFakeStripe();
    stripe = stripeClientFor(fake);
    const [staff] = await handle.db.select({ id: users.id }).from(users).where(eq(users.email, "staff@kriya.example"));
    staffId = staff!.id;
  });
  afterAll(async () => {
    await fake.close();
    await handle.close();
  });
  beforeEach(() => fake.reset());

  /** A paid order, as the webhook leaves it. `demo: false` orders carry a Stripe PaymentIntent id. */
  async function paidOrder(options: { demo?: boolean; email?: string; name?: string; currency?: string; rateMicros?: number; country?: string } = {}) {
    const variant = await someVariant(handle.db, 30 + (variantOffset++ % 40));
    await setOnlineStock(handle.db, variant.id, 50);
    const email = options.email ?? `buyer-${variantOffset}-${Date.now()}@example.com`;
    const order = await placeOne(handle.db, variant.id, 2, {
      demo: options.demo ?? false,
      email,
      ...(options.currency ? { currency: options.currency, rateMicros: options.rateMicros!, country: options.country! } : {}),
    });
    await deliver(handle.db, stripeEvent("checkout.session.completed", sessionObject(order.id, { customer_details: { email, name: options.name ?? "Anna Test" } })));
    expect((await orderStatus(handle.db, order.id)).status).toBe("paid");
    return { ...order, email, paymentIntent: sessionObject(order.id).payment_intent };
  }

  const actor = () => ({ userId: staffId, ip: IP });
  const eventsOf = (orderId: string) => handle.db.select({ status: orderEvents.status, note: orderEvents.note }).from(orderEvents).where(eq(orderEvents.orderId, orderId)).orderBy(asc(orderEvents.id));
  const auditOf = (number: string) => handle.db.select().from(auditLog).where(and(eq(auditLog.entityType, "order"), eq(auditLog.entityId, number))).orderBy(asc(auditLog.id));
  const emailsOf = (orderId: string) => handle.db.select().from(emails).where(eq(emails.orderId, orderId)).orderBy(asc(emails.id));
  const rowOf = async (orderId: string) => (await handle.db.select().from(orders).where(eq(orders.id, orderId)))[0]!;

  describe("the list", () => {
    it("finds orders by number, email or customer name, case-insensitively", async () => {
      const tag = `find${Date.now()}`;
      const a = await paidOrder({ email: `${tag}-a@example.com`, name: "Siti Rahma" });
      const b = await paidOrder({ email: `${tag}-b@example.com`, name: "Ketut Wirawan" });
      expect((await listAdminOrders(handle.db, query(`q=${tag.toUpperCase()}`))).orders.map((o) => o.number)).toEqual([b.number, a.number]);
      expect((await listAdminOrders(handle.db, query(`q=${a.number.toLowerCase()}`))).orders.map((o) => o.number)).toEqual([a.number]);
      expect((await listAdminOrders(handle.db, query("q=ketut wira"))).orders.map((o) => o.number)).toEqual([b.number]);
      // LIKE wildcards are matched literally, not as wildcards.
      expect((await listAdminOrders(handle.db, query("q=%25")))).toMatchObject({ total: 0, orders: [] });
      expect((await listAdminOrders(handle.db, query("q=_")))).toMatchObject({ total: 0, orders: [] });
    });

    it("filters by status, demo or real, and Jakarta calendar days", async () => {
      const tag = `filter${Date.now()}`;
      const live = await paidOrder({ email: `${tag}-live@example.com` });
      const demo = await paidOrder({ email: `${tag}-demo@example.com`, demo: true });
      await packOrder(handle.db, { number: demo.number, ...actor() });
      // 2025-01-10 18:30 UTC is 2025-01-11 01:30 in Jakarta.
      await handle.db.update(orders).set({ createdAt: new Date("2025-01-10T18:30:00Z") }).where(eq(orders.id, live.id));
      const numbers = async (search: string) => (await listAdminOrders(handle.db, query(`q=${tag}&${search}`))).orders.map((o) => o.number);
      expect(await numbers("status=packed")).toEqual([demo.number]);
      expect(await numbers("status=paid")).toEqual([live.number]);
      expect(await numbers("status=shipped")).toEqual([]);
      expect(await numbers("demo=demo")).toEqual([demo.number]);
      expect(await numbers("demo=live")).toEqual([live.number]);
      expect(await numbers("from=2025-01-11&to=2025-01-11")).toEqual([live.number]);
      expect(await numbers("from=2025-01-10&to=2025-01-10")).toEqual([]);
      expect(await numbers("to=2025-01-12")).toEqual([live.number]);
      expect(await numbers("from=2025-01-12")).toEqual([demo.number]);
    });

    it("pages newest first with the total count", async () => {
      const tag = `pages${Date.now()}`;
      const placed: string[] = [];
      for (let i = 0; i < 27; i++) {
        const variant = await someVariant(handle.db, 5);
        await setOnlineStock(handle.db, variant.id, 50);
        const order = await placeOne(handle.db, variant.id, 1, { email: `${tag}-${i}@example.com` });
        await handle.db.update(orders).set({ createdAt: new Date(Date.UTC(2025, 5, 1, 0, i)) }).where(eq(orders.id, order.id));
        placed.push(order.number);
      }
      const first = await listAdminOrders(handle.db, query(`q=${tag}`));
      expect(first).toMatchObject({ total: 27, page: 1, pageCount: 2 });
      expect(first.orders.map((o) => o.number)).toEqual(placed.slice().reverse().slice(0, 25));
      expect(first.orders[0]).toMatchObject({ status: "pending_payment", items: 1, demo: true });
      const second = await listAdminOrders(handle.db, query(`q=${tag}&page=2`));
      expect(second.orders.map((o) => o.number)).toEqual([placed[1], placed[0]]);
    });
  });

  describe("packing and shipping", () => {
    it("packs a paid order once, with a timeline entry and an audit entry naming who and from where", async () => {
      const order = await paidOrder();
      await expect(packOrder(handle.db, { number: order.number, ...actor() })).resolves.toEqual({ status: "packed" });
      const row = await rowOf(order.id);
      expect(row.status).toBe("packed");
      expect(row.packedAt).toBeInstanceOf(Date);
      expect((await eventsOf(order.id)).map((e) => e.status)).toEqual(["pending_payment", "paid", "packed"]);
      expect(await auditOf(order.number)).toMatchObject([{ userId: staffId, ip: IP, action: "pack", changes: { status: { from: "paid", to: "packed" } } }]);

      const again = await packOrder(handle.db, { number: order.number, ...actor() }).catch((e: unknown) => e);
      expect(again).toBeInstanceOf(Refusal);
      expect(again).toMatchObject({ kind: "conflict", message: `Order ${order.number} is packed, so it can't be marked packed.` });
      expect(await eventsOf(order.id)).toHaveLength(3);
      expect(await auditOf(order.number)).toHaveLength(1);
    });

    it("refuses to pack or ship an unpaid order and changes nothing", async () => {
      const variant = await someVariant(handle.db, 3);
      await setOnlineStock(handle.db, variant.id, 50);
      const unpaid = await placeOne(handle.db, variant.id, 1);
      await expect(packOrder(handle.db, { number: unpaid.number, ...actor() })).rejects.toMatchObject({ kind: "conflict", message: expect.stringContaining("awaiting payment") });
      await expect(shipOrder(handle.db, { number: unpaid.number, carrier: "DHL Express", trackingNumber: "JD0123456789", ...actor() })).rejects.toMatchObject({ kind: "conflict" });
      expect(await rowOf(unpaid.id)).toMatchObject({ status: "pending_payment", carrier: null, trackingNumber: null });
      expect(await auditOf(unpaid.number)).toEqual([]);
      await expect(packOrder(handle.db, { number: "KR-26-ZZZZZZZZ", ...actor() })).rejects.toMatchObject({ kind: "not_found" });
    });

    it("ships a packed order with carrier and tracking, emails the customer and audits it", async () => {
      const order = await paidOrder({ name: "Made <Wirawan>" });
      await packOrder(handle.db, { number: order.number, ...actor() });
      const shipped = await shipOrder(handle.db, { number: order.number, carrier: "  POS  Indonesia ", trackingNumber: "rr 123 456 789 id", ...actor() });
      expect(shipped).toEqual({ status: "shipped", carrier: "POS Indonesia", trackingNumber: "RR123456789ID" });
      expect(await rowOf(order.id)).toMatchObject({ status: "shipped", carrier: "POS Indonesia", trackingNumber: "RR123456789ID", shippedAt: expect.any(Date) });
      expect((await eventsOf(order.id)).at(-1)).toEqual({ status: "shipped", note: "Shipped with POS Indonesia, tracking number RR123456789ID" });
      const mail = (await emailsOf(order.id)).at(-1)!;
      expect(mail).toMatchObject({ to: order.email, subject: `Your Kriya order ${order.number} is on its way` });
      expect(mail.text).toContain("Tracking number: RR123456789ID");
      expect(mail.text).toContain("Carrier: POS Indonesia");
      expect(mail.html).toContain("<strong>RR123456789ID</strong>");
      expect(await auditOf(order.number)).toMatchObject([
        { action: "pack" },
        { userId: staffId, ip: IP, action: "ship", changes: { status: { from: "packed", to: "shipped" }, carrier: "POS Indonesia", trackingNumber: "RR123456789ID" } },
      ]);
      await expect(shipOrder(handle.db, { number: order.number, carrier: "DHL Express", trackingNumber: "JD0123456789", ...actor() })).rejects.toMatchObject({
        kind: "conflict",
        message: `Order ${order.number} is shipped, so it can't be marked shipped.`,
      });
      expect((await rowOf(order.id)).carrier).toBe("POS Indonesia");
    });

    it("ships a paid order through packed, both on the timeline", async () => {
      const order = await paidOrder();
      await shipOrder(handle.db, { number: order.number, carrier: "DHL Express", trackingNumber: "JD0123456789", ...actor() });
      expect((await eventsOf(order.id)).map((e) => e.status)).toEqual(["pending_payment", "paid", "packed", "shipped"]);
      expect(await rowOf(order.id)).toMatchObject({ status: "shipped", packedAt: expect.any(Date) });
      expect(await auditOf(order.number)).toMatchObject([{ action: "ship", changes: { status: { from: "paid", to: "shipped" } } }]);
    });

    it("rejects shipping without a carrier or a tracking number, and changes nothing", async () => {
      const order = await paidOrder();
      await packOrder(handle.db, { number: order.number, ...actor() });
      const before = { row: await rowOf(order.id), events: await eventsOf(order.id), emails: await emailsOf(order.id), audit: await auditOf(order.number) };
      for (const [carrier, trackingNumber, field] of [
        ["DHL Express", "", "trackingNumber"],
        ["DHL Express", "   ", "trackingNumber"],
        ["DHL Express", "123", "trackingNumber"],
        ["DHL Express", "X".repeat(41), "trackingNumber"],
        ["", "JD0123456789", "carrier"],
        ["   ", "JD0123456789", "carrier"],
      ] as const) {
        await expect(shipOrder(handle.db, { number: order.number, carrier, trackingNumber, ...actor() }), `${carrier}/${trackingNumber}`).rejects.toMatchObject({ kind: "invalid", field });
      }
      expect({ row: await rowOf(order.id), events: await eventsOf(order.id), emails: await emailsOf(order.id), audit: await auditOf(order.number) }).toEqual(before);
      expect(before.row.status).toBe("packed");
    });
  });

  describe("refunds", () => {
    const refundsSent = () => fake.requests.filter((r) => r.method === "POST" && r.path === "/v1/refunds");

    it("refunds part, then the rest, through Stripe with an idempotency key, and audits each", async () => {
      const order = await paidOrder();
      const first = await refundOrder(handle.db, { stripe: stripe, number: order.number, amount: "12.50", expectedRefundedMinor: 0, ...actor() });
      expect(first).toMatchObject({ amountMinor: 1250, refundedMinor: 1250, status: "paid", replayed: false, refundId: expect.stringMatching(/^re_test_/) });
      expect(refundsSent()).toHaveLength(1);
      expect(refundsSent()[0]).toMatchObject({
        idempotencyKey: `kriya-refund-${order.id}-0`,
        body: { payment_intent: order.paymentIntent, amount: "1250", metadata: { order_id: order.id, order_number: order.number } },
      });
      expect(await orderStatus(handle.db, order.id)).toEqual({ status: "paid", refundedMinor: 1250 });
      expect((await eventsOf(order.id)).at(-1)!.note).toMatch(/^Partly refunded: 12,50\s€/);

      const rest = order.totalMinor - 1250;
      const restText = `${Math.floor(rest / 100)}.${String(rest % 100).padStart(2, "0")}`;
      const second = await refundOrder(handle.db, { stripe: stripe, number: order.number, amount: restText, expectedRefundedMinor: 1250, ...actor() });
      expect(second).toMatchObject({ amountMinor: rest, refundedMinor: order.totalMinor, status: "refunded" });
      expect(refundsSent()[1]).toMatchObject({ idempotencyKey: `kriya-refund-${order.id}-1250`, body: { amount: String(rest) } });
      expect(await orderStatus(handle.db, order.id)).toEqual({ status: "refunded", refundedMinor: order.totalMinor });

      expect(await auditOf(order.number)).toMatchObject([
        { userId: staffId, ip: IP, action: "refund", changes: { amountMinor: 1250, currency: "EUR", refundId: first.refundId, refundedMinor: { from: 0, to: 1250 } } },
        { userId: staffId, ip: IP, action: "refund", changes: { amountMinor: rest, refundedMinor: { from: 1250, to: order.totalMinor }, status: { from: "paid", to: "refunded" } } },
      ]);
      // Fully refunded: nothing more can be refunded, packed or shipped.
      await expect(refundOrder(handle.db, { stripe: stripe, number: order.number, amount: "1", expectedRefundedMinor: order.totalMinor, ...actor() })).rejects.toMatchObject({ kind: "conflict" });
      await expect(packOrder(handle.db, { number: order.number, ...actor() })).rejects.toMatchObject({ kind: "conflict" });
      expect(refundsSent()).toHaveLength(2);
    });

    it("rejects an over-refund, zero, negative and unreadable amounts without calling Stripe", async () => {
      const order = await paidOrder();
      await refundOrder(handle.db, { stripe: stripe, number: order.number, amount: "10", expectedRefundedMinor: 0, ...actor() });
      fake.reset();
      const remaining = order.totalMinor - 1000;
      const over = `${Math.floor((remaining + 1) / 100)}.${String((remaining + 1) % 100).padStart(2, "0")}`;
      for (const [amount, message] of [
        [over, /You can refund at most/],
        ["0", /above zero/],
        ["0.00", /above zero/],
        ["-5", /above zero/],
        ["abc", /the order is in EUR/],
        ["1.234", /at most 2 decimals/],
        ["1e3", /the order is in EUR/],
      ] as const) {
        await expect(refundOrder(handle.db, { stripe: stripe, number: order.number, amount, expectedRefundedMinor: 1000, ...actor() }), amount).rejects.toMatchObject({
          kind: "invalid",
          field: "amount",
          message: expect.stringMatching(message),
        });
      }
      expect(refundsSent()).toEqual([]);
      expect(await orderStatus(handle.db, order.id)).toEqual({ status: "paid", refundedMinor: 1000 });
      expect((await auditOf(order.number)).filter((a) => a.action === "refund")).toHaveLength(1);
    });

    it("refuses a refund from a stale page, but treats the same form sent again as already done", async () => {
      const order = await paidOrder();
      const made = await refundOrder(handle.db, { stripe: stripe, number: order.number, amount: "5.00", expectedRefundedMinor: 0, ...actor() });
      // The same submission again (a reload or a double click after the first finished): no second refund.
      await expect(refundOrder(handle.db, { stripe: stripe, number: order.number, amount: "5", expectedRefundedMinor: 0, ...actor() })).resolves.toMatchObject({
        replayed: true,
        refundId: made.refundId,
        refundedMinor: 500,
      });
      // A different amount from the same stale page: someone refunded meanwhile, so ask staff to look again.
      await expect(refundOrder(handle.db, { stripe: stripe, number: order.number, amount: "7", expectedRefundedMinor: 0, ...actor() })).rejects.toMatchObject({
        kind: "conflict",
        message: expect.stringContaining("changed while you were looking"),
      });
      expect(refundsSent()).toHaveLength(1);
      expect(await orderStatus(handle.db, order.id)).toEqual({ status: "paid", refundedMinor: 500 });
    });

    it("records a double submission at the same moment once (Stripe dedupes by the idempotency key)", async () => {
      const order = await paidOrder();
      const input = { number: order.number, amount: "3.00", expectedRefundedMinor: 0, ...actor() };
      const results = await Promise.all([refundOrder(handle.db, { stripe: stripe, ...input }), refundOrder(handle.db, { stripe: stripe, ...input })]);
      expect(new Set(results.map((r) => r.refundId)).size).toBe(1);
      expect(fake.refunds).toHaveLength(1);
      expect(await orderStatus(handle.db, order.id)).toEqual({ status: "paid", refundedMinor: 300 });
      expect((await auditOf(order.number)).filter((a) => a.action === "refund")).toHaveLength(1);
      expect((await eventsOf(order.id)).filter((e) => e.note.startsWith("Partly refunded"))).toHaveLength(1);
    });

    it("lets only one of two different refunds started from the same view through, so money goes out once", async () => {
      const order = await paidOrder();
      const base = { number: order.number, expectedRefundedMinor: 0, ...actor() };
      const results = await Promise.allSettled([refundOrder(handle.db, { stripe: stripe, ...base, amount: "3.00" }), refundOrder(handle.db, { stripe: stripe, ...base, amount: "4.00" })]);
      const made = results.filter((r) => r.status === "fulfilled");
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(made).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0]!.reason).toMatchObject({ kind: "conflict", message: expect.stringContaining("Someone else refunded this order a moment ago") });
      expect(fake.refunds).toHaveLength(1);
      const amount = (made[0] as PromiseFulfilledResult<{ amountMinor: number }>).value.amountMinor;
      expect(await orderStatus(handle.db, order.id)).toEqual({ status: "paid", refundedMinor: amount });
    });

    it("converges with the charge.refunded webhook, whether it arrives after the refund or before it is recorded", async () => {
      const charge = (order: { id: string; paymentIntent: string; currency: string }, amountRefunded: number) =>
        stripeEvent("charge.refunded", { id: `ch_${order.id.slice(0, 8)}`, object: "charge", amount_refunded: amountRefunded, currency: order.currency.toLowerCase(), payment_intent: order.paymentIntent, metadata: {} });

      const later = await paidOrder();
      await refundOrder(handle.db, { stripe: stripe, number: later.number, amount: "20.00", expectedRefundedMinor: 0, ...actor() });
      const eventsBefore = await eventsOf(later.id);
      await deliver(handle.db, charge(later, 2000));
      await deliver(handle.db, charge(later, 2000));
      expect(await orderStatus(handle.db, later.id)).toEqual({ status: "paid", refundedMinor: 2000 });
      expect(await eventsOf(later.id)).toEqual(eventsBefore);

      // Stripe's webhook lands between the refund call and the recording transaction.
      const raced = await paidOrder();
      const racing = {
        refunds: {
          create: async (params: Stripe.RefundCreateParams, options: Stripe.RequestOptions) => {
            const refund = await stripe.refunds.create(params, options);
            await deliver(handle.db, charge(raced, Number(params.amount)));
            return refund;
          },
        },
      } as unknown as Stripe;
      const result = await refundOrder(handle.db, { stripe: racing, number: raced.number, amount: "20.00", expectedRefundedMinor: 0, ...actor() });
      expect(result).toMatchObject({ refundedMinor: 2000, replayed: false });
      expect(await orderStatus(handle.db, raced.id)).toEqual({ status: "paid", refundedMinor: 2000 });
      expect((await eventsOf(raced.id)).filter((e) => e.note.startsWith("Partly refunded"))).toHaveLength(1);
      expect(await auditOf(raced.number)).toMatchObject([{ action: "refund", changes: { refundedMinor: { from: 2000, to: 2000 } } }]);

      // A refund made in the Stripe dashboard still arrives and counts on top.
      await deliver(handle.db, charge(raced, 2500));
      expect(await orderStatus(handle.db, raced.id)).toEqual({ status: "paid", refundedMinor: 2500 });
    });

    it("refunds a demo order without Stripe, through the signed demo webhook path, exactly once", async () => {
      const order = await paidOrder({ demo: true });
      const full = `${Math.floor(order.totalMinor / 100)}.${String(order.totalMinor % 100).padStart(2, "0")}`;
      const result = await refundOrder(handle.db, { stripe: null, number: order.number, amount: full, expectedRefundedMinor: 0, ...actor() });
      expect(result).toMatchObject({ status: "refunded", refundedMinor: order.totalMinor, refundId: expect.stringMatching(/^re_demo_[0-9a-f]{24}$/) });
      expect(fake.requests).toEqual([]);
      const [demoEvents] = await handle.db.select({ n: count() }).from(stripeEvents).where(and(eq(stripeEvents.type, "charge.refunded"), eq(stripeEvents.objectId, `ch_demo_${order.id.replace(/-/g, "")}`)));
      expect(demoEvents!.n).toBe(1);
      expect((await eventsOf(order.id)).filter((e) => e.status === "refunded")).toEqual([{ status: "refunded", note: expect.stringMatching(/^Refunded in full/) }]);
      expect(await auditOf(order.number)).toMatchObject([{ action: "refund", changes: { refundId: result.refundId, status: { from: "paid", to: "refunded" } } }]);
    });

    it("says so when a real order can't be refunded here, and records nothing", async () => {
      const order = await paidOrder();
      await expect(refundOrder(handle.db, { stripe: null, number: order.number, amount: "1", expectedRefundedMinor: 0, ...actor() })).rejects.toMatchObject({ kind: "unavailable" });
      fake.failNext(400, "Charge ch_x has already been refunded.");
      await expect(refundOrder(handle.db, { stripe: stripe, number: order.number, amount: "1", expectedRefundedMinor: 0, ...actor() })).rejects.toMatchObject({
        kind: "upstream_failed",
        message: "Stripe refused the refund: Charge ch_x has already been refunded.",
      });
      fake.failNext(500);
      await expect(refundOrder(handle.db, { stripe: stripe, number: order.number, amount: "1", expectedRefundedMinor: 0, ...actor() })).rejects.toMatchObject({ kind: "upstream_failed", message: expect.stringContaining("Stripe dashboard") });
      expect(await orderStatus(handle.db, order.id)).toEqual({ status: "paid", refundedMinor: 0 });
      expect(await auditOf(order.number)).toEqual([]);
      // Once Stripe answers, the same refund goes through, once.
      await expect(refundOrder(handle.db, { stripe: stripe, number: order.number, amount: "1", expectedRefundedMinor: 0, ...actor() })).resolves.toMatchObject({ refundedMinor: 100 });
    });
  });

  describe("refunds as staff type them, back to stock, and the customer's email", () => {
    const linesOf = (orderId: string) => handle.db.select({ id: orderLines.id, variantId: orderLines.variantId, sku: orderLines.sku, quantity: orderLines.quantity }).from(orderLines).where(eq(orderLines.orderId, orderId));
    const refundMails = (orderId: string) => handle.db.select().from(outboxMessages).where(and(eq(outboxMessages.topic, REFUND_EMAIL), sql`${outboxMessages.payload}->>'orderId' = ${orderId}`));

    it('takes a EUR refund typed as the form shows it: "57,95", and the hint\'s own "… €" text', async () => {
      const variant = await someVariant(handle.db, 75);
      await setOnlineStock(handle.db, variant.id, 50);
      const placed = await placeOne(handle.db, variant.id, 10, { demo: false, email: `comma-${Date.now()}@example.com` });
      await deliver(handle.db, stripeEvent("checkout.session.completed", sessionObject(placed.id)));
      expect(placed.totalMinor).toBeGreaterThan(5795);
      const first = await refundOrder(handle.db, { stripe: stripe, number: placed.number, amount: "57,95", expectedRefundedMinor: 0, ...actor() });
      expect(first).toMatchObject({ amountMinor: 5795, refundedMinor: 5795, replayed: false });
      expect(refundsSentTo()).toEqual([{ amount: "5795" }]);
      // The rest, pasted from the hint ("At most 123,45 €").
      const hint = formatMoney({ amountMinor: placed.totalMinor - 5795, currency: "EUR" });
      expect(hint).toMatch(/,\d\d\s€$/);
      const rest = await refundOrder(handle.db, { stripe: stripe, number: placed.number, amount: hint, expectedRefundedMinor: 5795, ...actor() });
      expect(rest).toMatchObject({ refundedMinor: placed.totalMinor, status: "refunded" });
    });
    const refundsSentTo = () => fake.requests.filter((r) => r.method === "POST" && r.path === "/v1/refunds").map((r) => ({ amount: (r.body as { amount: string }).amount }));

    it("returns unshipped pieces to stock through the ledger, in the refund's transaction, and never more than were sold", async () => {
      const order = await paidOrder();
      const [line] = await linesOf(order.id);
      expect(await onlineStock(handle.db, line!.variantId)).toEqual({ onHand: 48, reserved: 0 });
      const detail = await getAdminOrder(handle.db, { number: order.number });
      expect(detail!.lines.map((l) => l.restockable)).toEqual([2]);

      // Too many: refused before Stripe is called, nothing changes.
      await expect(refundOrder(handle.db, { stripe: stripe, number: order.number, amount: "1", expectedRefundedMinor: 0, restock: [{ lineId: line!.id, quantity: 3 }], ...actor() })).rejects.toMatchObject({
        kind: "invalid",
        field: "restock",
        message: expect.stringMatching(`At most 2 of ${line!.sku}`),
      });
      expect(fake.requests).toEqual([]);

      const made = await refundOrder(handle.db, { stripe: stripe, number: order.number, amount: "1", expectedRefundedMinor: 0, restock: [{ lineId: line!.id, quantity: 1 }], ...actor() });
      expect(made).toMatchObject({ refundedMinor: 100, restocked: 1 });
      expect(await onlineStock(handle.db, line!.variantId)).toEqual({ onHand: 49, reserved: 0 });
      const ledger = await handle.db.select({ kind: stockMovements.kind, onHandDelta: stockMovements.onHandDelta, reason: stockMovements.reason, userId: stockMovements.userId }).from(stockMovements).where(and(eq(stockMovements.orderId, order.id), eq(stockMovements.kind, "return")));
      expect(ledger).toEqual([{ kind: "return", onHandDelta: 1, reason: `Returned to stock: refund of order ${order.number}, not shipped`, userId: staffId }]);
      expect((await eventsOf(order.id)).at(-1)).toEqual({ status: "paid", note: `Returned to stock: 1 × ${line!.sku}` });
      expect((await auditOf(order.number)).at(-1)!.changes).toMatchObject({ restocked: [{ sku: line!.sku, quantity: 1 }] });

      // One piece went back already: only one more may.
      await expect(refundOrder(handle.db, { stripe: stripe, number: order.number, amount: "1", expectedRefundedMinor: 100, restock: [{ lineId: line!.id, quantity: 2 }], ...actor() })).rejects.toMatchObject({ kind: "invalid", field: "restock", message: expect.stringContaining("1 already returned") });
      expect((await getAdminOrder(handle.db, { number: order.number }))!.lines.map((l) => l.restockable)).toEqual([1]);

      // Once shipped, nothing goes back with a refund.
      await shipOrder(handle.db, { number: order.number, carrier: "DHL Express", trackingNumber: "JD0123456789", ...actor() });
      expect((await getAdminOrder(handle.db, { number: order.number }))!.lines.map((l) => l.restockable)).toEqual([0]);
      await expect(refundOrder(handle.db, { stripe: stripe, number: order.number, amount: "1", expectedRefundedMinor: 100, restock: [{ lineId: line!.id, quantity: 1 }], ...actor() })).rejects.toMatchObject({ kind: "invalid", field: "restock", message: expect.stringContaining("is shipped") });
      expect(await onlineStock(handle.db, line!.variantId)).toEqual({ onHand: 49, reserved: 0 });
      expect(await orderStatus(handle.db, order.id)).toEqual({ status: "shipped", refundedMinor: 100 });
    });

    it("queues one refund email through the outbox, sent after commit with an absolute link, however the refund arrives", async () => {
      const order = await paidOrder({ name: "Ayu <Lestari>" });
      await refundOrder(handle.db, { stripe: stripe, number: order.number, amount: "2,50", expectedRefundedMinor: 0, ...actor() });
      // Stripe's charge.refunded for the same refund changes nothing and queues nothing.
      await deliver(handle.db, stripeEvent("charge.refunded", { id: `ch_${order.id.slice(0, 8)}`, object: "charge", amount_refunded: 250, currency: "eur", payment_intent: order.paymentIntent, metadata: {} }));
      expect(await refundMails(order.id)).toMatchObject([{ processedAt: null, payload: { orderId: order.id, amountMinor: 250, refundedMinor: 250 } }]);
      expect((await emailsOf(order.id)).filter((m) => /refunded/.test(m.subject))).toEqual([]);

      await drainOutbox(handle.db, { handlers: outboxHandlers, limit: 50 });
      const mail = (await emailsOf(order.id)).filter((m) => /refunded/.test(m.subject));
      expect(mail).toHaveLength(1);
      expect(mail[0]).toMatchObject({ to: order.email, subject: expect.stringMatching(new RegExp(`^Your Kriya order ${order.number}: 2,50\\s€ refunded$`)) });
      expect(mail[0]!.text).toMatch(/We have refunded 2,50\s€ for order/);
      expect(mail[0]!.text).toMatch(/https?:\/\/[^ ]+\/orders\/lookup/);
      expect(mail[0]!.html).toContain("Ayu &#60;Lestari&#62;");

      // A refund made in the Stripe dashboard emails the customer too.
      await deliver(handle.db, stripeEvent("charge.refunded", { id: `ch_${order.id.slice(0, 8)}`, object: "charge", amount_refunded: 400, currency: "eur", payment_intent: order.paymentIntent, metadata: {} }));
      expect((await refundMails(order.id)).map((m) => m.payload)).toEqual([
        { orderId: order.id, amountMinor: 250, refundedMinor: 250 },
        { orderId: order.id, amountMinor: 150, refundedMinor: 400 },
      ]);
    });

    it("flags an order whose payment did not match it, in the list filter", async () => {
      const variant = await someVariant(handle.db, 76);
      await setOnlineStock(handle.db, variant.id, 50);
      const placed = await placeOne(handle.db, variant.id, 1, { demo: false });
      await deliver(handle.db, stripeEvent("checkout.session.completed", sessionObject(placed.id, { amount_total: 1 })));
      const listed = await listAdminOrders(handle.db, query("status=payment_problem"));
      expect(listed.orders.map((o) => o.number)).toContain(placed.number);
      expect(listed.orders.every((o) => o.paymentProblem)).toBe(true);
      expect(listed.orders.find((o) => o.number === placed.number)).toMatchObject({ status: "pending_payment", paymentProblem: expect.stringMatching(/is for 0,01\s€/) });
      expect((await getAdminOrder(handle.db, { number: placed.number }))!.paymentProblem).toMatch(/not marked paid/);
    });
  });

  describe("refunding a payment that arrived after the pieces were sold", () => {
    const refundsSent = () => fake.requests.filter((r) => r.method === "POST" && r.path === "/v1/refunds");
    const turnoverOf = (orderId: string) => handle.db.select({ kind: turnoverEntries.kind }).from(turnoverEntries).where(eq(turnoverEntries.sourceId, orderId));
    const charge = (order: { id: string; paymentIntent: string; currency: string }, amountRefunded: number) =>
      stripeEvent("charge.refunded", { id: `ch_${order.id.slice(0, 8)}`, object: "charge", amount_refunded: amountRefunded, currency: order.currency.toLowerCase(), payment_intent: order.paymentIntent, metadata: {} });

    /** Its checkout expired, another shopper bought the released pieces, and then its payment came anyway. */
    async function latePaidOrder(options: { demo?: boolean; email?: string } = {}) {
      const variant = await someVariant(handle.db, 30 + (variantOffset++ % 40));
      await setOnlineStock(handle.db, variant.id, 2);
      const email = options.email ?? `late-${variantOffset}-${Date.now()}@example.com`;
      const order = await placeOne(handle.db, variant.id, 2, { demo: options.demo ?? false, email });
      await deliver(handle.db, stripeEvent("checkout.session.expired", sessionObject(order.id, { status: "expired", payment_status: "unpaid", payment_intent: null })));
      const quicker = await placeOne(handle.db, variant.id, 2, { email: `quicker-${email}` });
      await deliver(handle.db, stripeEvent("checkout.session.completed", sessionObject(quicker.id)));
      await deliver(handle.db, stripeEvent("checkout.session.completed", sessionObject(order.id, { customer_details: { email, name: "Sari Late" } })));
      const paymentIntent = sessionObject(order.id).payment_intent;
      expect(await rowOf(order.id)).toMatchObject({ status: "cancelled", paymentStatus: "paid", stripePaymentIntentId: paymentIntent, customerName: "Sari Late", refundedMinor: 0 });
      return { ...order, email, variant, paymentIntent, full: formatMoneyInput(order.totalMinor, order.currency) };
    }

    it("finds it in the list and on the dashboard, refunds it in full once, and leaves it cancelled", async () => {
      const tag = `owed${Date.now()}`;
      const owedBefore = await countOrdersOwingRefund(handle.db);
      const order = await latePaidOrder({ email: `${tag}-a@example.com` });
      const unpaid = await placeOne(handle.db, (await someVariant(handle.db, 2)).id, 1, { email: `${tag}-b@example.com` });
      await deliver(handle.db, stripeEvent("checkout.session.expired", sessionObject(unpaid.id, { status: "expired", payment_status: "unpaid" })));
      await paidOrder({ email: `${tag}-c@example.com` });

      const owed = async () => (await listAdminOrders(handle.db, query(`q=${tag}&status=refund_owed`))).orders.map((o) => o.number);
      expect(await owed()).toEqual([order.number]);
      expect((await listAdminOrders(handle.db, query(`q=${tag}&status=cancelled`))).orders.map((o) => o.number).sort()).toEqual([order.number, unpaid.number].sort());
      expect(await countOrdersOwingRefund(handle.db)).toBe(owedBefore + 1);

      // Two submissions of the prefilled form at once: one Stripe refund of what was paid, recorded once.
      const input = { number: order.number, amount: order.full, expectedRefundedMinor: 0, ...actor() };
      const results = await Promise.all([refundOrder(handle.db, { stripe: stripe, ...input }), refundOrder(handle.db, { stripe: stripe, ...input })]);
      expect(new Set(results.map((r) => r.refundId)).size).toBe(1);
      expect(results.map((r) => r.status)).toEqual(["cancelled", "cancelled"]);
      expect(fake.refunds).toHaveLength(1);
      expect(refundsSent()[0]).toMatchObject({ idempotencyKey: `kriya-refund-${order.id}-0`, body: { payment_intent: order.paymentIntent, amount: String(order.totalMinor) } });
      expect(await orderStatus(handle.db, order.id)).toEqual({ status: "cancelled", refundedMinor: order.totalMinor });
      expect((await rowOf(order.id)).refundedAt).toBeInstanceOf(Date);
      expect((await eventsOf(order.id)).at(-1)).toEqual({ status: "cancelled", note: expect.stringMatching(/^Refunded in full/) });
      expect((await auditOf(order.number)).filter((a) => a.action === "refund")).toMatchObject([
        { userId: staffId, action: "refund", changes: { amountMinor: order.totalMinor, refundedMinor: { from: 0, to: order.totalMinor }, status: { from: "cancelled", to: "cancelled" } } },
      ]);
      // It never counted as a sale, so its refund takes nothing off turnover; its pieces stay with the other shopper.
      expect(await turnoverOf(order.id)).toEqual([]);
      expect(await onlineStock(handle.db, order.variant.id)).toEqual({ onHand: 0, reserved: 0 });

      expect(await owed()).toEqual([]);
      expect(await countOrdersOwingRefund(handle.db)).toBe(owedBefore);
      // The same form again is the same refund; anything more is refused: it is all returned.
      await expect(refundOrder(handle.db, { stripe: stripe, ...input })).resolves.toMatchObject({ replayed: true, refundId: results[0]!.refundId });
      await expect(refundOrder(handle.db, { stripe: stripe, ...input, amount: "1", expectedRefundedMinor: order.totalMinor })).rejects.toMatchObject({
        kind: "conflict",
        message: expect.stringContaining("already refunded in full"),
      });
      await expect(packOrder(handle.db, { number: order.number, ...actor() })).rejects.toMatchObject({ kind: "conflict" });
      expect(fake.refunds).toHaveLength(1);

      // Stripe's charge.refunded for the same refund, late and twice, changes nothing.
      const events = await eventsOf(order.id);
      await deliver(handle.db, charge(order, order.totalMinor));
      await deliver(handle.db, charge(order, order.totalMinor));
      expect(await orderStatus(handle.db, order.id)).toEqual({ status: "cancelled", refundedMinor: order.totalMinor });
      expect(await eventsOf(order.id)).toEqual(events);
    });

    it("refuses more than was paid, and takes part and then the rest", async () => {
      const order = await latePaidOrder();
      const over = formatMoneyInput(order.totalMinor + 1, order.currency);
      await expect(refundOrder(handle.db, { stripe: stripe, number: order.number, amount: over, expectedRefundedMinor: 0, ...actor() })).rejects.toMatchObject({
        kind: "invalid",
        field: "amount",
        message: `You can refund at most ${order.full.replace(".", ",")} €.`,
      });
      expect(refundsSent()).toEqual([]);

      await expect(refundOrder(handle.db, { stripe: stripe, number: order.number, amount: "10.00", expectedRefundedMinor: 0, ...actor() })).resolves.toMatchObject({ status: "cancelled", refundedMinor: 1000 });
      expect((await eventsOf(order.id)).at(-1)).toEqual({ status: "cancelled", note: expect.stringMatching(/^Partly refunded: 10,00/) });
      // Partly returned is still owed.
      expect((await listAdminOrders(handle.db, query(`q=${order.number}&status=refund_owed`))).total).toBe(1);
      const rest = formatMoneyInput(order.totalMinor - 1000, order.currency);
      await expect(refundOrder(handle.db, { stripe: stripe, number: order.number, amount: formatMoneyInput(order.totalMinor - 999, order.currency), expectedRefundedMinor: 1000, ...actor() })).rejects.toMatchObject({ kind: "invalid", field: "amount" });
      await expect(refundOrder(handle.db, { stripe: stripe, number: order.number, amount: rest, expectedRefundedMinor: 1000, ...actor() })).resolves.toMatchObject({ status: "cancelled", refundedMinor: order.totalMinor });
      expect(refundsSent().map((r) => [r.idempotencyKey, (r.body as { amount: string }).amount])).toEqual([
        [`kriya-refund-${order.id}-0`, "1000"],
        [`kriya-refund-${order.id}-1000`, String(order.totalMinor - 1000)],
      ]);
      expect((await listAdminOrders(handle.db, query(`q=${order.number}&status=refund_owed`))).total).toBe(0);
    });

    it("converges with charge.refunded landing before the back office records the refund", async () => {
      const order = await latePaidOrder();
      const racing = {
        refunds: {
          create: async (params: Stripe.RefundCreateParams, options: Stripe.RequestOptions) => {
            const refund = await stripe.refunds.create(params, options);
            await deliver(handle.db, charge(order, Number(params.amount)));
            return refund;
          },
        },
      } as unknown as Stripe;
      await expect(refundOrder(handle.db, { stripe: racing, number: order.number, amount: order.full, expectedRefundedMinor: 0, ...actor() })).resolves.toMatchObject({
        status: "cancelled",
        refundedMinor: order.totalMinor,
        replayed: false,
      });
      expect(await orderStatus(handle.db, order.id)).toEqual({ status: "cancelled", refundedMinor: order.totalMinor });
      expect((await eventsOf(order.id)).filter((e) => e.note.startsWith("Refunded in full"))).toHaveLength(1);
      expect(await turnoverOf(order.id)).toEqual([]);
    });

    it("refunds a demo late payment without Stripe, through the signed demo webhook path", async () => {
      const order = await latePaidOrder({ demo: true });
      const result = await refundOrder(handle.db, { stripe: null, number: order.number, amount: order.full, expectedRefundedMinor: 0, ...actor() });
      expect(result).toMatchObject({ status: "cancelled", refundedMinor: order.totalMinor, refundId: expect.stringMatching(/^re_demo_[0-9a-f]{24}$/) });
      expect(fake.requests).toEqual([]);
      const [demoEvents] = await handle.db.select({ n: count() }).from(stripeEvents).where(and(eq(stripeEvents.type, "charge.refunded"), eq(stripeEvents.objectId, `ch_demo_${order.id.replace(/-/g, "")}`)));
      expect(demoEvents!.n).toBe(1);
      expect(await orderStatus(handle.db, order.id)).toEqual({ status: "cancelled", refundedMinor: order.totalMinor });
      expect((await eventsOf(order.id)).filter((e) => e.note.startsWith("Refunded in full"))).toHaveLength(1);
    });

    it("refuses to refund a cancelled order that was never paid, or an unpaid one, and says why", async () => {
      const variant = await someVariant(handle.db, 4);
      await setOnlineStock(handle.db, variant.id, 50);
      const cancelled = await placeOne(handle.db, variant.id, 1, { demo: false });
      await deliver(handle.db, stripeEvent("checkout.session.expired", sessionObject(cancelled.id, { status: "expired", payment_status: "unpaid" })));
      await expect(refundOrder(handle.db, { stripe: stripe, number: cancelled.number, amount: "1", expectedRefundedMinor: 0, ...actor() })).rejects.toMatchObject({
        kind: "conflict",
        message: `Order ${cancelled.number} was cancelled and no payment for it has arrived; only paid, packed or shipped orders, or cancelled ones whose payment came late, can be refunded.`,
      });
      const pending = await placeOne(handle.db, variant.id, 1, { demo: false });
      await expect(refundOrder(handle.db, { stripe: stripe, number: pending.number, amount: "1", expectedRefundedMinor: 0, ...actor() })).rejects.toMatchObject({ kind: "conflict", message: expect.stringContaining("is awaiting payment") });
      expect(refundsSent()).toEqual([]);
      expect(await orderStatus(handle.db, cancelled.id)).toEqual({ status: "cancelled", refundedMinor: 0 });
    });
  });

  describe("the CSV export", () => {
    it("honours the filters, quotes properly, writes exact money and defuses formulas", async () => {
      const tag = `csv${Date.now()}`;
      const evil = await paidOrder({ email: `${tag}-evil@example.com`, name: '=HYPERLINK("http://evil.example","Click")' });
      const quoted = await paidOrder({ email: `${tag}-quoted@example.com`, name: 'Ni "Made", Sari\nSecond line' });
      const rupiah = await paidOrder({ email: `${tag}-idr@example.com`, name: "@Budi", currency: "IDR", rateMicros: IDR_RATE, country: "ID" });
      await shipOrder(handle.db, { number: evil.number, carrier: "+62 Courier", trackingNumber: "JD0123456789", ...actor() });
      await paidOrder({ email: `other-${tag}@example.org` });

      const text = await csvText(exportOrdersCsv(handle.db, { filters: query(`q=${tag}-`) }));
      expect(text.startsWith("\uFEFFnumber,placed_at,status,payment_status,demo,email,customer_name,ship_to_country,ship_to,items,currency,subtotal,shipping,total,refunded,total_usd,")).toBe(true);
      const rows = text.slice(1).split("\r\n").filter(Boolean);
      expect(rows).toHaveLength(4); // header + 3, and not the other order
      expect(rows[1]!.startsWith(`${rupiah.number},`)).toBe(true); // newest first

      const evilRow = rows.find((r) => r.startsWith(evil.number))!;
      expect(evilRow).toContain(`,"'=HYPERLINK(""http://evil.example"",""Click"")",`);
      expect(evilRow).toContain(",'+62 Courier,JD0123456789,");
      expect(evilRow).toContain(",shipped,paid,no,");
      const decimal = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, "0")}`;
      expect(evilRow).toContain(`,EUR,${decimal(evil.subtotalMinor)},${decimal(evil.shippingMinor)},${decimal(evil.totalMinor)},0.00,`);

      expect(text).toContain(`,"Ni ""Made"", Sari\nSecond line",`);
      const idrRow = rows.find((r) => r.startsWith(rupiah.number))!;
      expect(idrRow).toContain(",'@Budi,ID,");
      expect(idrRow).toMatch(/,IDR,\d+\.00,\d+\.00,\d+\.00,0\.00,\d+\.\d{2},/);
      expect(idrRow).toContain(`,${decimal(rupiah.totalMinor)},`);

      const none = await csvText(exportOrdersCsv(handle.db, { filters: query("q=no-such-order-anywhere") }));
      expect(none.split("\r\n").filter(Boolean)).toHaveLength(1);
    });

    it("streams every matching order across batches, without repeats", async () => {
      const tag = `batch${Date.now()}`;
      const variant = await someVariant(handle.db, 6);
      await setOnlineStock(handle.db, variant.id, 1000);
      const numbers = new Set<string>();
      for (let i = 0; i < 12; i++) {
        const order = await placeOne(handle.db, variant.id, 1, { email: `${tag}-${i}@example.com` });
        numbers.add(order.number);
      }
      // Same created_at for all: the keyset cursor must still page through them by id.
      await handle.db.update(orders).set({ createdAt: new Date("2025-03-01T00:00:00.123Z") }).where(like(orders.email, `${tag}-%`));
      const text = await csvText(exportOrdersCsv(handle.db, { filters: query(`q=${tag}`), batchSize: 5 }));
      const exported = text.slice(1).split("\r\n").filter(Boolean).slice(1).map((r) => r.split(",")[0]!);
      expect(exported).toHaveLength(12);
      expect(new Set(exported)).toEqual(numbers);
    });
  });
});
