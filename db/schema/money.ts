import { sql } from "drizzle-orm";
import { bigint, check, integer, pgTable } from "drizzle-orm/pg-core";
import { at, currency } from "./columns";
import { users } from "./users";

/**
 * Staff-maintained rates: units of `currency` per 1 USD, scaled by 1e6 so conversion stays integer.
 * 16,250 IDR per USD is stored as 16_250_000_000.
 */
export const exchangeRates = pgTable(
  "exchange_rates",
  {
    currency: currency().primaryKey(),
    perUsdMicros: bigint("per_usd_micros", { mode: "number" }).notNull(),
    updatedAt: at("updated_at").notNull().defaultNow(),
    updatedBy: integer("updated_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [check("rate_positive", sql`${t.perUsdMicros} > 0`)],
);

export type ExchangeRate = typeof exchangeRates.$inferSelect;
