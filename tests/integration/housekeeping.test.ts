import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { formSubmissions, rateLimitHits, sessions, users } from "../../db/schema";
import { FORM_KEY_DAYS, pruneExpired } from "~/models/platform/housekeeping.server";
import { writableBackends } from "../support/db";

describe.each(writableBackends())("hourly housekeeping on $name", ({ open }) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await open();
  });
  afterAll(async () => {
    await handle.close();
  });

  it("deletes expired sessions, stale rate-limit windows and week-old form keys, and keeps everything still in use", async () => {
    const now = new Date("2026-11-23T12:00:00Z");
    const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
    const [user] = await handle.db.select({ id: users.id }).from(users).where(eq(users.role, "staff"));
    const [oldSession, liveSession] = await handle.db
      .insert(sessions)
      .values([
        { userId: user!.id, expiresAt: hoursAgo(1) },
        { userId: user!.id, expiresAt: hoursAgo(-1) },
      ])
      .returning({ id: sessions.id });
    await handle.db.insert(rateLimitHits).values([
      { key: "login:test:old", windowStart: hoursAgo(25), count: 5 },
      { key: "login:test:current", windowStart: hoursAgo(0.25), count: 3 },
    ]);
    const [oldKey, freshKey] = [randomUUID(), randomUUID()];
    await handle.db.insert(formSubmissions).values([
      { key: oldKey, userId: user!.id, action: "stock.adjust", createdAt: hoursAgo(FORM_KEY_DAYS * 24 + 1) },
      { key: freshKey, userId: user!.id, action: "stock.adjust", createdAt: hoursAgo(FORM_KEY_DAYS * 24 - 1) },
    ]);

    const pruned = await pruneExpired(handle.db, { now });
    expect(pruned.sessions).toBeGreaterThanOrEqual(1);
    expect(pruned.rateLimitWindows).toBeGreaterThanOrEqual(1);
    expect(pruned.formKeys).toBeGreaterThanOrEqual(1);

    expect((await handle.db.select({ id: sessions.id }).from(sessions).where(inArray(sessions.id, [oldSession!.id, liveSession!.id]))).map((s) => s.id)).toEqual([liveSession!.id]);
    expect((await handle.db.select({ key: rateLimitHits.key }).from(rateLimitHits).where(inArray(rateLimitHits.key, ["login:test:old", "login:test:current"]))).map((r) => r.key)).toEqual(["login:test:current"]);
    expect((await handle.db.select({ key: formSubmissions.key }).from(formSubmissions).where(inArray(formSubmissions.key, [oldKey, freshKey]))).map((r) => r.key)).toEqual([freshKey]);

    // Nothing left to do: a second run deletes nothing of what remains.
    expect(await pruneExpired(handle.db, { now })).toEqual({ sessions: 0, rateLimitWindows: 0, formKeys: 0 });
  });
});
