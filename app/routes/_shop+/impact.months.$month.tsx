import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~db/client.server";
import { parseMonth } from "~/domain/impact/months";
import { getClosedMonthEntriesCsv } from "~/models/impact/open-data.server";

const text = (body: string, status: number) =>
  new Response(`${body}\n`, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=60" } });

/** A closed month's entries, exactly the CSV its published checksum hashes (/impact.json says how to check it). */
export async function loader({ params }: LoaderFunctionArgs) {
  // "/impact/months/2026-05.csv" is the natural guess for a CSV: it answers too.
  const month = parseMonth((params.month ?? "").replace(/\.csv$/, ""));
  if (!month) return text("A month is written YYYY-MM, for example /impact/months/2026-05.", 400);
  const csv = await getClosedMonthEntriesCsv(getDb(), { month });
  if (csv === null) return text(`${month} is not a closed month of the impact ledger: a month closes three days after it ends in Jakarta.`, 404);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `inline; filename="kriya-impact-${month}.csv"`,
      // A closed month never changes.
      "Cache-Control": "public, max-age=86400, immutable",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
