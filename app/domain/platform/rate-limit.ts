/** Fixed-window rate limits: the window a moment falls in, and whether a count is over the limit. */
export type RateLimitRule = { windowSeconds: number; limit: number };

/**
 * Sign-in limits. Each attempt reserves a hit on its counters before the password is checked, so parallel
 * guesses can't slip past a limit; a correct password or a refused attempt gives its hits back, so the counters
 * hold wrong passwords only.
 * - `account`: wrong passwords for one account from one address. A stranger elsewhere can't use up the owner's.
 * - `ip`: wrong passwords from one address across all accounts.
 * - `accountEverywhere`: wrong passwords for one account from every address. Past it the account is under
 *   attack from many addresses, and each address gets `underAttackPerAddress` wrong passwords per window
 *   instead of `account.limit`. Nobody is hard-locked: a correct password from an address with no recent
 *   failure still signs in, and a password reset clears every counter of the account.
 */
export const loginLimits = {
  account: { windowSeconds: 15 * 60, limit: 5 },
  ip: { windowSeconds: 15 * 60, limit: 30 },
  accountEverywhere: { windowSeconds: 15 * 60, limit: 50 },
  underAttackPerAddress: 1,
} as const satisfies Record<string, RateLimitRule | number>;

/** How many wrong passwords one address may try against an account this window, given its failures everywhere. */
export function accountAddressLimit(accountFailuresEverywhere: number): number {
  return accountFailuresEverywhere >= loginLimits.accountEverywhere.limit ? loginLimits.underAttackPerAddress : loginLimits.account.limit;
}

/**
 * The counter keys of the login limits, in one place so a password reset clears the very counters sign-in checks.
 * An account's per-address keys start with its account key and "|", so clearing the account clears them too.
 */
export const loginLimitKeys = {
  account: (email: string) => `login:account:${email.trim().toLowerCase()}`,
  accountFrom: (email: string, ip: string) => `${loginLimitKeys.account(email)}|ip:${ip}`,
  ip: (ip: string) => `login:ip:${ip}`,
};

/** Failed order look-ups per address: past this, order numbers could be guessed. */
export const orderLookupLimit: RateLimitRule = { windowSeconds: 15 * 60, limit: 10 };
export const orderLookupLimitKey = (ip: string) => `order-lookup:ip:${ip}`;

export function windowStart(now: Date, rule: RateLimitRule): Date {
  const ms = rule.windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / ms) * ms);
}

export function retryAfterSeconds(now: Date, rule: RateLimitRule): number {
  return Math.max(1, Math.ceil((windowStart(now, rule).getTime() + rule.windowSeconds * 1000 - now.getTime()) / 1000));
}
