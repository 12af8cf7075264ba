import { and, eq, gt, or, sql } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { rateLimitHits, sessions, users, type UserRole } from "~db/schema";
import { accountAddressLimit, loginLimitKeys, loginLimits, retryAfterSeconds, windowStart, type RateLimitRule } from "~/domain/platform/rate-limit";
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
  if (role === "admin" || role === "staff") return "/admin";
  if (role === "bazaar") return "/pos";
  return role === "importer" ? "/wholesale" : "/account";
}

export type LoginAttempt = { status: "ok"; userId: number; role: UserRole } | { status: "locked"; retryAfter: number } | { status: "wrong" };

/**
 * One sign-in attempt under the login limits (see loginLimits): the attempt first reserves a hit on the address
 * counter and the account-from-this-address counter, each one atomic upsert that returns the new count, and is
 * refused, giving its hits back, when a count is over its limit. Only then is the password checked, so parallel
 * guesses get no more checks than the limit. A correct password gives the hits back too; a wrong one keeps them
 * and counts against the account everywhere, which only tightens other addresses' allowance, never locks it.
 */
export async function attemptLogin(db: Executor, { email, password, ip, now = new Date() }: { email: string; password: string; ip: string; now?: Date }): Promise<LoginAttempt> {
  const byAddress = await reserveRateLimitHit(db, { key: loginLimitKeys.ip(ip), rule: loginLimits.ip, now });
  if (byAddress.count > loginLimits.ip.limit) {
    await byAddress.giveBack();
    return { status: "locked", retryAfter: retryAfterSeconds(now, loginLimits.ip) };
  }
  const fromHere = await reserveRateLimitHit(db, { key: loginLimitKeys.accountFrom(email, ip), rule: loginLimits.account, now });
  const failuresEverywhere = await rateLimitCount(db, { key: loginLimitKeys.account(email), rule: loginLimits.accountEverywhere, now });
  if (fromHere.count > accountAddressLimit(failuresEverywhere)) {
    await fromHere.giveBack();
    await byAddress.giveBack();
    return { status: "locked", retryAfter: retryAfterSeconds(now, loginLimits.account) };
  }
  const user = await verifyLogin(db, { email, password });
  if (!user) {
    await hitRateLimit(db, { key: loginLimitKeys.account(email), rule: loginLimits.accountEverywhere, now });
    return { status: "wrong" };
  }
  await fromHere.giveBack();
  await byAddress.giveBack();
  return { status: "ok", userId: user.id, role: user.role };
}

/** A new session id every login (no fixation); old sessions of the user stay until they expire or log out. */
export async function createSession(db: Executor, { userId, now = new Date() }: { userId: number; now?: Date }) {
  const [session] = await db
    .insert(sessions)
    .values({ userId, expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000) })
    .returning({ id: sessions.id, expiresAt: sessions.expiresAt });
  return session!;
}

export async function getSessionUser(db: Executor, { sessionId }: { sessionId: string }) {
  const [row] = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, locale: users.locale, importerId: users.importerId })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, sql`now()`), sql`${users.disabledAt} is null`));
  return row ?? null;
}

export async function deleteSession(db: Executor, { sessionId }: { sessionId: string }) {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/**
 * Counts one hit against `key` in the current window (in the database, so every app server shares it) and
 * says whether the caller is over the limit.
 */
export async function hitRateLimit(db: Executor, { key, rule, now = new Date() }: { key: string; rule: RateLimitRule; now?: Date }) {
  const { count } = await reserveRateLimitHit(db, { key, rule, now });
  return { allowed: count <= rule.limit, retryAfter: retryAfterSeconds(now, rule) };
}

/**
 * Reserves one hit against `key` before the work it limits (one atomic upsert that returns the new count), with a
 * way to give it back in the same window when the work turns out not to count.
 */
export async function reserveRateLimitHit(db: Executor, { key, rule, now = new Date() }: { key: string; rule: RateLimitRule; now?: Date }) {
  const start = windowStart(now, rule);
  const [row] = await db
    .insert(rateLimitHits)
    .values({ key, windowStart: start, count: 1 })
    .onConflictDoUpdate({ target: [rateLimitHits.key, rateLimitHits.windowStart], set: { count: sql`${rateLimitHits.count} + 1` } })
    .returning({ count: rateLimitHits.count });
  const giveBack = async () => {
    await db
      .update(rateLimitHits)
      .set({ count: sql`greatest(${rateLimitHits.count} - 1, 0)` })
      .where(and(eq(rateLimitHits.key, key), eq(rateLimitHits.windowStart, start)));
  };
  return { count: row!.count, giveBack };
}

/** The hits counted against `key` in the current window. */
export async function rateLimitCount(db: Executor, { key, rule, now = new Date() }: { key: string; rule: RateLimitRule; now?: Date }) {
  const [row] = await db
    .select({ count: rateLimitHits.count })
    .from(rateLimitHits)
    .where(and(eq(rateLimitHits.key, key), eq(rateLimitHits.windowStart, windowStart(now, rule))));
  return row?.count ?? 0;
}

/** Whether `key` is already over its limit, without counting a hit. */
export async function isRateLimited(db: Executor, { key, rule, now = new Date() }: { key: string; rule: RateLimitRule; now?: Date }) {
  const [row] = await db
    .select({ count: rateLimitHits.count })
    .from(rateLimitHits)
    .where(and(eq(rateLimitHits.key, key), eq(rateLimitHits.windowStart, windowStart(now, rule))));
  return (row?.count ?? 0) >= rule.limit ? retryAfterSeconds(now, rule) : null;
}

/**
 * Forgets every window counted against `key` and its sub-keys (`key|…`, e.g. an account's per-address counters),
 * e.g. an account's wrong passwords once its owner proved who they are.
 */
export async function clearRateLimit(db: Executor, { key }: { key: string }) {
  const cleared = await db
    .delete(rateLimitHits)
    .where(or(eq(rateLimitHits.key, key), sql`starts_with(${rateLimitHits.key}, ${`${key}|`})`))
    .returning({ count: rateLimitHits.count });
  return cleared.length;
}
