import type { RateLimitRule } from "./rate-limit";

/** A reset link works for one hour after it was requested. */
export const RESET_LINK_MINUTES = 60;
/** The same, as the emails and pages say it. */
export const resetLinkLifetime = RESET_LINK_MINUTES % 60 === 0 ? (RESET_LINK_MINUTES === 60 ? "one hour" : `${RESET_LINK_MINUTES / 60} hours`) : `${RESET_LINK_MINUTES} minutes`;

/** New passwords: long enough to resist guessing, short enough that hashing them stays cheap. */
export const passwordRules = { minLength: 12, maxLength: 256 } as const;

export const resetRequestLimits = {
  /** Requests for one address, so nobody can flood someone's inbox. */
  email: { windowSeconds: 60 * 60, limit: 5 },
  /** Requests from one network address, across addresses. */
  ip: { windowSeconds: 15 * 60, limit: 20 },
} satisfies Record<string, RateLimitRule>;

export type ResetTokenState = "valid" | "expired" | "used" | "unknown";

/** What a stored reset token is worth at `now`; a used token reports "used" even once it has also expired. */
export function resetTokenState(token: { expiresAt: Date; usedAt: Date | null } | null, now: Date): ResetTokenState {
  if (!token) return "unknown";
  if (token.usedAt) return "used";
  if (token.expiresAt.getTime() <= now.getTime()) return "expired";
  return "valid";
}

export function resetLinkExpiry(now: Date): Date {
  return new Date(now.getTime() + RESET_LINK_MINUTES * 60_000);
}
