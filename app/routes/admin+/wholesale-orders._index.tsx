import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { ListTable } from "~/components/admin/list-table";
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
      <ListTable count={orders.length} noun="order" label="Wholesale order list" columns={["Order", "Importer", "Placed", "Total", "Deposit", "Status"]}>
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
      </ListTable>
    </>
  );
}
