import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { lastClosableMonth, monthFirstDay, monthsBetween, monthStart, nextMonth } from "~/domain/impact/months";
import { checksumInput, monthEntriesCsv, type PublishedEntry } from "~/domain/impact/open-data";
import { queryRows } from "~/utils/db.server";
import { isoInstant } from "./ledger.server";

/**
 * Closing months of the turnover ledger. A month closes once it ended in Jakarta and three days passed; its
 * checksum chains it to the month before (CHECKSUM_RECIPE in app/domain/impact/open-data.ts), so editing any closed
 * month breaks every checksum after it. Once closed, the booked_at trigger books late entries into the open month.
 */

type EntryRow = {
  id: number | string;
  booked_at: string;
  occurred_at: string;
  channel: string;
  kind: string;
  producer_id: number | null;
  currency: string;
  amount_minor: number | string;
  rate_micros: number | string;
  usd_minor: number | string;
  month: string;
};

export const sha256Hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** Entries booked in [from, to), in id order, in their published form, with their Jakarta month. */
export async function publishedEntries(db: Executor, { from, to }: { from: Date | null; to: Date }): Promise<(PublishedEntry & { month: string })[]> {
  const rows = await queryRows<EntryRow>(
    db,
    sql`select id, ${isoInstant(sql`booked_at`)} as booked_at, ${isoInstant(sql`occurred_at`)} as occurred_at, channel::text as channel, kind::text as kind,
        producer_id, currency, amount_minor, rate_micros, usd_minor, to_char(booked_at at time zone 'Asia/Jakarta', 'YYYY-MM') as month
      from turnover_entries
      where ${from ? sql`booked_at >= ${from.toISOString()}::timestamptz and` : sql``} booked_at < ${to.toISOString()}::timestamptz
      order by id`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    bookedAt: r.booked_at,
    occurredAt: r.occurred_at,
    channel: r.channel,
    kind: r.kind,
    producerId: r.producer_id === null ? null : Number(r.producer_id),
    currency: r.currency,
    amountMinor: Number(r.amount_minor),
    rateMicros: Number(r.rate_micros),
    usdMinor: Number(r.usd_minor),
    month: r.month,
  }));
}

async function lastClose(db: Executor): Promise<{ month: string; checksum: string } | null> {
  const [row] = await queryRows<{ month: string; checksum: string }>(db, sql`select to_char(month, 'YYYY-MM') as month, checksum from impact_month_closes order by month desc limit 1`);
  return row ?? null;
}

/** Closes one month, in one transaction, unless another server closed it first. Returns whether this call closed it. */
async function closeMonth(db: Executor, month: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    // Waits for inserts in flight; inserts after commit see the close and are booked into the open month.
    await tx.execute(sql`lock table turnover_entries in share mode`);
    const previous = await lastClose(tx);
    if (previous && previous.month >= month) return false;
    const entries = await publishedEntries(tx, { from: monthStart(month), to: monthStart(nextMonth(month)) });
    const csv = monthEntriesCsv(entries);
    const checksum = sha256Hex(checksumInput(previous?.checksum ?? null, csv));
    const usdMinor = entries.reduce((sum, e) => sum + e.usdMinor, 0);
    const inserted = await queryRows<{ month: string }>(
      tx,
      sql`insert into impact_month_closes (month, entry_count, usd_minor, checksum, previous_checksum)
        values (${monthFirstDay(month)}::date, ${entries.length}, ${usdMinor}, ${checksum}, ${previous?.checksum ?? null})
        on conflict do nothing returning month`,
    );
    return inserted.length > 0;
  });
}

/**
 * Closes every closable month not yet closed, oldest first, each in its own transaction. The chain starts at the
 * month of the first entry; months without entries close too (entry count 0), so the chain has no holes.
 */
export async function closeMonths(db: Executor, { now }: { now: Date }): Promise<{ closed: string[] }> {
  const [first] = await queryRows<{ first: string | null }>(db, sql`select to_char(min(booked_at) at time zone 'Asia/Jakarta', 'YYYY-MM') as first from turnover_entries`);
  if (!first?.first) return { closed: [] };
  const previous = await lastClose(db);
  const from = previous ? nextMonth(previous.month) : first.first;
  const closed: string[] = [];
  for (const month of monthsBetween(from, lastClosableMonth(now))) {
    if (await closeMonth(db, month)) closed.push(month);
  }
  return { closed };
}

export type BrokenClose = { month: string; reason: string };

/**
 * Recomputes every closed month's checksum from the ledger as it is now and says which no longer match (an empty
 * list when the published history is intact). A month whose entries changed breaks itself and every month after.
 */
export async function verifyMonthCloses(db: Executor): Promise<{ checked: number; broken: BrokenClose[] }> {
  const closes = await queryRows<{ month: string; entry_count: number; usd_minor: string | number; checksum: string; previous_checksum: string | null }>(
    db,
    sql`select to_char(month, 'YYYY-MM') as month, entry_count, usd_minor, checksum, previous_checksum from impact_month_closes order by month`,
  );
  const last = closes.at(-1);
  if (!last) return { checked: 0, broken: [] };
  const entries = await publishedEntries(db, { from: null, to: monthStart(nextMonth(last.month)) });
  const byMonth = new Map<string, PublishedEntry[]>();
  for (const e of entries) byMonth.set(e.month, [...(byMonth.get(e.month) ?? []), e]);
  const broken: BrokenClose[] = [];
  let chain: string | null = null;
  const firstMonth = closes[0]!.month;
  const stray = entries.filter((e) => e.month < firstMonth).length;
  if (stray > 0) broken.push({ month: firstMonth, reason: `${stray} entries are booked before the first closed month` });
  closes.forEach((close, i) => {
    const expectedPrevious = i === 0 ? null : closes[i - 1]!.checksum;
    const monthEntries = byMonth.get(close.month) ?? [];
    const recomputed = sha256Hex(checksumInput(chain, monthEntriesCsv(monthEntries)));
    if (close.previous_checksum !== expectedPrevious) broken.push({ month: close.month, reason: "its previous checksum is not the month before's" });
    else if (i > 0 && nextMonth(closes[i - 1]!.month) !== close.month) broken.push({ month: close.month, reason: "the month before it was never closed" });
    else if (recomputed !== close.checksum) broken.push({ month: close.month, reason: "its entries no longer give its checksum" });
    else if (monthEntries.length !== Number(close.entry_count)) broken.push({ month: close.month, reason: "its entry count changed" });
    chain = recomputed;
  });
  return { checked: closes.length, broken };
}

