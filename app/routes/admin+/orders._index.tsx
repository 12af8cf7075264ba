import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { OrderFilters, OrderPagination, OrderTable } from "~/components/admin/orders";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { adminOrderSearch, parseAdminOrderQuery } from "~/domain/retail/admin-orders";
import { listAdminOrders } from "~/models/retail/admin-orders.server";
import { requireRole } from "~/web/auth.server";
import { badRequest } from "~/web/refusal.server";

/** Retail orders, newest first, filtered by the URL. A filter that makes no sense is a 400 that says why. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["staff"]);
  const parsed = parseAdminOrderQuery(new URL(request.url).searchParams);
  if (!parsed.ok) badRequest("Some of the order filters in this link don't make sense.", parsed.errors);
  const result = await listAdminOrders(getDb(), parsed.query);
  return data({ query: parsed.query, ...result }, { headers: { "Cache-Control": "private, no-store" } });
}

export const meta: MetaFunction = () => [{ title: "Orders · Back office · Kriya" }, { name: "robots", content: "noindex" }];

export default function AdminOrders() {
  const { query, orders, total, page, pageCount } = useLoaderData<typeof loader>();
  const filtered = Boolean(query.q || query.status || query.from || query.to || query.demo);
  return (
    <>
      <div className="order-heading">
        <h1>Orders</h1>
        {/* A plain link with `download`: the CSV is a resource route, not a page. */}
        <a className="button button-ghost" href={`/admin/orders.csv${adminOrderSearch({ ...query, page: 1 })}`} download>
          Download CSV
        </a>
      </div>
      <p className="muted">Shop orders, newest first. Days and times are Jakarta time (WIB).</p>
      <OrderFilters query={query} />
      <section className="admin-card" aria-label="Orders">
        {orders.length ? (
          <>
            <OrderTable orders={orders} />
            <OrderPagination query={query} page={page} pageCount={pageCount} total={total} />
          </>
        ) : (
          <p role="status">{filtered ? "No orders match these filters." : "No orders yet."}</p>
        )}
      </section>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
