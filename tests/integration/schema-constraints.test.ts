/**
 * What migration 0003 makes the database itself enforce, whatever the code above it does: checked with raw
 * statements on PGlite and on PostgreSQL, so a rule that lives only in TypeScript would fail here.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { queryRows } from "~/utils/db.server";
import { writableBackends } from "../support/db";

/** The constraint (or trigger message) a statement broke, or "ok". */
async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return "ok";
  } catch (error) {
    const cause = (error as { cause?: Record<string, unknown> }).cause ?? (error as Record<string, unknown>);
    return String(cause.constraint_name ?? cause.constraint ?? cause.message ?? error);
  }
}

describe.each(writableBackends())("constraints from migration 0003 on $name", ({ open }) => {
  let handle: DbHandle;
  const run = (query: ReturnType<typeof sql>) => handle.db.execute(query);
  const one = async <T>(query: ReturnType<typeof sql>) => {
    return (await all<T>(query))[0] as T;
  };
  const all = <T>(query: ReturnType<typeof sql>) => queryRows<T>(handle.db, query);

  beforeAll(async () => {
    handle = await open();
  });
  afterAll(async () => {
    await handle.close();
  });

  it("keeps turnover append-only: a refund is a new row, never an edit or a delete", async () => {
    const entry = await one<{ id: number }>(
      sql`insert into turnover_entries (channel, source_id, kind, amount_minor, usd_minor, occurred_at) values ('bazaar', 'test-sale-1', 'sale', 15000000, 93750, now()) returning id`,
    );
    expect(await outcome(() => run(sql`update turnover_entries set usd_minor = 0 where id = ${entry.id}`))).toMatch(/append-only/);
    expect(await outcome(() => run(sql`delete from turnover_entries where id = ${entry.id}`))).toMatch(/append-only/);
    expect(await outcome(() => run(sql`insert into turnover_entries (channel, source_id, kind, amount_minor, usd_minor, occurred_at) values ('bazaar', 'test-sale-2', 'sale', -1, -1, now())`))).toBe("turnover_sign");
    expect(await outcome(() => run(sql`insert into turnover_entries (channel, source_id, kind, amount_minor, usd_minor, occurred_at) values ('bazaar', 'test-sale-1', 'refund', -15000000, -93750, now())`))).toBe("ok");
    expect(await outcome(() => run(sql`insert into turnover_entries (channel, source_id, kind, amount_minor, usd_minor, occurred_at) values ('bazaar', 'test-sale-1', 'sale', 1, 1, now())`))).toBe("turnover_once");
  });

  it("lets no production order past draft without its own advance payout", async () => {
    const importer = await one<{ id: number }>(sql`select id from importers order by id limit 1`);
    const [a, b] = await all<{ id: number }>(sql`select id from producer_groups order by id limit 2`);
    const quote = await one<{ id: number }>(sql`insert into quotes (number, importer_id, incoterm) values ('Q-TEST-1', ${importer.id}, 'FOB') returning id`);
    const order = await one<{ id: number }>(
      sql`insert into wholesale_orders (number, quote_id, importer_id, total_minor, deposit_minor) values ('W-TEST-1', ${quote.id}, ${importer.id}, 100000, 30000) returning id`,
    );
    const make = (number: string, producerId: number) =>
      one<{ id: number }>(
        sql`insert into production_orders (number, wholesale_order_id, producer_id, total_minor, advance_minor, balance_minor) values (${number}, ${order.id}, ${producerId}, 2000000, 1000000, 1000000) returning id`,
      );
    const first = await make("P-TEST-1", a!.id);
    const second = await make("P-TEST-2", b!.id);

    expect(await outcome(() => run(sql`update production_orders set status = 'in_production' where id = ${first.id}`))).toBe("production_needs_advance");
    expect(await outcome(() => run(sql`update production_orders set status = 'advance_paid' where id = ${first.id}`))).toBe("production_needs_advance");
    // Cancelling needs no advance, but it does need its date and what it leaves owed (migration 0004).
    expect(await outcome(() => run(sql`update production_orders set status = 'cancelled' where id = ${second.id}`))).toBe("production_cancelled_when");
    expect(await outcome(() => run(sql`update production_orders set status = 'cancelled', cancelled_at = now(), owed_on_cancel_minor = 0 where id = ${second.id}`))).toBe("ok");

    const payout = await one<{ id: number }>(
      sql`insert into payouts (production_order_id, kind, amount_minor, paid_on, method, reference) values (${first.id}, 'advance', 1000000, '2026-12-01', 'bank_transfer', 'BRI 123') returning id`,
    );
    // Another order's payout does not count: the key is (payout, order).
    expect(await outcome(() => run(sql`update production_orders set advance_payout_id = ${payout.id}, status = 'in_production' where id = ${second.id}`))).toBe("production_orders_advance_payout_fk");
    expect(await outcome(() => run(sql`update production_orders set advance_payout_id = ${payout.id}, status = 'in_production' where id = ${first.id}`))).toBe("ok");
    expect(await outcome(() => run(sql`insert into payouts (production_order_id, kind, amount_minor, paid_on, method, reference) values (${first.id}, 'advance', 1, '2026-12-01', 'cash', 'again')`))).toBe("payout_once_per_kind");
    expect(await outcome(() => run(sql`insert into payouts (production_order_id, kind, amount_minor, paid_on, method, reference) values (${first.id}, 'balance', 1, '2026-12-01', 'qris', 'x')`))).toMatch(/payout_method|invalid input value/);
    // Payouts are append-only: a mistake is a correction row that references the payout, with a reason.
    expect(await outcome(() => run(sql`update payouts set amount_minor = 999 where id = ${payout.id}`))).toMatch(/append-only/);
    expect(await outcome(() => run(sql`delete from payouts where id = ${payout.id}`))).toMatch(/append-only/);
    expect(await outcome(() => run(sql`insert into payouts (production_order_id, kind, amount_minor, paid_on, method, reference, corrects_payout_id) values (${first.id}, 'advance', -5000, '2026-12-02', 'bank_transfer', 'BRI 124', ${payout.id})`))).toBe("payout_correction_explained");
    expect(await outcome(() => run(sql`insert into payouts (production_order_id, kind, amount_minor, paid_on, method, reference, corrects_payout_id, note) values (${first.id}, 'advance', -5000, '2026-12-02', 'bank_transfer', 'BRI 124', ${payout.id}, 'Bank fee was taken from the group')`))).toBe("ok");
  });

  it("lets an event location go below zero, but never the warehouse, and keeps each level's kind right", async () => {
    const variant = await one<{ id: number }>(sql`select id from variants order by id limit 1`);
    const warehouse = await one<{ id: number }>(sql`select id from locations where sells_online`);
    const event = await one<{ id: number }>(sql`insert into locations (code, name, kind) values ('EVT-TEST', 'Test bazaar', 'event') returning id`);
    expect(await outcome(() => run(sql`insert into stock_levels (variant_id, location_id, location_kind, on_hand) values (${variant.id}, ${event.id}, 'event', -2)`))).toBe("ok");
    expect(await outcome(() => run(sql`update stock_levels set on_hand = -1 where variant_id = ${variant.id} and location_id = ${warehouse.id}`))).toMatch(/^stock_(on_hand|available)_non_negative$/);
    expect(await outcome(() => run(sql`update stock_levels set reserved = on_hand + 1 where variant_id = ${variant.id} and location_id = ${warehouse.id}`))).toBe("stock_available_non_negative");
    // A level cannot claim to be at an event when its location is the warehouse.
    expect(await outcome(() => run(sql`update stock_levels set location_kind = 'event', on_hand = -1 where variant_id = ${variant.id} and location_id = ${warehouse.id}`))).toBe("stock_levels_location_fk");
    expect(await outcome(() => run(sql`update locations set sells_online = true where id = ${event.id}`))).toMatch(/locations_online_is_warehouse|locations_one_online_key/);
  });

  it("numbers point-of-sale sales once per device and keeps cash change honest", async () => {
    const event = await one<{ id: number }>(sql`select id from locations where code = 'EVT-TEST'`);
    const bazaar = await one<{ id: number }>(
      sql`insert into events (slug, name, venue, starts_on, ends_on, location_id) values ('test-bazaar', 'Test bazaar', 'Jakarta', '2027-05-08', '2027-05-09', ${event.id}) returning id`,
    );
    const sale = (clientId: string, seq: number, tendered: number, change: number) =>
      run(
        sql`insert into pos_sales (client_sale_id, device_id, device_seq, event_id, sold_at, business_date, payment_method, total_minor, tendered_minor, change_minor, receipt_principle, rate_micros, total_usd_minor)
            values (${clientId}, 'device-a', ${seq}, ${bazaar.id}, now(), '2027-05-08', 'cash', 15000000, ${tendered}, ${change}, 3, 16000000000, 938)`,
      );
    expect(await outcome(() => sale("01JTEST0000000000000000001", 1, 20000000, 5000000))).toBe("ok");
    expect(await outcome(() => sale("01JTEST0000000000000000001", 2, 20000000, 5000000))).toBe("pos_sales_client_sale_id_unique");
    expect(await outcome(() => sale("01JTEST0000000000000000002", 1, 20000000, 5000000))).toBe("pos_sale_device_seq");
    expect(await outcome(() => sale("01JTEST0000000000000000003", 3, 20000000, 4000000))).toBe("pos_cash_change");
  });

  it("keeps one application per importer email and a date on every decision", async () => {
    const apply = (email: string) =>
      run(sql`insert into importers (company_name, country, tax_id, contact_name, contact_email, expected_volume) values ('Fair Home BV', 'NL', 'NL123', 'Anna', ${email}, 'US$10,000–50,000')`);
    expect(await outcome(() => apply("buyer@fairhome.example"))).toBe("ok");
    expect(await outcome(() => apply("Buyer@FairHome.example"))).toBe("importers_contact_email_key");
    expect(await outcome(() => run(sql`update importers set status = 'approved' where lower(contact_email) = 'buyer@fairhome.example'`))).toBe("importers_approved");
    expect(await outcome(() => run(sql`update importers set deposit_percent = 120 where lower(contact_email) = 'buyer@fairhome.example'`))).toBe("importers_deposit_percent");
  });

  it("knows how every paid retail order was paid", async () => {
    const order = await one<{ id: string }>(
      sql`insert into orders (number, email, shipping_country, currency, rate_micros, subtotal_minor, shipping_minor, total_minor, total_usd_minor) values ('KR-TEST-0003', 'c@example.com', 'DE', 'EUR', 920000, 9200, 800, 10000, 10870) returning id`,
    );
    expect(await outcome(() => run(sql`update orders set paid_at = now(), status = 'paid' where id = ${order.id}`))).toBe("order_paid_has_method");
    expect(await outcome(() => run(sql`update orders set paid_at = now(), status = 'paid', payment_method = 'stripe' where id = ${order.id}`))).toBe("ok");
    expect(await outcome(() => run(sql`update orders set payment_status = 'maybe' where id = ${order.id}`))).toBe("order_payment_status");
  });
});
