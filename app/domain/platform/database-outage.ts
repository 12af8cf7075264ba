/**
 * Whether an error means "the database can't be reached right now" (an outage: answer 503 and retry later) rather
 * than a bug or a refused write. One place decides, for the server's error handling and its health probe.
 */

/** Socket-level codes from Node and postgres.js's own connection codes. */
const connectionCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
]);

/**
 * SQLSTATEs of a server going away or not taking connections: 57P01 admin_shutdown (also pg_terminate_backend),
 * 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up or in recovery), 53300 too_many_connections, and
 * class 08, connection exceptions.
 */
const unavailableStates = new Set(["57P01", "57P02", "57P03", "53300"]);

type ErrorLike = { code?: unknown; cause?: unknown; errors?: unknown };

/** The code that marks `error` (or its causes, or an AggregateError's parts) as an outage; null when it is none. */
export function databaseOutageCode(error: unknown): string | null {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.size < 20) {
    const current = queue.shift();
    if (!current || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    const { code, cause, errors } = current as ErrorLike;
    if (typeof code === "string" && (connectionCodes.has(code) || unavailableStates.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return code;
    if (cause) queue.push(cause);
    if (Array.isArray(errors)) queue.push(...errors);
  }
  return null;
}

export const isDatabaseOutage = (error: unknown) => databaseOutageCode(error) !== null;

/** What the shopper reads while the database is away (with a 503 and Retry-After). */
export const databaseOutageMessage = "The shop can't reach its database right now; please try again in a minute.";

/** Seconds before the next attempt to reach the database at start: 2, 4, 8, then every 10. */
export function reconnectDelaySeconds(failedAttempts: number): number {
  return Math.min(10, 2 ** Math.max(1, Math.min(failedAttempts, 4)));
}
