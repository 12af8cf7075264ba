import { sql, type SQL } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { treesOwed, USD_CENTS_PER_TREE } from "~/domain/impact/impact";
import { jakartaMonthOf, monthsBetween } from "~/domain/impact/months";
import { imageRefJson } from "~/models/catalog/first-image.server";
import { queryRows } from "~/utils/db.server";
import { IMPACT_CHANNELS, type EvidencePhoto, type ImpactChannel, type ImpactReport, type ImpactTotals, type MonthClose, type MonthlyTurnover, type PlantingSummary, type ProducerPin, type SurvivalCheckSummary, type TreesByMonth } from "./types";

/**
 * The tree ledger's reads, in SQL over the whole ledger (window functions, never the ledger loaded into JS).
 * Tree numbering (docs: the impact definitions): entries in id order fund the money range (M_{i-1}, M_i] where M
 * is the running maximum of the running sum S; tree k is ((k-1)·1500, k·1500] US$; plantings in (planted_on, id)
 * order cover the trees consecutively.
 */

/** A timestamptz as an ISO instant in UTC with microseconds (lossless), the same on PGlite and PostgreSQL. */
export const isoInstant = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
/** A timestamptz as JavaScript writes it (milliseconds), for loader data. */
const isoMillis = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/** The Jakarta calendar day of `now`, as SQL. */
const jakartaToday = (now: Date) => sql`(${now.toISOString()}::timestamptz at time zone 'Asia/Jakarta')::date`;

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
        coalesce((select sum(tree_count) from planting_records where planted_on <= ${jakartaToday(now)}), 0)::bigint as planted,
        coalesce((
          select sum(coalesce(latest.alive_count, p.tree_count))
          from planting_records p
          left join lateral (
            select c.alive_count from survival_checks c where c.planting_id = p.id order by c.checked_on desc, c.id desc limit 1
          ) latest on true
          where p.verified_at is not null and p.verified_at <= ${at}::timestamptz
            and p.planted_on <= ${jakartaToday(now)}
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
    // As JavaScript writes instants (milliseconds), like every other date the open data publishes.
    oldestUnplantedSince: row.oldest ? new Date(row.oldest).toISOString() : null,
  };
}

/** The site-wide counter: trees funded, planted, verified alive, still to plant, and since when the oldest waits. One statement. */
export async function getImpactTotals(db: Executor, { now }: { now: Date }): Promise<ImpactTotals> {
  const [row] = await queryRows<TotalsRow>(db, impactTotalsQuery(now));
  return toImpactTotals(row!);
}

type PlantingRow = {
  id: number;
  planted_on: string;
  place: string;
  province: string;
  latitude: number;
  longitude: number;
  tree_count: number;
  species: string;
  partner: string;
  notes: string;
  verified_at: string | null;
  first_tree: string | number;
  last_tree: string | number;
  checks: SurvivalCheckSummary[];
  photos: EvidencePhoto[];
};

/** Plantings (planted by `now`) with the trees they cover, their survival checks and evidence photos. One statement. */
async function listPlantingSummaries(db: Executor, now: Date): Promise<PlantingSummary[]> {
  const rows = await queryRows<PlantingRow>(
    db,
    sql`with numbered as (
      select p.*,
        (coalesce(sum(p.tree_count) over (order by p.planted_on, p.id rows between unbounded preceding and 1 preceding), 0) + 1)::bigint as first_tree,
        (sum(p.tree_count) over (order by p.planted_on, p.id rows unbounded preceding))::bigint as last_tree
      from planting_records p
    )
    select p.id, p.planted_on::text as planted_on, p.place, p.province, p.latitude, p.longitude, p.tree_count, p.species, p.partner, p.notes,
      ${isoMillis(sql`p.verified_at`)} as verified_at, p.first_tree, p.last_tree,
      (select coalesce(json_agg(json_build_object('id', c.id, 'checkedOn', c.checked_on::text, 'aliveCount', c.alive_count, 'notes', c.notes) order by c.checked_on, c.id), '[]'::json)
        from survival_checks c where c.planting_id = p.id) as checks,
      (select coalesce(json_agg(json_build_object('image', ${imageRefJson}, 'gps', e.gps, 'distanceMetres', e.distance_metres,
          'takenAt', ${isoMillis(sql`e.taken_at`)}, 'survivalCheckId', e.survival_check_id) order by i.position, i.id), '[]'::json)
        from planting_evidence e join images i on i.id = e.image_id where e.planting_id = p.id) as photos
    from numbered p
    where p.planted_on <= ${jakartaToday(now)}
    order by p.planted_on, p.id`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    plantedOn: r.planted_on,
    place: r.place,
    province: r.province,
    latitude: Number(r.latitude),
    longitude: Number(r.longitude),
    treeCount: Number(r.tree_count),
    species: r.species,
    partner: r.partner,
    notes: r.notes,
    verifiedAt: r.verified_at,
    treesFrom: Number(r.first_tree),
    treesTo: Number(r.last_tree),
    checks: r.checks,
    photos: r.photos,
  }));
}

/** Turnover booked by `now`, by Jakarta month and channel. One statement. */
async function turnoverByMonth(db: Executor, now: Date): Promise<{ month: string; channel: ImpactChannel; usd: number }[]> {
  const rows = await queryRows<{ month: string; channel: ImpactChannel; usd: string | number }>(
    db,
    sql`select to_char(booked_at at time zone 'Asia/Jakarta', 'YYYY-MM') as month, channel::text as channel, sum(usd_minor)::bigint as usd
      from turnover_entries where booked_at <= ${now.toISOString()}::timestamptz
      group by 1, 2 order by 1, 2`,
  );
  return rows.map((r) => ({ month: r.month, channel: r.channel, usd: Number(r.usd) }));
}

/** Producer groups shown on the map. */
async function listProducerPins(db: Executor): Promise<ProducerPin[]> {
  const rows = await queryRows<ProducerPin>(
    db,
    sql`select slug, name, village, province, latitude, longitude from producer_groups where active order by name, id`,
  );
  return rows.map((r) => ({ ...r, latitude: Number(r.latitude), longitude: Number(r.longitude) }));
}

/** The closed months, oldest first. */
export async function listMonthCloses(db: Executor): Promise<MonthClose[]> {
  const rows = await queryRows<{ month: string; entry_count: number; usd_minor: string | number; checksum: string; previous_checksum: string | null; closed_at: string }>(
    db,
    sql`select to_char(month, 'YYYY-MM') as month, entry_count, usd_minor, checksum, previous_checksum, ${isoMillis(sql`closed_at`)} as closed_at
      from impact_month_closes order by month`,
  );
  return rows.map((r) => ({
    month: r.month,
    entryCount: Number(r.entry_count),
    usdCents: Number(r.usd_minor),
    checksum: r.checksum,
    previousChecksum: r.previous_checksum,
    closedAt: r.closed_at,
  }));
}

/**
 * Every month from the first entry (or planting) to the current one, zero-filled: turnover by channel, and trees
 * funded (floor of cumulative turnover) and planted at each month's end.
 */
export function monthlySeries(
  byMonth: readonly { month: string; channel: ImpactChannel; usd: number }[],
  plantings: readonly { plantedOn: string; treeCount: number }[],
  now: Date,
): { monthly: MonthlyTurnover[]; trees: TreesByMonth[] } {
  const current = jakartaMonthOf(now);
  const starts = [...byMonth.map((r) => r.month), ...plantings.map((p) => p.plantedOn.slice(0, 7))].sort();
  const first = starts[0];
  if (!first) return { monthly: [], trees: [] };
  const months = monthsBetween(first < current ? first : current, current);
  const cents = new Map<string, number>();
  for (const r of byMonth) cents.set(`${r.month} ${r.channel}`, r.usd);
  const plantedIn = new Map<string, number>();
  for (const p of plantings) plantedIn.set(p.plantedOn.slice(0, 7), (plantedIn.get(p.plantedOn.slice(0, 7)) ?? 0) + p.treeCount);
  let cumulativeCents = 0;
  let planted = 0;
  const monthly: MonthlyTurnover[] = [];
  const trees: TreesByMonth[] = [];
  for (const month of months) {
    const usdCents = Object.fromEntries(IMPACT_CHANNELS.map((c) => [c, cents.get(`${month} ${c}`) ?? 0])) as Record<ImpactChannel, number>;
    const totalUsdCents = IMPACT_CHANNELS.reduce((sum, c) => sum + usdCents[c], 0);
    cumulativeCents += totalUsdCents;
    planted += plantedIn.get(month) ?? 0;
    monthly.push({ month, usdCents, totalUsdCents });
    trees.push({ month, treesFunded: treesOwed(cumulativeCents), treesPlanted: planted });
  }
  return { monthly, trees };
}

/**
 * Everything the public /impact page and the open data show, as of `now`, in five statements: totals, turnover by
 * month and channel, plantings (with checks and photos), producer pins, closed months.
 */
export async function getImpactReport(db: Executor, { now }: { now: Date }): Promise<ImpactReport> {
  const [totals, byMonth, plantings, producers, closes] = await Promise.all([
    getImpactTotals(db, { now }),
    turnoverByMonth(db, now),
    listPlantingSummaries(db, now),
    listProducerPins(db),
    listMonthCloses(db),
  ]);
  const { monthly, trees } = monthlySeries(byMonth, plantings, now);
  return { totals, monthly, trees, plantings, producers, closes };
}
