import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { StockAdjustmentForm } from "~/components/admin/stock-adjustment-form";
import { formatStockDelta, LOW_STOCK_THRESHOLD, movementKindLabels } from "~/domain/stock/stock";
import { getVariantStock, listStockMovements } from "~/models/stock/stock.server";
import { badRequest, notFound } from "~/web/refusal.server";
import { newFormKey, readForm } from "~/web/admin-form.server";
import { requireRole } from "~/web/auth.server";
import { adjustStockFromForm } from "./stock-adjustment.server";
import { TableScroll } from "~/components/admin/table-scroll";

const LEDGER_LIMIT = 100;
const params = z.object({ variantId: z.string().regex(/^[1-9]\d{0,8}$/, "A variant id is a whole number, e.g. /admin/stock/12").transform(Number) });

/** One variant's stock at every location, its adjustment form and its recent ledger. Staff and admins. */
export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  await requireRole(request, ["staff"]);
  const parsed = params.safeParse(raw);
  if (!parsed.success) badRequest(parsed.error.issues[0]!.message);
  const db = getDb();
  const variant = await getVariantStock(db, { variantId: parsed.data.variantId });
  if (!variant) notFound("There is no variant with that id.");
  const movements = await listStockMovements(db, { variantId: variant.id, limit: LEDGER_LIMIT });
  return { variant, movements, threshold: LOW_STOCK_THRESHOLD, formKey: newFormKey() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["staff"]);
  return adjustStockFromForm(await readForm(request), user, typeof context.clientIp === "string" ? context.clientIp : null);
}

const when = (at: string | Date) => `${new Date(at).toISOString().slice(0, 16).replace("T", " ")} UTC`;

export default function VariantStock() {
  const { variant, movements, threshold, formKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <p className="muted">
        <Link to="/admin/stock">← All stock</Link>
      </p>
      <h1>
        {variant.productTitle}
        {variant.variantTitle ? ` · ${variant.variantTitle}` : ""}
      </h1>
      <p className="muted">
        SKU {variant.sku}
        {variant.productStatus !== "active" ? ` · ${variant.productStatus}` : ""} · <Link to={`/products/${variant.productSlug}`}>shop page</Link>
      </p>

      <section className="admin-card" aria-labelledby="levels-title">
        <h2 id="levels-title">Stock by location</h2>
        <TableScroll label="Levels at each location">
          <table className="admin-table stock-table">
            <thead>
              <tr>
                <th scope="col">Location</th>
                <th scope="col" className="stock-num">On hand</th>
                <th scope="col" className="stock-num">Reserved</th>
                <th scope="col" className="stock-num">Available</th>
              </tr>
            </thead>
            <tbody>
              {variant.levels.map((l) => (
                <tr key={l.locationId}>
                  <th scope="row">
                    {l.locationName}
                    {l.sellsOnline ? <span className="muted"> (sells online)</span> : null}
                  </th>
                  <td className="stock-num">{l.onHand}</td>
                  <td className="stock-num">{l.reserved}</td>
                  <td className={l.available <= threshold ? "stock-num stock-low" : "stock-num"}>{l.available}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>

      <StockAdjustmentForm locations={variant.levels.map((l) => ({ id: l.locationId, name: l.locationName }))} variant={{ id: variant.id, sku: variant.sku }} result={result} formKey={formKey} />

      <section className="admin-card" aria-labelledby="ledger-title">
        <h2 id="ledger-title">Movements</h2>
        <p className="muted">The latest {LEDGER_LIMIT} movements, newest first.</p>
        {movements.length ? (
          <TableScroll label="Movement ledger">
            <table className="admin-table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Location</th>
                  <th scope="col">Kind</th>
                  <th scope="col" className="stock-num">On hand</th>
                  <th scope="col" className="stock-num">Reserved</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Who</th>
                  <th scope="col">Order</th>
                </tr>
              </thead>
              <tbody>
                {movements.map((m) => (
                  <tr key={m.id}>
                    <td>{when(m.createdAt)}</td>
                    <td>{m.locationName}</td>
                    <td>{movementKindLabels[m.kind]}</td>
                    <td className="stock-num">{formatStockDelta(m.onHandDelta)}</td>
                    <td className="stock-num">{formatStockDelta(m.reservedDelta)}</td>
                    <td>{m.reason ?? ""}</td>
                    <td>{m.userName ?? <span className="muted">system</span>}</td>
                    <td>{m.orderNumber ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : (
          <p>No movements yet.</p>
        )}
      </section>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Stock for ${data.variant.sku} · Back office · Kriya` : "Stock · Back office · Kriya" },
  { name: "robots", content: "noindex" },
];

export const ErrorBoundary = GeneralErrorBoundary;
