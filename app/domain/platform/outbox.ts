/** How the outbox retries: exponential backoff, capped, and a point at which it stops trying. */
export const outboxRetry = {
  /** Delay after the first failure; doubles with each further failure. */
  baseSeconds: 30,
  /** No wait is ever longer than this. */
  capSeconds: 60 * 60,
  /** After this many failures a message is left alone (still visible, with its last error) for a person to look at. */
  maxAttempts: 8,
} as const;

export type RetryPolicy = { baseSeconds: number; capSeconds: number; maxAttempts: number };

/** Seconds to wait before the next try, given how many attempts have now failed (1 for the first failure). */
export function retryDelaySeconds(failedAttempts: number, policy: RetryPolicy = outboxRetry): number {
  const exponent = Math.max(0, Math.min(failedAttempts - 1, 30));
  return Math.min(policy.capSeconds, policy.baseSeconds * 2 ** exponent);
}

/** Whether a message that has failed this many times should still be retried. */
export function shouldRetry(failedAttempts: number, policy: RetryPolicy = outboxRetry): boolean {
  return failedAttempts < policy.maxAttempts;
}

/** Stands in for a secret (a reset link, say) in a delivered message's payload. */
export const REDACTED = "[redacted after delivery]";
