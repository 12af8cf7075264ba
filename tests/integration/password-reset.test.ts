import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { seedUsers } from "../../db/seed/data/reference";
import { auditLog, emails, outboxMessages, passwordResetTokens, rateLimitHits, sessions, users } from "../../db/schema";
import { RESET_LINK_MINUTES } from "~/domain/platform/password-reset";
import { loginLimitKeys, loginLimits } from "~/domain/platform/rate-limit";
import { outboxHandlers } from "~/models/platform/outbox-handlers.server";
import { drainOutbox, enqueue, type OutboxHandler } from "~/models/platform/outbox.server";
import { checkResetToken, PASSWORD_RESET_EMAIL, requestPasswordReset, resetPassword } from "~/models/platform/password-reset.server";
import { attemptLogin, createSession, createUser, getSessionUser, verifyLogin } from "~/models/platform/users.server";
import { hashToken } from "~/utils/token.server";
import { writableBackends } from "../support/db";

const origin = "https://shop.kriya.example";
const seeded = (role: (typeof seedUsers)[number]["role"]) => seedUsers.find((u) => u.role === role)!;
const minutes = (from: Date, n: number) => new Date(from.getTime() + n * 60_000);
const seconds = (from: Date, n: number) => new Date(from.getTime() + n * 1000);

describe.each(writableBackends())("password reset on $name", ({ name, open }) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await open();
  });
  afterAll(async () => {
    await handle.close();
  });

  const userId = async (email: string) => (await handle.db.select({ id: users.id }).from(users).where(eq(users.email, email)))[0]!.id;
  const mailTo = (to: string) => handle.db.select().from(emails).where(eq(emails.to, to)).orderBy(desc(emails.id));
  const passwordHashOf = async (id: number) => (await handle.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, id)))[0]!.hash;
  const tokenIn = (text: string) => new URL(/https?:\/\/\S+/.exec(text)![0]).searchParams.get("token")!;
  const count = async (table: typeof outboxMessages | typeof passwordResetTokens) => (await handle.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;

  it("queues the email with the token for a known address (any case); the mailbox gets it only when the outbox drains", async () => {
    const staff = seeded("staff");
    const now = new Date();
    const before = (await mailTo(staff.email)).length;
    const request = await requestPasswordReset(handle.db, { email: staff.email.toUpperCase(), origin, now });
    expect(request).not.toBeNull();

    // Only the hash is stored, with a one-hour expiry.
    const [stored] = await handle.db.select().from(passwordResetTokens).where(eq(passwordResetTokens.id, request!.tokenId));
    expect(stored!.tokenHash).toBe(hashToken(request!.token));
    expect(stored!.tokenHash).not.toContain(request!.token);
    expect(stored!.expiresAt.getTime()).toBe(minutes(now, RESET_LINK_MINUTES).getTime());
    expect(stored!.usedAt).toBeNull();

    const [queued] = await handle.db.select().from(outboxMessages).where(eq(outboxMessages.dedupeKey, `password-reset:${request!.tokenId}`));
    expect(queued).toMatchObject({ topic: PASSWORD_RESET_EMAIL, processedAt: null, attempts: 0 });
    expect(await mailTo(staff.email)).toHaveLength(before);

    expect((await drainOutbox(handle.db, { handlers: outboxHandlers, now })).processed).toBeGreaterThanOrEqual(1);
    const [mail, ...older] = await mailTo(staff.email);
    expect(older).toHaveLength(before);
    expect(mail!.subject).toBe("Choose a new password for your Kriya account");
    expect(mail!.sentAt).not.toBeNull();
    expect(mail!.text).toContain("Hello Dewi,");
    expect(mail!.text).toContain(`${origin}/reset-password?token=${request!.token}`);
    expect(mail!.html).toContain(`href="${origin}/reset-password?token=${request!.token}"`);
    expect(tokenIn(mail!.text)).toBe(request!.token);
    const [done] = await handle.db.select().from(outboxMessages).where(eq(outboxMessages.id, queued!.id));
    expect(done!.processedAt).not.toBeNull();

    // Draining again sends nothing twice.
    await drainOutbox(handle.db, { handlers: outboxHandlers });
    expect(await mailTo(staff.email)).toHaveLength(before + 1);
  });

  it("stores and sends nothing for an unknown or disabled address", async () => {
    const [tokensBefore, outboxBefore] = [await count(passwordResetTokens), await count(outboxMessages)];
    expect(await requestPasswordReset(handle.db, { email: "nobody@kriya.example", origin })).toBeNull();
    const bazaar = seeded("bazaar");
    await handle.db.update(users).set({ disabledAt: new Date() }).where(eq(users.email, bazaar.email));
    expect(await requestPasswordReset(handle.db, { email: bazaar.email, origin })).toBeNull();
    await handle.db.update(users).set({ disabledAt: null }).where(eq(users.email, bazaar.email));
    expect([await count(passwordResetTokens), await count(outboxMessages)]).toEqual([tokensBefore, outboxBefore]);
    await drainOutbox(handle.db, { handlers: outboxHandlers });
    expect(await mailTo("nobody@kriya.example")).toHaveLength(0);
  });

  it("enqueues a message once per dedupe key", async () => {
    const key = `test-dedupe-${Date.now()}`;
    const first = await enqueue(handle.db, { topic: "test.dedupe", payload: { n: 1 }, dedupeKey: key });
    const second = await enqueue(handle.db, { topic: "test.dedupe", payload: { n: 2 }, dedupeKey: key });
    expect(first).not.toBeNull();
    expect(second).toBeNull();
    const rows = await handle.db.select({ payload: outboxMessages.payload }).from(outboxMessages).where(eq(outboxMessages.dedupeKey, key));
    expect(rows).toEqual([{ payload: { n: 1 } }]);
  });

  it("sets the new password once: the old one stops working, every session ends, other links retire, and it is audited", async () => {
    const importer = seeded("importer");
    const id = await userId(importer.email);
    const sessionsBefore = [await createSession(handle.db, { userId: id }), await createSession(handle.db, { userId: id })];
    const first = (await requestPasswordReset(handle.db, { email: importer.email, origin }))!;
    const second = (await requestPasswordReset(handle.db, { email: importer.email, origin }))!;
    expect(await checkResetToken(handle.db, { token: first.token })).toEqual({ state: "valid", userId: id, email: importer.email });

    const result = await resetPassword(handle.db, { token: first.token, password: "woven rattan at dawn", ip: "203.0.113.9" });
    expect(result).toEqual({ ok: true, userId: id, sessionsEnded: 2 });

    expect(await verifyLogin(handle.db, { email: importer.email, password: importer.password })).toBeNull();
    expect(await verifyLogin(handle.db, { email: importer.email, password: "woven rattan at dawn" })).toMatchObject({ id });
    expect(await passwordHashOf(id)).toMatch(/^\$argon2id\$/);
    for (const session of sessionsBefore) expect(await getSessionUser(handle.db, { sessionId: session.id })).toBeNull();
    expect(await handle.db.select().from(sessions).where(eq(sessions.userId, id))).toHaveLength(0);

    expect((await checkResetToken(handle.db, { token: first.token })).state).toBe("used");
    expect((await checkResetToken(handle.db, { token: second.token })).state).toBe("expired");
    const hashAfter = await passwordHashOf(id);
    expect(await resetPassword(handle.db, { token: first.token, password: "another new password" })).toEqual({ ok: false, reason: "used" });
    expect(await resetPassword(handle.db, { token: second.token, password: "another new password" })).toEqual({ ok: false, reason: "expired" });
    expect(await passwordHashOf(id)).toBe(hashAfter);

    const audit = await handle.db.select().from(auditLog).where(and(eq(auditLog.action, "password_reset"), eq(auditLog.entityId, String(id))));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ userId: id, entityType: "users", ip: "203.0.113.9", changes: { sessionsEnded: 2, otherLinksRetired: 1 } });
  });

  it("lifts a locked-out account's sign-in lockout after a reset, while the address keeps its count", async () => {
    const email = `locked-${name}@kriya.example`;
    const { id } = await createUser(handle.db, { email, name: "Ketut Locked", role: "staff", password: "the password I had" });
    const ip = "198.51.100.23";
    const now = new Date();
    const ipCount = async () => (await handle.db.select({ count: rateLimitHits.count }).from(rateLimitHits).where(eq(rateLimitHits.key, loginLimitKeys.ip(ip)))).reduce((n, r) => n + r.count, 0);

    for (let i = 0; i < loginLimits.account.limit; i++) {
      expect(await attemptLogin(handle.db, { email, password: `guess ${i}`, ip, now })).toEqual({ status: "wrong" });
    }
    // Locked: even the right password is refused, as the login route answers 429.
    expect(await attemptLogin(handle.db, { email, password: "the password I had", ip, now })).toMatchObject({ status: "locked" });
    expect(await ipCount()).toBe(loginLimits.account.limit);

    const { token } = (await requestPasswordReset(handle.db, { email, origin, now }))!;
    expect(await resetPassword(handle.db, { token, password: "a fresh start at last", ip, now })).toMatchObject({ ok: true, userId: id });

    expect(await attemptLogin(handle.db, { email, password: "a fresh start at last", ip, now })).toMatchObject({ status: "ok", userId: id });
    expect(await ipCount()).toBe(loginLimits.account.limit);
    // Another account's counter is untouched by this reset.
    const other = loginLimitKeys.account(`someone-else-${name}@kriya.example`);
    await handle.db.insert(rateLimitHits).values({ key: other, windowStart: new Date(0), count: 3 });
    const second = (await requestPasswordReset(handle.db, { email, origin, now }))!;
    expect((await resetPassword(handle.db, { token: second.token, password: "and yet another one", ip, now })).ok).toBe(true);
    expect(await handle.db.select({ count: rateLimitHits.count }).from(rateLimitHits).where(eq(rateLimitHits.key, other))).toEqual([{ count: 3 }]);
  });

  it("keeps the token out of the outbox once the email is delivered; the email itself has the link", async () => {
    const email = `redacted-${name}@kriya.example`;
    await createUser(handle.db, { email, name: "Wayan Redacted", role: "staff", password: "a password to forget" });
    const now = new Date();
    const request = (await requestPasswordReset(handle.db, { email, origin, now }))!;
    const row = async () => (await handle.db.select().from(outboxMessages).where(eq(outboxMessages.dedupeKey, `password-reset:${request.tokenId}`)))[0]!;
    // Queued, the link must be there to send.
    expect(JSON.stringify((await row()).payload)).toContain(request.token);

    await drainOutbox(handle.db, { handlers: outboxHandlers, now });
    const delivered = await row();
    expect(delivered.processedAt).not.toBeNull();
    expect(JSON.stringify(delivered.payload)).not.toContain(request.token);
    expect(JSON.stringify(delivered.payload)).not.toContain("reset-password");
    expect(delivered.payload).toMatchObject({ to: email, name: "Wayan Redacted" });
    const [mail] = await mailTo(email);
    expect(tokenIn(mail!.text)).toBe(request.token);
    expect((await checkResetToken(handle.db, { token: request.token })).state).toBe("valid");
  });

  it("rejects an expired token and changes nothing", async () => {
    const admin = seeded("admin");
    const id = await userId(admin.email);
    const session = await createSession(handle.db, { userId: id });
    const hashBefore = await passwordHashOf(id);
    const twoHoursAgo = minutes(new Date(), -120);
    const old = (await requestPasswordReset(handle.db, { email: admin.email, origin, now: twoHoursAgo }))!;
    expect((await checkResetToken(handle.db, { token: old.token })).state).toBe("expired");
    expect(await resetPassword(handle.db, { token: old.token, password: "a long enough password" })).toEqual({ ok: false, reason: "expired" });

    // A fresh token, used a minute past its hour.
    const now = new Date();
    const fresh = (await requestPasswordReset(handle.db, { email: admin.email, origin, now }))!;
    const late = minutes(now, RESET_LINK_MINUTES + 1);
    expect((await checkResetToken(handle.db, { token: fresh.token, now: late })).state).toBe("expired");
    expect(await resetPassword(handle.db, { token: fresh.token, password: "a long enough password", now: late })).toEqual({ ok: false, reason: "expired" });

    expect(await passwordHashOf(id)).toBe(hashBefore);
    expect(await getSessionUser(handle.db, { sessionId: session.id })).not.toBeNull();
    const tokens = await handle.db.select({ usedAt: passwordResetTokens.usedAt }).from(passwordResetTokens).where(inArray(passwordResetTokens.id, [old.tokenId, fresh.tokenId]));
    expect(tokens.map((t) => t.usedAt)).toEqual([null, null]);
    expect(await verifyLogin(handle.db, { email: admin.email, password: admin.password })).toMatchObject({ id });
  });

  it("rejects a token that was never issued", async () => {
    const madeUp = "A".repeat(43);
    expect(await checkResetToken(handle.db, { token: madeUp })).toEqual({ state: "unknown" });
    expect(await resetPassword(handle.db, { token: madeUp, password: "a long enough password" })).toEqual({ ok: false, reason: "unknown" });
  });

  it("lets exactly one of two concurrent uses of a token win", async () => {
    const staff = seeded("staff");
    const id = await userId(staff.email);
    const { token } = (await requestPasswordReset(handle.db, { email: staff.email, origin }))!;
    const auditBefore = (await handle.db.select().from(auditLog).where(eq(auditLog.action, "password_reset"))).length;
    const passwords = ["first concurrent password", "second concurrent password"];
    const results = await Promise.all(passwords.map((password) => resetPassword(handle.db, { token, password })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, reason: "used" });
    const winner = passwords[results.findIndex((r) => r.ok)]!;
    const loser = passwords.find((p) => p !== winner)!;
    expect(await verifyLogin(handle.db, { email: staff.email, password: winner })).toMatchObject({ id });
    expect(await verifyLogin(handle.db, { email: staff.email, password: loser })).toBeNull();
    expect((await handle.db.select().from(auditLog).where(eq(auditLog.action, "password_reset"))).length).toBe(auditBefore + 1);
  });

  it("never hands one message to two concurrent drains", async () => {
    const topic = `test.concurrent.${name}`;
    const ids: number[] = [];
    for (let n = 0; n < 12; n++) ids.push((await enqueue(handle.db, { topic, payload: { n } }))!.id);
    const seen: number[] = [];
    const handler: OutboxHandler = async (_tx, _payload, message) => {
      seen.push(message.id);
      await new Promise((resolve) => setTimeout(resolve, 5));
    };
    const results = await Promise.all([1, 2, 3].map(() => drainOutbox(handle.db, { handlers: { [topic]: handler }, limit: 50 })));
    expect(results.reduce((sum, r) => sum + r.processed, 0)).toBe(12);
    // On PostgreSQL the drains really overlap (PGlite runs one transaction at a time).
    if (name === "postgres") expect(results.filter((r) => r.processed > 0).length).toBeGreaterThan(1);
    expect([...seen].sort((a, b) => a - b)).toEqual(ids);
    const rows = await handle.db.select({ processedAt: outboxMessages.processedAt }).from(outboxMessages).where(eq(outboxMessages.topic, topic));
    expect(rows.every((r) => r.processedAt !== null)).toBe(true);
  });

  it.skipIf(name !== "postgres")("skips a message another transaction holds, and takes it once released", async () => {
    const topic = "test.locked";
    const [held, free] = [(await enqueue(handle.db, { topic, payload: {} }))!, (await enqueue(handle.db, { topic, payload: {} }))!];
    const seen: number[] = [];
    const handlers = { [topic]: (async (_tx, _payload, message) => void seen.push(message.id)) satisfies OutboxHandler };
    let release!: () => void;
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = handle.db.transaction(async (tx) => {
      await tx.select({ id: outboxMessages.id }).from(outboxMessages).where(eq(outboxMessages.id, held.id)).for("update");
      locked();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await isLocked;
    expect(await drainOutbox(handle.db, { handlers })).toEqual({ processed: 1, failed: 0 });
    expect(seen).toEqual([free.id]);
    release();
    await holder;
    expect(await drainOutbox(handle.db, { handlers })).toEqual({ processed: 1, failed: 0 });
    expect(seen).toEqual([free.id, held.id]);
  });

  it("retries a failing message with growing, capped delays, rolls back its writes, then gives up and keeps it", async () => {
    const topic = "test.flaky";
    const t0 = new Date("2030-01-01T00:00:00Z");
    const { id } = (await enqueue(handle.db, { topic, payload: {}, availableAt: t0 }))!;
    const failing: OutboxHandler = async (tx) => {
      await tx.insert(emails).values({ to: "flaky@kriya.example", subject: "half-written", text: "", html: "" });
      throw new Error("SMTP said no");
    };
    const policy = { baseSeconds: 30, capSeconds: 100, maxAttempts: 4 };
    const state = async () => (await handle.db.select().from(outboxMessages).where(eq(outboxMessages.id, id)))[0]!;

    let now = t0;
    for (const [attempt, delay] of [[1, 30], [2, 60], [3, 100]] as const) {
      expect(await drainOutbox(handle.db, { handlers: { [topic]: failing }, now, policy })).toEqual({ processed: 0, failed: 1 });
      const row = await state();
      expect(row).toMatchObject({ attempts: attempt, processedAt: null, lastError: "Error: SMTP said no" });
      expect(row.availableAt.getTime()).toBe(seconds(now, delay).getTime());
      // Not due yet: a drain a second early leaves it alone.
      expect(await drainOutbox(handle.db, { handlers: { [topic]: failing }, now: seconds(now, delay - 1), policy })).toEqual({ processed: 0, failed: 0 });
      now = seconds(now, delay);
    }
    expect(await drainOutbox(handle.db, { handlers: { [topic]: failing }, now, policy })).toEqual({ processed: 0, failed: 1 });
    // Given up after four attempts: never picked again, but still there with its error.
    expect(await drainOutbox(handle.db, { handlers: { [topic]: failing }, now: seconds(now, 86_400), policy })).toEqual({ processed: 0, failed: 0 });
    expect(await state()).toMatchObject({ attempts: 4, processedAt: null, lastError: "Error: SMTP said no" });
    expect(await mailTo("flaky@kriya.example")).toHaveLength(0);

    // A message that fails once and then succeeds is processed, and its error cleared.
    const second = (await enqueue(handle.db, { topic: "test.recovers", payload: {}, availableAt: t0 }))!;
    let calls = 0;
    const recovers: OutboxHandler = async () => {
      calls += 1;
      if (calls === 1) throw new Error("temporary");
    };
    expect(await drainOutbox(handle.db, { handlers: { "test.recovers": recovers }, now: t0 })).toEqual({ processed: 0, failed: 1 });
    expect(await drainOutbox(handle.db, { handlers: { "test.recovers": recovers }, now: seconds(t0, 30) })).toEqual({ processed: 1, failed: 0 });
    const [recovered] = await handle.db.select().from(outboxMessages).where(eq(outboxMessages.id, second.id));
    expect(recovered).toMatchObject({ attempts: 1, lastError: null });
    expect(recovered!.processedAt).not.toBeNull();
  });

  it("counts an email whose payload is broken as a failure instead of sending it", async () => {
    const t0 = new Date("2031-01-01T00:00:00Z");
    const { id } = (await enqueue(handle.db, { topic: PASSWORD_RESET_EMAIL, payload: { to: "not an email" }, availableAt: t0 }))!;
    // The seeded reset emails from earlier tests are due too; only this one fails.
    const result = await drainOutbox(handle.db, { handlers: outboxHandlers, now: t0 });
    expect(result.failed).toBe(1);
    const [row] = await handle.db.select().from(outboxMessages).where(eq(outboxMessages.id, id));
    expect(row).toMatchObject({ attempts: 1, processedAt: null });
    expect(row!.lastError).toMatch(/ZodError|email/i);
  });
});
