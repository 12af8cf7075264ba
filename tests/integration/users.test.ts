import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { seedUsers } from "../../db/seed/data/reference";
import { rateLimitHits, sessions, users } from "../../db/schema";
import { loginLimitKeys, loginLimits } from "~/domain/platform/rate-limit";
import { attemptLogin, createSession, createUser, deleteSession, getSessionUser, hitRateLimit, isRateLimited, verifyLogin } from "~/models/platform/users.server";
import { writableBackends } from "../support/db";

describe.each(writableBackends())("accounts on $name", ({ name, open }) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await open();
  });
  afterAll(async () => {
    await handle.close();
  });

  it("seeds a user for every role (three importers' buyers) with argon2id hashes", async () => {
    const rows = await handle.db.select({ role: users.role, hash: users.passwordHash }).from(users);
    expect(rows.map((r) => r.role).sort()).toEqual(["admin", "bazaar", "importer", "importer", "importer", "staff"]);
    for (const r of rows) expect(r.hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2/);
  });

  it("signs in with the right password only, whatever the email's case", async () => {
    const staff = seedUsers.find((u) => u.role === "staff")!;
    expect(await verifyLogin(handle.db, { email: staff.email.toUpperCase(), password: staff.password })).not.toBeNull();
    expect(await verifyLogin(handle.db, { email: staff.email, password: "wrong" })).toBeNull();
    expect(await verifyLogin(handle.db, { email: "nobody@kriya.example", password: staff.password })).toBeNull();
  });

  it("refuses a disabled account", async () => {
    const bazaar = seedUsers.find((u) => u.role === "bazaar")!;
    await handle.db.update(users).set({ disabledAt: new Date() }).where(eq(users.email, bazaar.email));
    expect(await verifyLogin(handle.db, { email: bazaar.email, password: bazaar.password })).toBeNull();
    await handle.db.update(users).set({ disabledAt: null }).where(eq(users.email, bazaar.email));
  });

  it("gives each login a new session id, and forgets sessions that ended or expired", async () => {
    const [admin] = await handle.db.select({ id: users.id }).from(users).where(eq(users.role, "admin"));
    const first = await createSession(handle.db, { userId: admin!.id });
    const second = await createSession(handle.db, { userId: admin!.id });
    expect(first.id).not.toBe(second.id);
    expect((await getSessionUser(handle.db, { sessionId: first.id }))?.role).toBe("admin");
    await deleteSession(handle.db, { sessionId: first.id });
    expect(await getSessionUser(handle.db, { sessionId: first.id })).toBeNull();
    await handle.db.update(sessions).set({ expiresAt: sql`now() - interval '1 minute'` }).where(eq(sessions.id, second.id));
    expect(await getSessionUser(handle.db, { sessionId: second.id })).toBeNull();
  });

  it("limits wrong passwords per account within a window, shared through the database", async () => {
    const key = `login:account:test-${Date.now()}`;
    const now = new Date("2026-11-23T08:01:00Z");
    for (let i = 0; i < loginLimits.account.limit; i++) {
      expect(await isRateLimited(handle.db, { key, rule: loginLimits.account, now })).toBeNull();
      await hitRateLimit(handle.db, { key, rule: loginLimits.account, now });
    }
    expect(await isRateLimited(handle.db, { key, rule: loginLimits.account, now })).toBe(840);
    expect((await hitRateLimit(handle.db, { key, rule: loginLimits.account, now })).allowed).toBe(false);
    // The next window starts afresh.
    expect(await isRateLimited(handle.db, { key, rule: loginLimits.account, now: new Date("2026-11-23T08:15:00Z") })).toBeNull();
  });

  it("checks at most 5 of 30 parallel wrong passwords for one account; the rest get a 429 before any check", async () => {
    const email = `parallel-${name}@kriya.example`;
    await createUser(handle.db, { email, name: "Made Parallel", role: "staff", password: "the real password" });
    const now = new Date();
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => attemptLogin(handle.db, { email, password: `guess ${i}`, ip: "203.0.113.30", now })));
    expect(results.filter((r) => r.status === "wrong")).toHaveLength(loginLimits.account.limit);
    expect(results.filter((r) => r.status === "locked")).toHaveLength(30 - loginLimits.account.limit);
    // Refused attempts gave their hits back: the counters hold the 5 wrong passwords only.
    const [row] = await handle.db.select({ count: rateLimitHits.count }).from(rateLimitHits).where(eq(rateLimitHits.key, loginLimitKeys.ip("203.0.113.30")));
    expect(row!.count).toBe(loginLimits.account.limit);
  }, 60_000);

  it("doesn't let failures from one address lock the owner out at another, and correct passwords use up nothing", async () => {
    const email = `elsewhere-${name}@kriya.example`;
    await createUser(handle.db, { email, name: "Nyoman Elsewhere", role: "staff", password: "the real password" });
    const now = new Date();
    for (let i = 0; i < 3; i++) expect(await attemptLogin(handle.db, { email, password: "the real password", ip: "198.51.100.2", now })).toMatchObject({ status: "ok" });
    for (let i = 0; i < loginLimits.account.limit; i++) expect(await attemptLogin(handle.db, { email, password: `guess ${i}`, ip: "198.51.100.1", now })).toEqual({ status: "wrong" });
    expect(await attemptLogin(handle.db, { email, password: "the real password", ip: "198.51.100.1", now })).toMatchObject({ status: "locked", retryAfter: expect.any(Number) });
    expect(await attemptLogin(handle.db, { email, password: "the real password", ip: "198.51.100.2", now })).toMatchObject({ status: "ok" });
    // The owner's address still has its full allowance for typos.
    for (let i = 0; i < loginLimits.account.limit; i++) expect(await attemptLogin(handle.db, { email, password: `typo ${i}`, ip: "198.51.100.2", now })).toEqual({ status: "wrong" });
  }, 60_000);

  it("slows an account attacked from many addresses to one wrong password per address, without locking the owner out", async () => {
    const email = `attacked-${name}@kriya.example`;
    await createUser(handle.db, { email, name: "Ketut Attacked", role: "admin", password: "the real password" });
    const now = new Date();
    expect(await attemptLogin(handle.db, { email, password: "one typo", ip: "192.0.2.1", now })).toEqual({ status: "wrong" });
    // 50 wrong passwords for this account from around the world in this window.
    await handle.db
      .update(rateLimitHits)
      .set({ count: loginLimits.accountEverywhere.limit })
      .where(eq(rateLimitHits.key, loginLimitKeys.account(email)));
    // An address that has failed once this window must wait; a fresh one gets one try; the owner signs in.
    expect(await attemptLogin(handle.db, { email, password: "another typo", ip: "192.0.2.1", now })).toMatchObject({ status: "locked" });
    expect(await attemptLogin(handle.db, { email, password: "bot guess", ip: "192.0.2.99", now })).toEqual({ status: "wrong" });
    expect(await attemptLogin(handle.db, { email, password: "bot guess 2", ip: "192.0.2.99", now })).toMatchObject({ status: "locked" });
    expect(await attemptLogin(handle.db, { email, password: "the real password", ip: "192.0.2.50", now })).toMatchObject({ status: "ok" });
  }, 60_000);
});
