import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { SubmissionResult } from "@conform-to/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { RefusalNotice } from "~/components/admin/record-heading";
import { TableScroll } from "~/components/admin/table-scroll";
import { EventForm } from "~/components/bazaar/event-form";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { jakartaDate } from "~/domain/bazaar/business-date";
import { checkEventFields, eventFields, eventFieldsOf } from "~/domain/bazaar/event-input";
import { eventStatuses, eventStatusChoices, eventStatusLabels, mayReturnStock } from "~/domain/bazaar/event-status";
import { transferDirectionLabels, transferStatusLabels } from "~/domain/bazaar/transfer";
import { formatMoneyInput } from "~/domain/money/money";
import { listEventStock, setEventStatus, updateEvent } from "~/models/bazaar/events.server";
import { listTransfers, returnRemainingStock } from "~/models/bazaar/transfers.server";
import { actorOf, parseAdminForm, readForm, redirectWithNotice } from "~/web/admin-form.server";
import { requireRole } from "~/web/auth.server";
import { asRefusal, refusalErrors, statusOf } from "~/web/refusal.server";
import { eventOfPage } from "./event-pages.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["staff", "bazaar"]);
  const event = await eventOfPage(params);
  const db = getDb();
  const [stock, transfers] = await Promise.all([listEventStock(db, { eventId: event.id }), listTransfers(db, { eventId: event.id })]);
  const isStaff = user.role !== "bazaar";
  return {
    event: { id: event.id, status: event.status, locationCode: event.locationCode },
    isStaff,
    statusChoices: eventStatusChoices(event.status).map((s) => ({ value: s, label: eventStatusLabels[s] })),
    mayReturn: isStaff && mayReturnStock(event, jakartaDate(new Date())) && stock.some((s) => s.onHand > 0),
    formDefaults: { name: event.name, venue: event.venue, city: event.city, startsOn: event.startsOn, endsOn: event.endsOn, openingFloat: formatMoneyInput(event.openingFloatMinor, "IDR"), qrisMerchantName: event.qrisMerchantName, qrisPayload: event.qrisPayload },
    stock: stock.map((s) => ({ variantId: s.variantId, sku: s.sku, piece: `${s.productTitle}${s.variantTitle ? ` (${s.variantTitle})` : ""}`, onHand: s.onHand, shortfall: s.openTaskShortfall })),
    transfers: transfers.map((t) => ({ ...t, createdAt: jakartaDate(t.createdAt), direction: t.direction ? transferDirectionLabels[t.direction] : "—", statusLabel: transferStatusLabels[t.status] })),
  };
}

const actionSchema = z.discriminatedUnion("intent", [
  eventFields.extend({ intent: z.literal("save") }).superRefine(checkEventFields),
  z.object({ intent: z.literal("status"), status: z.enum(eventStatuses, { message: "Choose the event's new status" }) }),
  z.object({ intent: z.literal("return") }),
]);

type ActionResult = { intent: string; message?: string; reply?: SubmissionResult<string[]> };

const notices = { status: "Status changed.", return: "What remained is on its way back to the warehouse. Receive it there to finish." };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["staff"]);
  const event = await eventOfPage(params);
  const submission = parseAdminForm(await readForm(request), actionSchema);
  if (submission.status !== "success") return data<ActionResult>({ intent: "save", reply: submission.reply() }, { status: 400 });
  const step = submission.value;
  const db = getDb();
  const actor = actorOf(user, context);
  try {
    switch (step.intent) {
      case "save": {
        const { intent: _, ...value } = step;
        await updateEvent(db, { id: event.id, fields: eventFieldsOf(value), actor });
        return redirectWithNotice(`/admin/events/${event.id}`, "Event saved.");
      }
      case "status":
        await setEventStatus(db, { id: event.id, status: step.status, actor });
        return redirectWithNotice(`/admin/events/${event.id}`, notices.status);
      case "return": {
        const transfer = await returnRemainingStock(db, { eventId: event.id, actor });
        return redirectWithNotice(`/admin/events/${event.id}/transfers/${transfer.id}`, notices.return);
      }
    }
  } catch (error) {
    const refusal = asRefusal(error);
    return data<ActionResult>(step.intent === "save" ? { intent: "save", reply: submission.reply(refusalErrors(refusal)) } : { intent: step.intent, message: refusal.message }, { status: statusOf(refusal) });
  }
}

export default function EventOverview() {
  const view = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { event } = view;
  return (
    <>
      <RefusalNotice message={result?.message} />
      <section className="admin-card" aria-labelledby="stock-heading">
        <div className="card-heading">
          <h2 id="stock-heading">Stock at the event</h2>
          <div className="card-actions">
            {view.isStaff && event.status !== "closed" ? (
              <Link to={`/admin/events/${event.id}/transfers/new`} className="button">
                Send stock
              </Link>
            ) : null}
            {view.mayReturn ? (
              <Form method="post">
                <input type="hidden" name="intent" value="return" />
                <button type="submit" className="button button-ghost">
                  Send remaining stock back
                </button>
              </Form>
            ) : null}
          </div>
        </div>
        <p className="muted">
          Location {event.locationCode}. Pieces on their way are not counted here until they are received.
        </p>
        {view.stock.length ? (
          <TableScroll label="Stock at the event">
            <table className="admin-table event-table">
              <thead>
                <tr>
                  <th scope="col">Piece</th>
                  <th scope="col">SKU</th>
                  <th scope="col" className="numeric">On hand</th>
                </tr>
              </thead>
              <tbody>
                {view.stock.map((s) => (
                  <tr key={s.variantId} className={s.onHand < 0 ? "row-short" : undefined}>
                    <th scope="row">{s.piece}</th>
                    <td className="sku">{s.sku}</td>
                    <td className="numeric">
                      {s.onHand < 0 ? (
                        <>
                          <span className="stock-negative">{s.onHand}</span>{" "}
                          <Link to={`/admin/events/${event.id}/reconciliation`}>sold {-s.onHand} beyond stock: reconcile</Link>
                        </>
                      ) : (
                        s.onHand
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : (
          <p>No stock has arrived at this event yet.</p>
        )}
      </section>
      <section className="admin-card" aria-labelledby="transfers-heading">
        <h2 id="transfers-heading">Transfers</h2>
        {view.transfers.length ? (
          <TableScroll label="Transfers of this event">
            <table className="admin-table event-table">
              <thead>
                <tr>
                  <th scope="col">Transfer</th>
                  <th scope="col">Direction</th>
                  <th scope="col">Status</th>
                  <th scope="col">Sent on</th>
                  <th scope="col" className="numeric">Sent</th>
                  <th scope="col" className="numeric">Received</th>
                </tr>
              </thead>
              <tbody>
                {view.transfers.map((t) => (
                  <tr key={t.id}>
                    <th scope="row">
                      <Link to={`/admin/events/${event.id}/transfers/${t.id}`}>{t.code}</Link>
                    </th>
                    <td>{t.direction}</td>
                    <td>
                      <span className={t.status === "received" ? "badge badge-ok" : "badge badge-warn"}>{t.statusLabel}</span>
                    </td>
                    <td className="nowrap">{t.createdAt}</td>
                    <td className="numeric">{t.sent}</td>
                    <td className="numeric">{t.received ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : (
          <p>No stock has been sent yet.</p>
        )}
      </section>
      {view.isStaff ? (
        <>
          {view.statusChoices.length ? (
            <section className="admin-card" aria-labelledby="status-heading">
              <h2 id="status-heading">Status</h2>
              <Form method="post" className="inline-fields" aria-label="Change the event's status">
                <input type="hidden" name="intent" value="status" />
                <div className="field">
                  <label htmlFor="event-status">New status</label>
                  <select id="event-status" name="status" defaultValue={view.statusChoices[0]!.value}>
                    {view.statusChoices.map((c) => (
                      <option key={c.value} value={c.value}>
                        {c.label}
                      </option>
                    ))}
                  </select>
                </div>
                <button type="submit" className="button">
                  Change status
                </button>
              </Form>
              <p className="field-hint">Open the event when the stall starts selling; close it after its last day. A planned event with no sales can be closed to call it off.</p>
            </section>
          ) : null}
          <h2 className="section-title">Details</h2>
          <EventForm lastResult={result?.reply} defaultValue={view.formDefaults} submitLabel="Save details" withSlug={false} />
        </>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
