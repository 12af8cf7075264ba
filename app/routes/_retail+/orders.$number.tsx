import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { Breadcrumbs } from "~/components/ui/breadcrumbs";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { OrderDetails } from "~/components/storefront/order-view";
import { normaliseOrderNumber } from "~/domain/retail/order-number";
import { getRetailOrderTreeBadge } from "~/models/impact/badges.server";
import { getShopperOrder } from "~/models/retail/shopper-orders.server";
import { readOrderAccess } from "~/utils/cookies.server";

/** An order page, for browsers that placed the order or proved number + email at /orders/lookup. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const number = normaliseOrderNumber(params.number);
  if (!number) throw redirect("/orders/lookup");
  const access = await readOrderAccess(request);
  const found = access.length ? await getShopperOrder(getDb(), { number }) : null;
  if (!found || !access.includes(found.id)) throw redirect(`/orders/lookup?number=${encodeURIComponent(number)}`);
  const treeBadge = await getRetailOrderTreeBadge(getDb(), { orderId: found.id, ...found.view });
  return data({ order: found.view, treeBadge }, { headers: { "Cache-Control": "private, no-store" } });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Order ${data?.order.number ?? ""} · Kriya` },
  { name: "robots", content: "noindex" },
];

export default function OrderPage() {
  const { order, treeBadge } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <Breadcrumbs items={[{ label: "Find your order", to: "/orders/lookup" }, { label: order.number }]} />
      <h1>Order {order.number}</h1>
      <OrderDetails order={order} treeBadge={treeBadge} />
      <p>
        <Link to="/shop">Back to the shop</Link>
      </p>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
