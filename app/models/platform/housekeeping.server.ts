import { lt } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { formSubmissions, rateLimitHits, sessions } from "~db/schema";

/** How long a form's one-time key is remembered: far longer than anyone leaves a tab open and then reloads it. */
export const FORM_KEY_DAYS = 7;
/** Rate-limit windows are at most an hour; a day's margin keeps any window still counting. */
const RATE_LIMIT_KEEP_HOURS = 24;

/**
 * Deletes what has stopped mattering: expired sessions, old rate-limit windows and old form keys.
 * Run by `npm start` once an hour; each delete is one statement, safe to run from several servers at once.
 */
export async function pruneExpired(db: Executor, { now = new Date() }: { now?: Date } = {}) {
  const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
  const [expiredSessions, windows, formKeys] = [
    await db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ id: sessions.id }),
    await db.delete(rateLimitHits).where(lt(rateLimitHits.windowStart, hoursAgo(RATE_LIMIT_KEEP_HOURS))).returning({ key: rateLimitHits.key }),
    await db.delete(formSubmissions).where(lt(formSubmissions.createdAt, hoursAgo(FORM_KEY_DAYS * 24))).returning({ key: formSubmissions.key }),
  ];
  return { sessions: expiredSessions.length, rateLimitWindows: windows.length, formKeys: formKeys.length };
}
