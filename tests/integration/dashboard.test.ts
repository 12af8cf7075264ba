import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { LOW_STOCK_THRESHOLD } from "~/domain/stock";
import { listLowStock, listTodaysOrders } from "~/models/dashboard.server";
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
    const low = await listLowStock(handle.db, 200);
    expect(low.every((s) => s.available <= LOW_STOCK_THRESHOLD)).toBe(true);
    expect(low.map((s) => s.available)).toEqual([...low.map((s) => s.available)].sort((a, b) => a - b));
    expect(low.some((s) => s.available === 1)).toBe(true);
  });

  it("counts reserved pieces as unavailable and shows today's orders", async () => {
    const variant = await someVariant(handle.db, 41);
    await setOnlineStock(handle.db, variant.id, 5);
    const order = await placeOne(handle.db, variant.id, 3);
    const low = await listLowStock(handle.db, 200);
    expect(low.find((s) => s.available === 2 && s.reserved === 3)).toBeDefined();
    const today = await listTodaysOrders(handle.db);
    expect(today.map((o) => o.number)).toContain(order.number);
    const tomorrow = await listTodaysOrders(handle.db, new Date(Date.now() + 2 * 86_400_000));
    expect(tomorrow.map((o) => o.number)).not.toContain(order.number);
  });
});
