import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { orders } from "../../db/schema";
import { listLapsedDemoOrders } from "~/models/retail/orders.server";
import { expireLapsedDemoOrders } from "~/models/payments/demo-events.server";
import { writableBackends } from "../support/db";
import { onlineStock, orderStatus, placeOne, setOnlineStock, someVariant } from "../support/retail";

describe.each(writableBackends())("the unpaid-order sweeper on $name", ({ open }) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await open();
  });
  afterAll(async () => {
    await handle.close();
  });

  it("cancels a lapsed demo order and gives its pieces back, leaving a fresh one alone", async () => {
    const variant = await someVariant(handle.db, 9);
    await setOnlineStock(handle.db, variant.id, 10);
    const lapsed = await placeOne(handle.db, variant.id, 2, { email: "lapsed@example.com" });
    const fresh = await placeOne(handle.db, variant.id, 1, { email: "fresh@example.com" });
    await handle.db.update(orders).set({ expiresAt: new Date(Date.now() - 60_000) }).where(eq(orders.id, lapsed.id));
    expect(await onlineStock(handle.db, variant.id)).toEqual({ onHand: 10, reserved: 3 });

    // The query the sweeper runs every minute: a Date compared in SQL, which PostgreSQL used to refuse.
    expect((await listLapsedDemoOrders(handle.db, { now: new Date() })).map((o) => o.id)).toEqual([lapsed.id]);
    expect(await expireLapsedDemoOrders(handle.db)).toBe(1);

    expect((await orderStatus(handle.db, lapsed.id)).status).toBe("cancelled");
    expect((await orderStatus(handle.db, fresh.id)).status).toBe("pending_payment");
    expect(await onlineStock(handle.db, variant.id)).toEqual({ onHand: 10, reserved: 1 });
    // A second sweep finds nothing more to do.
    expect(await expireLapsedDemoOrders(handle.db)).toBe(0);
    const [row] = await handle.db.select({ cancelledAt: orders.cancelledAt }).from(orders).where(eq(orders.id, lapsed.id));
    expect(row!.cancelledAt).not.toBeNull();
  });
});
