import type { InputHTMLAttributes, ReactNode } from "react";
import { Form, Link } from "@remix-run/react";
import { adminOrderSearch, formatJakartaTime, orderListStatuses, orderListStatusLabels, type AdminOrderQuery } from "~/domain/retail/admin-orders";
import { formatMoney, formatMoneyInput } from "~/domain/money/money";
import { canTransition, orderStatusLabels, owesRefund, refundBlocker, type OrderStatus } from "~/domain/retail/order-status";
import { TableScroll } from "./table-scroll";

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  return <span className={`order-badge order-badge-${status}`}>{orderStatusLabels[status]}</span>;
}

export function RefundOwedTag() {
  return (
    <span className="order-badge order-badge-refunded" title="Paid after the pieces were sold: the money must go back">
      Refund owed
    </span>
  );
}

export function PaymentProblemTag() {
  return (
    <span className="order-badge order-badge-refunded" title="A payment event disagreed with this order: check it in Stripe">
      Payment problem
    </span>
  );
}

export function DemoTag() {
  return (
    <span className="order-badge order-badge-demo" title="Paid through the demo checkout: no money moved">
      Demo
    </span>
  );
}

/** A plain GET form, so filtering works without JavaScript and every filtered list has a URL. */
export function OrderFilters({ query }: { query: AdminOrderQuery }) {
  return (
    <Form method="get" className="admin-card order-filters" role="search" aria-label="Filter orders">
      <label>
        Search
        <input type="search" name="q" defaultValue={query.q ?? ""} maxLength={120} placeholder="Order number, email or name" />
      </label>
      <label>
        Status
        <select name="status" defaultValue={query.status ?? ""}>
          <option value="">All statuses</option>
          {orderListStatuses.map((s) => (
            <option key={s} value={s}>
              {orderListStatusLabels[s]}
            </option>
          ))}
        </select>
      </label>
      <label>
        From
        <input type="date" name="from" defaultValue={query.from ?? ""} />
      </label>
      <label>
        To
        <input type="date" name="to" defaultValue={query.to ?? ""} />
      </label>
      <label>
        Payments
        <select name="demo" defaultValue={query.demo ?? ""}>
          <option value="">Real and demo</option>
          <option value="live">Real only</option>
          <option value="demo">Demo only</option>
        </select>
      </label>
      <div className="order-filter-actions">
        <button type="submit" className="button">
          Filter
        </button>
        <Link to="/admin/orders">Clear filters</Link>
      </div>
    </Form>
  );
}

type ListedOrder = {
  number: string;
  status: OrderStatus;
  paymentStatus: string | null;
  demo: boolean;
  email: string;
  customerName: string | null;
  shippingCountry: string;
  currency: string;
  totalMinor: number;
  refundedMinor: number;
  paymentProblem: string | null;
  items: number;
  createdAt: string | Date;
};

export function OrderTable({ orders }: { orders: ListedOrder[] }) {
  return (
    <TableScroll label="Order list">
      <table className="admin-table order-table">
        <caption className="visually-hidden">Orders, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Placed (WIB)</th>
            <th scope="col">Customer</th>
            <th scope="col">To</th>
            <th scope="col">Items</th>
            <th scope="col">Status</th>
            <th scope="col" className="numeric">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {orders.map((o) => (
            <tr key={o.number}>
              <th scope="row">
                <Link to={`/admin/orders/${o.number}`}>{o.number}</Link> {o.demo ? <DemoTag /> : null}
              </th>
              <td className="nowrap">{formatJakartaTime(o.createdAt)}</td>
              <td>
                {o.customerName ? (
                  <>
                    {o.customerName}
                    <br />
                  </>
                ) : null}
                <span className="muted">{o.email}</span>
              </td>
              <td>{o.shippingCountry}</td>
              <td>{o.items}</td>
              <td>
                <OrderStatusBadge status={o.status} /> {owesRefund(o) ? <RefundOwedTag /> : null} {o.paymentProblem ? <PaymentProblemTag /> : null}
              </td>
              <td className="numeric">
                {formatMoney({ amountMinor: o.totalMinor, currency: o.currency })}
                {o.refundedMinor > 0 ? <span className="muted small order-refunded"> {formatMoney({ amountMinor: o.refundedMinor, currency: o.currency })} refunded</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export function OrderPagination({ query, page, pageCount, total }: { query: AdminOrderQuery; page: number; pageCount: number; total: number }) {
  return (
    <nav className="order-pagination" aria-label="Pagination">
      {page > 1 ? <Link to={`/admin/orders${adminOrderSearch(query, { page: page - 1 })}`}>Previous page</Link> : <span />}
      <span className="muted">
        Page {page} of {pageCount} · {total} {total === 1 ? "order" : "orders"}
      </span>
      {page < pageCount ? <Link to={`/admin/orders${adminOrderSearch(query, { page: page + 1 })}`}>Next page</Link> : <span />}
    </nav>
  );
}

type DetailOrder = {
  number: string;
  status: OrderStatus;
  demo: boolean;
  email: string;
  customerName: string | null;
  shippingAddress: { name: string; line1: string; line2?: string; city: string; postalCode: string; region?: string; country: string } | null;
  shippingCountry: string;
  currency: string;
  rateMicros: number;
  subtotalMinor: number;
  shippingMinor: number;
  totalMinor: number;
  totalUsdMinor: number;
  refundedMinor: number;
  paymentStatus: string | null;
  paymentProblem: string | null;
  stripeCheckoutSessionId: string | null;
  stripePaymentIntentId: string | null;
  createdAt: string | Date;
  paidAt: string | Date | null;
  packedAt: string | Date | null;
  shippedAt: string | Date | null;
  refundedAt: string | Date | null;
  carrier: string | null;
  trackingNumber: string | null;
  lines: { id: number; sku: string; productTitle: string; variantTitle: string; quantity: number; unitPriceMinor: number; lineTotalMinor: number; restockable: number }[];
  events: { id: number; status: OrderStatus; note: string; createdAt: string | Date }[];
  history: { id: number; action: string; changes: Record<string, unknown> | null; createdAt: string | Date; userName: string | null }[];
};

const when = (at: string | Date | null) => (at ? `${formatJakartaTime(at)} WIB` : "—");

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Lines, customer, payment and shipping facts of one order. */
export function OrderFacts({ order }: { order: DetailOrder }) {
  const money = (minor: number) => formatMoney({ amountMinor: minor, currency: order.currency });
  const a = order.shippingAddress;
  return (
    <>
      <section className="admin-card" aria-labelledby="lines-title">
        <h2 id="lines-title">Pieces</h2>
        <TableScroll label="Order lines">
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">SKU</th>
                <th scope="col">Piece</th>
                <th scope="col">Qty</th>
                <th scope="col" className="numeric">Each</th>
                <th scope="col" className="numeric">Total</th>
              </tr>
            </thead>
            <tbody>
              {order.lines.map((l) => (
                <tr key={l.id}>
                  <td>{l.sku}</td>
                  <td>
                    {l.productTitle}
                    {l.variantTitle ? ` (${l.variantTitle})` : ""}
                  </td>
                  <td>{l.quantity}</td>
                  <td className="numeric">{money(l.unitPriceMinor)}</td>
                  <td className="numeric">{money(l.lineTotalMinor)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={4}>Subtotal</th>
                <td className="numeric">{money(order.subtotalMinor)}</td>
              </tr>
              <tr>
                <th scope="row" colSpan={4}>Shipping to {order.shippingCountry}</th>
                <td className="numeric">{money(order.shippingMinor)}</td>
              </tr>
              <tr>
                <th scope="row" colSpan={4}>Total</th>
                <td className="numeric">
                  <strong>{money(order.totalMinor)}</strong>
                </td>
              </tr>
              {order.refundedMinor > 0 ? (
                <tr>
                  <th scope="row" colSpan={4}>Refunded</th>
                  <td className="numeric">−{money(order.refundedMinor)}</td>
                </tr>
              ) : null}
            </tfoot>
          </table>
        </TableScroll>
      </section>
      <div className="order-columns">
        <section className="admin-card" aria-labelledby="customer-title">
          <h2 id="customer-title">Customer</h2>
          <dl className="order-facts">
            <Fact label="Name">{order.customerName ?? "—"}</Fact>
            <Fact label="Email">
              <a href={`mailto:${order.email}`}>{order.email}</a>
            </Fact>
            <Fact label="Deliver to">
              {a ? (
                <address>
                  {[a.name, a.line1, a.line2, `${a.postalCode} ${a.city}`, a.region, a.country].filter(Boolean).map((line, i) => (
                    <span key={i} className="order-address-line">
                      {line}
                    </span>
                  ))}
                </address>
              ) : (
                `No address yet (ships to ${order.shippingCountry})`
              )}
            </Fact>
          </dl>
        </section>
        <section className="admin-card" aria-labelledby="payment-title">
          <h2 id="payment-title">Payment</h2>
          <dl className="order-facts">
            <Fact label="Charged">
              {money(order.totalMinor)} <span className="muted">(US${(order.totalUsdMinor / 100).toFixed(2)} at {order.rateMicros / 1_000_000} {order.currency} per US$1)</span>
            </Fact>
            <Fact label="Payment">{order.demo ? "Demo checkout: no money moved" : (order.paymentStatus ?? "—")}</Fact>
            <Fact label="Paid">{when(order.paidAt)}</Fact>
            <Fact label="Stripe Checkout Session">{order.stripeCheckoutSessionId ? <code>{order.stripeCheckoutSessionId}</code> : "—"}</Fact>
            <Fact label="Stripe PaymentIntent">{order.stripePaymentIntentId ? <code>{order.stripePaymentIntentId}</code> : "—"}</Fact>
          </dl>
        </section>
        <section className="admin-card" aria-labelledby="shipping-title">
          <h2 id="shipping-title">Shipping</h2>
          <dl className="order-facts">
            <Fact label="Packed">{when(order.packedAt)}</Fact>
            <Fact label="Shipped">{when(order.shippedAt)}</Fact>
            <Fact label="Carrier">{order.carrier ?? "—"}</Fact>
            <Fact label="Tracking number">{order.trackingNumber ? <code>{order.trackingNumber}</code> : "—"}</Fact>
          </dl>
        </section>
      </div>
    </>
  );
}

/** Refunds made here (with Stripe's refund ids), the status timeline, and who did what in the back office. */
export function OrderHistory({ order }: { order: DetailOrder }) {
  const money = (minor: number) => formatMoney({ amountMinor: minor, currency: order.currency });
  const refunds = order.history.filter((h) => h.action === "refund");
  return (
    <>
      <section className="admin-card" aria-labelledby="refunds-title">
        <h2 id="refunds-title">Refunds</h2>
        {refunds.length ? (
          <TableScroll label="Refund history">
            <table className="admin-table">
              <thead>
                <tr>
                  <th scope="col">When (WIB)</th>
                  <th scope="col">By</th>
                  <th scope="col" className="numeric">Amount</th>
                  <th scope="col">Refund id</th>
                </tr>
              </thead>
              <tbody>
                {refunds.map((r) => (
                  <tr key={r.id}>
                    <td>{formatJakartaTime(r.createdAt)}</td>
                    <td>{r.userName ?? "—"}</td>
                    <td className="numeric">{money(Number(r.changes?.amountMinor ?? 0))}</td>
                    <td>
                      <code>{String(r.changes?.refundId ?? "")}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : null}
        <p className="muted">
          {money(order.refundedMinor)} of {money(order.totalMinor)} refunded.
          {order.refundedMinor > 0 && !refunds.length ? " Refunds made in the Stripe dashboard show in the timeline only." : ""}
        </p>
      </section>
      <section className="admin-card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline</h2>
        <ol className="timeline">
          {order.events.map((e) => (
            <li key={e.id}>
              <time dateTime={new Date(e.createdAt).toISOString()}>{when(e.createdAt)}</time>
              <strong>{orderStatusLabels[e.status]}</strong>
              {e.note ? <span className="muted">{e.note}</span> : null}
            </li>
          ))}
        </ol>
      </section>
      {order.history.length ? (
        <section className="admin-card" aria-labelledby="history-title">
          <h2 id="history-title">Back-office changes</h2>
          <ul className="plain">
            {order.history.map((h) => (
              <li key={h.id}>
                {formatJakartaTime(h.createdAt)} · {h.userName ?? "someone"} · {h.action}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

export type OrderActionResult = {
  ok: boolean;
  intent: "pack" | "ship" | "refund" | null;
  message: string;
  errors: Partial<Record<"amount" | "carrier" | "trackingNumber" | "restock", string>>;
  values: Partial<Record<"amount" | "carrier" | "trackingNumber", string>> & { restock?: Record<string, string> };
};

const carriers = ["POS Indonesia", "DHL Express", "FedEx", "UPS", "JNE"];

function Field({ name, label, result, hint, ...input }: { name: "amount" | "carrier" | "trackingNumber"; label: string; result?: OrderActionResult; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const error = result?.errors[name];
  const describedBy = [error ? `${name}-error` : null, hint ? `${name}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="order-field">
      <label htmlFor={`order-${name}`}>{label}</label>
      <input id={`order-${name}`} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      {hint ? (
        <span id={`${name}-hint`} className="muted small">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={`${name}-error`} className="notice-error small order-field-error">
          {error}
        </span>
      ) : null}
    </div>
  );
}

/** Loud, at the top of the order: the shopper paid for a cancelled order whose pieces went to someone else. */
export function RefundOwedNotice({ order }: { order: Pick<DetailOrder, "status" | "paymentStatus" | "demo" | "currency" | "totalMinor" | "refundedMinor" | "paidAt"> }) {
  if (!owesRefund(order)) return null;
  const money = (minor: number) => formatMoney({ amountMinor: minor, currency: order.currency });
  return (
    <p className="notice notice-error" role="note">
      <strong>Refund owed: payment arrived after the pieces were sold.</strong>
      <br />
      {money(order.totalMinor)} was paid{order.paidAt ? ` at ${when(order.paidAt)}` : ""}, after this order had been cancelled and its pieces sold to someone else.
      Nothing will be sent, so refund {money(order.totalMinor - order.refundedMinor)} to the customer below.
      {order.demo ? " Demo order: no money moved." : ""}
    </p>
  );
}

/** Loud, at the top of the order: a payment event did not match it (amount, currency or session), so it was not marked paid. */
export function PaymentProblemNotice({ order }: { order: Pick<DetailOrder, "paymentProblem"> }) {
  if (!order.paymentProblem) return null;
  return (
    <p className="notice notice-error" role="note">
      <strong>Payment problem.</strong>
      <br />
      {order.paymentProblem}
    </p>
  );
}

/** Per line, how many unshipped pieces go back on the shelf with the refund (through the stock ledger). */
function RestockFields({ lines, result }: { lines: DetailOrder["lines"]; result?: OrderActionResult }) {
  const returnable = lines.filter((l) => l.restockable > 0);
  if (!returnable.length) return null;
  const error = result?.errors.restock;
  return (
    <fieldset className="order-restock" aria-describedby={error ? "restock-error" : undefined}>
      <legend>Return unshipped pieces to stock</legend>
      {returnable.map((l) => (
        <label key={l.id} className="order-field">
          <span>
            {l.productTitle}
            {l.variantTitle ? ` (${l.variantTitle})` : ""} <span className="muted small">{l.sku}, up to {l.restockable}</span>
          </span>
          <input type="number" name={`restock-${l.id}`} min={0} max={l.restockable} step={1} inputMode="numeric" defaultValue={result?.values.restock?.[String(l.id)] ?? "0"} aria-invalid={error ? true : undefined} />
        </label>
      ))}
      {error ? (
        <span id="restock-error" className="notice-error small order-field-error">
          {error}
        </span>
      ) : null}
    </fieldset>
  );
}

/** The next steps this order's status allows: plain POST forms, each with an intent. */
export function OrderActions({
  order,
  result,
  formatRemaining,
}: {
  order: Pick<DetailOrder, "status" | "paymentStatus" | "demo" | "currency" | "totalMinor" | "refundedMinor"> & { lines?: DetailOrder["lines"] };
  result?: OrderActionResult;
  formatRemaining: string;
}) {
  const remaining = order.totalMinor - order.refundedMinor;
  const canPack = canTransition(order.status, "packed");
  // A paid order can be shipped straight away: it goes through packed on the way.
  const canShip = canTransition(order.status, "shipped") || (canPack && canTransition("packed", "shipped"));
  const canRefund = refundBlocker(order) === null;
  // A late payment is owed back whole, so its form starts with everything that is left.
  const suggestedAmount = owesRefund(order) ? formatMoneyInput(remaining, order.currency) : "";
  const failed = result && !result.ok ? result : undefined;
  return (
    <section className="admin-card order-actions" aria-labelledby="actions-title">
      <h2 id="actions-title">Next steps</h2>
      {!canPack && !canShip && !canRefund ? <p className="muted">Nothing is left to do for this order.</p> : null}
      {canPack ? (
        <Form method="post" aria-label="Pack the order">
          <input type="hidden" name="intent" value="pack" />
          <button type="submit" className="button">
            Mark packed
          </button>
        </Form>
      ) : null}
      {canShip ? (
        <Form method="post" aria-labelledby="ship-title" className="order-action-form">
          <h3 id="ship-title">Ship</h3>
          <input type="hidden" name="intent" value="ship" />
          <Field name="carrier" label="Carrier" result={failed?.intent === "ship" ? failed : undefined} list="order-carriers" required minLength={2} maxLength={60} autoComplete="off" defaultValue={failed?.values.carrier ?? ""} />
          <datalist id="order-carriers">
            {carriers.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
          <Field name="trackingNumber" label="Tracking number" result={failed?.intent === "ship" ? failed : undefined} required minLength={6} maxLength={60} autoComplete="off" spellCheck={false} defaultValue={failed?.values.trackingNumber ?? ""} />
          <button type="submit" className="button">
            Mark shipped
          </button>
          <p className="muted small">{order.status === "paid" ? "This marks it packed and shipped, and " : "This "}emails the customer the tracking number.</p>
        </Form>
      ) : null}
      {canRefund ? (
        // Keyed by the refunded total, so after a refund the form starts afresh with the new expected total.
        <Form key={order.refundedMinor} method="post" aria-labelledby="refund-title" className="order-action-form">
          <h3 id="refund-title">Refund</h3>
          <input type="hidden" name="intent" value="refund" />
          <input type="hidden" name="expectedRefundedMinor" defaultValue={order.refundedMinor} />
          <Field
            name="amount"
            label={`Refund amount (${order.currency})`}
            result={failed?.intent === "refund" ? failed : undefined}
            hint={`At most ${formatRemaining}; a comma or a dot for the decimals. ${order.demo ? "Demo order: no money moves." : "Stripe refunds it to the customer's card."} The customer is emailed.`}
            inputMode="decimal"
            required
            maxLength={30}
            autoComplete="off"
            defaultValue={failed?.intent === "refund" ? failed.values.amount : suggestedAmount}
          />
          <RestockFields lines={order.lines ?? []} result={failed?.intent === "refund" ? failed : undefined} />
          <button type="submit" className="button button-ghost">
            Refund
          </button>
        </Form>
      ) : null}
    </section>
  );
}
