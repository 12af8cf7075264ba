import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { TableScroll } from "~/components/admin/table-scroll";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { formatMoney, money } from "~/domain/money/money";
import { jakartaDate } from "~/domain/retail/admin-orders";
import { listPayoutsDue, listProducerGroupOptions } from "~/models/production/production-orders.server";
import { requireRole } from "~/web/auth.server";
import { badRequest } from "~/web/refusal.server";
import { parsePayoutFilters } from "./payouts.filters";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["staff", "admin"]);
  const today = jakartaDate(new Date());
  const parsed = parsePayoutFilters(new URL(request.url).searchParams, today);
  if (!parsed.ok) badRequest(parsed.message);
  const db = getDb();
  const { filters } = parsed;
  const list = await listPayoutsDue(db, filters);
  const show = (amountMinor: number, currency = "IDR") => formatMoney(money(amountMinor, currency));
  return {
    filters: { kind: filters.kind ?? "", producer: filters.producerId ? String(filters.producerId) : "", status: filters.status, from: filters.from ?? "", to: filters.to ?? "" },
    producers: await listProducerGroupOptions(db),
    rows: list.rows.map((r) => ({ ...r, amount: show(r.amountMinor, r.currency), key: `${r.state}-${r.kind}-${r.productionOrderNumber}-${r.payoutId ?? ""}` })),
    groups: list.groups.map((g) => ({ ...g, due: show(g.dueMinor, g.currency), paid: show(g.paidMinor, g.currency) })),
    due: show(list.dueMinor),
    paid: show(list.paidMinor),
  };
}

export const meta: MetaFunction = () => [{ title: "Payouts · Back office · Kriya" }];

const kindLabel: Record<string, string> = { advance: "Advance", balance: "Balance", settlement: "Settlement" };

export default function AdminPayouts() {
  const { filters, producers, rows, groups, due, paid } = useLoaderData<typeof loader>();
  const { search } = useLocation();
  return (
    <>
      <div className="admin-heading">
        <h1>Payouts to groups</h1>
        <a href={`/admin/payouts.csv${search}`} download>
          Download CSV
        </a>
      </div>
      <Form method="get" className="admin-card admin-filters" aria-label="Filter payouts">
        <div className="field">
          <label htmlFor="p-status">Show</label>
          <select id="p-status" name="status" defaultValue={filters.status}>
            <option value="due">Due</option>
            <option value="paid">Paid</option>
            <option value="all">Due and paid</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="p-kind">Kind</label>
          <select id="p-kind" name="kind" defaultValue={filters.kind}>
            <option value="">All kinds</option>
            <option value="advance">Advance</option>
            <option value="balance">Balance</option>
            <option value="settlement">Settlement</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="p-producer">Producer group</label>
          <select id="p-producer" name="producer" defaultValue={filters.producer}>
            <option value="">All groups</option>
            {producers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="p-from">From</label>
          <input id="p-from" name="from" type="date" defaultValue={filters.from} />
        </div>
        <div className="field">
          <label htmlFor="p-to">To</label>
          <input id="p-to" name="to" type="date" defaultValue={filters.to} />
        </div>
        <button type="submit" className="button button-small">
          Filter
        </button>
      </Form>
      <section className="admin-card" aria-labelledby="groups-heading">
        <h2 id="groups-heading">Per group</h2>
        <p className="muted" role="status">
          {due} due · {paid} paid
        </p>
        <TableScroll label="Payouts per group">
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col" className="numeric">Due</th>
                <th scope="col" className="numeric">Paid</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.producerId}>
                  <th scope="row">{g.producerName}</th>
                  <td className="numeric">{g.due}</td>
                  <td className="numeric">{g.paid}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      <div className="admin-card">
        <p className="muted">
          {rows.length} payout{rows.length === 1 ? "" : "s"}. An advance is due as soon as its order exists: it is paid before production starts.
        </p>
        <TableScroll label="Payouts">
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">Production order</th>
                <th scope="col">Group</th>
                <th scope="col">Kind</th>
                <th scope="col">State</th>
                <th scope="col">Date</th>
                <th scope="col" className="numeric">Amount</th>
                <th scope="col">Paid by</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key}>
                  <th scope="row">
                    <Link to={`/admin/production/${r.productionOrderNumber}`}>{r.productionOrderNumber}</Link>
                  </th>
                  <td>{r.producerName}</td>
                  <td>
                    {kindLabel[r.kind]}
                    {r.correctsPayoutId ? <span className="muted"> (correction of #{r.correctsPayoutId})</span> : null}
                  </td>
                  <td>{r.state === "due" ? <span className="badge badge-warn">Due</span> : <span className="badge badge-ok">Paid</span>}</td>
                  <td>{r.state === "due" ? `due since ${r.date}` : r.date}</td>
                  <td className="numeric">{r.amount}</td>
                  <td>{r.state === "paid" ? `${r.method?.replace("_", " ")} · ${r.reference}${r.recordedBy ? ` · ${r.recordedBy}` : ""}` : <span className="muted">not yet</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
