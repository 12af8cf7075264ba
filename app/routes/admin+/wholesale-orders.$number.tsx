import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { RecordHeading } from "~/components/admin/record-heading";
import { TableScroll } from "~/components/admin/table-scroll";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { formatMoney } from "~/domain/money/money";
import { parseRefundAmount } from "~/domain/payments/refund-amount";
import { calendarDay } from "~/domain/platform/calendar-day";
import { Refusal } from "~/domain/platform/refusal";
import { drainOutboxSoon } from "~/models/platform/outbox-handlers.server";
import { MAX_PROOF_BYTES, recordBankTransfer } from "~/models/wholesale/deposits.server";
import { getWholesaleOrderView } from "~/models/wholesale/wholesale-orders.server";
import { publicOrigin } from "~/utils/env.server";
import { getImageStorage } from "~/utils/storage.server";
import { actorOf, fieldMessages, parseAdminForm, redirectWithNotice } from "~/web/admin-form.server";
import { requireRole } from "~/web/auth.server";
import { asRefusal, invariantResponse, notFound, statusOf } from "~/web/refusal.server";
import { isMultipart, multipartControlMessage, readMultipart } from "./photo-upload.server";

const day = (at: Date) => at.toISOString().slice(0, 10);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ["staff"]);
  const view = await getWholesaleOrderView(getDb(), { number: params.number ?? "" });
  if (!view) notFound("There is no wholesale order with that number.");
  const { order } = view;
  const money = (amountMinor: number, currency = order.currency) => formatMoney({ amountMinor, currency });
  const deposit = view.payments.find((p) => p.kind === "deposit");
  return {
    order: { number: order.number, status: order.status, quoteNumber: order.quoteNumber, placedOn: day(order.createdAt), companyName: order.companyName, country: order.country, contactName: order.contactName, contactEmail: order.contactEmail, currency: order.currency, importerId: order.importerId },
    total: money(order.totalMinor),
    deposit: { due: money(order.depositMinor), paid: deposit ? `${money(deposit.amountMinor)} on ${day(deposit.receivedAt)} (${deposit.method === "stripe" ? "card" : "bank transfer"})` : null },
    balance: money(order.totalMinor - order.depositMinor),
    lines: view.lines.map((l) => ({ id: l.id, sku: l.sku, title: l.variantTitle ? `${l.title} (${l.variantTitle})` : l.title, quantity: l.quantity, unitPrice: money(l.unitPriceMinor), lineTotal: money(l.unitPriceMinor * l.quantity) })),
    payments: view.payments.map((p) => ({ id: p.id, kind: p.kind, method: p.method === "stripe" ? "Card (Stripe)" : "Bank transfer", amount: money(p.amountMinor, p.currency), receivedOn: day(p.receivedAt), reference: p.reference, hasProof: Boolean(p.proofFile), recordedBy: p.recordedBy })),
    production: view.production.map((p) => ({ number: p.number, status: p.status, producerName: p.producerName, total: money(p.totalMinor, p.currency), advance: money(p.advanceMinor, p.currency), batchCode: p.batchCode, dueOn: p.dueOn })),
    canRecordDeposit: !deposit && order.status !== "cancelled",
    today: day(new Date()),
    maxProofMb: MAX_PROOF_BYTES / 1024 / 1024,
  };
}

const transferSchema = (currency: string, today: string) =>
  z.object({
    intent: z.literal("record-transfer"),
    kind: z.enum(["deposit", "balance"], { message: "Choose deposit or balance" }),
    amount: z
      .string({ message: "Enter the amount received" })
      .trim()
      .transform((text, ctx) => {
        try {
          return parseRefundAmount(text, currency);
        } catch (error) {
          ctx.addIssue({ code: "custom", message: (error as RangeError).message });
          return z.NEVER;
        }
      }),
    receivedOn: calendarDay("The day received").refine((d) => d <= today, "The day the money arrived can't be in the future"),
    reference: z.string({ message: "Enter the bank's reference for the transfer" }).trim().min(1, "Enter the bank's reference for the transfer").max(200, "Keep the reference under 200 characters"),
  });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["staff"]);
  const db = getDb();
  const view = await getWholesaleOrderView(db, { number: params.number ?? "" });
  if (!view) notFound("There is no wholesale order with that number.");
  invariantResponse(isMultipart(request), "Send the transfer with the page's own form.", { status: 415 });
  const read = await readMultipart(request, MAX_PROOF_BYTES);
  invariantResponse(read, "The upload was interrupted or malformed. Please try again.");
  const reply = (status: number, message: string, fields: Record<string, string> = {}) => data({ message, fields }, { status });
  if (read.oversized.length) return reply(413, `That proof is too large: it must be ${MAX_PROOF_BYTES / 1024 / 1024} MB or smaller.`, { proof: "Too large" });
  if (read.controlField) return reply(400, multipartControlMessage(read.controlField));
  const submission = parseAdminForm(read.form, z.discriminatedUnion("intent", [transferSchema(view.order.currency, day(new Date()))]));
  if (submission.status !== "success") return reply(400, "Check the form and try again.", fieldMessages(submission.error));
  const file = read.form.get("proof");
  const proof = file instanceof File && file.size > 0 ? { bytes: Buffer.from(await file.arrayBuffer()), filename: file.name, contentType: file.type } : null;
  const input = submission.value;
  try {
    if (file instanceof File && file.size === 0 && file.name) throw Refusal.invalid(`${file.name} is empty (0 bytes). Choose the file again.`, { field: "proof" });
    await recordBankTransfer(db, {
      orderNumber: view.order.number,
      kind: input.kind,
      amountMinor: input.amount,
      currency: view.order.currency,
      receivedOn: input.receivedOn,
      reference: input.reference,
      proof,
      actor: actorOf(user, context),
      storage: getImageStorage(),
      origin: publicOrigin(),
    });
    drainOutboxSoon(db);
    return redirectWithNotice(`/admin/wholesale-orders/${view.order.number}`, `Recorded the ${input.kind} received by bank transfer.`);
  } catch (error) {
    const refusal = asRefusal(error);
    return reply(statusOf(refusal), refusal.message, refusal.field ? { [refusal.field]: refusal.message } : {});
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.order.number ?? "Wholesale order"} · Wholesale orders · Back office · Kriya` }];

export default function AdminWholesaleOrder() {
  const { order, total, deposit, balance, lines, payments, production, canRecordDeposit, today, maxProofMb } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const fieldError = (name: string) => result?.fields[name];
  return (
    <>
      <RecordHeading
        back={{ to: "/admin/wholesale-orders", label: "Wholesale orders" }}
        title={order.number}
        status={{ label: order.status.replace(/_/g, " "), tone: order.status === "awaiting_deposit" ? "warn" : "ok" }}
        refusal={result?.message}
      />
      <section className="admin-card" aria-labelledby="order-heading">
        <h2 id="order-heading">Order</h2>
        <dl className="order-facts">
          <dt>Importer</dt>
          <dd>
            <Link to={`/admin/importers/${order.importerId}`}>{order.companyName}</Link> ({order.country}) · {order.contactName}, <a href={`mailto:${order.contactEmail}`}>{order.contactEmail}</a>
          </dd>
          <dt>Quote</dt>
          <dd>
            <Link to={`/admin/quotes/${order.quoteNumber}`}>{order.quoteNumber}</Link>
          </dd>
          <dt>Placed</dt>
          <dd>{order.placedOn}</dd>
          <dt>Total</dt>
          <dd>{total}</dd>
          <dt>Deposit</dt>
          <dd>{deposit.paid ? `Paid: ${deposit.paid}` : `${deposit.due} due`}</dd>
          <dt>Balance</dt>
          <dd>{balance}</dd>
        </dl>
      </section>
      <section className="admin-card" aria-labelledby="lines-heading">
        <h2 id="lines-heading">Lines</h2>
        <TableScroll label="Order lines">
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">Piece</th>
                <th scope="col">SKU</th>
                <th scope="col">Quantity</th>
                <th scope="col">Unit price</th>
                <th scope="col">Line total</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr key={l.id}>
                  <th scope="row">{l.title}</th>
                  <td>{l.sku}</td>
                  <td>{l.quantity}</td>
                  <td>{l.unitPrice}</td>
                  <td>{l.lineTotal}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      <section className="admin-card" aria-labelledby="production-heading">
        <h2 id="production-heading">Production orders</h2>
        <TableScroll label="Production orders">
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">Number</th>
                <th scope="col">Group</th>
                <th scope="col">Status</th>
                <th scope="col">Total (producer prices)</th>
                <th scope="col">Advance</th>
                <th scope="col">Batch</th>
                <th scope="col">Due</th>
              </tr>
            </thead>
            <tbody>
              {production.map((p) => (
                <tr key={p.number}>
                  <th scope="row">
                    <Link to={`/admin/production/${p.number}`}>{p.number}</Link>
                  </th>
                  <td>{p.producerName}</td>
                  <td>{p.status.replace(/_/g, " ")}</td>
                  <td>{p.total}</td>
                  <td>{p.advance}</td>
                  <td>{p.batchCode}</td>
                  <td>{p.dueOn ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
      <section className="admin-card" aria-labelledby="payments-heading">
        <h2 id="payments-heading">Payments received</h2>
        {payments.length === 0 ? (
          <p className="muted">Nothing received yet.</p>
        ) : (
          <TableScroll label="Payments received">
            <table className="admin-table">
              <thead>
                <tr>
                  <th scope="col">Kind</th>
                  <th scope="col">Method</th>
                  <th scope="col">Amount</th>
                  <th scope="col">Received</th>
                  <th scope="col">Reference</th>
                  <th scope="col">Proof</th>
                </tr>
              </thead>
              <tbody>
                {payments.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">{p.kind}</th>
                    <td>
                      {p.method}
                      {p.recordedBy ? <span className="muted"> · recorded by {p.recordedBy}</span> : null}
                    </td>
                    <td>{p.amount}</td>
                    <td>{p.receivedOn}</td>
                    <td>{p.reference ?? "—"}</td>
                    <td>
                      {p.hasProof ? (
                        <a href={`/admin/wholesale-orders/${order.number}/proof/${p.id}`} aria-label={`Proof of the ${p.kind} received ${p.receivedOn}`}>
                          kept
                        </a>
                      ) : (
                        "—"
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
      <section className="admin-card" aria-labelledby="transfer-heading">
        <h2 id="transfer-heading">Record a bank transfer</h2>
        <Form method="post" encType="multipart/form-data" className="admin-form" aria-labelledby="transfer-heading">
          <input type="hidden" name="intent" value="record-transfer" />
          <div className="field">
            <label htmlFor="transfer-kind">For</label>
            <select id="transfer-kind" name="kind" defaultValue={canRecordDeposit ? "deposit" : "balance"}>
              {canRecordDeposit ? <option value="deposit">Deposit ({deposit.due})</option> : null}
              <option value="balance">Balance</option>
            </select>
          </div>
          <TransferField id="transfer-amount" name="amount" label={`Amount received (${order.currency})`} error={fieldError("amount")} inputMode="decimal" required />
          <TransferField id="transfer-day" name="receivedOn" label="Day it arrived" error={fieldError("receivedOn")} type="date" max={today} defaultValue={today} required />
          <TransferField id="transfer-reference" name="reference" label="Bank reference" error={fieldError("reference")} maxLength={200} required />
          <TransferField id="transfer-proof" name="proof" label={`Proof (PDF, JPEG or PNG, up to ${maxProofMb} MB; optional)`} error={fieldError("proof")} type="file" accept="application/pdf,image/jpeg,image/png" />
          <button type="submit" className="button">
            Record the transfer
          </button>
        </Form>
      </section>
    </>
  );
}

function TransferField({ id, label, error, ...input }: { id: string; label: string; error?: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...input} />
      {error ? (
        <ul id={`${id}-error`} className="field-errors" role="list">
          <li>{error}</li>
        </ul>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
