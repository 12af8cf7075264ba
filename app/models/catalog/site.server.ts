import { sql } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { queryRows } from "~/utils/db.server";

export type SiteContext = {
  /** Units per USD ×1e6, by currency. */
  rates: Record<string, number>;
  turnoverUsdCents: number;
  treesPlanted: number;
  /** Trees of verified plantings, as many as their latest survival check found alive (all, before a check). */
  treesVerifiedAlive: number;
};

/** Everything every page needs, in one statement: exchange rates and the impact counter. */
export async function getSiteContext(db: Executor): Promise<SiteContext> {
  const [row] = await queryRows<{ site: SiteContext }>(
    db,
    sql`select json_build_object(
      'rates', (select coalesce(json_object_agg(currency, per_usd_micros), '{}'::json) from exchange_rates),
      'turnoverUsdCents', (select coalesce(sum(usd_minor), 0) from turnover_entries),
      'treesPlanted', (select coalesce(sum(tree_count), 0) from planting_records),
      'treesVerifiedAlive', (select coalesce(sum(coalesce(
        (select c.alive_count from survival_checks c where c.planting_id = p.id order by c.checked_on desc, c.id desc limit 1),
        p.tree_count)), 0) from planting_records p where p.verified_at is not null)
    ) as site`,
  );
  const site = row!.site;
  return {
    rates: site.rates,
    turnoverUsdCents: Number(site.turnoverUsdCents),
    treesPlanted: Number(site.treesPlanted),
    treesVerifiedAlive: Number(site.treesVerifiedAlive),
  };
}
