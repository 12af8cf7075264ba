import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { getDb } from "~db/client.server";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { StockAdjustmentForm } from "~/components/admin/stock-adjustment-form";
import { LOW_STOCK_THRESHOLD } from "~/domain/stock/stock";
import { parseStockListQuery, stockListSearch } from "~/domain/stock/stock-list-query";
import { listStockLocations, listStockPage } from "~/models/stock/stock.server";
import { badRequest } from "~/web/refusal.server";
import { newFormKey, readForm } from "~/web/admin-form.server";
import { requireRole } from "~/web/auth.server";
import { adjustStockFromForm } from "./stock-adjustment.server";
import { TableScroll } from "~/components/admin/table-scroll";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["staff"]);
  const parsed = parseStockListQuery(new URL(request.url).searchParams);
  if (!parsed.ok) badRequest("These stock filters can't be used.", parsed.errors);
  const { query } = parsed;
  const db = getDb();
  const locations = await listStockLocations(db);
  if (query.locationId && !locations.some((l) => l.id === query.locationId)) badRequest("These stock filters can't be used.", [`There is no stock location with id ${query.locationId}.`]);
  const page = await listStockPage(db, { query, locations });
  return { query, allLocations: locations.map((l) => ({ id: l.id, name: l.name })), ...page, threshold: LOW_STOCK_THRESHOLD, formKey: newFormKey() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["staff"]);
  return adjustStockFromForm(await readForm(request), user, typeof context.clientIp === "string" ? context.clientIp : null);
}

export default function Stock() {
  const { query, allLocations, locations, rows, total, pageCount, threshold, formKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>Stock</h1>
      <Form method="get" role="search" aria-label="Filter stock" className="admin-card stock-filters">
        <div className="stock-field">
          <label htmlFor="stock-q">Product or SKU</label>
          <input id="stock-q" name="q" type="search" defaultValue={query.q ?? ""} maxLength={120} />
        </div>
        <div className="stock-field">
          <label htmlFor="stock-location">Location</label>
          <select id="stock-location" name="location" defaultValue={query.locationId ?? ""}>
            <option value="">All locations</option>
            {allLocations.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </div>
        <label className="check">
          <input type="checkbox" name="low" value="1" defaultChecked={query.lowOnly} /> Low stock only ({threshold} or fewer available)
        </label>
        <button type="submit" className="button">
          Filter
        </button>
      </Form>

      <StockAdjustmentForm locations={allLocations} defaultSku={rows.length === 1 ? rows[0]!.sku : undefined} defaultLocationId={query.locationId} result={result} formKey={formKey} />

      <section className="admin-card" aria-labelledby="stock-levels-title">
        <h2 id="stock-levels-title">Stock levels</h2>
        <p className="muted">
          {total} {total === 1 ? "variant" : "variants"}
          {query.lowOnly ? ` with ${threshold} or fewer available${query.locationId ? "" : " online"}` : ""}
          {pageCount > 1 ? ` · page ${query.page} of ${pageCount}` : ""}
        </p>
        {rows.length ? (
          <TableScroll label="Levels by variant and location">
            <table className="admin-table stock-table">
              <thead>
                <tr>
                  <th scope="col" rowSpan={2}>Product</th>
                  <th scope="col" rowSpan={2}>Variant</th>
                  <th scope="col" rowSpan={2}>SKU</th>
                  {locations.map((l) => (
                    <th key={l.id} scope="colgroup" colSpan={3} className="stock-location">
                      {l.name}
                    </th>
                  ))}
                </tr>
                <tr>
                  {locations.map((l) => (
                    <Fragment key={l.id}>
                      <th scope="col" className="stock-num">On hand</th>
                      <th scope="col" className="stock-num">Reserved</th>
                      <th scope="col" className="stock-num">Available</th>
                    </Fragment>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.variantId}>
                    <td>
                      {r.productTitle}
                      {r.productStatus !== "active" ? <span className="muted"> ({r.productStatus})</span> : null}
                    </td>
                    <td>{r.variantTitle || <span className="muted">—</span>}</td>
                    <td>
                      <Link to={`/admin/stock/${r.variantId}`} aria-label={`Stock history for SKU ${r.sku}`}>
                        {r.sku}
                      </Link>
                    </td>
                    {r.levels.map((level, i) => (
                      <Fragment key={locations[i]!.id}>
                        <td className="stock-num">{level ? level.onHand : "—"}</td>
                        <td className="stock-num">{level ? level.reserved : "—"}</td>
                        <td className={level && level.available <= threshold ? "stock-num stock-low" : "stock-num"}>{level ? level.available : "—"}</td>
                      </Fragment>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : (
          <p>No variants match these filters.</p>
        )}
        {pageCount > 1 ? (
          <nav aria-label="Pages" className="stock-pages">
            {query.page > 1 ? <Link to={`/admin/stock${stockListSearch(query, { page: query.page - 1 })}`}>Previous page</Link> : null}
            {query.page < pageCount ? <Link to={`/admin/stock${stockListSearch(query, { page: query.page + 1 })}`}>Next page</Link> : null}
          </nav>
        ) : null}
      </section>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Stock · Back office · Kriya" }, { name: "robots", content: "noindex" }];

export const ErrorBoundary = GeneralErrorBoundary;
