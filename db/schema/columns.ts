import { bigint, char, integer, timestamp } from "drizzle-orm/pg-core";

/** Surrogate key shared by every internal table. Public tokens (carts, orders) use uuids instead. */
export const id = () => integer("id").primaryKey().generatedAlwaysAsIdentity();

export const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

export const createdAt = () =>
  timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();

/** Integer minor units. `number` mode is exact up to 2^53, far beyond any order here. */
export const minor = (name: string) => bigint(name, { mode: "number" });

/** ISO 4217 code. */
export const currency = (name = "currency") => char(name, { length: 3 });

export const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const ref = (name: string) => integer(name);
