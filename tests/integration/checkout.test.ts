import { and, count, eq, inArray, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { cartLines, emails, orderLines, orders, stockMovements, turnoverEntries } from "../../db/schema";
import { convertFromUsd } from "~/domain/money/money";
import { Refusal } from "~/domain/platform/refusal";
import { placeOrder } from "~/models/retail/checkout.server";
import { writableBackends } from "../support/db";
import { cartWith, EUR_RATE, IDR_RATE, onlineStock, orderInput, setOnlineStock, someVariant } from "../support/retail";

describe.each(writableBackends())("checkout on $name", ({ open }) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await open();
  });
  afterAll(async () => {
    await handle.close();
  });

  it("reserves stock and creates a pending order priced in the shopper's currency", async () => {
    const variant = await someVariant(handle.db, 0);
    await setOnlineStock(handle.db, variant.id, 10);
    const cartId = await cartWith(handle.db, [{ variantId: variant.id, quantity: 2 }]);
    const order = await placeOrder(handle.db, orderInput(cartId));

    const unit = convertFromUsd(variant.priceUsd, "EUR", EUR_RATE).amountMinor;
    expect(order.subtotalMinor).toBe(unit * 2);
    expect(order.totalMinor).toBe(order.subtotalMinor + order.shippingMinor);
    expect(order.shippingMinor).toBeGreaterThan(0);
    expect(await onlineStock(handle.db, variant.id)).toEqual({ onHand: 10, reserved: 2 });

    const [row] = await handle.db.select().from(orders).where(eq(orders.id, order.id));
    expect(row).toMatchObject({ status: "pending_payment", currency: "EUR", rateMicros: EUR_RATE, shippingCountry: "DE" });
    expect(row!.expiresAt!.getTime() - Date.now()).toBeGreaterThan(29 * 60_000);
    const movements = await handle.db.select().from(stockMovements).where(eq(stockMovements.orderId, order.id));
    expect(movements).toEqual([expect.objectContaining({ kind: "reservation", reservedDelta: 2, onHandDelta: 0 })]);
  });

  it("stores IDR in two-decimal minor units and JPY in whole yen", async () => {
    const variant = await someVariant(handle.db, 1);
    await setOnlineStock(handle.db, variant.id, 10);
    const idr = await placeOrder(handle.db, orderInput(await cartWith(handle.db, [{ variantId: variant.id, quantity: 1 }]), { currency: "IDR", rateMicros: IDR_RATE, country: "ID" }));
    expect(idr.subtotalMinor).toBe(Math.round((variant.priceUsd / 100) * 16_250) * 100);
    expect(idr.subtotalMinor % 100).toBe(0);
    const jpy = await placeOrder(handle.db, orderInput(await cartWith(handle.db, [{ variantId: variant.id, quantity: 1 }]), { currency: "JPY", rateMicros: 151_200_000, country: "JP" }));
    expect(jpy.subtotalMinor).toBe(Math.round((variant.priceUsd / 100) * 151.2));
  });

  it("replaces an earlier unpaid checkout of the same cart and gives its stock back", async () => {
    const variant = await someVariant(handle.db, 2);
    await setOnlineStock(handle.db, variant.id, 5);
    const cartId = await cartWith(handle.db, [{ variantId: variant.id, quantity: 3 }]);
    const first = await placeOrder(handle.db, orderInput(cartId));
    const second = await placeOrder(handle.db, orderInput(cartId));
    expect(await onlineStock(handle.db, variant.id)).toEqual({ onHand: 5, reserved: 3 });
    const [old] = await handle.db.select({ status: orders.status }).from(orders).where(eq(orders.id, first.id));
    expect(old!.status).toBe("cancelled");
    expect(second.id).not.toBe(first.id);
  });

  it("refuses an empty cart, a country we don't ship to, and a parcel too heavy to post, changing nothing", async () => {
    const empty = await cartWith(handle.db, []);
    await expect(placeOrder(handle.db, orderInput(empty))).rejects.toThrow("Your cart is empty.");
    const variant = await someVariant(handle.db, 3);
    await setOnlineStock(handle.db, variant.id, 500);
    const cartId = await cartWith(handle.db, [{ variantId: variant.id, quantity: 1 }]);
    await expect(placeOrder(handle.db, orderInput(cartId, { country: "AQ" }))).rejects.toThrow(/don't ship to AQ/);
    const [before] = await handle.db.select({ n: count() }).from(orders);
    await handle.db.update(cartLines).set({ quantity: 99 }).where(eq(cartLines.cartId, cartId));
    await handle.db.execute(sql`update variants set weight_grams = 2000 where id = ${variant.id}`);
    await expect(placeOrder(handle.db, orderInput(cartId))).rejects.toMatchObject({ kind: "unprocessable" });
    const [after] = await handle.db.select({ n: count() }).from(orders);
    expect(after!.n).toBe(before!.n);
    expect(await onlineStock(handle.db, variant.id)).toEqual({ onHand: 500, reserved: 0 });
  });

  it("lets exactly 3 of 50 concurrent checkouts reserve a variant with stock 3, and never goes negative", async () => {
    const variant = await someVariant(handle.db, 4);
    await setOnlineStock(handle.db, variant.id, 3);
    const carts = [];
    for (let i = 0; i < 50; i++) carts.push(await cartWith(handle.db, [{ variantId: variant.id, quantity: 1 }]));

    const results = await Promise.allSettled(carts.map((cartId) => placeOrder(handle.db, orderInput(cartId))));
    const placed = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(placed).toHaveLength(3);
    expect(refused).toHaveLength(47);
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(Refusal);
      expect((r.reason as Refusal).kind).toBe("conflict");
      expect((r.reason as Refusal).details.items?.join(" ")).toMatch(/sold out/);
    }
    expect(await onlineStock(handle.db, variant.id)).toEqual({ onHand: 3, reserved: 3 });
    const [lines] = await handle.db
      .select({ n: sql<number>`coalesce(sum(${orderLines.quantity}), 0)`.mapWith(Number) })
      .from(orderLines)
      .innerJoin(orders, eq(orders.id, orderLines.orderId))
      .where(sql`${orderLines.variantId} = ${variant.id} and ${orders.status} = 'pending_payment'`);
    expect(lines!.n).toBe(3);
  }, 60_000);

  it("serialises 10 parallel checkouts of one cart: one pending order, one piece reserved, no 500", async () => {
    const variant = await someVariant(handle.db, 6);
    await setOnlineStock(handle.db, variant.id, 20);
    const cartId = await cartWith(handle.db, [{ variantId: variant.id, quantity: 1 }]);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => placeOrder(handle.db, orderInput(cartId, { email: "parallel@example.com" }))),
    );
    for (const r of results) {
      // Any checkout that loses the race is told so with a 409, never a database error.
      if (r.status === "rejected") expect(r.reason).toMatchObject({ kind: "conflict", message: expect.stringMatching(/already in progress/) });
    }
    expect(results.some((r) => r.status === "fulfilled")).toBe(true);
    const pending = await handle.db.select({ id: orders.id }).from(orders).where(sql`${orders.cartId} = ${cartId} and ${orders.status} = 'pending_payment'`);
    expect(pending).toHaveLength(1);
    expect(await onlineStock(handle.db, variant.id)).toEqual({ onHand: 20, reserved: 1 });
  }, 60_000);

  it("caps unpaid pieces per email, leaving out the cart's own order it replaces", async () => {
    const variant = await someVariant(handle.db, 7);
    await setOnlineStock(handle.db, variant.id, 100);
    const email = "hoarder@example.com";
    const first = await cartWith(handle.db, [{ variantId: variant.id, quantity: 6 }]);
    await placeOrder(handle.db, orderInput(first, { email }));
    // Checking out the same cart again replaces its order, so its 6 pieces don't count twice.
    await placeOrder(handle.db, orderInput(first, { email }));
    const second = await cartWith(handle.db, [{ variantId: variant.id, quantity: 5 }]);
    const refused = placeOrder(handle.db, orderInput(second, { email: "Hoarder@Example.com" }));
    await expect(refused).rejects.toMatchObject({ kind: "conflict", message: expect.stringMatching(/at most 10 pieces per email.*6 are already held/) });
    expect(await onlineStock(handle.db, variant.id)).toEqual({ onHand: 100, reserved: 6 });
    const fits = await cartWith(handle.db, [{ variantId: variant.id, quantity: 4 }]);
    await placeOrder(handle.db, orderInput(fits, { email }));
    expect(await onlineStock(handle.db, variant.id)).toEqual({ onHand: 100, reserved: 10 });
    // One order larger than the cap is refused outright.
    const big = await cartWith(handle.db, [{ variantId: variant.id, quantity: 11 }]);
    await expect(placeOrder(handle.db, orderInput(big, { email: "bulk@example.com" }))).rejects.toMatchObject({ kind: "conflict", message: expect.stringMatching(/wholesale/) });
  });

  it("caps unpaid pieces per network address across emails, and records where each order came from", async () => {
    const variant = await someVariant(handle.db, 8);
    await setOnlineStock(handle.db, variant.id, 100);
    const placedFrom = "203.0.113.77";
    const placed = [];
    for (let i = 0; i < 4; i++) {
      const cartId = await cartWith(handle.db, [{ variantId: variant.id, quantity: 5 }]);
      placed.push(await placeOrder(handle.db, orderInput(cartId, { email: `office-${i}@example.com`, placedFrom })));
    }
    const [row] = await handle.db.select({ placedFrom: orders.placedFrom }).from(orders).where(eq(orders.id, placed[0]!.id));
    expect(row!.placedFrom).toBe(placedFrom);
    const fifth = await cartWith(handle.db, [{ variantId: variant.id, quantity: 1 }]);
    await expect(placeOrder(handle.db, orderInput(fifth, { email: "office-5@example.com", placedFrom }))).rejects.toMatchObject({
      kind: "conflict",
      message: expect.stringMatching(/from your network \(at most 20\)/),
    });
    // Another address is not affected.
    await placeOrder(handle.db, orderInput(fifth, { email: "office-5@example.com", placedFrom: "198.51.100.5" }));
    expect(await onlineStock(handle.db, variant.id)).toEqual({ onHand: 100, reserved: 21 });
  });

  it("keeps the stock CHECK as the last line of defence", async () => {
    const variant = await someVariant(handle.db, 5);
    await setOnlineStock(handle.db, variant.id, 1);
    await expect(
      handle.db.execute(sql`update stock_levels set reserved = 2 where variant_id = ${variant.id}`),
    ).rejects.toThrow();
  });

  it("leaves no email or turnover behind for an unpaid order", async () => {
    // The orders this file placed are all unpaid; the sample data's paid orders have both.
    const unpaid = (await handle.db.select({ id: orders.id }).from(orders).where(isNull(orders.paidAt))).map((o) => o.id);
    expect(unpaid.length).toBeGreaterThan(0);
    const [e] = await handle.db.select({ n: count() }).from(emails).where(inArray(emails.orderId, unpaid));
    const [t] = await handle.db.select({ n: count() }).from(turnoverEntries).where(and(eq(turnoverEntries.channel, "retail"), inArray(turnoverEntries.sourceId, unpaid)));
    expect(e!.n).toBe(0);
    expect(t!.n).toBe(0);
    const [paid] = await handle.db.select({ n: count() }).from(turnoverEntries).where(eq(turnoverEntries.channel, "retail"));
    expect(paid!.n).toBeGreaterThan(0);
  });
});
