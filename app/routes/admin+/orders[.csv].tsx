import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~db/client.server";
import { jakartaDate, parseAdminOrderQuery } from "~/domain/retail/admin-orders";
import { exportOrdersCsv } from "~/models/retail/admin-orders.server";
import { requireRole } from "~/web/auth.server";

/**
 * The order list as a CSV download, with the same filters as /admin/orders (page is ignored: it is every
 * match, up to the export cap). A resource route: plain Responses, so the status codes are real.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["staff"]);
  const params = new URL(request.url).searchParams;
  params.delete("page");
  const parsed = parseAdminOrderQuery(params);
  if (!parsed.ok) {
    return new Response(`Some of the order filters in this link don't make sense:\n${parsed.errors.map((e) => `- ${e}`).join("\n")}\n`, {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" },
    });
  }
  return new Response(exportOrdersCsv(getDb(), { filters: parsed.query }), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="kriya-orders-${jakartaDate(new Date())}.csv"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
