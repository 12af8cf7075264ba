import { getDb } from "~db/client.server";
import { getImpactReport } from "~/models/impact/ledger.server";
import { impactPlantingsCsv } from "~/models/impact/open-data.server";
import { catalogCacheControl } from "~/utils/http.server";

/** One row per planting: where, what, how many, the trees it covers, its latest survival count and its evidence photos. */
export async function loader() {
  const report = await getImpactReport(getDb(), { now: new Date() });
  return new Response(impactPlantingsCsv(report), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'inline; filename="kriya-impact-plantings.csv"',
      "Cache-Control": catalogCacheControl,
      "Access-Control-Allow-Origin": "*",
    },
  });
}
