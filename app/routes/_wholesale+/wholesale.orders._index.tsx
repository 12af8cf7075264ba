import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { formatMoney } from "~/domain/money/money";
import { listWholesaleOrdersForImporter } from "~/models/wholesale/wholesale-orders.server";
import { requireImporter } from "~/web/importer.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { importer } = await requireImporter(request);
  const orders = await listWholesaleOrdersForImporter(getDb(), { importerId: importer.id });
  return {
    companyName: importer.companyName,
    orders: orders.map((o) => ({
      number: o.number,
      quoteNumber: o.quoteNumber,
      status: o.status,
      placedOn: o.createdAt.toISOString().slice(0, 10),
      total: formatMoney({ amountMinor: o.totalMinor, currency: o.currency }),
      deposit: formatMoney({ amountMinor: o.depositMinor, currency: o.currency }),
      depositPaid: o.depositPaid,
    })),
  };
}

export const headers = () => ({ "Cache-Control": "private, no-store" });

export const meta: MetaFunction = () => [{ title: "Your orders · Wholesale · Kriya" }];

export default function ImporterOrders() {
  const { companyName, orders } = useLoaderData<typeof loader>();
  return (
    <div className="page narrow">
      <p className="eyebrow">Wholesale · {companyName}</p>
      <h1 className="page-title">Your orders</h1>
      {orders.length === 0 ? (
        <p className="lede">
          No orders yet. An order starts when you accept one of <Link to="/wholesale/quotes">your quotes</Link>.
        </p>
      ) : (
        <ul className="quote-list" aria-label="Orders">
          {orders.map((order) => (
            <li key={order.number} className="quote-card">
              <div className="quote-card-head">
                <Link to={`/wholesale/orders/${order.number}`} className="quote-card-number">
                  {order.number}
                </Link>
                <span className={order.depositPaid ? "quote-badge quote-badge-done" : "quote-badge quote-badge-waiting"}>{order.depositPaid ? "Deposit paid" : "Deposit due"}</span>
              </div>
              <p className="muted">
                From quote {order.quoteNumber} · placed {order.placedOn}
              </p>
              <p>
                <strong>{order.total}</strong>
                <span className="muted"> · deposit {order.deposit}</span>
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
