import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { formatMoney, money } from "~/domain/money/money";
import { normaliseReferenceCode, quoteNumberPattern } from "~/domain/platform/reference-code";
import { drainOutboxSoon } from "~/models/platform/outbox-handlers.server";
import { acceptQuote } from "~/models/wholesale/acceptance.server";
import { declineQuote, expireLapsedQuotes, getQuoteForImporterByNumber, postQuoteMessage, requestChanges } from "~/models/wholesale/quotes.server";
import { readFlash } from "~/utils/cookies.server";
import { publicOrigin } from "~/utils/env.server";
import { fieldMessages, parseAdminForm, readForm, redirectWithNotice } from "~/web/admin-form.server";
import { requireImporter } from "~/web/importer.server";
import { asRefusal, notFound, statusOf } from "~/web/refusal.server";

const numberOf = (value: string | undefined) => normaliseReferenceCode(value, quoteNumberPattern) ?? notFound("We couldn't find that quote.");
const stamp = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { importer } = await requireImporter(request);
  const number = numberOf(params.number);
  const db = getDb();
  let current = await getQuoteForImporterByNumber(db, { number, importerId: importer.id });
  if (!current) notFound("We couldn't find that quote.");
  // Expire it now if its validity has passed, so it is never shown as acceptable between the hourly runs.
  if (current.quote.status === "sent" && !current.canAnswer) {
    await expireLapsedQuotes(db, { number, origin: publicOrigin() });
    current = await getQuoteForImporterByNumber(db, { number, importerId: importer.id });
    if (!current) notFound("We couldn't find that quote.");
  }
  const cur = (amountMinor: number | null) => (amountMinor === null ? null : formatMoney(money(amountMinor, current.quote.currency)));
  const { quote } = current;
  const { flash, clear } = await readFlash(request);
  const page = {
    flash,
    quote: { number: quote.number, status: quote.status, version: quote.version, incoterm: quote.incoterm, destinationPort: quote.destinationPort, importerNotes: quote.importerNotes, validUntil: quote.validUntil, leadTimeDays: quote.leadTimeDays, createdAt: stamp(quote.createdAt) },
    subtotal: cur(quote.subtotalMinor),
    freight: cur(quote.freightMinor),
    total: cur(quote.totalMinor),
    deposit: cur(current.depositMinor),
    depositPercent: current.depositPercent,
    lines: current.lines.map((line) => ({ ...line, unitPrice: cur(line.unitPriceMinor), lineTotal: line.unitPriceMinor === null ? null : cur(line.unitPriceMinor * line.quantity) })),
    versions: current.versions.map((v) => ({ version: v.version, validUntil: v.validUntil, leadTimeDays: v.leadTimeDays, total: cur(v.totalMinor), freight: cur(v.freightMinor), lines: v.lines.map((l) => ({ ...l, unitPrice: cur(l.unitPriceMinor) })) })),
    thread: current.thread.map((event) => ({ id: event.id, kind: event.kind, party: event.party, version: event.version, message: event.message, who: event.party === "system" ? "Kriya" : (event.userName ?? event.party), createdAt: stamp(event.createdAt) })),
    canAnswer: current.canAnswer,
  };
  return data(page, { headers: { "Cache-Control": "private, no-store", ...(clear ? { "Set-Cookie": clear } : {}) } });
}

export const headers = () => ({ "Cache-Control": "private, no-store" });

const message = (what: string) => z.string({ message: what }).trim().min(1, what).max(4000, "Keep the message under 4,000 characters");
const answerSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("accept") }),
  z.object({ intent: z.literal("request_changes"), message: message("Say what you would like changed") }),
  z.object({ intent: z.literal("decline"), message: z.string().trim().max(4000, "Keep the message under 4,000 characters").optional() }),
  z.object({ intent: z.literal("message"), message: message("Write a message") }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, importer } = await requireImporter(request);
  const number = numberOf(params.number);
  const submission = parseAdminForm(await readForm(request), answerSchema);
  if (submission.status !== "success") {
    return data({ intent: String(submission.payload.intent), message: "Check the form and try again.", fields: fieldMessages(submission.error) }, { status: 400 });
  }
  const input = submission.value;
  const db = getDb();
  const step = { number, importerId: importer.id, userId: user.id, origin: publicOrigin() };
  try {
    if (input.intent === "accept") {
      const accepted = await acceptQuote(db, { quoteNumber: number, importerId: importer.id, userId: user.id, origin: publicOrigin() });
      drainOutboxSoon(db);
      return redirect(`/wholesale/orders/${accepted.orderNumber}`);
    }
    if (input.intent === "request_changes") await requestChanges(db, { ...step, message: input.message });
    else if (input.intent === "decline") await declineQuote(db, { ...step, message: input.message ?? "" });
    else await postQuoteMessage(db, { ...step, party: "importer", message: input.message });
    drainOutboxSoon(db);
    const notice = { request_changes: "Thank you: we'll price it again and let you know.", decline: "Declined. Thank you for letting us know.", message: "Message sent to the Kriya export team." }[input.intent];
    return redirectWithNotice(`/wholesale/quotes/${number}`, notice);
  } catch (error) {
    const refusal = asRefusal(error);
    return data({ intent: input.intent, message: refusal.message, fields: refusal.field ? { [refusal.field]: refusal.message } : ({} as Record<string, string>) }, { status: statusOf(refusal) });
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Quote ${data?.quote.number ?? ""} · Wholesale · Kriya` }];

const statusLine: Record<string, string> = {
  requested: "We are pricing your request. You'll have an email when it is ready.",
  priced: "We are pricing your request. You'll have an email when it is ready.",
  changes_requested: "You asked for changes: we are pricing a new version.",
  sent: "Ready for your answer.",
  accepted: "You accepted this quote.",
  declined: "You declined this quote.",
  expired: "This quote has expired. Write to us below and we'll gladly price it again.",
};

function LinesTable({ caption, lines }: { caption: string; lines: { sku: string; title: string; quantity: number; unitPrice: string | null; lineTotal?: string | null }[] }) {
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table className="quote-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Qty</th>
            <th scope="col">Unit</th>
            {lines.some((l) => l.lineTotal !== undefined) ? <th scope="col">Total</th> : null}
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.sku}>
              <th scope="row">
                {line.title}
                <br />
                <span className="muted">{line.sku}</span>
              </th>
              <td>{line.quantity}</td>
              <td>{line.unitPrice ?? "–"}</td>
              {line.lineTotal !== undefined ? <td>{line.lineTotal ?? "–"}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function ImporterQuote() {
  const { flash, quote, subtotal, freight, total, deposit, depositPercent, lines, versions, thread, canAnswer } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const changesError = result?.intent === "request_changes" ? result.fields.message : undefined;
  const messageError = result?.intent === "message" ? result.fields.message : undefined;
  const priced = total !== null;
  // The version shown above is not repeated among the earlier ones.
  const earlier = versions.filter((v) => !priced || v.version !== quote.version);
  return (
    <div className="page narrow quote-page">
      <p className="eyebrow">
        <Link to="/wholesale/quotes">Your quotes</Link>
      </p>
      <h1 className="page-title">Quote {quote.number}</h1>
      <p className="lede">{statusLine[quote.status]}</p>
      {flash && !result ? (
        <p className={flash.ok ? "notice" : "notice notice-error"} role={flash.ok ? "status" : "alert"}>
          {flash.message}
        </p>
      ) : null}
      {result ? (
        <p className="notice notice-error" role="alert">
          {result.message}
        </p>
      ) : null}
      <dl className="order-facts">
        <dt>Terms</dt>
        <dd>{quote.incoterm === "CIF" ? `CIF ${quote.destinationPort}` : "FOB Jakarta (Tanjung Priok)"}</dd>
        <dt>Asked</dt>
        <dd>{quote.createdAt}</dd>
        {priced ? (
          <>
            <dt>Version</dt>
            <dd>{quote.version}</dd>
            <dt>Valid until</dt>
            <dd>{quote.validUntil}</dd>
            <dt>Lead time</dt>
            <dd>About {quote.leadTimeDays} days after your deposit</dd>
          </>
        ) : null}
        {quote.importerNotes ? (
          <>
            <dt>Your notes</dt>
            <dd style={{ whiteSpace: "pre-line" }}>{quote.importerNotes}</dd>
          </>
        ) : null}
      </dl>

      <section aria-labelledby="lines-heading" className="quote-section">
        <h2 id="lines-heading">{priced ? `Version ${quote.version}` : "What you asked for"}</h2>
        <LinesTable caption="Quote lines" lines={lines} />
        {priced ? (
          <dl className="quote-totals">
            <dt>Subtotal</dt>
            <dd>{subtotal}</dd>
            <dt>{quote.incoterm === "CIF" ? `Freight to ${quote.destinationPort}` : "Freight"}</dt>
            <dd>{quote.incoterm === "CIF" ? freight : "none (FOB)"}</dd>
            <dt>Total</dt>
            <dd>
              <strong>{total}</strong>
            </dd>
            <dt>Deposit due on acceptance ({depositPercent}%)</dt>
            <dd>{deposit}</dd>
          </dl>
        ) : (
          <p className="muted">Being priced: prices appear here once we send the quote.</p>
        )}
        {priced && ["sent", "accepted"].includes(quote.status) ? (
          <p>
            <a href={`/wholesale/quotes/${quote.number}/proforma.pdf`} className="button button-ghost">
              Proforma invoice (PDF)
            </a>
          </p>
        ) : null}
      </section>

      {canAnswer ? (
        <section aria-labelledby="answer-heading" className="quote-section quote-answer">
          <h2 id="answer-heading">Your answer</h2>
          <Form method="post" aria-label="Accept the quote">
            <input type="hidden" name="intent" value="accept" />
            <p>
              Accepting places the order for {total}. We then ask for the {depositPercent}% deposit of {deposit}, and half of each group's share goes to the makers
              before they begin.
            </p>
            <button type="submit" className="button">
              Accept quote
            </button>
          </Form>
          <Form method="post" aria-label="Ask for changes" className="stacked-form">
            <input type="hidden" name="intent" value="request_changes" />
            <div className="form-field">
              <label htmlFor="changes-message">What would you like changed?</label>
              <textarea id="changes-message" name="message" rows={3} required maxLength={4000} aria-invalid={changesError ? true : undefined} aria-describedby={changesError ? "changes-message-error" : undefined} />
              {changesError ? (
                <ul id="changes-message-error" className="field-errors" role="list">
                  <li>{changesError}</li>
                </ul>
              ) : null}
            </div>
            <button type="submit" className="button button-ghost">
              Ask for changes
            </button>
          </Form>
          <Form method="post" aria-label="Decline the quote" className="stacked-form">
            <input type="hidden" name="intent" value="decline" />
            <div className="form-field">
              <label htmlFor="decline-message">Why not? (optional)</label>
              <textarea id="decline-message" name="message" rows={2} maxLength={4000} />
            </div>
            <button type="submit" className="button button-danger">
              Decline
            </button>
          </Form>
        </section>
      ) : null}

      {earlier.length ? (
        <section aria-labelledby="versions-heading" className="quote-section">
          <h2 id="versions-heading">Earlier versions</h2>
          {[...earlier].reverse().map((v) => (
            <details key={v.version} className="quote-version">
              <summary>
                Version {v.version}: {v.total}, valid until {v.validUntil}
              </summary>
              <LinesTable caption={`Lines of version ${v.version}`} lines={v.lines} />
              <p>
                Freight {v.freight} · total <strong>{v.total}</strong> · lead time {v.leadTimeDays} days
              </p>
            </details>
          ))}
        </section>
      ) : null}

      <section aria-labelledby="thread-heading" className="quote-section">
        <h2 id="thread-heading">Messages</h2>
        <ol className="quote-thread">
          {thread.map((event) => (
            <li key={event.id} className={`quote-event quote-event-${event.party}`}>
              <p className="quote-event-meta">
                <strong>{event.who}</strong> · {event.kind.replace("_", " ")}
                {event.version && event.kind !== "message" ? ` · version ${event.version}` : ""} · <span className="muted">{event.createdAt}</span>
              </p>
              {event.message ? <p className="quote-event-message">{event.message}</p> : null}
            </li>
          ))}
        </ol>
        <Form method="post" aria-label="Write to Kriya" className="stacked-form">
          <input type="hidden" name="intent" value="message" />
          <div className="form-field">
            <label htmlFor="importer-message">Message to the Kriya export team</label>
            <textarea id="importer-message" name="message" rows={3} required maxLength={4000} aria-invalid={messageError ? true : undefined} aria-describedby={messageError ? "importer-message-error" : undefined} />
            {messageError ? (
              <ul id="importer-message-error" className="field-errors" role="list">
                <li>{messageError}</li>
              </ul>
            ) : null}
          </div>
          <button type="submit" className="button button-small">
            Send message
          </button>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
