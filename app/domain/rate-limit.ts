/** Fixed-window rate limits: the window a moment falls in, and whether a count is over the limit. */
export type RateLimitRule = { windowSeconds: number; limit: number };

export const loginLimits = {
  /** Wrong passwords for one account. */
  account: { windowSeconds: 15 * 60, limit: 5 },
  /** Failed attempts from one address, across accounts. */
  ip: { windowSeconds: 15 * 60, limit: 30 },
} satisfies Record<string, RateLimitRule>;

/** The counter keys of the login limits, in one place so a password reset clears the very counter sign-in checks. */
export const loginLimitKeys = {
  account: (email: string) => `login:account:${email.trim().toLowerCase()}`,
  ip: (ip: string) => `login:ip:${ip}`,
};

export function windowStart(now: Date, rule: RateLimitRule): Date {
  const ms = rule.windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / ms) * ms);
}

export function retryAfterSeconds(now: Date, rule: RateLimitRule): number {
  return Math.max(1, Math.ceil((windowStart(now, rule).getTime() + rule.windowSeconds * 1000 - now.getTime()) / 1000));
}
