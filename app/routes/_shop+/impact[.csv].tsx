import { getDb } from "~db/client.server";
import { getImpactReport } from "~/models/impact/ledger.server";
import { impactMonthsCsv } from "~/models/impact/open-data.server";
import { catalogCacheControl } from "~/utils/http.server";

/** One row per month: turnover by channel in US dollars, cumulative trees funded and planted, the month's checksum or "open". */
export async function loader() {
  const report = await getImpactReport(getDb(), { now: new Date() });
  return new Response(impactMonthsCsv(report), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'inline; filename="kriya-impact-months.csv"',
      "Cache-Control": catalogCacheControl,
      "Access-Control-Allow-Origin": "*",
    },
  });
}
