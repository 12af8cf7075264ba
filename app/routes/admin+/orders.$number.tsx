import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { DemoTag, OrderActions, OrderFacts, OrderHistory, OrderStatusBadge, PaymentProblemNotice, RefundOwedNotice, type OrderActionResult } from "~/components/admin/orders";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { formatJakartaTime } from "~/domain/retail/admin-orders";
import { formatMoney } from "~/domain/money/money";
import { getAdminOrder, packOrder, refundOrder, shipOrder } from "~/models/retail/admin-orders.server";
import { normaliseOrderNumber } from "~/domain/retail/order-number";
import { drainOutboxSoon } from "~/models/platform/outbox-handlers.server";
import { asRefusal, notFound, statusOf } from "~/web/refusal.server";
import { fieldMessages, firstError, parseAdminForm, readForm } from "~/web/admin-form.server";
import { requireRole } from "~/web/auth.server";
import { getStripe } from "~/utils/stripe.server";

const orderNumber = (param: string | undefined) => normaliseOrderNumber(param) ?? notFound("We couldn't find that order.");

// Shapes only; the models check the rest (trimmed carrier and tracking, amount against what is left).
// conform reads an empty field as missing, so the shipment's fields default to "" and the model names what is missing.
const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("pack") }),
  z.object({
    intent: z.literal("ship"),
    carrier: z.string().max(200, "The carrier name is too long").default(""),
    trackingNumber: z.string().max(200, "The tracking number is too long").default(""),
  }),
  z.object({
    intent: z.literal("refund"),
    amount: z.string({ message: "Enter the amount to refund" }).trim().min(1, "Enter the amount to refund").max(30, "That amount is too long"),
    expectedRefundedMinor: z.string({ message: "Reload the page and try again" }).regex(/^\d{1,15}$/, "Reload the page and try again").transform(Number),
  }),
]);
// "restock-<line id>": how many unshipped pieces of that line go back to stock with the refund.
const restockSchema = z.record(z.string(), z.string().regex(/^\d{1,9}$/, "Enter a whole number of pieces to return to stock").transform(Number));

function restockFields(form: Record<string, FormDataEntryValue>) {
  return Object.fromEntries(Object.entries(form).flatMap(([key, value]) => (/^restock-\d{1,9}$/.test(key) && String(value).trim() !== "" ? [[key.slice(8), String(value).trim()]] : [])));
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ["staff"]);
  const order = await getAdminOrder(getDb(), { number: orderNumber(params.number) });
  if (!order) notFound("We couldn't find that order.");
  return data({ order }, { headers: { "Cache-Control": "private, no-store" } });
}

/** One action, switching on intent. A refused change is a 4xx (or 502 when Stripe fails) and changes nothing. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["staff"]);
  const number = orderNumber(params.number);
  const formData = await readForm(request);
  const form = Object.fromEntries(formData);
  const values = { carrier: String(form.carrier ?? ""), trackingNumber: String(form.trackingNumber ?? ""), amount: String(form.amount ?? ""), restock: restockFields(form) };
  const submission = parseAdminForm(formData, actionSchema);
  const intent = submission.payload.intent as OrderActionResult["intent"];
  const reply = (status: number, result: Omit<OrderActionResult, "intent" | "values">) => data<OrderActionResult>({ ...result, intent, values }, { status });
  if (submission.status !== "success") {
    return reply(400, { ok: false, message: `Nothing was changed. ${firstError(submission.error)}.`, errors: fieldMessages(submission.error) });
  }
  const restock = restockSchema.safeParse(values.restock);
  if (submission.value.intent === "refund" && !restock.success) {
    const message = restock.error.issues[0]!.message;
    return reply(400, { ok: false, message: `Nothing was changed. ${message}.`, errors: { restock: message } });
  }
  const actor = { userId: user.id, ip: typeof context.clientIp === "string" ? context.clientIp : null };
  const db = getDb();
  const input = submission.value;
  try {
    if (input.intent === "pack") {
      await packOrder(db, { number, ...actor });
      return reply(200, { ok: true, message: `Order ${number} is packed.`, errors: {} });
    }
    if (input.intent === "ship") {
      const shipped = await shipOrder(db, { number, carrier: input.carrier, trackingNumber: input.trackingNumber, ...actor });
      drainOutboxSoon(db);
      return reply(200, { ok: true, message: `Order ${number} is shipped with ${shipped.carrier}, tracking number ${shipped.trackingNumber}. The customer has been emailed.`, errors: {} });
    }
    const restockLines = Object.entries(restock.data ?? {}).map(([lineId, quantity]) => ({ lineId: Number(lineId), quantity }));
    const refund = await refundOrder(db, { stripe: getStripe(), number, amount: input.amount, expectedRefundedMinor: input.expectedRefundedMinor, restock: restockLines, ...actor });
    drainOutboxSoon(db);
    const money = (minor: number) => formatMoney({ amountMinor: minor, currency: refund.currency });
    const message = refund.replayed
      ? `That refund was already made (${refund.refundId}); nothing more was refunded.`
      : `${refund.refundedMinor >= refund.totalMinor ? `Refunded ${money(refund.amountMinor)}: the order is refunded in full.` : `Refunded ${money(refund.amountMinor)}; ${money(refund.refundedMinor)} of ${money(refund.totalMinor)} refunded so far.`}${refund.restocked ? ` ${refund.restocked} ${refund.restocked === 1 ? "piece is" : "pieces are"} back in stock.` : ""} The customer is emailed.`;
    return reply(200, { ok: true, message, errors: {} });
  } catch (error) {
    const refusal = asRefusal(error);
    return reply(statusOf(refusal), { ok: false, message: `Nothing was changed. ${refusal.message}`, errors: refusal.field ? { [refusal.field]: refusal.message } : {} });
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Order ${data?.order.number ?? ""} · Back office · Kriya` }, { name: "robots", content: "noindex" }];

export default function AdminOrder() {
  const { order } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/admin/orders">All orders</Link>
      </p>
      <h1>Order {order.number}</h1>
      <p className="order-summary-line">
        <OrderStatusBadge status={order.status} /> {order.demo ? <DemoTag /> : null}{" "}
        <span className="muted">Placed {formatJakartaTime(order.createdAt)} WIB · {formatMoney({ amountMinor: order.totalMinor, currency: order.currency })}</span>
      </p>
      <PaymentProblemNotice order={order} />
      <RefundOwedNotice order={order} />
      {result ? (
        <p className={result.ok ? "notice" : "notice notice-error"} role={result.ok ? "status" : "alert"}>
          {result.message}
        </p>
      ) : null}
      <OrderActions order={order} result={result} formatRemaining={formatMoney({ amountMinor: order.totalMinor - order.refundedMinor, currency: order.currency })} />
      <OrderFacts order={order} />
      <OrderHistory order={order} />
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
