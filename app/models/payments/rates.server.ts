import { asc, eq } from "drizzle-orm";
import type { Db, Executor } from "~db/client.server";
import { exchangeRates, users } from "~db/schema";
import { confirmationToken, describeRateChange, isRateCurrency, rateOutOfRange, type RateChange } from "~/domain/money/exchange-rate";
import { recordAudit } from "~/models/platform/audit.server";
import { Refusal } from "~/domain/platform/refusal";

export async function listExchangeRates(db: Executor) {
  return db
    .select({ currency: exchangeRates.currency, perUsdMicros: exchangeRates.perUsdMicros, updatedAt: exchangeRates.updatedAt, updatedBy: users.name })
    .from(exchangeRates)
    .leftJoin(users, eq(users.id, exchangeRates.updatedBy))
    .orderBy(asc(exchangeRates.currency));
}

export type RateUpdateResult =
  | { status: "saved"; changed: Record<string, { from: number; to: number }> }
  /** Nothing was written: these changes are big enough to need an explicit "yes, really". */
  | { status: "needs-confirmation"; changes: RateChange[] };

/**
 * Saves the changed rates and their audit entries in one transaction; unchanged rates are left alone.
 * Every new rate must be in its currency's sane range (an `invalid` Refusal on the currency's field), and a
 * move of more than 20% from the locked current rate is written only when `confirmed` holds that exact
 * change's token; otherwise nothing at all is written.
 */
export async function updateExchangeRates(
  db: Db,
  input: { rates: Record<string, number>; confirmed?: readonly string[]; userId: number; ip?: string | null },
): Promise<RateUpdateResult> {
  const confirmed = new Set(input.confirmed ?? []);
  return db.transaction(async (tx) => {
    const current = await tx.select().from(exchangeRates).orderBy(asc(exchangeRates.currency)).for("update");
    const pending: RateChange[] = [];
    for (const row of current) {
      const next = input.rates[row.currency];
      if (next === undefined || next === row.perUsdMicros || row.currency === "USD") continue;
      const outOfRange = isRateCurrency(row.currency) ? rateOutOfRange(row.currency, next) : `${row.currency} rates can't be changed here.`;
      if (outOfRange) throw Refusal.invalid(outOfRange, { field: row.currency });
      pending.push(describeRateChange(row.currency, row.perUsdMicros, next));
    }
    const unconfirmed = pending.filter((c) => c.needsConfirmation && !confirmed.has(confirmationToken(c)));
    if (unconfirmed.length) return { status: "needs-confirmation" as const, changes: unconfirmed };

    const changed: Record<string, { from: number; to: number }> = {};
    for (const change of pending) {
      await tx.update(exchangeRates).set({ perUsdMicros: change.to, updatedAt: new Date(), updatedBy: input.userId }).where(eq(exchangeRates.currency, change.currency));
      changed[change.currency] = { from: change.from, to: change.to };
    }
    if (pending.length) {
      await recordAudit(tx, { userId: input.userId, action: "update", entityType: "exchange_rates", changes: changed, ip: input.ip });
    }
    return { status: "saved" as const, changed };
  });
}
