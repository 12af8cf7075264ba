import type { ReactNode } from "react";
import { formatMoney } from "~/domain/money/money";
import type { OrderTreeBadge as OrderTreeBadgeData } from "~/models/impact/badges.server";
import { orderStatusLabels, type OrderStatus } from "~/domain/retail/order-status";
import { addressLines } from "~/domain/retail/delivery-address";
import { countryNames } from "~/domain/retail/shipping";
import { OrderTreeBadge } from "./impact-badge";
import { dateTimeFormat } from "~/domain/platform/intl-format";

type OrderView = {
  number: string;
  status: OrderStatus;
  currency: string;
  subtotalMinor: number;
  shippingMinor: number;
  totalMinor: number;
  totalUsdMinor: number;
  refundedMinor: number;
  shippingCountry: string;
  shippingAddress?: { name: string; line1: string; line2?: string; city: string; postalCode: string; region?: string; country: string } | null;
  trackingNumber: string | null;
  carrier: string | null;
  lines: { id: number; productTitle: string; variantTitle: string; quantity: number; lineTotalMinor: number }[];
  events: { id: number; status: OrderStatus; note: string; createdAt: string | Date }[];
};

/** Lines, totals, the status timeline and the tree share: shared by the confirmation and order pages. */
export function OrderDetails({ order, treeBadge }: { order: OrderView; treeBadge: OrderTreeBadgeData }) {
  return (
    <div className="cart-layout">
      <section aria-labelledby="timeline-title">
        <p className={`status-pill status-${order.status}`}>{orderStatusLabels[order.status]}</p>
        <h2 id="timeline-title">Timeline</h2>
        <ol className="timeline">
          {order.events.map((e) => (
            <li key={e.id}>
              <time dateTime={new Date(e.createdAt).toISOString()}>
                {dateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(new Date(e.createdAt))} UTC
              </time>
              <strong>{orderStatusLabels[e.status]}</strong>
              {e.note ? <span className="muted"> {e.note}</span> : null}
            </li>
          ))}
        </ol>
        {order.trackingNumber ? (
          <p>
            Tracking: {order.carrier ? `${order.carrier} ` : ""}
            <strong>{order.trackingNumber}</strong>
          </p>
        ) : null}
        <h2 id="address-title">Delivery address</h2>
        {order.shippingAddress ? (
          <address className="delivery-address" aria-labelledby="address-title">
            {addressLines(order.shippingAddress, countryNames[order.shippingAddress.country] ?? order.shippingAddress.country).map((line, i) => (
              <span key={i}>{line}</span>
            ))}
          </address>
        ) : (
          <p className="muted">
            Going to {countryNames[order.shippingCountry] ?? order.shippingCountry}; the street address comes with the payment.
          </p>
        )}
        <OrderTreeBadge badge={treeBadge} />
      </section>
      <OrderSummary order={order} />
    </div>
  );
}

type SummaryOrder = Pick<OrderView, "number" | "currency" | "subtotalMinor" | "shippingMinor" | "totalMinor" | "refundedMinor" | "shippingCountry" | "lines">;

/** Lines and totals of one order, in its own currency. */
export function OrderSummary({ order, children }: { order: SummaryOrder; children?: ReactNode }) {
  const money = (n: number) => formatMoney({ amountMinor: n, currency: order.currency });
  return (
    <aside className="cart-summary" aria-labelledby="order-summary-title">
      <h2 id="order-summary-title">Order {order.number}</h2>
      <ul className="plain order-lines">
        {order.lines.map((l) => (
          <li key={l.id}>
            <span>
              {l.quantity} × {l.productTitle}
              {l.variantTitle ? ` (${l.variantTitle})` : ""}
            </span>
            <span>{money(l.lineTotalMinor)}</span>
          </li>
        ))}
      </ul>
      <dl className="totals">
        <div>
          <dt>Subtotal</dt>
          <dd>{money(order.subtotalMinor)}</dd>
        </div>
        <div>
          <dt>Shipping to {countryNames[order.shippingCountry] ?? order.shippingCountry}</dt>
          <dd>{money(order.shippingMinor)}</dd>
        </div>
        <div className="total">
          <dt>Total</dt>
          <dd>{money(order.totalMinor)}</dd>
        </div>
        {order.refundedMinor > 0 ? (
          <div>
            <dt>Refunded</dt>
            <dd>{money(order.refundedMinor)}</dd>
          </div>
        ) : null}
      </dl>
      {children}
    </aside>
  );
}
