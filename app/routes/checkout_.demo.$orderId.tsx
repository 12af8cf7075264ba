import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { OrderSummary } from "~/components/order-view";
import { formatMoney } from "~/domain/money";
import { countryNames } from "~/domain/shipping";
import { getShopperOrder } from "~/models/shopper-orders.server";
import { applyDemoEvent, demoCheckoutEvent } from "~/models/payments.server";
import { readOrderAccess } from "~/utils/cookies.server";
import { notFound } from "~/utils/http.server";
import { stripeConfigured } from "~/utils/stripe.server";

const intent = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("pay"),
    name: z.string().trim().min(1, "Enter the name for delivery").max(120),
    line1: z.string().trim().min(1, "Enter the street address").max(200),
    line2: z.string().trim().max(200).optional(),
    city: z.string().trim().min(1, "Enter the town or city").max(120),
    postalCode: z.string().trim().min(1, "Enter the postal code").max(20),
    region: z.string().trim().max(120).optional(),
  }),
  z.object({ intent: z.literal("cancel") }),
]);

async function loadDemoOrder(request: Request, orderId: string) {
  if (stripeConfigured()) notFound();
  const access = await readOrderAccess(request);
  if (!access.includes(orderId)) notFound("There is no payment waiting at that address.");
  const found = await getShopperOrder(getDb(), { id: orderId });
  if (!found || !found.demo) notFound("There is no payment waiting at that address.");
  return { ...found.view, id: found.id };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const order = await loadDemoOrder(request, params.orderId ?? "");
  if (order.status !== "pending_payment") throw redirect(`/orders/${order.number}`);
  const { id: _id, ...shown } = order;
  return { order: shown };
}

/**
 * The demo "payment": builds the event Stripe would send, signs it with this installation's demo secret, and hands it to the
 * same verification and fulfilment as /webhooks/stripe. Nothing here marks an order paid directly.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const order = await loadDemoOrder(request, params.orderId ?? "");
  const parsed = intent.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ message: parsed.error.issues[0]!.message }, { status: 400 });
  const db = getDb();
  const input = parsed.data;
  const payload =
    input.intent === "pay"
      ? await demoCheckoutEvent(db, order.id, "checkout.session.completed", {
          name: input.name,
          address: { name: input.name, line1: input.line1, line2: input.line2 || undefined, city: input.city, postalCode: input.postalCode, region: input.region || undefined, country: order.shippingCountry },
        })
      : await demoCheckoutEvent(db, order.id, "checkout.session.expired");
  await applyDemoEvent(db, payload!);
  return redirect(input.intent === "pay" ? `/checkout/success?order=${order.number}` : "/cart");
}

export const meta: MetaFunction = () => [{ title: "Demo payment · Kriya" }, { name: "robots", content: "noindex" }];

export default function DemoCheckout() {
  const { order } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const money = (n: number) => formatMoney({ amountMinor: n, currency: order.currency });
  return (
    <div className="page demo-checkout">
      <p className="demo-banner" role="note">
        <strong>Demo checkout.</strong> This shop has no Stripe keys, so no card is asked for and no money moves. Paying here
        sends a signed test event through the same webhook fulfilment as a real payment.
      </p>
      <h1>Pay for order {order.number}</h1>
      <div className="cart-layout">
        <Form method="post" className="address-form" aria-label="Delivery address">
          <input type="hidden" name="intent" value="pay" />
          {actionData ? <p className="notice notice-error" role="alert">{actionData.message}</p> : null}
          <label>
            Full name <input name="name" autoComplete="name" required maxLength={120} />
          </label>
          <label>
            Street address <input name="line1" autoComplete="address-line1" required maxLength={200} />
          </label>
          <label>
            Apartment, suite (optional) <input name="line2" autoComplete="address-line2" maxLength={200} />
          </label>
          <label>
            Town or city <input name="city" autoComplete="address-level2" required maxLength={120} />
          </label>
          <label>
            Postal code <input name="postalCode" autoComplete="postal-code" required maxLength={20} />
          </label>
          <label>
            Region (optional) <input name="region" autoComplete="address-level1" maxLength={120} />
          </label>
          <p>
            Country: <strong>{countryNames[order.shippingCountry] ?? order.shippingCountry}</strong>
          </p>
          <button type="submit" className="button checkout-button">
            Pay {money(order.totalMinor)} (demo)
          </button>
        </Form>
        <OrderSummary order={order}>
          <Form method="post">
            <input type="hidden" name="intent" value="cancel" />
            <button type="submit" className="text-button">
              Cancel and return to cart
            </button>
          </Form>
        </OrderSummary>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
