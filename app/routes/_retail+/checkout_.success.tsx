import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { getDb } from "~db/client.server";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { OrderDetails } from "~/components/storefront/order-view";
import { orderNumberPattern } from "~/domain/retail/order-number";
import { findOrderBySession } from "~/models/retail/orders.server";
import { getRetailOrderTreeBadge } from "~/models/impact/badges.server";
import { getShopperOrder } from "~/models/retail/shopper-orders.server";
import { grantOrderAccess, readCartCount, readOrderAccess, writeCartCount } from "~/utils/cookies.server";
import { notFound } from "~/web/refusal.server";

/**
 * Where Stripe (or the demo) sends the shopper back. It only reads: fulfilment happens in the webhook,
 * so this page can race it, be reloaded or never be visited without anything happening twice.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const sessionId = url.searchParams.get("session_id");
  const number = url.searchParams.get("order");
  const db = getDb();
  let orderId: string | null = null;
  const headers = new Headers({ "Cache-Control": "private, no-store" });
  if (sessionId && /^cs_[A-Za-z0-9_]{1,200}$/.test(sessionId)) {
    // Knowing the session id (only Stripe's redirect carries it) is proof enough to see the order.
    orderId = (await findOrderBySession(db, { sessionId }))?.id ?? null;
    if (orderId) headers.append("Set-Cookie", await grantOrderAccess(request, orderId));
  } else if (number && orderNumberPattern.test(number)) {
    const access = await readOrderAccess(request);
    const found = await getShopperOrder(db, { number });
    orderId = found && access.includes(found.id) ? found.id : null;
  }
  if (!orderId) notFound("We couldn't find that order. If you have paid, look it up with your order number and email.");
  const order = (await getShopperOrder(db, { id: orderId }))?.view;
  if (!order) notFound();
  // The paid order emptied the cart: reset the count cookie the header badge reads (once, then a clean address).
  if (order.status === "paid" && readCartCount(request) > 0) {
    headers.append("Set-Cookie", writeCartCount(0));
    throw redirect(`/checkout/success?order=${order.number}`, { headers });
  }
  const treeBadge = await getRetailOrderTreeBadge(db, { ...order, orderId });
  return data({ order, treeBadge }, { headers });
}

export const meta: MetaFunction = () => [{ title: "Thank you · Kriya" }, { name: "robots", content: "noindex" }];

export default function CheckoutSuccess() {
  const { order, treeBadge } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const waiting = order.status === "pending_payment";
  // While the webhook has not arrived yet, look again every two seconds.
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 2000);
    return () => clearInterval(timer);
  }, [waiting, revalidator]);
  return (
    <div className="page">
      {waiting ? <noscript><meta httpEquiv="refresh" content="3" /></noscript> : null}
      <p className="eyebrow">Order {order.number}</p>
      <h1>{waiting ? "We're confirming your payment…" : order.status === "paid" ? "Thank you! Your order is confirmed." : "About your order"}</h1>
      <p className="lede">
        {waiting
          ? "This usually takes a few seconds. You can leave this page: we'll email you when it's confirmed."
          : `A confirmation is on its way to ${order.email}. Keep your order number, ${order.number}, to follow it.`}
      </p>
      <OrderDetails order={order} treeBadge={treeBadge} />
      <p>
        <Link to={`/orders/${order.number}`}>Follow this order</Link> · <Link to="/shop">Keep browsing</Link>
      </p>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
