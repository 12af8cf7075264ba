import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { RecordHeading } from "~/components/admin/record-heading";
import { TableScroll } from "~/components/admin/table-scroll";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { formatMoney, formatMoneyInput, money, parseMoneyInput } from "~/domain/money/money";
import { normaliseReferenceCode, quoteNumberPattern } from "~/domain/platform/reference-code";
import { drainOutboxSoon } from "~/models/platform/outbox-handlers.server";
import { expireLapsedQuotes, getQuoteForStaff, postQuoteMessage, priceQuote, sendQuote } from "~/models/wholesale/quotes.server";
import { publicOrigin } from "~/utils/env.server";
import { actorOf, fieldMessages, parseAdminForm, readForm, redirectWithNotice } from "~/web/admin-form.server";
import { requireRole } from "~/web/auth.server";
import { asRefusal, notFound, statusOf } from "~/web/refusal.server";
import { MAX_ROW_ID } from "~/domain/platform/row-id";

const numberOf = (value: string | undefined) => normaliseReferenceCode(value, quoteNumberPattern) ?? notFound("We couldn't find that quote.");
const usd = (amountMinor: number | null) => (amountMinor === null ? null : formatMoney(money(amountMinor, "USD")));
const stamp = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, ["staff", "admin"]);
  const number = numberOf(params.number);
  const db = getDb();
  // A lapsed quote never shows as sent between the hourly expiry runs.
  await expireLapsedQuotes(db, { number, origin: publicOrigin() });
  const view = await getQuoteForStaff(db, { number });
  if (!view) notFound("We couldn't find that quote.");
  const { quote } = view;
  const suggestedDays = view.suggestedLeadTime.kind === "days" ? view.suggestedLeadTime.days : null;
  return {
    quote: { ...quote, createdAt: stamp(quote.createdAt), sentAt: quote.sentAt ? stamp(quote.sentAt) : null, updatedAt: null, respondedAt: null },
    importer: view.importer,
    rate: view.perUsdMicros ? Math.round(view.perUsdMicros / 1_000_000) : null,
    lines: view.lines.map((line) => ({
      id: line.id,
      sku: line.sku,
      title: line.title,
      producerName: line.producerName,
      quantity: line.quantity,
      priceInput: line.unitPriceMinor !== null ? formatMoneyInput(line.unitPriceMinor, "USD") : line.tierPriceMinor !== null ? formatMoneyInput(line.tierPriceMinor, "USD") : "",
      tierPrice: usd(line.tierPriceMinor),
      producerCost: formatMoney(money(line.producerCostMinor, line.producerCurrency)),
      costUsd: usd(line.costUsdMinor),
      margin: usd(line.marginMinor),
      marginPercent: line.marginPercent,
      belowCost: line.belowCost,
      belowCostReason: line.belowCostReason,
      lineTotal: line.unitPriceMinor !== null ? usd(line.unitPriceMinor * line.quantity) : null,
    })),
    margin: { amount: usd(view.margin.marginMinor), percent: view.margin.marginPercent },
    suggestedDays,
    leadTimeExplanation: view.suggestedLeadTime.explanation,
    versions: view.versions.map((v) => ({ ...v, createdAt: stamp(v.createdAt), subtotal: usd(v.subtotalMinor), freight: usd(v.freightMinor), total: usd(v.totalMinor) })),
    thread: view.thread.map((event) => ({ ...event, createdAt: stamp(event.createdAt) })),
    pricedVersion: view.pricedVersion,
    canPrice: ["requested", "changes_requested", "priced", "sent"].includes(quote.status),
    total: usd(quote.totalMinor),
    subtotal: usd(quote.subtotalMinor),
    freight: usd(quote.freightMinor),
  };
}

const intentSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("price"),
    expectedVersion: z.number({ message: "Reload the page and try again" }).int().min(0),
    freight: z.string().trim().max(20).optional(),
    validUntil: z.string({ message: "Set a validity date" }).trim(),
    leadTimeDays: z.number({ message: "A lead time is a whole number of days" }).int("A lead time is a whole number of days").min(1, "A lead time is at least one day").max(730, "A lead time is at most 730 days"),
    staffNotes: z.string().trim().max(4000, "Keep the staff notes under 4,000 characters").optional(),
    lines: z
      .array(
        z.object({
          lineId: z.number().int().positive().max(MAX_ROW_ID),
          price: z.string({ message: "Enter a price" }).trim().max(20),
          confirmBelowCost: z.boolean().optional(),
          belowCostReason: z.string().trim().max(500, "Keep the reason under 500 characters").optional(),
        }),
      )
      .min(1),
  }),
  z.object({ intent: z.literal("send") }),
  z.object({ intent: z.literal("message"), message: z.string({ message: "Write a message" }).trim().min(1, "Write a message").max(4000, "Keep the message under 4,000 characters") }),
]);

type Reply = { intent: string; message: string; fields: Record<string, string>; values: Record<string, string> };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["staff", "admin"]);
  const number = numberOf(params.number);
  const form = await readForm(request);
  const values = Object.fromEntries([...form.entries()].flatMap(([key, value]) => (typeof value === "string" ? [[key, value]] : [])));
  const refuse = (intent: string, message: string, fields: Record<string, string>, status: number) => data<Reply>({ intent, message, fields, values }, { status });
  const submission = parseAdminForm(form, intentSchema);
  if (submission.status !== "success") return refuse(String(submission.payload.intent), "Check the form and try again.", fieldMessages(submission.error), 400);
  const input = submission.value;
  const db = getDb();
  const actor = actorOf(user, context);
  try {
    if (input.intent === "price") {
      const priced: { lineId: number; unitPriceMinor: number; confirmBelowCost?: boolean; belowCostReason?: string }[] = [];
      const fields: Record<string, string> = {};
      for (const line of input.lines) {
        try {
          priced.push({ lineId: line.lineId, unitPriceMinor: parseMoneyInput(line.price, "USD"), confirmBelowCost: line.confirmBelowCost, belowCostReason: line.belowCostReason });
        } catch (error) {
          fields[`price-${line.lineId}`] = error instanceof RangeError ? error.message : "Enter a price like 24.50";
        }
      }
      let freightMinor: number | null = null;
      try {
        freightMinor = input.freight ? parseMoneyInput(input.freight, "USD") : null;
      } catch (error) {
        fields.freight = error instanceof RangeError ? error.message : "Enter freight like 450.00";
      }
      if (Object.keys(fields).length) return refuse("price", "Check the prices and try again.", fields, 400);
      const result = await priceQuote(db, { number, actor, expectedVersion: input.expectedVersion, lines: priced, freightMinor, validUntil: input.validUntil, leadTimeDays: input.leadTimeDays, staffNotes: input.staffNotes ?? "" });
      return redirectWithNotice(`/admin/quotes/${number}`, `Saved as version ${result.version}. Send it when it is ready.`);
    }
    if (input.intent === "send") {
      const sent = await sendQuote(db, { number, actor, origin: publicOrigin() });
      drainOutboxSoon(db);
      return redirectWithNotice(`/admin/quotes/${number}`, `Version ${sent.version} is sent: the importer has an email with a link to it.`);
    }
    await postQuoteMessage(db, { number, party: "staff", userId: user.id, message: input.message, origin: publicOrigin(), ip: actor.ip });
    drainOutboxSoon(db);
    return redirectWithNotice(`/admin/quotes/${number}#thread`, "Message sent to the importer.");
  } catch (error) {
    const refusal = asRefusal(error);
    return refuse(input.intent, refusal.message, refusal.field ? { [refusal.field]: refusal.message } : {}, statusOf(refusal));
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.quote.number ?? "Quote"} · Quotes · Back office · Kriya` }];

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <ul id={id} className="field-errors" role="list">
      <li>{message}</li>
    </ul>
  ) : null;
}

export default function AdminQuote() {
  const { quote, importer, rate, lines, margin, suggestedDays, leadTimeExplanation, versions, thread, pricedVersion, canPrice, total, subtotal, freight } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const priceResult = result?.intent === "price" ? result : undefined;
  const posted = (name: string, fallback: string) => priceResult?.values[name] ?? fallback;
  const err = (name: string) => priceResult?.fields[name];
  const cif = quote.incoterm === "CIF";
  return (
    <>
      <RecordHeading
        back={{ to: "/admin/quotes", label: "Quotes" }}
        title={quote.number}
        status={{
          label: quote.status.replace("_", " "),
          tone: quote.status === "requested" || quote.status === "changes_requested" ? "warn" : quote.status === "sent" || quote.status === "accepted" ? "ok" : "plain",
        }}
        extra={pricedVersion > 0 ? <span className="muted">version {quote.version}</span> : null}
        refusal={result?.message}
      />
      <section className="admin-card" aria-labelledby="request-heading">
        <h2 id="request-heading">Request</h2>
        <dl className="order-facts">
          <dt>Importer</dt>
          <dd>
            {importer.companyName} ({importer.country}), {importer.contactName} <a href={`mailto:${importer.contactEmail}`}>{importer.contactEmail}</a>
          </dd>
          <dt>Terms</dt>
          <dd>{cif ? `CIF ${quote.destinationPort}` : "FOB Jakarta (Tanjung Priok)"}</dd>
          <dt>Deposit</dt>
          <dd>{importer.depositPercent}% on acceptance</dd>
          <dt>Asked</dt>
          <dd>{quote.createdAt}</dd>
          <dt>Importer's notes</dt>
          <dd style={{ whiteSpace: "pre-line" }}>{quote.importerNotes || "none"}</dd>
          {total ? (
            <>
              <dt>Current total</dt>
              <dd>
                {total} ({subtotal} + freight {freight}), valid until {quote.validUntil}, lead time {quote.leadTimeDays} days
              </dd>
              <dt>Margin</dt>
              <dd>{margin.amount ? `${margin.amount} (${margin.percent}%)` : "unknown: set the IDR rate"}</dd>
            </>
          ) : null}
        </dl>
        {["priced", "sent", "accepted"].includes(quote.status) ? (
          <p>
            <a href={`/admin/quotes/${quote.number}/proforma.pdf`} className="button button-small button-ghost">
              Proforma invoice (PDF)
            </a>
          </p>
        ) : null}
      </section>

      <section className="admin-card" aria-labelledby="pricing-heading">
        <h2 id="pricing-heading">Pricing</h2>
        <p className="muted">
          Prices start from the tier price for each product's total. Producer cost is converted at the stored rate
          {rate ? ` (Rp ${rate.toLocaleString("id-ID")} per US$1)` : ": no IDR rate is set, so margins can't be shown"}. Margins update after each save.
        </p>
        <Form method="post" aria-label="Price the quote" className="admin-form quote-pricing" key={`${pricedVersion}-${result ? "r" : ""}`}>
          <input type="hidden" name="intent" value="price" />
          <input type="hidden" name="expectedVersion" value={pricedVersion} />
          <TableScroll label="Lines to price">
            <table className="admin-table">
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Qty</th>
                  <th scope="col">Tier price</th>
                  <th scope="col">Producer cost</th>
                  <th scope="col">Unit price (US$)</th>
                  <th scope="col">Margin</th>
                  <th scope="col">Below cost</th>
                </tr>
              </thead>
              <tbody>
                {lines.map((line, i) => (
                  <tr key={line.id} className={line.belowCost ? "quote-line-below-cost" : undefined}>
                    <th scope="row">
                      {line.title}
                      <br />
                      <span className="muted">
                        {line.sku} · {line.producerName}
                      </span>
                      <input type="hidden" name={`lines[${i}].lineId`} value={line.id} />
                    </th>
                    <td>{line.quantity}</td>
                    <td>{line.tierPrice ?? <span className="muted">no tier</span>}</td>
                    <td>
                      {line.producerCost}
                      <br />
                      <span className="muted">{line.costUsd ? `≈ ${line.costUsd}` : "no rate"}</span>
                    </td>
                    <td>
                      <label className="visually-hidden" htmlFor={`price-${line.id}`}>
                        Unit price for {line.sku} in US$
                      </label>
                      <input
                        id={`price-${line.id}`}
                        name={`lines[${i}].price`}
                        inputMode="decimal"
                        size={8}
                        defaultValue={posted(`lines[${i}].price`, line.priceInput)}
                        required
                        disabled={!canPrice}
                        aria-invalid={err(`price-${line.id}`) ? true : undefined}
                        aria-describedby={err(`price-${line.id}`) ? `price-${line.id}-error` : undefined}
                      />
                      <FieldError id={`price-${line.id}-error`} message={err(`price-${line.id}`)} />
                    </td>
                    <td>{line.margin ? `${line.margin} (${line.marginPercent}%)` : "–"}</td>
                    <td>
                      <label className="quote-below-cost">
                        <input type="checkbox" name={`lines[${i}].confirmBelowCost`} defaultChecked={posted(`lines[${i}].confirmBelowCost`, line.belowCostReason ? "on" : "") === "on"} disabled={!canPrice} /> Price below cost
                      </label>
                      <label className="visually-hidden" htmlFor={`reason-${line.id}`}>
                        Reason for pricing {line.sku} below cost
                      </label>
                      <input
                        id={`reason-${line.id}`}
                        name={`lines[${i}].belowCostReason`}
                        placeholder="Reason (sample, clearance…)"
                        maxLength={500}
                        defaultValue={posted(`lines[${i}].belowCostReason`, line.belowCostReason)}
                        disabled={!canPrice}
                        aria-invalid={err(`reason-${line.id}`) ? true : undefined}
                        aria-describedby={err(`reason-${line.id}`) ? `reason-${line.id}-error` : undefined}
                      />
                      <FieldError id={`reason-${line.id}-error`} message={err(`reason-${line.id}`)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <div className="field">
            <label htmlFor="freight">{cif ? `Freight to ${quote.destinationPort} (US$)` : "Freight (FOB: none)"}</label>
            <input id="freight" name="freight" inputMode="decimal" defaultValue={posted("freight", quote.freightMinor !== null && cif ? formatMoneyInput(quote.freightMinor, "USD") : "")} disabled={!cif || !canPrice} required={cif} aria-invalid={err("freight") ? true : undefined} aria-describedby={err("freight") ? "freight-error" : undefined} />
            <FieldError id="freight-error" message={err("freight")} />
          </div>
          <div className="field">
            <label htmlFor="validUntil">Valid until</label>
            <input id="validUntil" name="validUntil" type="date" required defaultValue={posted("validUntil", quote.validUntil ?? "")} disabled={!canPrice} aria-invalid={err("validUntil") ? true : undefined} aria-describedby={err("validUntil") ? "validUntil-error" : undefined} />
            <FieldError id="validUntil-error" message={err("validUntil")} />
          </div>
          <div className="field">
            <label htmlFor="leadTimeDays">Lead time (days)</label>
            <input id="leadTimeDays" name="leadTimeDays" type="number" min={1} max={730} step={1} required defaultValue={posted("leadTimeDays", String(quote.leadTimeDays ?? suggestedDays ?? ""))} disabled={!canPrice} aria-invalid={err("leadTimeDays") ? true : undefined} aria-describedby="leadTimeDays-hint" />
            <p id="leadTimeDays-hint" className="field-hint">
              {leadTimeExplanation}
            </p>
            <FieldError id="leadTimeDays-error" message={err("leadTimeDays")} />
          </div>
          <div className="field field-wide">
            <label htmlFor="staffNotes">Staff notes (internal)</label>
            <textarea id="staffNotes" name="staffNotes" rows={2} maxLength={4000} defaultValue={posted("staffNotes", quote.staffNotes)} disabled={!canPrice} />
          </div>
          {canPrice ? (
            <button type="submit" className="button">
              Save as new version
            </button>
          ) : (
            <p className="muted">This quote is {quote.status.replace("_", " ")}: it can no longer be priced.</p>
          )}
        </Form>
        {quote.status === "priced" ? (
          <Form method="post" aria-label="Send to importer" className="quote-send">
            <input type="hidden" name="intent" value="send" />
            <p className="muted">
              Sends version {quote.version} ({total}) to {importer.contactEmail}.
            </p>
            <button type="submit" className="button">
              Send to importer
            </button>
          </Form>
        ) : null}
      </section>

      {versions.length ? (
        <section className="admin-card" aria-labelledby="versions-heading">
          <h2 id="versions-heading">Versions</h2>
          {[...versions].reverse().map((v) => (
            <details key={v.version} className="quote-version">
              <summary>
                Version {v.version}: {v.total}, valid until {v.validUntil}, {v.leadTimeDays} days <span className="muted">({v.createdAt})</span>
              </summary>
              <TableScroll label={`Lines of version ${v.version}`}>
                <table className="admin-table">
                  <thead>
                    <tr>
                      <th scope="col">SKU</th>
                      <th scope="col">Item</th>
                      <th scope="col">Qty</th>
                      <th scope="col">Unit</th>
                      <th scope="col">Below cost because</th>
                    </tr>
                  </thead>
                  <tbody>
                    {v.lines.map((line) => (
                      <tr key={line.variantId}>
                        <td>{line.sku}</td>
                        <td>{line.title}</td>
                        <td>{line.quantity}</td>
                        <td>{usd(line.unitPriceMinor)}</td>
                        <td>{line.belowCostReason ?? ""}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
              <p>
                Subtotal {v.subtotal} · freight {v.freight} · total <strong>{v.total}</strong>
              </p>
            </details>
          ))}
        </section>
      ) : null}

      <section className="admin-card" aria-labelledby="thread" id="thread-section">
        <h2 id="thread">Thread</h2>
        <ol className="quote-thread">
          {thread.map((event) => (
            <li key={event.id} className={`quote-event quote-event-${event.party}`}>
              <p className="quote-event-meta">
                <strong>{event.party === "system" ? "Kriya" : (event.userName ?? event.party)}</strong> · {event.kind.replace("_", " ")}
                {event.version ? ` · v${event.version}` : ""} · <span className="muted">{event.createdAt}</span>
              </p>
              {event.message ? <p className="quote-event-message">{event.message}</p> : null}
            </li>
          ))}
        </ol>
        <Form method="post" aria-label="Write to the importer" className="admin-form">
          <input type="hidden" name="intent" value="message" />
          <div className="field field-wide">
            <label htmlFor="staff-message">Message to the importer</label>
            <textarea id="staff-message" name="message" rows={3} required maxLength={4000} aria-invalid={result?.intent === "message" ? true : undefined} />
          </div>
          <button type="submit" className="button button-small">
            Send message
          </button>
        </Form>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
