import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { ProductionSteps, type StepResult } from "~/components/admin/production-steps";
import { RecordHeading } from "~/components/admin/record-heading";
import { TableScroll } from "~/components/admin/table-scroll";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { QrCode } from "~/components/ui/qr-code";
import { formatMoney, formatMoneyInput, money, parseMoneyInput } from "~/domain/money/money";
import { normaliseReferenceCode, productionOrderNumberPattern } from "~/domain/platform/reference-code";
import { owedOnCancellation, productionStatusLabels } from "~/domain/production/status";
import { jakartaDate } from "~/domain/retail/admin-orders";
import * as production from "~/models/production/production-orders.server";
import { publicOrigin } from "~/utils/env.server";
import { qrCodeSvg } from "~/utils/qr-code.server";
import { actorOf, fieldMessages, parseAdminForm, readForm, redirectWithNotice } from "~/web/admin-form.server";
import { requireRole } from "~/web/auth.server";
import { asRefusal, notFound, statusOf } from "~/web/refusal.server";
import { MAX_ROW_ID } from "~/domain/platform/row-id";

const numberOf = (value: string | undefined) => normaliseReferenceCode(value, productionOrderNumberPattern) ?? notFound("We couldn't find that production order.");
const stamp = (at: Date | null) => (at ? `${at.toISOString().slice(0, 16).replace("T", " ")} UTC` : null);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ["staff", "admin"]);
  const view = await production.getProductionOrderForStaff(getDb(), { number: numberOf(params.number) });
  if (!view) notFound("We couldn't find that production order.");
  const { order } = view;
  const cur = order.currency;
  const show = (amountMinor: number) => formatMoney(money(amountMinor, cur));
  const batchUrl = order.batchCode ? `${publicOrigin()}/batch/${order.batchCode}` : null;
  // What a cancellation at each share of work done would leave owed, so staff see it before they confirm.
  const cancelPreview = [0, 25, 50, 75, 100].map((percent) => ({ percent, owed: show(owedOnCancellation({ total: money(order.totalMinor, cur), advancePaid: money(view.paidMinor, cur), workDonePercent: percent }).owed.amountMinor) }));
  return {
    order: {
      number: order.number,
      status: order.status,
      statusLabel: view.statusLabel,
      batchCode: order.batchCode,
      dueOn: order.dueOn,
      total: show(order.totalMinor),
      advance: show(order.advanceMinor),
      balance: show(order.balanceMinor),
      advanceInput: formatMoneyInput(order.advanceMinor, cur),
      balanceInput: formatMoneyInput(order.balanceMinor, cur),
      owedInput: order.owedOnCancelMinor ? formatMoneyInput(order.owedOnCancelMinor, cur) : null,
      owed: order.owedOnCancelMinor !== null ? show(order.owedOnCancelMinor) : null,
      settled: view.payouts.some((p) => p.kind === "settlement" && p.correctsPayoutId === null),
      workDonePercent: order.workDonePercent,
      cancelReason: order.cancelReason,
      startedAt: stamp(order.startedAt),
      qcPassedAt: stamp(order.qcPassedAt),
      receivedAt: stamp(order.receivedAt),
      cancelledAt: stamp(order.cancelledAt),
    },
    paid: show(view.paidMinor),
    quantityOrdered: view.quantityOrdered,
    producer: view.producer,
    wholesaleOrder: view.wholesaleOrder,
    importer: view.importer,
    lines: view.lines.map((l) => ({ ...l, unitPrice: show(l.unitPriceMinor), lineTotal: show(l.lineTotalMinor) })),
    payouts: view.payouts.map((p) => ({ ...p, amount: show(p.amountMinor), createdAt: stamp(p.createdAt) })),
    inspections: view.inspections.map((i) => ({ ...i, inspectedAt: stamp(i.inspectedAt) })),
    events: view.events.map((e) => ({ ...e, label: productionStatusLabels[e.status], createdAt: stamp(e.createdAt) })),
    cancelPreview,
    today: jakartaDate(new Date()),
    batchUrl,
    qr: batchUrl ? await qrCodeSvg(batchUrl) : null,
  };
}

const required = (max: number, message: string) => z.string({ message }).trim().min(1, message).max(max, `Keep it under ${max} characters`);
const optional = (max: number) => z.string().trim().max(max, `Keep it under ${max} characters`).optional();
const payout = {
  amount: z.string({ message: "Enter the amount paid" }).trim().min(1, "Enter the amount paid"),
  paidOn: z.string({ message: "Enter the date it was paid" }).regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the date it was paid"),
  method: z.enum(production.payoutMethods, { message: "Choose bank transfer or cash" }),
  reference: required(200, "Enter the bank reference or receipt number"),
};
const count = (message: string) => z.coerce.number({ message }).int(message).min(0, message).max(1_000_000, message);
const stepSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("record-advance"), ...payout }),
  z.object({ intent: z.literal("start") }),
  z.object({ intent: z.literal("qc"), quantityInspected: count("Enter how many pieces were inspected"), quantityPassed: count("Enter how many pieces passed"), notes: optional(2000) }),
  z.object({ intent: z.literal("rework"), note: optional(500) }),
  z.object({ intent: z.literal("record-balance"), ...payout }),
  z.object({ intent: z.literal("receive") }),
  z.object({ intent: z.literal("cancel"), workDonePercent: z.coerce.number({ message: "Enter the share of work done, 0 to 100" }).int("Enter a whole percentage").min(0, "Enter 0 to 100").max(100, "Enter 0 to 100"), reason: required(1000, "Say why the order is cancelled") }),
  z.object({ intent: z.literal("record-settlement"), ...payout }),
  z.object({ intent: z.literal("correct-payout"), payoutId: z.coerce.number().int().positive().max(MAX_ROW_ID, "This production order has no such payout."), amount: payout.amount, note: required(1000, "Say why the payout is corrected") }),
]);

/** An amount that is not whole rupiah: a field error, private to this action. */
class AmountError extends Error {}

const notices: Record<string, string> = {
  "record-advance": "Advance recorded. Production may start.",
  start: "Production started.",
  qc: "Inspection recorded.",
  rework: "Sent back for rework.",
  "record-balance": "Balance recorded.",
  receive: "Goods received into the warehouse.",
  cancel: "Production order cancelled. The advance stays with the group.",
  "record-settlement": "Settlement recorded.",
  "correct-payout": "Correction recorded.",
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["staff", "admin"]);
  const number = numberOf(params.number);
  const submission = parseAdminForm(await readForm(request), stepSchema);
  if (submission.status !== "success") {
    return data<StepResult>({ intent: String(submission.payload.intent), message: "Check the form and try again.", fields: fieldMessages(submission.error) }, { status: 400 });
  }
  const db = getDb();
  const step = submission.value;
  const actor = actorOf(user, context);
  try {
    const amountOf = (value: string) => {
      try {
        return parseMoneyInput(value, "IDR");
      } catch (error) {
        throw new AmountError(error instanceof Error ? error.message : "Enter whole rupiah");
      }
    };
    switch (step.intent) {
      case "record-advance":
      case "record-balance":
      case "record-settlement": {
        const record = { "record-advance": production.recordAdvancePayout, "record-balance": production.recordBalancePayout, "record-settlement": production.recordSettlementPayout }[step.intent];
        await record(db, { number, amountMinor: amountOf(step.amount), paidOn: step.paidOn, method: step.method, reference: step.reference, actor });
        break;
      }
      case "start":
        await production.startProduction(db, { number, actor });
        break;
      case "qc":
        await production.recordQc(db, { number, quantityInspected: step.quantityInspected, quantityPassed: step.quantityPassed, notes: step.notes ?? "", actor });
        break;
      case "rework":
        await production.sendToRework(db, { number, note: step.note ?? "", actor });
        break;
      case "receive":
        await production.receiveGoods(db, { number, actor });
        break;
      case "cancel":
        await production.cancelProductionOrder(db, { number, workDonePercent: step.workDonePercent, reason: step.reason, actor });
        break;
      case "correct-payout":
        await production.correctPayout(db, { number, payoutId: step.payoutId, amountMinor: amountOf(step.amount), note: step.note, actor });
        break;
    }
    return redirectWithNotice(`/admin/production/${number}`, notices[step.intent]!);
  } catch (error) {
    if (error instanceof AmountError) return data<StepResult>({ intent: step.intent, message: error.message, fields: { amount: error.message } }, { status: 400 });
    const refusal = asRefusal(error);
    return data<StepResult>({ intent: step.intent, message: refusal.message, fields: refusal.field ? { [refusal.field]: refusal.message } : {} }, { status: statusOf(refusal) });
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.order.number ?? "Production order"} · Production · Back office · Kriya` }];

export default function AdminProductionOrder() {
  const view = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { order, producer } = view;
  return (
    <>
      <RecordHeading
        back={{ to: "/admin/production", label: "Production" }}
        title={order.number}
        status={{ label: order.statusLabel, tone: order.status === "received" ? "ok" : order.status === "qc_failed" ? "warn" : "plain" }}
        refusal={result?.message}
      />
      <section className="admin-card" aria-labelledby="facts-heading">
        <h2 id="facts-heading">Order</h2>
        <dl className="order-facts">
          <dt>Producer group</dt>
          <dd>
            <Link to={`/admin/producers/${producer.id}`}>{producer.name}</Link>, {producer.village}, {producer.regency}, {producer.province}
          </dd>
          <dt>Wholesale order</dt>
          <dd>
            {view.wholesaleOrder.number} ({view.wholesaleOrder.status.replace(/_/g, " ")}) for {view.importer.companyName}
          </dd>
          <dt>Total</dt>
          <dd>
            {order.total}: advance {order.advance}, balance {order.balance}
          </dd>
          <dt>Paid to the group</dt>
          <dd>{view.paid}</dd>
          <dt>Due</dt>
          <dd>{order.dueOn ?? "no date set"}</dd>
          <dt>Payout account</dt>
          <dd>{producer.payoutBankName ? `${producer.payoutBankName} · ${producer.payoutAccountName ?? ""} · ${producer.payoutAccountNumber ?? ""}` : "not on file: add it on the group's page"}</dd>
          {order.startedAt ? (<><dt>Started</dt><dd>{order.startedAt}</dd></>) : null}
          {order.qcPassedAt ? (<><dt>QC passed</dt><dd>{order.qcPassedAt}</dd></>) : null}
          {order.receivedAt ? (<><dt>Received</dt><dd>{order.receivedAt}</dd></>) : null}
          {order.cancelledAt ? (<><dt>Cancelled</dt><dd>{order.cancelledAt} at {order.workDonePercent}% work done: {order.owed} owed. {order.cancelReason}</dd></>) : null}
        </dl>
      </section>
      <ProductionSteps view={view} result={result} />
      <section className="admin-card" aria-labelledby="lines-heading">
        <h2 id="lines-heading">Pieces ({view.quantityOrdered})</h2>
        <TableScroll label="Pieces ordered">
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">Piece</th>
                <th scope="col" className="numeric">Quantity</th>
                <th scope="col" className="numeric">Producer price</th>
                <th scope="col" className="numeric">Line total</th>
              </tr>
            </thead>
            <tbody>
              {view.lines.map((l) => (
                <tr key={l.id}>
                  <th scope="row">
                    {l.productTitle} {l.variantTitle ? <span className="muted">{l.variantTitle}</span> : null} <div className="muted">{l.sku}</div>
                  </th>
                  <td className="numeric">{l.quantity}</td>
                  <td className="numeric">{l.unitPrice}</td>
                  <td className="numeric">{l.lineTotal}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      {order.batchCode && view.qr && view.batchUrl ? (
        <section className="admin-card batch-tag" aria-labelledby="batch-heading">
          <h2 id="batch-heading">Batch tag</h2>
          <div className="batch-tag-body">
            <QrCode svg={view.qr} label={`QR code for batch ${order.batchCode}`} className="batch-tag-qr" />
            <div>
              <p className="batch-tag-code">{order.batchCode}</p>
              <p>
                Made by {producer.name}
                <br />
                {producer.village}, {producer.regency}, {producer.province}
              </p>
              <p className="muted">
                <a href={view.batchUrl}>{view.batchUrl}</a>
              </p>
            </div>
          </div>
          <p className="muted no-print">Print this page to get the tag on its own.</p>
        </section>
      ) : null}
      <section className="admin-card" aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        <ol className="production-history">
          {view.events.map((e) => (
            <li key={e.id}>
              <strong>{e.label}</strong> <span className="muted">{e.createdAt}{e.userName ? ` · ${e.userName}` : ""}</span>
              {e.note ? <div>{e.note}</div> : null}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
