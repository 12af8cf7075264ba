import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { orderLookupLimit } from "~/domain/platform/rate-limit";
import { lookUpOrder } from "~/models/retail/orders.server";
import { action as lookupAction } from "~/routes/_retail+/orders.lookup";
import { writableBackends, serveAppFrom } from "../support/db";
import { placeOne, setOnlineStock, someVariant } from "../support/retail";

describe.each(writableBackends())("order look-up limits on $name", ({ open }) => {
  let handle: DbHandle;
  let restoreAppDb: () => void;
  beforeAll(async () => {
    handle = await open();
    // The route reaches the database through getDb(); point it at this test's database.
    restoreAppDb = serveAppFrom(handle);
  });
  afterAll(async () => {
    restoreAppDb();
    await handle.close();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("refuses an address after 10 look-ups that found nothing, while found orders and other addresses are unaffected", async () => {
    const variant = await someVariant(handle.db, 10);
    await setOnlineStock(handle.db, variant.id, 10);
    const order = await placeOne(handle.db, variant.id, 1, { email: "lookup@example.com" });
    const now = new Date();
    const ip = "203.0.113.41";
    const real = { number: order.number, email: "Lookup@Example.com" };
    // Finding one's own order again and again costs nothing.
    for (let i = 0; i < 3; i++) expect(await lookUpOrder(handle.db, { ...real, ip, now })).toMatchObject({ status: "found", id: order.id });

    const guesses = await Promise.all(
      Array.from({ length: 15 }, (_, i) => lookUpOrder(handle.db, { number: `KR-26-GUESS${String(i).padStart(3, "0")}`, email: "lookup@example.com", ip, now })),
    );
    expect(guesses.filter((g) => g.status === "not_found")).toHaveLength(orderLookupLimit.limit);
    expect(guesses.filter((g) => g.status === "limited")).toHaveLength(15 - orderLookupLimit.limit);
    expect(await lookUpOrder(handle.db, { ...real, ip, now })).toMatchObject({ status: "limited", retryAfter: expect.any(Number) });
    expect(await lookUpOrder(handle.db, { ...real, ip: "203.0.113.42", now })).toMatchObject({ status: "found" });
    // The next window starts afresh.
    expect(await lookUpOrder(handle.db, { ...real, ip, now: new Date(now.getTime() + orderLookupLimit.windowSeconds * 1000) })).toMatchObject({ status: "found" });
  });

  it("answers the page's form with a 429, a Retry-After and a friendly message", async () => {
    // The route counts on the clock, in fixed 15-minute windows (:00, :15, :30, :45). Stop the clock inside one:
    // a window that turned over between the tenth and the eleventh post would start the count afresh, and no 429.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-01T05:07:30Z") });
    const post = (number: string) =>
      lookupAction({
        request: new Request("http://localhost/orders/lookup", { method: "POST", body: new URLSearchParams({ number, email: "nobody@example.com" }) }),
        params: {},
        context: { clientIp: "198.51.100.61" },
      });
    for (let i = 0; i < orderLookupLimit.limit; i++) {
      const response = (await post(`KR-26-WRONG${String(i).padStart(3, "0")}`)) as unknown as { init: ResponseInit | null };
      expect(response.init?.status).toBe(404);
    }
    const refused = (await post("KR-26-WRONG999")) as unknown as { data: { message: string }; init: ResponseInit | null };
    expect(refused.init?.status).toBe(429);
    expect(Number(new Headers(refused.init?.headers).get("Retry-After"))).toBeGreaterThan(0);
    expect(refused.data.message).toMatch(/Too many look-ups.*Please wait \d+ minutes? and try again/);
  });
});
