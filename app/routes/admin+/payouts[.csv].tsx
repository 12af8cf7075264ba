import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~db/client.server";
import { jakartaDate } from "~/domain/retail/admin-orders";
import { payoutsCsv } from "~/models/production/production-orders.server";
import { requireRole } from "~/web/auth.server";
import { parsePayoutFilters } from "./payouts.filters";

/** The payouts list as a CSV download with the page's filters. A resource route: plain Responses, real statuses. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["staff", "admin"]);
  const today = jakartaDate(new Date());
  const parsed = parsePayoutFilters(new URL(request.url).searchParams, today);
  if (!parsed.ok) return new Response(`${parsed.message}\n`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" } });
  return new Response(await payoutsCsv(getDb(), parsed.filters), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="kriya-payouts-${today}.csv"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
