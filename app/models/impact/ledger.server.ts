import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { USD_CENTS_PER_TREE } from "~/domain/impact/impact";
import { queryRows } from "~/utils/db.server";
import type { ImpactTotals } from "./types";

/**
 * The tree ledger's reads, in SQL over the whole ledger (window functions, never the ledger loaded into JS).
 * Tree numbering (docs: the impact definitions): entries in id order fund the money range (M_{i-1}, M_i] where M
 * is the running maximum of the running sum S; tree k is ((k-1)·1500, k·1500] US$; plantings in (planted_on, id)
 * order cover the trees consecutively.
 */

/** A timestamptz as an ISO instant in UTC with microseconds, the same on PGlite and PostgreSQL. */
export const isoInstant = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Every entry with the money range it funds (`m_prev`, `m`], both ≥ 0, in US cents. */
const fundedRanges = sql`ranged as (
  select id, producer_id, usd_minor, booked_at, s,
    greatest(0, coalesce(max(s) over (order by id rows between unbounded preceding and 1 preceding), 0))::bigint as m_prev,
    greatest(0, max(s) over (order by id rows unbounded preceding))::bigint as m
  from (select id, producer_id, usd_minor, booked_at, (sum(usd_minor) over (order by id rows unbounded preceding))::bigint as s from turnover_entries) running
)`;

/** Every planting with the trees it covers, #first_tree … #last_tree. */
const plantingRanges = sql`covered as (
  select id, place, province, planted_on, latitude, longitude, tree_count,
    (coalesce(sum(tree_count) over (order by planted_on, id rows between unbounded preceding and 1 preceding), 0) + 1)::bigint as first_tree,
    (sum(tree_count) over (order by planted_on, id rows unbounded preceding))::bigint as last_tree
  from planting_records
)`;

export type ProducerPlantingSite = { plantingId: number; place: string; province: string; plantedOn: string; latitude: number; longitude: number; trees: number };

/**
 * Where the trees a producer group's sales funded were planted: the plantings whose trees overlap the trees the
 * group's entries funded (a tree counts when any of its money came from the group), with how many of each
 * planting's trees that is. One statement.
 */
export async function producerPlantingSites(db: Executor, { producerId }: { producerId: number }): Promise<ProducerPlantingSite[]> {
  const tree = USD_CENTS_PER_TREE;
  const rows = await queryRows<{ planting_id: number; place: string; province: string; planted_on: string; latitude: number; longitude: number; trees: string | number }>(
    db,
    sql`with ${fundedRanges},
    group_trees as (
      select id, (m_prev / ${tree}::bigint + 1)::bigint as lo, ((m + ${tree}::bigint - 1) / ${tree}::bigint)::bigint as hi
      from ranged where producer_id = ${producerId} and m > m_prev
    ),
    flagged as (
      select id, lo, hi,
        case when lo <= coalesce(max(hi) over (order by id rows between unbounded preceding and 1 preceding), 0) then 0 else 1 end as starts
      from group_trees
    ),
    islands as (
      select min(lo) as lo, max(hi) as hi
      from (select lo, hi, sum(starts) over (order by id rows unbounded preceding) as island from flagged) numbered
      group by island
    ),
    ${plantingRanges}
    select p.id as planting_id, p.place, p.province, p.planted_on::text as planted_on, p.latitude, p.longitude,
      sum(least(i.hi, p.last_tree) - greatest(i.lo, p.first_tree) + 1)::bigint as trees
    from covered p join islands i on i.lo <= p.last_tree and i.hi >= p.first_tree
    group by p.id, p.place, p.province, p.planted_on, p.latitude, p.longitude
    order by p.planted_on, p.id`,
  );
  return rows.map((r) => ({
    plantingId: Number(r.planting_id),
    place: r.place,
    province: r.province,
    plantedOn: r.planted_on,
    latitude: Number(r.latitude),
    longitude: Number(r.longitude),
    trees: Number(r.trees),
  }));
}

type TotalsRow = { usd: string | number; planted: string | number; alive: string | number; oldest: string | null };

/** The statement behind the site-wide counter, as of `now` (entries booked by then, plantings planted by then). */
export function impactTotalsQuery(now: Date): SQL {
  const tree = USD_CENTS_PER_TREE;
  const at = now.toISOString();
  return sql`with running as (
      select id, usd_minor, booked_at, (sum(usd_minor) over (order by id rows unbounded preceding))::bigint as s
      from turnover_entries where booked_at <= ${at}::timestamptz
    ),
    sums as (
      select
        coalesce((select sum(usd_minor) from running), 0)::bigint as usd,
        coalesce((select sum(tree_count) from planting_records where planted_on <= (${at}::timestamptz at time zone 'Asia/Jakarta')::date), 0)::bigint as planted,
        coalesce((
          select sum(coalesce(latest.alive_count, p.tree_count))
          from planting_records p
          left join lateral (
            select c.alive_count from survival_checks c where c.planting_id = p.id order by c.checked_on desc, c.id desc limit 1
          ) latest on true
          where p.verified_at is not null and p.verified_at <= ${at}::timestamptz
            and p.planted_on <= (${at}::timestamptz at time zone 'Asia/Jakarta')::date
        ), 0)::bigint as alive
    )
    select sums.usd, sums.planted, sums.alive,
      case when greatest(0, sums.usd / ${tree}::bigint) > sums.planted then (
        select ${isoInstant(sql`r.booked_at`)} from running r
        where r.s - r.usd_minor < (sums.planted + 1) * ${tree}::bigint and r.s >= (sums.planted + 1) * ${tree}::bigint
        order by r.id desc limit 1
      ) end as oldest
    from sums`;
}

export function toImpactTotals(row: TotalsRow): ImpactTotals {
  const usdCents = Number(row.usd);
  const treesFunded = Math.max(0, Math.floor(usdCents / USD_CENTS_PER_TREE));
  const treesPlanted = Number(row.planted);
  return {
    usdCents,
    treesFunded,
    treesPlanted,
    treesVerifiedAlive: Number(row.alive),
    treesToPlant: Math.max(0, treesFunded - treesPlanted),
    oldestUnplantedSince: row.oldest ?? null,
  };
}

/** The site-wide counter: trees funded, planted, verified alive, still to plant, and since when the oldest waits. One statement. */
export async function getImpactTotals(db: Executor, { now }: { now: Date }): Promise<ImpactTotals> {
  const [row] = await queryRows<TotalsRow>(db, impactTotalsQuery(now));
  return toImpactTotals(row!);
}
