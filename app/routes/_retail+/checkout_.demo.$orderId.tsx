import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { getFormProps, getInputProps, useForm, type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { OrderSummary } from "~/components/storefront/order-view";
import { deliveryAddressSchema, needsPostalCode } from "~/domain/retail/delivery-address";
import { formatMoney } from "~/domain/money/money";
import { countryNames } from "~/domain/retail/shipping";
import { getShopperOrder } from "~/models/retail/shopper-orders.server";
import { applyDemoEvent, demoCheckoutEvent } from "~/models/payments/demo-events.server";
import { readOrderAccess } from "~/utils/cookies.server";
import { notFound } from "~/web/refusal.server";
import { stripeConfigured } from "~/utils/stripe.server";

// Cancel needs nothing else; paying needs a delivery address that fits the order's country (every problem at once).
const cancelSchema = z.object({ intent: z.literal("cancel") });
const paySchema = (country: string) => z.object({ intent: z.literal("pay", { message: "Unknown action" }) }).and(deliveryAddressSchema(country));

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
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: formData.get("intent") === "cancel" ? cancelSchema : paySchema(order.shippingCountry) });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const db = getDb();
  const input = submission.value;
  const payload =
    input.intent === "pay"
      ? await demoCheckoutEvent(db, order.id, "checkout.session.completed", {
          name: input.name,
          address: { name: input.name, line1: input.line1, line2: input.line2, city: input.city, postalCode: input.postalCode, region: input.region, country: order.shippingCountry },
        })
      : await demoCheckoutEvent(db, order.id, "checkout.session.expired");
  await applyDemoEvent(db, payload!);
  return redirect(input.intent === "pay" ? `/checkout/success?order=${order.number}` : "/cart");
}

export const meta: MetaFunction = () => [{ title: "Demo payment · Kriya" }, { name: "robots", content: "noindex" }];

export default function DemoCheckout() {
  const { order } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  // The server checks everything; the browser shows its answers beside each field and keeps what was typed.
  const [form, fields] = useForm<z.input<ReturnType<typeof deliveryAddressSchema>>>({ id: "delivery-address", lastResult, shouldValidate: "onSubmit" });
  const money = (n: number) => formatMoney({ amountMinor: n, currency: order.currency });
  return (
    <div className="page demo-checkout">
      <p className="demo-banner" role="note">
        <strong>Demo checkout.</strong> This shop has no Stripe keys, so no card is asked for and no money moves. Paying here
        sends a signed test event through the same webhook fulfilment as a real payment.
      </p>
      <h1>Pay for order {order.number}</h1>
      <div className="cart-layout">
        <Form method="post" className="address-form" aria-label="Delivery address" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="pay" />
          {form.errors?.length || Object.keys(form.allErrors).length ? (
            <div id={form.errorId} className="notice notice-error" role="alert">
              <p>
                <strong>Please check the address.</strong> Nothing was charged.
              </p>
              <ul>
                {Object.entries(form.allErrors).flatMap(([name, errors]) => errors.map((e) => <li key={`${name}-${e}`}>{e}</li>))}
              </ul>
            </div>
          ) : null}
          <AddressField label="Full name" meta={fields.name} autoComplete="name" required maxLength={120} />
          <AddressField label="Street address" meta={fields.line1} autoComplete="address-line1" required maxLength={200} />
          <AddressField label="Apartment, suite (optional)" meta={fields.line2} autoComplete="address-line2" maxLength={200} />
          <AddressField label="Town or city" meta={fields.city} autoComplete="address-level2" required maxLength={120} />
          <AddressField
            label={needsPostalCode(order.shippingCountry) ? "Postal code" : "Postal code (optional)"}
            meta={fields.postalCode}
            autoComplete="postal-code"
            required={needsPostalCode(order.shippingCountry)}
            maxLength={20}
          />
          <AddressField label="Region (optional)" meta={fields.region} autoComplete="address-level1" maxLength={120} />
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

function AddressField({ label, meta, ...rest }: { label: string; meta: FieldMetadata<string | undefined, Record<string, unknown>, string[]> } & React.InputHTMLAttributes<HTMLInputElement>) {
  const { key: _key, ...props } = getInputProps(meta, { type: "text", ariaAttributes: true });
  return (
    <div className="address-field">
      <label htmlFor={meta.id}>{label}</label>
      <input {...props} {...rest} />
      {meta.errors?.length ? (
        <p id={meta.errorId} className="field-error">
          {meta.errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
