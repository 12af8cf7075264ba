import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { RefusalNotice } from "~/components/admin/record-heading";
import { TableScroll } from "~/components/admin/table-scroll";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { MAX_REASON_LENGTH, MAX_TRANSFER_LINES, MAX_TRANSFER_QUANTITY, transferDirectionLabels, transferStatusLabels, transferTotals } from "~/domain/bazaar/transfer";
import { MAX_ROW_ID } from "~/domain/platform/row-id";
import { receiveTransfer } from "~/models/bazaar/transfers.server";
import { actorOf, firstError, idParam, parseAdminForm, readForm, redirectWithNotice } from "~/web/admin-form.server";
import { requireRole } from "~/web/auth.server";
import { asRefusal, statusOf } from "~/web/refusal.server";
import { eventOfPage } from "./event-pages.server";
import { transferOfPage } from "./transfer-pages.server";

const stamp = (at: Date | null) => (at ? `${at.toISOString().slice(0, 16).replace("T", " ")} UTC` : null);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ["staff", "bazaar"]);
  const event = await eventOfPage(params);
  const { transfer, lines } = await transferOfPage(event.id, params);
  return {
    eventId: event.id,
    transfer: { ...transfer, createdAt: stamp(transfer.createdAt), receivedAt: stamp(transfer.receivedAt), directionLabel: transfer.direction ? transferDirectionLabels[transfer.direction] : "—", statusLabel: transferStatusLabels[transfer.status] },
    lines: lines.map((l) => ({ ...l, piece: `${l.productTitle}${l.variantTitle ? ` (${l.variantTitle})` : ""}` })),
    totals: transferTotals(lines),
  };
}

const receiveSchema = z.object({
  intent: z.literal("receive"),
  lines: z
    .array(
      z.object({
        variantId: z.number({ message: "That piece is not on this transfer" }).int().min(1).max(MAX_ROW_ID, "That piece is not on this transfer"),
        quantityReceived: z.number({ message: "Enter how many arrived of each piece" }).int("Enter how many arrived, as a whole number").min(0, "What arrived can't be negative").max(MAX_TRANSFER_QUANTITY, "That is more than any transfer carries"),
        reason: z.string().trim().max(MAX_REASON_LENGTH, `Keep each reason under ${MAX_REASON_LENGTH} characters`).optional().default(""),
      }),
    )
    .min(1, "Count what arrived of each piece")
    .max(MAX_TRANSFER_LINES, "That is more lines than a transfer has"),
});

type ReceiveResult = { message: string; values: Record<string, { quantityReceived: string; reason: string }> };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["staff", "bazaar"]);
  const event = await eventOfPage(params);
  const transferId = idParam(params.transferId);
  const formData = await readForm(request);
  const values: ReceiveResult["values"] = {};
  for (const [key, value] of formData.entries()) {
    const match = /^lines\[(\d+)\]\.variantId$/.exec(key);
    if (match && typeof value === "string") values[value] = { quantityReceived: String(formData.get(`lines[${match[1]}].quantityReceived`) ?? ""), reason: String(formData.get(`lines[${match[1]}].reason`) ?? "") };
  }
  const submission = parseAdminForm(formData, receiveSchema);
  if (submission.status !== "success") return data<ReceiveResult>({ message: firstError(submission.error), values }, { status: 400 });
  try {
    const received = await receiveTransfer(getDb(), { eventId: event.id, transferId, lines: submission.value.lines, actor: actorOf(user, context) });
    return redirectWithNotice(`/admin/events/${event.id}/transfers/${transferId}`, `Received ${received.received} ${received.received === 1 ? "piece" : "pieces"}${received.differences ? `, with ${received.differences} ${received.differences === 1 ? "difference" : "differences"} noted` : ""}.`);
  } catch (error) {
    const refusal = asRefusal(error);
    return data<ReceiveResult>({ message: refusal.message, values }, { status: statusOf(refusal) });
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.transfer.code ?? "Transfer"} · Transfers · Back office · Kriya` }];

export default function TransferPage() {
  const { eventId, transfer, lines, totals } = useLoaderData<typeof loader>();
  const { sent, received } = totals;
  const result = useActionData<typeof action>();
  const pending = transfer.status === "sent";
  return (
    <>
      <div className="admin-heading">
        <h2 className="section-title">
          Transfer <span className="transfer-code">{transfer.code}</span>
        </h2>
        <span className={pending ? "badge badge-warn" : "badge badge-ok"}>{transfer.statusLabel}</span>
        <Link to={`/admin/events/${eventId}/transfers/${transfer.id}/packing-list`} className="button button-ghost">
          Packing list
        </Link>
      </div>
      <RefusalNotice message={result?.message} />
      <section className="admin-card" aria-labelledby="transfer-facts">
        <h3 id="transfer-facts" className="visually-hidden">
          About this transfer
        </h3>
        <dl className="order-facts transfer-facts">
          <dt>Direction</dt>
          <dd>
            {transfer.directionLabel}: {transfer.fromName} → {transfer.toName}
          </dd>
          <dt>Sent</dt>
          <dd>
            {sent} {sent === 1 ? "piece" : "pieces"} on {transfer.createdAt}
            {transfer.sentBy ? ` by ${transfer.sentBy}` : ""}
          </dd>
          {transfer.receivedAt ? (
            <>
              <dt>Received</dt>
              <dd>
                {received} {received === 1 ? "piece" : "pieces"} on {transfer.receivedAt}
                {transfer.receivedBy ? ` by ${transfer.receivedBy}` : ""}
              </dd>
            </>
          ) : null}
          {transfer.note ? (
            <>
              <dt>Note</dt>
              <dd>{transfer.note}</dd>
            </>
          ) : null}
        </dl>
      </section>
      {pending ? (
        <Form method="post" aria-label="Receive this transfer" className="admin-form">
          <input type="hidden" name="intent" value="receive" />
          <section className="admin-card" aria-labelledby="receive-heading">
            <h3 id="receive-heading">Count what arrived</h3>
            <p className="field-hint">Each line starts at what was sent. Where fewer arrived, say why: broken on the road, left behind, miscounted.</p>
            <TableScroll label="Pieces to count">
              <table className="admin-table event-table receive-table">
                <thead>
                  <tr>
                    <th scope="col">Piece</th>
                    <th scope="col">SKU</th>
                    <th scope="col" className="numeric">Sent</th>
                    <th scope="col" className="numeric">Arrived</th>
                    <th scope="col">Reason for a difference</th>
                  </tr>
                </thead>
                <tbody>
                  {lines.map((l, i) => {
                    const typed = result?.values[String(l.variantId)];
                    return (
                      <tr key={l.variantId}>
                        <th scope="row">{l.piece}</th>
                        <td className="sku">{l.sku}</td>
                        <td className="numeric">{l.quantitySent}</td>
                        <td className="numeric">
                          <input type="hidden" name={`lines[${i}].variantId`} value={l.variantId} />
                          <input className="quantity-input" type="number" inputMode="numeric" min={0} max={l.quantitySent} required name={`lines[${i}].quantityReceived`} defaultValue={typed?.quantityReceived ?? l.quantitySent} aria-label={`Arrived of ${l.piece} (${l.sku})`} />
                        </td>
                        <td>
                          <input type="text" name={`lines[${i}].reason`} maxLength={MAX_REASON_LENGTH} defaultValue={typed?.reason ?? ""} aria-label={`Reason for a difference in ${l.piece} (${l.sku})`} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </TableScroll>
          </section>
          <div className="form-actions">
            <button type="submit" className="button">
              Receive
            </button>
          </div>
        </Form>
      ) : (
        <section className="admin-card" aria-labelledby="lines-heading">
          <h3 id="lines-heading">What it carried</h3>
          <TableScroll label="Pieces on this transfer">
            <table className="admin-table event-table">
              <thead>
                <tr>
                  <th scope="col">Piece</th>
                  <th scope="col">SKU</th>
                  <th scope="col" className="numeric">Sent</th>
                  <th scope="col" className="numeric">Arrived</th>
                  <th scope="col">Difference</th>
                </tr>
              </thead>
              <tbody>
                {lines.map((l) => (
                  <tr key={l.variantId}>
                    <th scope="row">{l.piece}</th>
                    <td className="sku">{l.sku}</td>
                    <td className="numeric">{l.quantitySent}</td>
                    <td className="numeric">{l.quantityReceived}</td>
                    <td>{l.differenceReason ? <span className="transfer-difference">{l.quantitySent - (l.quantityReceived ?? 0)} short: {l.differenceReason}</span> : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </section>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
