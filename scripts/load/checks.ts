/**
 * What must hold after the load, read straight from the database: every stock level equals its ledger, no
 * warehouse level below zero, every order placed during the run moved exactly its own pieces (a paid order sold each
 * once, a pending one holds them, a cancelled one gave them back), and no piece was sold beyond what was there.
 */
import postgres from "postgres";

export type StockSnapshot = Map<number, number>;

export type StockCheck = {
  /** Levels that differ from the sum of their ledger rows (or ledger rows without a level). */
  drift: { variantId: number; locationId: number; onHand: number; reserved: number; ledgerOnHand: number; ledgerReserved: number }[];
  /** Warehouse levels below zero on hand, reserved or available. */
  negative: { variantId: number; locationId: number; onHand: number; reserved: number }[];
  /** Orders of the run whose stock movements don't match their status and lines. */
  mismatchedOrders: { number: string; status: string; variantId: number; quantity: number; onHandDelta: number; reservedDelta: number }[];
  /** Variants sold online during the run beyond what was on hand at its start plus what came in. */
  oversold: { variantId: number; sold: number; onHandAtStart: number; cameIn: number }[];
  paidOrders: number;
  paidUnits: number;
};

export const stockCheckPassed = (c: StockCheck) => !c.drift.length && !c.negative.length && !c.mismatchedOrders.length && !c.oversold.length;

/** On hand per variant at the online warehouse. */
export async function snapshotOnlineStock(databaseUrl: string): Promise<StockSnapshot> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ variantId: number; onHand: number }[]>`
      select l.variant_id as "variantId", l.on_hand as "onHand"
      from stock_levels l join locations loc on loc.id = l.location_id and loc.sells_online`;
    return new Map(rows.map((r) => [r.variantId, r.onHand]));
  } finally {
    await sql.end();
  }
}

export async function checkStock(databaseUrl: string, input: { since: Date; before: StockSnapshot }): Promise<StockCheck> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const drift = await sql<StockCheck["drift"]>`
      select coalesce(l.variant_id, m.variant_id) as "variantId", coalesce(l.location_id, m.location_id) as "locationId",
        coalesce(l.on_hand, 0) as "onHand", coalesce(l.reserved, 0) as reserved,
        coalesce(m.on_hand, 0)::int as "ledgerOnHand", coalesce(m.reserved, 0)::int as "ledgerReserved"
      from stock_levels l
      full join (select variant_id, location_id, sum(on_hand_delta) as on_hand, sum(reserved_delta) as reserved from stock_movements group by 1, 2) m
        on m.variant_id = l.variant_id and m.location_id = l.location_id
      where coalesce(l.on_hand, 0) <> coalesce(m.on_hand, 0) or coalesce(l.reserved, 0) <> coalesce(m.reserved, 0)
      order by 1, 2`;
    const negative = await sql<StockCheck["negative"]>`
      select variant_id as "variantId", location_id as "locationId", on_hand as "onHand", reserved
      from stock_levels where location_kind = 'warehouse' and (on_hand < 0 or reserved < 0 or on_hand - reserved < 0)`;
    const mismatchedOrders = await sql<StockCheck["mismatchedOrders"]>`
      with lines as (
        select o.id, o.number, o.status::text as status, ol.variant_id, sum(ol.quantity)::int as quantity
        from orders o join order_lines ol on ol.order_id = o.id
        where o.created_at >= ${input.since}
        group by 1, 2, 3, 4
      ), moves as (
        select order_id, variant_id, sum(on_hand_delta)::int as on_hand, sum(reserved_delta)::int as reserved
        from stock_movements where order_id in (select id from lines) group by 1, 2
      )
      select l.number, l.status, l.variant_id as "variantId", l.quantity,
        coalesce(m.on_hand, 0) as "onHandDelta", coalesce(m.reserved, 0) as "reservedDelta"
      from lines l left join moves m on m.order_id = l.id and m.variant_id = l.variant_id
      where not (
        (l.status = 'paid' and coalesce(m.on_hand, 0) = -l.quantity and coalesce(m.reserved, 0) = 0)
        or (l.status = 'pending_payment' and coalesce(m.on_hand, 0) = 0 and coalesce(m.reserved, 0) = l.quantity)
        or (l.status = 'cancelled' and coalesce(m.on_hand, 0) = 0 and coalesce(m.reserved, 0) = 0)
      )
      order by 1`;
    const sold = await sql<{ variantId: number; sold: number; cameIn: number }[]>`
      with paid as (
        select ol.variant_id, sum(ol.quantity)::int as sold
        from orders o join order_lines ol on ol.order_id = o.id
        where o.created_at >= ${input.since} and o.paid_at is not null
        group by 1
      ), came_in as (
        select m.variant_id, sum(m.on_hand_delta)::int as came_in
        from stock_movements m join locations loc on loc.id = m.location_id and loc.sells_online
        where m.created_at >= ${input.since} and m.on_hand_delta > 0
        group by 1
      )
      select p.variant_id as "variantId", p.sold, coalesce(c.came_in, 0) as "cameIn" from paid p left join came_in c using (variant_id)`;
    const oversold = sold
      .map((s) => ({ ...s, onHandAtStart: input.before.get(s.variantId) ?? 0 }))
      .filter((s) => s.sold > s.onHandAtStart + s.cameIn);
    return {
      drift: [...drift],
      negative: [...negative],
      mismatchedOrders: [...mismatchedOrders],
      oversold,
      paidOrders: Number((await sql<{ n: number }[]>`select count(*)::int as n from orders where created_at >= ${input.since} and paid_at is not null`)[0]!.n),
      paidUnits: sold.reduce((n, s) => n + s.sold, 0),
    };
  } finally {
    await sql.end();
  }
}
