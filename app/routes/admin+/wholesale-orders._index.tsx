import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { TableScroll } from "~/components/admin/table-scroll";
import { formatMoney } from "~/domain/money/money";
import { listWholesaleOrdersForAdmin } from "~/models/wholesale/wholesale-orders.server";
import { requireRole } from "~/web/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["staff"]);
  const orders = await listWholesaleOrdersForAdmin(getDb());
  return {
    orders: orders.map((o) => ({
      number: o.number,
      status: o.status,
      companyName: o.companyName,
      country: o.country,
      placedOn: o.createdAt.toISOString().slice(0, 10),
      total: formatMoney({ amountMinor: o.totalMinor, currency: o.currency }),
      deposit: formatMoney({ amountMinor: o.depositMinor, currency: o.currency }),
      depositPaid: o.depositPaid,
    })),
  };
}

export const meta: MetaFunction = () => [{ title: "Wholesale orders · Back office · Kriya" }];

export default function AdminWholesaleOrders() {
  const { orders } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="admin-heading">
        <h1>Wholesale orders</h1>
      </div>
      <div className="admin-card">
        <p className="muted" role="status">
          {orders.length} order{orders.length === 1 ? "" : "s"}
        </p>
        <TableScroll label="Wholesale order list">
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Importer</th>
                <th scope="col">Placed</th>
                <th scope="col">Total</th>
                <th scope="col">Deposit</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr key={o.number}>
                  <th scope="row">
                    <Link to={`/admin/wholesale-orders/${o.number}`}>{o.number}</Link>
                  </th>
                  <td>
                    {o.companyName} <span className="muted">{o.country}</span>
                  </td>
                  <td>{o.placedOn}</td>
                  <td>{o.total}</td>
                  <td>
                    <span className={o.depositPaid ? "badge badge-ok" : "badge badge-warn"}>{o.depositPaid ? "paid" : "due"}</span> {o.deposit}
                  </td>
                  <td>{o.status.replace(/_/g, " ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </div>
    </>
  );
}
