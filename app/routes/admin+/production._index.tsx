import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { TableScroll } from "~/components/admin/table-scroll";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { formatMoney, money } from "~/domain/money/money";
import { productionStatuses, productionStatusLabels } from "~/domain/production/status";
import { jakartaDate } from "~/domain/retail/admin-orders";
import { listProducerGroupOptions, listProductionOverview } from "~/models/production/production-orders.server";
import { requireRole } from "~/web/auth.server";
import { MAX_ROW_ID } from "~/domain/platform/row-id";

// A filter from a stale or mistyped link shows every order rather than an error.
const filterSchema = z.object({
  status: z.enum(productionStatuses).optional().catch(undefined),
  producer: z.coerce.number().int().positive().max(MAX_ROW_ID).optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["staff", "admin"]);
  const filters = filterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const db = getDb();
  const today = jakartaDate(new Date());
  const overview = await listProductionOverview(db, { status: filters.status, producerId: filters.producer, q: filters.q || undefined, today });
  return {
    filters: { status: filters.status ?? "", producer: filters.producer ? String(filters.producer) : "", q: filters.q ?? "" },
    today,
    producers: await listProducerGroupOptions(db),
    byStatus: productionStatuses.map((s) => ({ status: s, label: productionStatusLabels[s], count: overview.byStatus[s] ?? 0 })),
    byGroup: overview.byGroup,
    rows: overview.rows.map((r) => ({ ...r, total: formatMoney(money(r.totalMinor, r.currency)), statusLabel: productionStatusLabels[r.status], createdAt: null })),
  };
}

export const meta: MetaFunction = () => [{ title: "Production · Back office · Kriya" }];

const badge = (status: string) => (status === "received" ? "badge badge-ok" : status === "qc_failed" || status === "draft" ? "badge badge-warn" : "badge");

export default function AdminProduction() {
  const { filters, today, producers, byStatus, byGroup, rows } = useLoaderData<typeof loader>();
  const overdue = rows.filter((r) => r.overdue).length;
  return (
    <>
      <div className="admin-heading">
        <h1>Production</h1>
        <Link to="/admin/payouts">Payouts to groups</Link>
      </div>
      <section className="admin-card" aria-labelledby="by-status-heading">
        <h2 id="by-status-heading">By status</h2>
        <ul className="production-counts" role="list">
          {byStatus.map((s) => (
            <li key={s.status}>
              <Link to={`?status=${s.status}`} aria-label={`${s.label}: ${s.count}`}>
                <strong>{s.count}</strong> {s.label}
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <Form method="get" className="admin-card admin-filters" aria-label="Filter production orders">
        <div className="field">
          <label htmlFor="f-status">Status</label>
          <select id="f-status" name="status" defaultValue={filters.status}>
            <option value="">All</option>
            {byStatus.map((s) => (
              <option key={s.status} value={s.status}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-producer">Producer group</label>
          <select id="f-producer" name="producer" defaultValue={filters.producer}>
            <option value="">All groups</option>
            {producers.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-q">Search</label>
          <input id="f-q" name="q" type="search" defaultValue={filters.q} placeholder="PO-, B-, WO- or a name" />
        </div>
        <button type="submit" className="button button-small">
          Filter
        </button>
      </Form>
      <div className="admin-card">
        <p className="muted" role="status">
          {rows.length} production order{rows.length === 1 ? "" : "s"}
          {overdue ? `, ${overdue} overdue` : ""} · today is {today}
        </p>
        <TableScroll label="Production orders">
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Group</th>
                <th scope="col">Wholesale order</th>
                <th scope="col">Status</th>
                <th scope="col">Due</th>
                <th scope="col" className="numeric">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.number} className={r.overdue ? "row-overdue" : undefined}>
                  <th scope="row">
                    <Link to={`/admin/production/${r.number}`}>{r.number}</Link>
                    <div className="muted">{r.batchCode}</div>
                  </th>
                  <td>{r.producerName}</td>
                  <td>
                    {r.wholesaleOrderNumber} <span className="muted">{r.importerName}</span>
                  </td>
                  <td>
                    <span className={badge(r.status)}>{r.statusLabel}</span>
                  </td>
                  <td>
                    {r.dueOn ?? <span className="muted">no date</span>} {r.overdue ? <span className="badge badge-warn">Overdue</span> : null}
                  </td>
                  <td className="numeric">{r.total}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </div>
      <section className="admin-card" aria-labelledby="by-group-heading">
        <h2 id="by-group-heading">By group</h2>
        <TableScroll label="Production orders by group">
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col" className="numeric">
                  Open
                </th>
                <th scope="col" className="numeric">
                  Overdue
                </th>
                <th scope="col" className="numeric">
                  All
                </th>
              </tr>
            </thead>
            <tbody>
              {byGroup.map((g) => (
                <tr key={g.producerId} className={g.overdue ? "row-overdue" : undefined}>
                  <th scope="row">
                    <Link to={`?producer=${g.producerId}`}>{g.producerName}</Link>
                  </th>
                  <td className="numeric">{g.open}</td>
                  <td className="numeric">{g.overdue ? `${g.overdue} overdue` : "0"}</td>
                  <td className="numeric">{g.total}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
