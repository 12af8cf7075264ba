import { and, asc, eq, inArray, isNull, lt, lte, sql } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { outboxMessages } from "~db/schema";
import { outboxRetry, retryDelaySeconds, type RetryPolicy } from "~/domain/platform/outbox";

export type OutboxMessage = { id: number; topic: string; payload: Record<string, unknown>; attempts: number };
/**
 * Runs inside the drain's transaction: its writes commit together with "processed", or not at all. A handler
 * whose payload holds a secret returns `payloadAfterDelivery`, which replaces the stored payload in that same update.
 */
export type OutboxHandler = (
  tx: Executor,
  payload: Record<string, unknown>,
  message: OutboxMessage,
) => Promise<void | { payloadAfterDelivery?: Record<string, unknown> }>;
export type OutboxHandlers = Record<string, OutboxHandler>;

/**
 * Records work to do after the caller's transaction commits. With a `dedupeKey`, a second enqueue of the same
 * work is a no-op (null), so retried requests never send two emails.
 */
export async function enqueue(
  tx: Executor,
  message: { topic: string; payload: Record<string, unknown>; dedupeKey?: string; availableAt?: Date },
) {
  const [row] = await tx
    .insert(outboxMessages)
    .values({ topic: message.topic, payload: message.payload, dedupeKey: message.dedupeKey ?? null, availableAt: message.availableAt })
    .onConflictDoNothing({ target: outboxMessages.dedupeKey })
    .returning({ id: outboxMessages.id });
  return row ?? null;
}

export type DrainResult = { processed: number; failed: number };

/**
 * Works through due messages whose topic has a handler, one transaction each: claim the message with
 * FOR UPDATE SKIP LOCKED (so concurrent drains on any server never take the same one), run the handler in a
 * savepoint, then mark it processed, or count the failure and push it back (exponential, capped). Messages
 * that fail `maxAttempts` times stay in the table, unprocessed, with their last error.
 */
export async function drainOutbox(
  db: Executor,
  { handlers, limit = 20, now: fixedNow, policy = outboxRetry }: { handlers: OutboxHandlers; limit?: number; now?: Date; policy?: RetryPolicy },
): Promise<DrainResult> {
  const now = fixedNow ?? new Date();
  // Without a fixed time, "due" is judged by the database clock: a message enqueued in the same millisecond
  // carries microseconds past the JavaScript time and would otherwise wait for the next tick.
  const due = fixedNow ? lte(outboxMessages.availableAt, fixedNow) : lte(outboxMessages.availableAt, sql`clock_timestamp()`);
  const result: DrainResult = { processed: 0, failed: 0 };
  const topics = Object.keys(handlers);
  if (topics.length === 0) return result;
  for (let i = 0; i < limit; i++) {
    const outcome = await db.transaction(async (tx) => {
      const [message] = await tx
        .select({ id: outboxMessages.id, topic: outboxMessages.topic, payload: outboxMessages.payload, attempts: outboxMessages.attempts })
        .from(outboxMessages)
        .where(
          and(
            isNull(outboxMessages.processedAt),
            due,
            lt(outboxMessages.attempts, policy.maxAttempts),
            inArray(outboxMessages.topic, topics),
          ),
        )
        .orderBy(asc(outboxMessages.availableAt), asc(outboxMessages.id))
        .limit(1)
        .for("update", { skipLocked: true });
      if (!message) return "empty" as const;
      try {
        const delivered = await tx.transaction((savepoint) => handlers[message.topic]!(savepoint, message.payload, message));
        await tx
          .update(outboxMessages)
          .set({ processedAt: now, lastError: null, ...(delivered?.payloadAfterDelivery ? { payload: delivered.payloadAfterDelivery } : {}) })
          .where(eq(outboxMessages.id, message.id));
        return "processed" as const;
      } catch (error) {
        const attempts = message.attempts + 1;
        await tx
          .update(outboxMessages)
          .set({ attempts, lastError: describeError(error), availableAt: new Date(now.getTime() + retryDelaySeconds(attempts, policy) * 1000) })
          .where(eq(outboxMessages.id, message.id));
        return "failed" as const;
      }
    });
    if (outcome === "empty") break;
    result[outcome] += 1;
  }
  return result;
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 2000);
}
