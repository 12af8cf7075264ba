import { getDb } from "~db/client.server";
import { getImpactOpenData } from "~/models/impact/open-data.server";
import { catalogCacheControl } from "~/utils/http.server";

/** The impact ledger as open data: monthly turnover by channel, trees funded and planted, plantings with evidence, closed months. */
export async function loader() {
  const data = await getImpactOpenData(getDb(), { now: new Date() });
  return new Response(`${JSON.stringify(data, null, 2)}\n`, {
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": catalogCacheControl, "Access-Control-Allow-Origin": "*" },
  });
}
