import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { seedUsers } from "../../db/seed/data/reference";
import { sessions, users } from "../../db/schema";
import { loginLimits } from "~/domain/rate-limit";
import { createSession, deleteSession, getSessionUser, hitRateLimit, isRateLimited, verifyLogin } from "~/models/users.server";
import { writableBackends } from "../support/db";

describe.each(writableBackends())("accounts on $name", ({ open }) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await open();
  });
  afterAll(async () => {
    await handle.close();
  });

  it("seeds one user per role with argon2id hashes", async () => {
    const rows = await handle.db.select({ role: users.role, hash: users.passwordHash }).from(users);
    expect(rows.map((r) => r.role).sort()).toEqual(["admin", "bazaar", "importer", "staff"]);
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
    const first = await createSession(handle.db, admin!.id);
    const second = await createSession(handle.db, admin!.id);
    expect(first.id).not.toBe(second.id);
    expect((await getSessionUser(handle.db, first.id))?.role).toBe("admin");
    await deleteSession(handle.db, first.id);
    expect(await getSessionUser(handle.db, first.id)).toBeNull();
    await handle.db.update(sessions).set({ expiresAt: sql`now() - interval '1 minute'` }).where(eq(sessions.id, second.id));
    expect(await getSessionUser(handle.db, second.id)).toBeNull();
  });

  it("limits wrong passwords per account within a window, shared through the database", async () => {
    const key = `login:account:test-${Date.now()}`;
    const now = new Date("2026-11-23T08:01:00Z");
    for (let i = 0; i < loginLimits.account.limit; i++) {
      expect(await isRateLimited(handle.db, key, loginLimits.account, now)).toBeNull();
      await hitRateLimit(handle.db, key, loginLimits.account, now);
    }
    expect(await isRateLimited(handle.db, key, loginLimits.account, now)).toBe(840);
    expect((await hitRateLimit(handle.db, key, loginLimits.account, now)).allowed).toBe(false);
    // The next window starts afresh.
    expect(await isRateLimited(handle.db, key, loginLimits.account, new Date("2026-11-23T08:15:00Z"))).toBeNull();
  });
});
