import { describe, expect, it } from "vitest";
import { createDatabaseHealth, describeDatabase, failureReason } from "./database-health.server";

const refused = () => Promise.reject(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5999"), { code: "ECONNREFUSED" }));

describe("the database health the server reports", () => {
  it("names the server, never its credentials or database", () => {
    expect(describeDatabase("postgres://kriya:s3cret@db.internal:6543/shop")).toBe("PostgreSQL at db.internal:6543");
    expect(describeDatabase("postgres://postgres@127.0.0.1/test")).toBe("PostgreSQL at 127.0.0.1:5432");
    expect(describeDatabase(undefined)).toBe("the embedded PGlite database");
    expect(failureReason(new Error("password authentication failed\nmore"))).toBe("password authentication failed");
  });

  it("is not ready before the first probe, nor before the migrations", async () => {
    const health = createDatabaseHealth({ probe: () => Promise.resolve() });
    expect(health.livenessText()).toBe("ok\ndatabase: not checked yet\n");
    expect(health.readiness().ready).toBe(false);
    await health.check();
    expect(health.livenessText()).toBe("ok\ndatabase: reachable\n");
    expect(health.readiness()).toEqual({ ready: false, text: expect.stringMatching(/preparing the database/) });
    health.markMigrated();
    expect(health.readiness()).toEqual({ ready: true, text: "ready\n" });
  });

  it("reports an outage with its first time and reason, and recovers", async () => {
    let up = true;
    let clock = new Date("2026-12-02T10:00:00.000Z");
    const changes: string[] = [];
    const health = createDatabaseHealth({
      probe: () => (up ? Promise.resolve() : refused()),
      now: () => clock,
      onChange: (state) => changes.push(state.reachable ? "up" : `down ${state.reason}`),
    });
    health.markMigrated();
    await health.check();
    up = false;
    clock = new Date("2026-12-02T10:00:02.000Z");
    await health.check();
    clock = new Date("2026-12-02T10:00:04.000Z");
    await health.check();
    expect(health.livenessText()).toBe("ok\ndatabase: unreachable since 2026-12-02T10:00:02.000Z: ECONNREFUSED\n");
    expect(health.readiness()).toEqual({ ready: false, text: "not ready: database unreachable since 2026-12-02T10:00:02.000Z: ECONNREFUSED\n" });
    up = true;
    await health.check();
    expect(health.readiness().ready).toBe(true);
    expect(changes).toEqual(["up", "down ECONNREFUSED", "up"]);
  });

  it("counts a probe that never answers as unreachable", async () => {
    const health = createDatabaseHealth({ probe: () => new Promise(() => {}), timeoutMs: 20 });
    expect(await health.check()).toBe(false);
    expect(health.livenessText()).toMatch(/unreachable since .*: CONNECT_TIMEOUT/);
  });

  it("is reachable from the start when in-process (PGlite)", () => {
    const health = createDatabaseHealth({ probe: null });
    health.markMigrated();
    expect(health.readiness().ready).toBe(true);
  });

  it("wakes a waiter as soon as the database is back", async () => {
    let up = false;
    const health = createDatabaseHealth({ probe: () => (up ? Promise.resolve() : refused()) });
    await health.check();
    const started = Date.now();
    const waited = health.waitForReachable(10_000);
    up = true;
    await health.check();
    await waited;
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
