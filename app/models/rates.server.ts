import { asc, eq } from "drizzle-orm";
import type { Db, Executor } from "~db/client.server";
import { exchangeRates, users } from "~db/schema";
import { recordAudit } from "./audit.server";

export async function listExchangeRates(db: Executor) {
  return db
    .select({ currency: exchangeRates.currency, perUsdMicros: exchangeRates.perUsdMicros, updatedAt: exchangeRates.updatedAt, updatedBy: users.name })
    .from(exchangeRates)
    .leftJoin(users, eq(users.id, exchangeRates.updatedBy))
    .orderBy(asc(exchangeRates.currency));
}

/** Saves the changed rates and their audit entries in one transaction; unchanged rates are left alone. */
export async function updateExchangeRates(db: Db, input: { rates: Record<string, number>; userId: number; ip?: string | null }) {
  return db.transaction(async (tx) => {
    const current = await tx.select().from(exchangeRates).for("update");
    const changed: Record<string, { from: number; to: number }> = {};
    for (const row of current) {
      const next = input.rates[row.currency];
      if (next === undefined || next === row.perUsdMicros || row.currency === "USD") continue;
      await tx.update(exchangeRates).set({ perUsdMicros: next, updatedAt: new Date(), updatedBy: input.userId }).where(eq(exchangeRates.currency, row.currency));
      changed[row.currency] = { from: row.perUsdMicros, to: next };
    }
    if (Object.keys(changed).length) {
      await recordAudit(tx, { userId: input.userId, action: "update", entityType: "exchange_rates", changes: changed, ip: input.ip });
    }
    return changed;
  });
}
