import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { adminOrderSearch, REFUND_OWED } from "~/domain/retail/admin-orders";
import { formatMoney } from "~/domain/money/money";
import { orderStatusLabels } from "~/domain/retail/order-status";
import { countOrdersOwingRefund, listFailingOutboxMessages, listLowStock, listTodaysOrders } from "~/models/platform/dashboard.server";
import { requireRole } from "~/web/auth.server";
import { TableScroll } from "~/components/admin/table-scroll";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["staff", "bazaar"]);
  // The bazaar role's back office is its events; the dashboard is staff's.
  if (user.role === "bazaar") throw redirect("/admin/events");
  const db = getDb();
  const [orders, lowStock, refundsOwed, failing] = await Promise.all([listTodaysOrders(db), listLowStock(db), countOrdersOwingRefund(db), listFailingOutboxMessages(db)]);
  const utc = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  const failingMessages = failing.map(({ availableAt, ...m }) => ({ ...m, nextTry: m.givenUp ? "No more tries" : utc(availableAt) }));
  return { orders, lowStock, refundsOwed, failingMessages };
}

export default function Dashboard() {
  const { orders, lowStock, refundsOwed, failingMessages } = useLoaderData<typeof loader>();
  const paidUsd = orders.filter((o) => o.status !== "pending_payment" && o.status !== "cancelled").reduce((n, o) => n + o.totalUsdMinor, 0);
  return (
    <>
      <h1>Dashboard</h1>
      {refundsOwed > 0 ? (
        <p className="notice notice-error" role="note">
          <strong>
            Refund owed on {refundsOwed} {refundsOwed === 1 ? "order" : "orders"}:
          </strong>{" "}
          the payment arrived after the pieces were sold. <Link to={`/admin/orders${adminOrderSearch({ status: REFUND_OWED })}`}>Review and refund</Link>
        </p>
      ) : null}
      <section aria-labelledby="today-title" className="admin-card">
        <h2 id="today-title">Today's orders</h2>
        <p className="muted">
          {orders.length} {orders.length === 1 ? "order" : "orders"} since midnight in Jakarta · {formatMoney({ amountMinor: paidUsd, currency: "USD" })} paid
        </p>
        {orders.length ? (
          <TableScroll label="Orders placed today">
            <table className="admin-table">
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col">Status</th>
                  <th scope="col">Customer</th>
                  <th scope="col">To</th>
                  <th scope="col">Total</th>
                </tr>
              </thead>
              <tbody>
                {orders.map((o) => (
                  <tr key={o.number}>
                    <td>{o.number}</td>
                    <td>{orderStatusLabels[o.status]}</td>
                    <td>{o.email}</td>
                    <td>{o.shippingCountry}</td>
                    <td>{formatMoney({ amountMinor: o.totalMinor, currency: o.currency })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : (
          <p>No orders yet today.</p>
        )}
      </section>
      <section aria-labelledby="low-title" className="admin-card">
        <h2 id="low-title">Low stock online</h2>
        {lowStock.length ? (
          <TableScroll label="Low stock pieces">
            <table className="admin-table">
              <thead>
                <tr>
                  <th scope="col">SKU</th>
                  <th scope="col">Piece</th>
                  <th scope="col">On hand</th>
                  <th scope="col">Reserved</th>
                  <th scope="col">Available</th>
                </tr>
              </thead>
              <tbody>
                {lowStock.map((s) => (
                  <tr key={s.sku}>
                    <td>{s.sku}</td>
                    <td>
                      <Link to={`/products/${s.productSlug}`}>{s.productTitle}</Link>
                      {s.variantTitle ? ` (${s.variantTitle})` : ""}
                    </td>
                    <td>{s.onHand}</td>
                    <td>{s.reserved}</td>
                    <td>{s.available}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : (
          <p>Nothing is running low.</p>
        )}
      </section>
      <section aria-labelledby="outbox-title" className="admin-card">
        <h2 id="outbox-title">Failing emails and background work</h2>
        {failingMessages.length ? (
          <TableScroll label="Failing outbox messages">
            <table className="admin-table">
              <thead>
                <tr>
                  <th scope="col">Topic</th>
                  <th scope="col">Recipient</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Last error</th>
                  <th scope="col">Next try</th>
                </tr>
              </thead>
              <tbody>
                {failingMessages.map((m) => (
                  <tr key={m.id}>
                    <td>
                      <code>{m.topic}</code>
                    </td>
                    <td>{m.recipient ?? "—"}</td>
                    <td>{m.attempts}</td>
                    <td>{m.lastError}</td>
                    <td>{m.nextTry}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : (
          <p>Nothing is failing: every email went out.</p>
        )}
      </section>
    </>
  );
}
