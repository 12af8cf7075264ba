import { and, eq, gt, sql } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { rateLimitHits, sessions, users, type UserRole } from "~db/schema";
import { loginLimitKeys, loginLimits, retryAfterSeconds, windowStart, type RateLimitRule } from "~/domain/rate-limit";
import { decoyHash, hashPassword, verifyPassword } from "~/utils/password.server";

export const SESSION_DAYS = 14;

export async function createUser(db: Executor, input: { email: string; name: string; role: UserRole; password: string; locale?: string; importerId?: number }) {
  const [user] = await db
    .insert(users)
    .values({ email: input.email.toLowerCase(), name: input.name, role: input.role, passwordHash: await hashPassword(input.password), locale: input.locale ?? "en", importerId: input.importerId })
    .returning({ id: users.id });
  return user!;
}

/** The user for a correct email and password; null otherwise, taking the same time either way. */
export async function verifyLogin(db: Executor, { email, password }: { email: string; password: string }) {
  const [user] = await db
    .select({ id: users.id, role: users.role, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
    .from(users)
    .where(sql`lower(${users.email}) = lower(${email})`);
  const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
  if (!user || !ok || user.disabledAt) return null;
  return { id: user.id, role: user.role };
}

/** Where a role starts after signing in, when no page asked for the sign-in. */
export function landingPath(role: UserRole) {
  return role === "admin" || role === "staff" ? "/admin" : "/account";
}

export type LoginAttempt = { status: "ok"; userId: number; role: UserRole } | { status: "locked"; retryAfter: number } | { status: "wrong" };

/**
 * One sign-in attempt under the login limits: refused while the address or the account is locked, and a wrong
 * password counts against both. A busy office behind one address can still sign in.
 */
export async function attemptLogin(db: Executor, { email, password, ip, now = new Date() }: { email: string; password: string; ip: string; now?: Date }): Promise<LoginAttempt> {
  const ipKey = loginLimitKeys.ip(ip);
  const accountKey = loginLimitKeys.account(email);
  const locked = (await isRateLimited(db, ipKey, loginLimits.ip, now)) ?? (await isRateLimited(db, accountKey, loginLimits.account, now));
  if (locked) return { status: "locked", retryAfter: locked };
  const user = await verifyLogin(db, { email, password });
  if (!user) {
    await hitRateLimit(db, accountKey, loginLimits.account, now);
    await hitRateLimit(db, ipKey, loginLimits.ip, now);
    return { status: "wrong" };
  }
  return { status: "ok", userId: user.id, role: user.role };
}

/** A new session id every login (no fixation); old sessions of the user stay until they expire or log out. */
export async function createSession(db: Executor, userId: number, now = new Date()) {
  const [session] = await db
    .insert(sessions)
    .values({ userId, expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000) })
    .returning({ id: sessions.id, expiresAt: sessions.expiresAt });
  return session!;
}

export async function getSessionUser(db: Executor, sessionId: string) {
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, locale: users.locale, importerId: users.importerId })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, sql`now()`), sql`${users.disabledAt} is null`));
  return row ?? null;
}

export async function deleteSession(db: Executor, sessionId: string) {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/**
 * Counts one hit against `key` in the current window (in the database, so every app server shares it) and
 * says whether the caller is over the limit.
 */
export async function hitRateLimit(db: Executor, key: string, rule: RateLimitRule, now = new Date()) {
  const [row] = await db
    .insert(rateLimitHits)
    .values({ key, windowStart: windowStart(now, rule), count: 1 })
    .onConflictDoUpdate({ target: [rateLimitHits.key, rateLimitHits.windowStart], set: { count: sql`${rateLimitHits.count} + 1` } })
    .returning({ count: rateLimitHits.count });
  return { allowed: row!.count <= rule.limit, retryAfter: retryAfterSeconds(now, rule) };
}

/** Whether `key` is already over its limit, without counting a hit. */
export async function isRateLimited(db: Executor, key: string, rule: RateLimitRule, now = new Date()) {
  const [row] = await db
    .select({ count: rateLimitHits.count })
    .from(rateLimitHits)
    .where(and(eq(rateLimitHits.key, key), eq(rateLimitHits.windowStart, windowStart(now, rule))));
  return (row?.count ?? 0) >= rule.limit ? retryAfterSeconds(now, rule) : null;
}

/** Forgets every window counted against `key`, e.g. an account's wrong passwords once its owner proved who they are. */
export async function clearRateLimit(db: Executor, key: string) {
  const cleared = await db.delete(rateLimitHits).where(eq(rateLimitHits.key, key)).returning({ count: rateLimitHits.count });
  return cleared.length;
}
