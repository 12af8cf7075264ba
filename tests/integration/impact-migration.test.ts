/**
 * What migration 0006 does to data that existed before it, run as raw SQL on PGlite and on PostgreSQL: wholesale
 * payments received before turnover counted them become entries (split by producer, adding up exactly, once), and
 * the booking trigger keeps closed months closed.
 */
import { readFile } from "node:fs/promises";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { queryRows } from "~/utils/db.server";
import { writableBackends } from "../support/db";

/** The migration's own backfill statement, read from the file CI applies, so this test runs exactly that SQL. */
async function backfillStatement(): Promise<string> {
  const text = await readFile(new URL("../../db/migrations/0006_impact.sql", import.meta.url), "utf8");
  const statement = text.split("--> statement-breakpoint").find((part) => part.includes("-- Hand-written: wholesale payments received before"));
  if (!statement) throw new Error("0006_impact.sql has no wholesale backfill statement");
  return statement;
}

describe.each(writableBackends())("migration 0006 on $name", ({ open }) => {
  let handle: DbHandle;
  const rows = <T>(query: ReturnType<typeof sql>) => queryRows<T>(handle.db, query);

  beforeAll(async () => {
    handle = await open();
  });
  afterAll(async () => {
    await handle.close();
  });

  it("turns a wholesale payment that has no turnover into one entry per producer group that adds up exactly, once", async () => {
    // The seeded order with the most producer groups; a balance arrives for it the way rows looked before 0006.
    const [order] = await rows<{ id: number; groups: number }>(sql`
      select l.wholesale_order_id as id, count(distinct p.producer_id)::int as groups
      from wholesale_order_lines l join variants v on v.id = l.variant_id join products p on p.id = v.product_id
      group by l.wholesale_order_id order by groups desc, id limit 1`);
    expect(order!.groups).toBeGreaterThan(1);
    const [payment] = await rows<{ id: number }>(sql`
      insert into wholesale_payments (wholesale_order_id, kind, method, currency, amount_minor, rate_micros, received_at, reference)
      values (${order!.id}, 'balance', 'bank_transfer', 'EUR', 1234567, 920000, '2026-03-14T08:00:00Z', 'TEST-BACKFILL') returning id`);
    const statement = await backfillStatement();

    await handle.db.execute(sql.raw(statement));
    await handle.db.execute(sql.raw(statement));

    const entries = await rows<{ producer_id: number; amount_minor: string; usd_minor: string; currency: string; rate_micros: string; occurred_at: Date | string }>(sql`
      select producer_id, amount_minor, usd_minor, currency, rate_micros, occurred_at from turnover_entries
      where channel = 'wholesale' and source_id = ${String(payment!.id)} order by producer_id`);
    expect(entries).toHaveLength(order!.groups);
    // Only the pieces' part of the payment counts, not the freight: goods / order total of it, rounded half up.
    const [shape] = await rows<{ goods: string; total: string }>(sql`
      select (select sum(quantity::bigint * unit_price_minor) from wholesale_order_lines where wholesale_order_id = o.id) as goods, o.total_minor as total
      from wholesale_orders o where o.id = ${order!.id}`);
    const goods = BigInt(shape!.goods);
    const total = BigInt(shape!.total);
    const goodsPart = goods >= total ? 1234567 : Number((1234567n * goods * 2n + total) / (2n * total));
    expect(entries.reduce((sum, e) => sum + Number(e.amount_minor), 0)).toBe(goodsPart);
    // In euros at 0.92 per dollar (rounded half up, as convertToUsd does).
    expect(entries.reduce((sum, e) => sum + Number(e.usd_minor), 0)).toBe(Number((BigInt(goodsPart) * 100n * 1_000_000n * 2n + 920_000n * 100n) / (2n * 920_000n * 100n)));
    expect(new Set(entries.map((e) => `${e.currency.trim()} ${e.rate_micros}`))).toEqual(new Set(["EUR 920000"]));
    expect(new Date(entries[0]!.occurred_at).toISOString()).toBe("2026-03-14T08:00:00.000Z");

    // Each group's share follows its lines' value.
    const weights = await rows<{ producer_id: number; w: string }>(sql`
      select p.producer_id, sum(l.quantity::bigint * l.unit_price_minor) as w
      from wholesale_order_lines l join variants v on v.id = l.variant_id join products p on p.id = v.product_id
      where l.wholesale_order_id = ${order!.id} group by p.producer_id order by p.producer_id`);
    const weightTotal = weights.reduce((sum, w) => sum + Number(w.w), 0);
    for (const [i, w] of weights.entries()) {
      expect(Math.abs(Number(entries[i]!.amount_minor) - (goodsPart * Number(w.w)) / weightTotal)).toBeLessThan(1);
    }
  });

  it("books an entry that arrives for a closed month at the start of the first open month", async () => {
    await handle.db.execute(sql`insert into impact_month_closes (month, entry_count, usd_minor, checksum) values ('2099-01-01', 0, 0, ${"a".repeat(64)})`);
    const [entry] = await rows<{ booked_at: Date | string; occurred_at: Date | string }>(sql`
      insert into turnover_entries (channel, source_id, kind, amount_minor, usd_minor, occurred_at)
      values ('bazaar', 'test-late-sale', 'sale', 100, 100, '2099-01-20T03:00:00Z') returning booked_at, occurred_at`);
    expect(new Date(entry!.occurred_at).toISOString()).toBe("2099-01-20T03:00:00.000Z");
    // February 1st, midnight in Jakarta.
    expect(new Date(entry!.booked_at).toISOString()).toBe("2099-01-31T17:00:00.000Z");

    const [onTime] = await rows<{ booked_at: Date | string }>(sql`
      insert into turnover_entries (channel, source_id, kind, amount_minor, usd_minor, occurred_at)
      values ('bazaar', 'test-open-sale', 'sale', 100, 100, '2099-02-03T03:00:00Z') returning booked_at`);
    expect(new Date(onTime!.booked_at).toISOString()).toBe("2099-02-03T03:00:00.000Z");
  });

  it("keeps closed months as published", async () => {
    await handle.db.execute(sql`insert into impact_month_closes (month, entry_count, usd_minor, checksum) values ('2098-01-01', 0, 0, ${"b".repeat(64)})`);
    await expect(handle.db.execute(sql`update impact_month_closes set usd_minor = 1 where month = '2098-01-01'`)).rejects.toThrow();
    await expect(handle.db.execute(sql`delete from impact_month_closes where month = '2098-01-01'`)).rejects.toThrow();
    await expect(handle.db.execute(sql`insert into impact_month_closes (month, entry_count, usd_minor, checksum) values ('2098-02-15', 0, 0, ${"c".repeat(64)})`)).rejects.toThrow();
  });
});
