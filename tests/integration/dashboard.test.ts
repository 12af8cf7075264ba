import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { outboxMessages } from "../../db/schema";
import { LOW_STOCK_THRESHOLD } from "~/domain/stock/stock";
import { outboxRetry } from "~/domain/platform/outbox";
import { listFailingOutboxMessages, listLowStock, listTodaysOrders } from "~/models/platform/dashboard.server";
import { drainOutbox, enqueue } from "~/models/platform/outbox.server";
import { writableBackends } from "../support/db";
import { placeOne, setOnlineStock, someVariant } from "../support/retail";

describe.each(writableBackends())("dashboard on $name", ({ open }) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await open();
  });
  afterAll(async () => {
    await handle.close();
  });

  it("lists only variants at or below the low-stock threshold, emptiest first", async () => {
    const variant = await someVariant(handle.db, 40);
    await setOnlineStock(handle.db, variant.id, 1);
    const low = await listLowStock(handle.db, { limit: 200 });
    expect(low.every((s) => s.available <= LOW_STOCK_THRESHOLD)).toBe(true);
    expect(low.map((s) => s.available)).toEqual([...low.map((s) => s.available)].sort((a, b) => a - b));
    expect(low.some((s) => s.available === 1)).toBe(true);
  });

  it("counts reserved pieces as unavailable and shows today's orders", async () => {
    const variant = await someVariant(handle.db, 41);
    await setOnlineStock(handle.db, variant.id, 5);
    const order = await placeOne(handle.db, variant.id, 3);
    const low = await listLowStock(handle.db, { limit: 200 });
    expect(low.find((s) => s.available === 2 && s.reserved === 3)).toBeDefined();
    const today = await listTodaysOrders(handle.db);
    expect(today.map((o) => o.number)).toContain(order.number);
    const tomorrow = await listTodaysOrders(handle.db, { now: new Date(Date.now() + 2 * 86_400_000) });
    expect(tomorrow.map((o) => o.number)).not.toContain(order.number);
  });

  it("lists outbox messages that failed and are not done, with their recipient, and which ones were given up", async () => {
    const variant = await someVariant(handle.db, 42);
    await setOnlineStock(handle.db, variant.id, 5);
    const order = await placeOne(handle.db, variant.id, 1, { email: "refund.failing@example.com" });
    const t0 = new Date(Date.now() + 60_000);
    const aboutOrder = (await enqueue(handle.db, { topic: "test.dashboard_failing", payload: { orderId: order.id }, availableAt: t0 }))!;
    const toSomeone = (await enqueue(handle.db, { topic: "test.dashboard_failing", payload: { to: "someone@example.com" }, availableAt: t0 }))!;
    const fine = (await enqueue(handle.db, { topic: "test.dashboard_fine", payload: {}, availableAt: t0 }))!;
    const failing = async () => {
      throw new Error("SMTP server refused it");
    };
    await drainOutbox(handle.db, { handlers: { "test.dashboard_failing": failing, "test.dashboard_fine": async () => {} }, now: t0 });
    // One of them has used up its tries.
    await handle.db.update(outboxMessages).set({ attempts: outboxRetry.maxAttempts }).where(eq(outboxMessages.id, toSomeone.id));

    const listed = await listFailingOutboxMessages(handle.db);
    const byId = new Map(listed.map((m) => [m.id, m]));
    expect(byId.has(fine.id)).toBe(false);
    expect(byId.get(aboutOrder.id)).toMatchObject({ topic: "test.dashboard_failing", recipient: "refund.failing@example.com", attempts: 1, lastError: "Error: SMTP server refused it", givenUp: false });
    expect(byId.get(aboutOrder.id)!.availableAt.getTime()).toBe(t0.getTime() + outboxRetry.baseSeconds * 1000);
    expect(byId.get(toSomeone.id)).toMatchObject({ recipient: "someone@example.com", attempts: outboxRetry.maxAttempts, givenUp: true });
    expect(listed.map((m) => m.id).indexOf(toSomeone.id)).toBeLessThan(listed.map((m) => m.id).indexOf(aboutOrder.id));
  });
});
