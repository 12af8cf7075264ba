import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { RefusalNotice } from "~/components/admin/record-heading";
import { TableScroll } from "~/components/admin/table-scroll";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { mayReceiveStock } from "~/domain/bazaar/event-status";
import { MAX_TRANSFER_LINES, MAX_TRANSFER_QUANTITY } from "~/domain/bazaar/transfer";
import { MAX_ROW_ID } from "~/domain/platform/row-id";
import { listSendableStock, SENDABLE_LIMIT, sendTransfer } from "~/models/bazaar/transfers.server";
import { actorOf, firstError, parseAdminForm, readForm, redirectWithNotice } from "~/web/admin-form.server";
import { requireRole } from "~/web/auth.server";
import { asRefusal, statusOf } from "~/web/refusal.server";
import { eventOfPage } from "./event-pages.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ["staff"]);
  const event = await eventOfPage(params);
  const query = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, 100);
  const pieces = await listSendableStock(getDb(), { query });
  return { event: { id: event.id, name: event.name, open: mayReceiveStock(event) }, query, pieces, limited: pieces.length === SENDABLE_LIMIT };
}

const quantity = z
  .number({ message: "Enter how many to send, as a whole number" })
  .int("Enter how many to send, as a whole number")
  .min(0, "A quantity can't be negative")
  .max(MAX_TRANSFER_QUANTITY, `Send at most ${MAX_TRANSFER_QUANTITY} of one piece`)
  .optional();
const sendSchema = z.object({
  intent: z.literal("send"),
  lines: z
    .array(z.object({ variantId: z.number({ message: "That piece is not known" }).int().min(1).max(MAX_ROW_ID, "That piece is not known"), quantity }))
    .max(MAX_TRANSFER_LINES, `Send at most ${MAX_TRANSFER_LINES} different pieces at once`)
    .optional()
    .default([]),
  note: z.string().trim().max(1000, "Keep the note under 1000 characters").optional().default(""),
});

type SendResult = { message: string; quantities: Record<string, string> };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["staff"]);
  const event = await eventOfPage(params);
  const formData = await readForm(request);
  // What was typed, so a refused form comes back as it was sent (it works without JavaScript too).
  const quantities = Object.fromEntries([...formData.entries()].flatMap(([key, value]) => {
    const match = /^lines\[(\d+)\]\.quantity$/.exec(key);
    const variantId = match ? formData.get(`lines[${match[1]}].variantId`) : null;
    return typeof value === "string" && typeof variantId === "string" ? [[variantId, value]] : [];
  }));
  const submission = parseAdminForm(formData, sendSchema);
  if (submission.status !== "success") return data<SendResult>({ message: firstError(submission.error), quantities }, { status: 400 });
  try {
    const lines = submission.value.lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity ?? 0 }));
    const transfer = await sendTransfer(getDb(), { eventId: event.id, direction: "to_event", lines, note: submission.value.note, actor: actorOf(user, context) });
    return redirectWithNotice(`/admin/events/${event.id}/transfers/${transfer.id}`, `Transfer ${transfer.code} is on its way. Print the packing list to go with it.`);
  } catch (error) {
    const refusal = asRefusal(error);
    return data<SendResult>({ message: refusal.message, quantities }, { status: statusOf(refusal) });
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Send stock · ${data?.event.name ?? "Event"} · Back office · Kriya` }];

export default function NewTransfer() {
  const { event, query, pieces, limited } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (!event.open) {
    return (
      <section className="admin-card">
        <h2>Send stock</h2>
        <p>This event is closed: no more stock goes to it.</p>
        <Link to={`/admin/events/${event.id}`}>Back to the event</Link>
      </section>
    );
  }
  return (
    <>
      <h2 className="section-title">Send stock from the warehouse</h2>
      <RefusalNotice message={result?.message} />
      <Form method="get" className="admin-filters" role="search" aria-label="Find pieces">
        <div className="field">
          <label htmlFor="transfer-q">Product name or SKU</label>
          <input id="transfer-q" name="q" type="search" defaultValue={query} maxLength={100} />
        </div>
        <button type="submit" className="button button-ghost">
          Find
        </button>
        {query ? <Link to={`/admin/events/${event.id}/transfers/new`}>Show every piece</Link> : null}
      </Form>
      <Form method="post" aria-label="Pieces to send" className="admin-form">
        <input type="hidden" name="intent" value="send" />
        <section className="admin-card">
          {pieces.length ? (
            <TableScroll label="Pieces in the warehouse">
              <table className="admin-table event-table transfer-table">
                <thead>
                  <tr>
                    <th scope="col">Piece</th>
                    <th scope="col">SKU</th>
                    <th scope="col">Producer group</th>
                    <th scope="col" className="numeric">Free at the warehouse</th>
                    <th scope="col" className="numeric">Send</th>
                  </tr>
                </thead>
                <tbody>
                  {pieces.map((p, i) => (
                    <tr key={p.variantId}>
                      <th scope="row">
                        {p.productTitle} {p.variantTitle ? <span className="muted">{p.variantTitle}</span> : null}
                      </th>
                      <td className="sku">{p.sku}</td>
                      <td>{p.producerName}</td>
                      <td className="numeric">{p.available}</td>
                      <td className="numeric">
                        <input type="hidden" name={`lines[${i}].variantId`} value={p.variantId} />
                        <input
                          className="quantity-input"
                          type="number"
                          inputMode="numeric"
                          name={`lines[${i}].quantity`}
                          min={0}
                          max={p.available}
                          defaultValue={result?.quantities[String(p.variantId)] ?? ""}
                          aria-label={`Quantity of ${p.productTitle}${p.variantTitle ? ` ${p.variantTitle}` : ""} (${p.sku}) to send`}
                        />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          ) : (
            <p>{query ? `No piece with free warehouse stock matches “${query}”.` : "The warehouse has no free stock to send."}</p>
          )}
          {limited ? <p className="field-hint">Showing the first {pieces.length} pieces: search to find others.</p> : null}
          <div className="field field-wide transfer-note">
            <label htmlFor="transfer-note">Note for the packing list</label>
            <textarea id="transfer-note" name="note" rows={2} maxLength={1000} placeholder="Van, driver, boxes…" />
          </div>
        </section>
        <div className="form-actions">
          <button type="submit" className="button" disabled={!pieces.length}>
            Send stock
          </button>
          <Link to={`/admin/events/${event.id}`}>Cancel</Link>
        </div>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
