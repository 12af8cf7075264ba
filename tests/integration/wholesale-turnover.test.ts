import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { exchangeRates, quotes, turnoverEntries, users, wholesaleOrders, wholesalePayments } from "../../db/schema";
import { acceptQuote } from "~/models/wholesale/acceptance.server";
import { demoDepositEvent } from "~/models/wholesale/deposit-demo.server";
import { recordBankTransfer, startDepositCheckout } from "~/models/wholesale/deposits.server";
import { recordWholesaleTurnover } from "~/models/wholesale/wholesale-turnover.server";
import { demoWebhookSecret, signPayload } from "~/models/payments/demo-events.server";
import { action as webhookAction } from "~/routes/_system+/webhooks.stripe";
import { LocalDiskStorage } from "~/utils/storage.server";
import { queryRows } from "~/utils/db.server";
import { serveAppFrom, writableBackends } from "../support/db";
import { approvedImporter, sentQuote, variantsOfTwoGroups } from "../support/wholesale-orders";

const origin = "https://shop.kriya.example";
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe.each(writableBackends())("wholesale payments become turnover on $name", ({ open }) => {
  let handle: DbHandle;
  let restoreAppDb: () => void;
  let picked: Awaited<ReturnType<typeof variantsOfTwoGroups>>;
  let seq = 0;

  beforeAll(async () => {
    handle = await open();
    restoreAppDb = serveAppFrom(handle);
    picked = await variantsOfTwoGroups(handle.db);
  });
  afterAll(async () => {
    restoreAppDb();
    await handle.close();
  });

  /** An accepted order in `currency` with lines of two groups (group A twice), so the split has odd weights. */
  async function acceptedOrder(currency: string) {
    const email = `turnover${++seq}-${Math.random().toString(36).slice(2, 7)}@impact.example`;
    const buyer = await approvedImporter(handle.db, { email, depositPercent: 30 });
    const quote = await sentQuote(handle.db, {
      importerId: buyer.importerId,
      validUntil: day(10),
      freightMinor: 31_17,
      lines: [
        { variantId: picked.a1.id, quantity: 7, unitPriceMinor: 13_33 },
        { variantId: picked.b.id, quantity: 11, unitPriceMinor: 8_71 },
        { variantId: picked.a2.id, quantity: 3, unitPriceMinor: 21_09 },
      ],
    });
    await handle.db.update(quotes).set({ currency }).where(eq(quotes.id, quote.id));
    const { orderNumber } = await acceptQuote(handle.db, { quoteNumber: quote.number, importerId: buyer.importerId, userId: buyer.userId, origin });
    const [order] = await handle.db.select().from(wholesaleOrders).where(eq(wholesaleOrders.number, orderNumber));
    return { ...buyer, order: order! };
  }

  const entriesOf = (paymentIds: number[]) =>
    handle.db
      .select({ sourceId: turnoverEntries.sourceId, kind: turnoverEntries.kind, producerId: turnoverEntries.producerId, currency: turnoverEntries.currency, amountMinor: turnoverEntries.amountMinor, rateMicros: turnoverEntries.rateMicros, usdMinor: turnoverEntries.usdMinor, occurredAt: turnoverEntries.occurredAt })
      .from(turnoverEntries)
      .where(and(eq(turnoverEntries.channel, "wholesale"), inArray(turnoverEntries.sourceId, paymentIds.map(String))))
      .orderBy(asc(turnoverEntries.id));

  /**
   * What the ledger must hold for one payment, computed in SQL on its own: the pieces' part of the payment (goods /
   * order total, rounded half up: freight is no handicraft), its USD value at the stored rate (rounded half up) and
   * each producer group's weight (its lines' totals).
   */
  async function expectedFor(paymentId: number) {
    const [payment] = await queryRows<{ usd: string; amount: string; rate: string; received: string | Date; currency: string; order_id: number }>(
      handle.db,
      sql`with goods as (
          select p.*, round(p.amount_minor::numeric * least(o.total_minor, (select sum(l.quantity::numeric * l.unit_price_minor) from wholesale_order_lines l where l.wholesale_order_id = o.id)) / o.total_minor)::bigint as goods_minor
          from wholesale_payments p join wholesale_orders o on o.id = p.wholesale_order_id where p.id = ${paymentId}
        )
        select round(goods_minor::numeric * 100 * 1000000 / (rate_micros::numeric * case when currency in ('JPY', 'KRW', 'VND') then 1 else 100 end))::bigint as usd,
        goods_minor as amount, rate_micros as rate, received_at as received, currency, wholesale_order_id as order_id
        from goods`,
    );
    const weights = await queryRows<{ producer_id: number; weight: string }>(
      handle.db,
      sql`select p.producer_id, sum(l.quantity::bigint * l.unit_price_minor) as weight from wholesale_order_lines l
        join variants v on v.id = l.variant_id join products p on p.id = v.product_id
        where l.wholesale_order_id = ${payment!.order_id} group by p.producer_id`,
    );
    return { usd: Number(payment!.usd), amount: Number(payment!.amount), rate: Number(payment!.rate), receivedAt: new Date(payment!.received), currency: payment!.currency, weights: new Map(weights.map((w) => [w.producer_id, Number(w.weight)])) };
  }

  async function expectSplitExactly(paymentId: number) {
    const expected = await expectedFor(paymentId);
    const entries = await entriesOf([paymentId]);
    expect(entries.map((e) => e.producerId).sort()).toEqual([...expected.weights.keys()].sort());
    expect(entries.reduce((sum, e) => sum + e.usdMinor, 0)).toBe(expected.usd);
    expect(entries.reduce((sum, e) => sum + e.amountMinor, 0)).toBe(expected.amount);
    const totalWeight = [...expected.weights.values()].reduce((a, b) => a + b, 0);
    for (const entry of entries) {
      const weight = expected.weights.get(entry.producerId!)!;
      // Split by the lines: each part within one minor unit of its exact proportion.
      expect(Math.abs(entry.usdMinor - (expected.usd * weight) / totalWeight)).toBeLessThan(1);
      expect(Math.abs(entry.amountMinor - (expected.amount * weight) / totalWeight)).toBeLessThan(1);
      expect(entry).toMatchObject({ kind: "sale", currency: expected.currency, rateMicros: expected.rate, occurredAt: expected.receivedAt });
    }
    return entries;
  }

  const postSigned = (payload: string) =>
    webhookAction({
      request: new Request("http://localhost/webhooks/stripe", { method: "POST", body: payload, headers: { "content-type": "application/json", "stripe-signature": signPayload(payload, demoWebhookSecret()) } }),
      params: {},
      context: {},
    });

  it("records a deposit paid through the signed webhook once, in US cents at the payment's rate, split by the producers' lines", async () => {
    const { order, importerId } = await acceptedOrder("EUR");
    await startDepositCheckout(handle.db, { orderNumber: order.number, importerId, stripe: null, urls: { successUrl: `${origin}/ok`, cancelUrl: `${origin}/no`, demoUrl: "/demo" } });
    const payload = (await demoDepositEvent(handle.db, { orderId: order.id }))!;
    expect((await Promise.all([postSigned(payload), postSigned(payload)])).map((r) => r.status)).toEqual([200, 200]);
    // The same session completed again under a new event id, and a direct second call: still one set of entries.
    expect((await postSigned((await demoDepositEvent(handle.db, { orderId: order.id }))!)).status).toBe(200);
    const [payment] = await handle.db.select().from(wholesalePayments).where(eq(wholesalePayments.wholesaleOrderId, order.id));
    await handle.db.transaction((tx) => recordWholesaleTurnover(tx, { paymentId: payment!.id }));

    expect(payment!.currency).toBe("EUR");
    const entries = await expectSplitExactly(payment!.id);
    expect(entries).toHaveLength(2);
    // A later change of the stored rate does not move what was recorded.
    await handle.db.update(exchangeRates).set({ perUsdMicros: 500_000 }).where(eq(exchangeRates.currency, "EUR"));
    await handle.db.transaction((tx) => recordWholesaleTurnover(tx, { paymentId: payment!.id }));
    expect(await entriesOf([payment!.id])).toEqual(entries);
  });

  it("records a bank-transfer deposit and each balance payment when received, and nothing for a refused transfer", async () => {
    const { order } = await acceptedOrder("GBP");
    const storage = new LocalDiskStorage(await mkdtemp(path.join(tmpdir(), "kriya-turnover-")));
    const staffUser = (await handle.db.select({ id: users.id }).from(users).where(eq(users.email, "staff@kriya.example")))[0]!.id;
    const transfer = (kind: "deposit" | "balance", amountMinor: number, reference: string, receivedOn: string) =>
      recordBankTransfer(handle.db, { orderNumber: order.number, kind, amountMinor, currency: "GBP", receivedOn, reference, proof: null, actor: { userId: staffUser }, storage, origin });
    const balance = order.totalMinor - order.depositMinor;

    const deposit = await transfer("deposit", order.depositMinor, "HSBC D-1", day(-3));
    const first = await transfer("balance", balance - 1_234, "HSBC B-1", day(-2));
    const refused = await transfer("balance", 1_235, "HSBC B-2", day(-1)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Error);
    const last = await transfer("balance", 1_234, "HSBC B-3", day(-1));

    const ids = [deposit.paymentId, first.paymentId, last.paymentId];
    for (const id of ids) await expectSplitExactly(id);
    const all = await entriesOf(ids);
    expect(all).toHaveLength(6);
    // Dated when the money arrived, not when staff typed it in.
    expect(all.filter((e) => e.sourceId === String(deposit.paymentId)).every((e) => e.occurredAt.toISOString() === `${day(-3)}T12:00:00.000Z`)).toBe(true);
    // Everything paid adds up to the order's pieces (within a minor unit per payment's rounding), never its freight.
    const [goods] = await queryRows<{ goods: string }>(handle.db, sql`select sum(quantity::bigint * unit_price_minor) as goods from wholesale_order_lines where wholesale_order_id = ${order.id}`);
    expect(Math.abs(all.reduce((sum, e) => sum + e.amountMinor, 0) - Number(goods!.goods))).toBeLessThanOrEqual(ids.length);
  });
});
