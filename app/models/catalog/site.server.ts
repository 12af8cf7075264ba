import { sql } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { queryRows } from "~/utils/db.server";

export type SiteContext = {
  /** Units per USD ×1e6, by currency. */
  rates: Record<string, number>;
  turnoverUsdCents: number;
  treesPlanted: number;
};

/** Everything every page needs, in one statement: exchange rates and the impact counter. */
export async function getSiteContext(db: Executor): Promise<SiteContext> {
  const [row] = await queryRows<{ site: SiteContext }>(
    db,
    sql`select json_build_object(
      'rates', (select coalesce(json_object_agg(currency, per_usd_micros), '{}'::json) from exchange_rates),
      'turnoverUsdCents', (select coalesce(sum(usd_minor), 0) from turnover_entries),
      'treesPlanted', (select coalesce(sum(tree_count), 0) from planting_records)
    ) as site`,
  );
  const site = row!.site;
  return {
    rates: site.rates,
    turnoverUsdCents: Number(site.turnoverUsdCents),
    treesPlanted: Number(site.treesPlanted),
  };
}
