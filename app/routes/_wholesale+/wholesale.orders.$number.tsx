import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { ProductionGroupProgress } from "~/components/wholesale/order-progress";
import { formatMoney } from "~/domain/money/money";
import { OrderTreeBadge } from "~/components/storefront/impact-badge";
import { getSiteContext } from "~/models/catalog/site.server";
import { getWholesaleOrderTreeBadge } from "~/models/impact/badges.server";
import { startDepositCheckout } from "~/models/wholesale/deposits.server";
import { cachedCatalogRead } from "~/utils/catalog-cache.server";
import { getWholesaleOrderView } from "~/models/wholesale/wholesale-orders.server";
import { publicOrigin } from "~/utils/env.server";
import { getStripe } from "~/utils/stripe.server";
import { parseAdminForm, readForm } from "~/web/admin-form.server";
import { requireImporter } from "~/web/importer.server";
import { asRefusal, notFound, statusOf } from "~/web/refusal.server";

const day = (at: Date) => at.toISOString().slice(0, 10);
const orderStatusWords: Record<string, string> = {
  awaiting_deposit: "Waiting for your deposit",
  deposit_paid: "Deposit received",
  in_production: "In production",
  ready_to_ship: "Ready to ship",
  shipped: "Shipped",
  completed: "Completed",
  cancelled: "Cancelled",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { importer } = await requireImporter(request);
  const db = getDb();
  const view = await getWholesaleOrderView(db, { number: params.number ?? "", importerId: importer.id });
  if (!view) notFound("There is no order with that number on your account.");
  const { order } = view;
  const money = (amountMinor: number) => formatMoney({ amountMinor, currency: order.currency });
  const deposit = view.payments.find((p) => p.kind === "deposit");
  const paidMinor = view.payments.reduce((sum, p) => sum + p.amountMinor, 0);
  const { rates } = await cachedCatalogRead("site", () => getSiteContext(db));
  const piecesMinor = view.lines.reduce((sum, l) => sum + l.unitPriceMinor * l.quantity, 0);
  const treeBadge = await getWholesaleOrderTreeBadge(db, {
    paymentIds: view.payments.map((p) => p.id),
    status: order.status,
    currency: order.currency,
    totalMinor: order.totalMinor,
    goodsMinor: piecesMinor,
    paidMinor,
    perUsdMicros: rates[order.currency],
  });
  return {
    order: { number: order.number, quoteNumber: order.quoteNumber, status: order.status, statusWords: orderStatusWords[order.status] ?? order.status, placedOn: day(order.createdAt), terms: order.incoterm === "CIF" ? `CIF ${order.destinationPort ?? ""}` : "FOB Jakarta" },
    lines: view.lines.map((l) => ({ id: l.id, sku: l.sku, title: l.variantTitle ? `${l.title} (${l.variantTitle})` : l.title, quantity: l.quantity, unitPrice: money(l.unitPriceMinor), lineTotal: money(l.unitPriceMinor * l.quantity) })),
    totals: {
      subtotal: money(piecesMinor),
      freight: order.totalMinor > piecesMinor ? money(order.totalMinor - piecesMinor) : null,
      total: money(order.totalMinor),
      deposit: money(order.depositMinor),
      balance: money(order.totalMinor - order.depositMinor),
      outstanding: money(Math.max(0, order.totalMinor - paidMinor)),
    },
    deposit: deposit ? { paidOn: day(deposit.receivedAt), method: deposit.method === "stripe" ? "by card" : "by bank transfer", amount: money(deposit.amountMinor) } : null,
    balancePaid: view.payments.filter((p) => p.kind === "balance").map((p) => ({ id: p.id, paidOn: day(p.receivedAt), amount: money(p.amountMinor) })),
    canPay: !deposit && order.status === "awaiting_deposit" && order.depositMinor > 0,
    treeBadge,
    groups: view.production.map((p) => ({
      number: p.number,
      status: p.status,
      batchCode: p.batchCode,
      dueOn: p.dueOn,
      producerName: p.producerName,
      producerSlug: p.producerSlug,
      village: p.village,
      regency: p.regency,
      province: p.province,
      memberCount: p.memberCount,
      womenCount: p.womenCount,
      crafts: p.crafts,
      reachedOn: Object.fromEntries([...p.events].reverse().map((e) => [e.status, day(e.createdAt)])),
    })),
  };
}

const paySchema = z.discriminatedUnion("intent", [z.object({ intent: z.literal("pay-deposit") })]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { importer } = await requireImporter(request);
  const submission = parseAdminForm(await readForm(request), paySchema);
  if (submission.status !== "success") return data({ message: "Check the form and try again." }, { status: 400 });
  const number = params.number ?? "";
  const origin = publicOrigin();
  const base = `${origin}/wholesale/orders/${encodeURIComponent(number)}`;
  try {
    const { redirectTo } = await startDepositCheckout(getDb(), {
      orderNumber: number,
      importerId: importer.id,
      stripe: getStripe(),
      urls: { successUrl: `${base}?deposit=sent`, cancelUrl: base, demoUrl: `/wholesale/orders/${encodeURIComponent(number)}/deposit-demo` },
    });
    return redirect(redirectTo);
  } catch (error) {
    const refusal = asRefusal(error);
    if (refusal.kind === "not_found") notFound(refusal.message);
    return data({ message: refusal.message }, { status: statusOf(refusal) });
  }
}

export const headers = () => ({ "Cache-Control": "private, no-store" });

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Order ${data?.order.number ?? ""} · Wholesale · Kriya` }];

export default function ImporterOrder() {
  const { order, lines, totals, deposit, balancePaid, canPay, groups, treeBadge } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="page narrow wholesale-order">
      <p className="eyebrow">
        <Link to="/wholesale/orders">Your orders</Link> · placed {order.placedOn}
      </p>
      <h1 className="page-title">Order {order.number}</h1>
      <p className="lede">
        <span className="quote-badge quote-badge-ready">{order.statusWords}</span> · from quote <Link to={`/wholesale/quotes/${order.quoteNumber}`}>{order.quoteNumber}</Link> · {order.terms}
      </p>

      <section className="quote-section order-money" aria-labelledby="deposit-title">
        <h2 id="deposit-title">Deposit and balance</h2>
        <dl className="quote-totals">
          <dt>Order total</dt>
          <dd>{totals.total}</dd>
          <dt>Deposit</dt>
          <dd>{deposit ? `${deposit.amount} paid ${deposit.method} on ${deposit.paidOn}` : `${totals.deposit} due`}</dd>
          <dt>Balance</dt>
          <dd>{balancePaid.length ? balancePaid.map((b) => `${b.amount} paid on ${b.paidOn}`).join(", ") : `${totals.balance}, due before shipping`}</dd>
          <dt>Still to pay</dt>
          <dd>{totals.outstanding}</dd>
        </dl>
        <OrderTreeBadge badge={treeBadge} />
        {result?.message ? (
          <p className="notice notice-error" role="alert">
            {result.message}
          </p>
        ) : null}
        {canPay ? (
          <Form method="post" className="wholesale-actions">
            <input type="hidden" name="intent" value="pay-deposit" />
            <button type="submit" className="button">
              Pay the deposit of {totals.deposit}
            </button>
            <span className="muted">Or transfer it to our bank with {order.number} as the reference; we record it when it arrives.</span>
          </Form>
        ) : null}
      </section>

      <section className="quote-section" aria-labelledby="groups-title">
        <h2 id="groups-title">Who is making your order</h2>
        <p className="muted">Each group is paid half of its work before it begins, and the rest once its pieces pass our quality check.</p>
        <div className="order-groups">
          {groups.map((group) => (
            <ProductionGroupProgress key={group.number} group={group} />
          ))}
        </div>
      </section>

      <section className="quote-section" aria-labelledby="lines-title">
        <h2 id="lines-title">What you ordered</h2>
        <div className="table-scroll">
          <table className="quote-table">
            <thead>
              <tr>
                <th scope="col">Piece</th>
                <th scope="col">Quantity</th>
                <th scope="col">Unit price</th>
                <th scope="col">Line total</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line) => (
                <tr key={line.id}>
                  <th scope="row">
                    {line.title}
                    <br />
                    <span className="muted">{line.sku}</span>
                  </th>
                  <td>{line.quantity}</td>
                  <td>{line.unitPrice}</td>
                  <td>{line.lineTotal}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <dl className="quote-totals">
          <dt>Pieces</dt>
          <dd>{totals.subtotal}</dd>
          {totals.freight ? (
            <>
              <dt>Freight</dt>
              <dd>{totals.freight}</dd>
            </>
          ) : null}
          <dt>
            <strong>Total</strong>
          </dt>
          <dd>
            <strong>{totals.total}</strong>
          </dd>
        </dl>
      </section>

      <section className="quote-section" aria-labelledby="documents-title">
        <h2 id="documents-title">Documents</h2>
        <ul>
          <li>
            <a href={`/wholesale/quotes/${order.quoteNumber}/proforma.pdf`}>Proforma invoice {order.quoteNumber} (PDF)</a>
          </li>
        </ul>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
