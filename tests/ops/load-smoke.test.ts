/**
 * The load script in small (issue 15, point 4): 10 shoppers for 5 s against a real server, so the script can't rot
 * unnoticed between benches: every step must still run, with no 5xx and no stock drift.
 */
import { afterAll, describe, expect, it } from "vitest";
import { assertLoopback, runLoad } from "../../scripts/bench-load";
import { freshDatabase, hasPostgres, startApp, type AppServer } from "./support/servers";

describe.runIf(hasPostgres())("the load script", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it("drives every step of shoppers and staff against a real server with no 5xx and no stock drift", async () => {
    const db = await freshDatabase("load");
    cleanups.push(db.drop);
    const app: AppServer = await startApp({ databaseUrl: db.url, env: { TRUST_PROXY: "loopback" } });
    cleanups.push(app.stop);

    // Every shopper buys here, so the short run reaches checkout, payment and the order page many times.
    const result = await runLoad({ baseUrl: app.url, databaseUrl: db.url, shoppers: 10, seconds: 5, buyerShare: 1 });

    expect(result.failures).toEqual([]);
    expect(result.serverErrors).toBe(0);
    expect(result.networkErrors).toBe(0);
    expect(result.stock.drift).toEqual([]);
    expect(result.stock.negative).toEqual([]);
    expect(result.stock.mismatchedOrders).toEqual([]);
    expect(result.stock.oversold).toEqual([]);
    for (const step of result.steps) expect({ step: step.step, ran: step.count - step.failures > 0 }).toEqual({ step: step.step, ran: true });
    expect(result.counters.orders).toBeGreaterThan(0);
    expect(result.stock.paidOrders).toBe(result.counters.orders);
    expect(result.passed).toBe(true);
  });

  it("refuses a target that is not this machine", () => {
    expect(() => assertLoopback("http://example.com:3000")).toThrow(/loopback only/);
    expect(() => assertLoopback("http://10.0.0.5:3000")).toThrow(/loopback only/);
    expect(() => assertLoopback("http://127.0.0.1:3000")).not.toThrow();
    expect(() => assertLoopback("http://[::1]:3000")).not.toThrow();
  });
});
