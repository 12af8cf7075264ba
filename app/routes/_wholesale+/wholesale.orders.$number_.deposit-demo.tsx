import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { formatMoney } from "~/domain/money/money";
import { payDemoDeposit } from "~/models/wholesale/deposit-demo.server";
import { getWholesaleOrderView } from "~/models/wholesale/wholesale-orders.server";
import { stripeConfigured } from "~/utils/stripe.server";
import { drainOutboxSoon } from "~/models/platform/outbox-handlers.server";
import { parseAdminForm, readForm } from "~/web/admin-form.server";
import { requireImporter } from "~/web/importer.server";
import { notFound } from "~/web/refusal.server";

/** The labelled demo checkout for a deposit: only without Stripe keys, only the importer's own order, only while it is due. */
async function loadDemoDeposit(request: Request, number: string) {
  if (stripeConfigured()) notFound();
  const { importer } = await requireImporter(request);
  const view = await getWholesaleOrderView(getDb(), { number, importerId: importer.id });
  if (!view) notFound("There is no order with that number on your account.");
  return view.order;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const order = await loadDemoDeposit(request, params.number ?? "");
  if (order.status !== "awaiting_deposit") throw redirect(`/wholesale/orders/${order.number}`);
  return { number: order.number, companyName: order.companyName, deposit: formatMoney({ amountMinor: order.depositMinor, currency: order.currency }) };
}

const schema = z.discriminatedUnion("intent", [z.object({ intent: z.literal("pay") })]);

/** Builds the event Stripe would send, signs it with the demo secret, and sends it through the webhook path. */
export async function action({ request, params }: ActionFunctionArgs) {
  const order = await loadDemoDeposit(request, params.number ?? "");
  const submission = parseAdminForm(await readForm(request), schema);
  if (submission.status !== "success") return data({ message: "Check the form and try again." }, { status: 400 });
  const db = getDb();
  const result = await payDemoDeposit(db, { orderId: order.id });
  if (!result) return data({ message: "Start the payment from the order page first." }, { status: 409 });
  drainOutboxSoon(db);
  return redirect(`/wholesale/orders/${order.number}`);
}

export const meta: MetaFunction = () => [{ title: "Demo deposit payment · Kriya" }, { name: "robots", content: "noindex" }];

export default function DemoDeposit() {
  const { number, companyName, deposit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="page narrow demo-checkout">
      <p className="demo-banner" role="note">
        <strong>Demo checkout.</strong> This shop has no Stripe keys, so no card is asked for and no money moves. Paying here sends a signed test event
        through the same webhook as a real payment.
      </p>
      <h1 className="page-title">Pay the deposit for order {number}</h1>
      <p className="lede">
        {companyName} · deposit <strong>{deposit}</strong>
      </p>
      {result?.message ? (
        <p className="notice notice-error" role="alert">
          {result.message}
        </p>
      ) : null}
      <Form method="post" className="wholesale-actions">
        <input type="hidden" name="intent" value="pay" />
        <button type="submit" className="button checkout-button">
          Pay {deposit} (demo)
        </button>
        <Link to={`/wholesale/orders/${number}`}>Back to the order</Link>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
