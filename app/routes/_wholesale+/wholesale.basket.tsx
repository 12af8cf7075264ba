import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import wholesaleStyles from "~/styles/wholesale-catalogue.css?url";
import { PhotoPlaceholder, Picture } from "~/components/ui/picture";
import { FlashNotice, LeadTimeNote, orderRules, usd, WholesaleNav } from "~/components/wholesale/catalogue-ui";
import { drainOutboxSoon } from "~/models/platform/outbox-handlers.server";
import { getBasket, setBasketQuantities } from "~/models/wholesale/basket.server";
import { requestQuote } from "~/models/wholesale/quote-request.server";
import { MAX_QUOTE_NOTES } from "~/domain/wholesale/quote-request";
import { readFlash } from "~/utils/cookies.server";
import { publicOrigin } from "~/utils/env.server";
import { parseAdminForm, readForm, redirectWithNotice } from "~/web/admin-form.server";
import { requireImporter } from "~/web/importer.server";
import { asRefusal, statusOf } from "~/web/refusal.server";
import { quantityRows, toQuantities } from "./basket-forms";
import { MAX_ROW_ID } from "~/domain/platform/row-id";

const basketSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("update"), quantities: quantityRows }),
  z.object({ intent: z.literal("remove"), variantId: z.number({ error: "That piece is not known. Reload the page and try again." }).int().positive().max(MAX_ROW_ID, "That piece is not known. Reload the page and try again.") }),
  // The terms are checked by requestQuote with the quote's own schema, so the message is the same everywhere.
  z.object({
    intent: z.literal("request"),
    incoterm: z.string().optional(),
    destinationPort: z.string().max(120, "A port name is at most 120 characters").optional(),
    notes: z.string().max(MAX_QUOTE_NOTES, "Keep the notes under 2,000 characters").optional(),
  }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  const { importer } = await requireImporter(request);
  const [basket, { flash, clear }] = await Promise.all([getBasket(getDb(), { importerId: importer.id }), readFlash(request)]);
  return data({ basket, flash, companyName: importer.companyName }, { headers: { "Cache-Control": "private, no-store", ...(clear ? { "Set-Cookie": clear } : {}) } });
}

type Reply = { intent: string; message: string; items?: readonly string[]; fields: Record<string, string>; values?: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const { user, importer } = await requireImporter(request);
  const formData = await readForm(request);
  const values = { incoterm: String(formData.get("incoterm") ?? ""), destinationPort: String(formData.get("destinationPort") ?? ""), notes: String(formData.get("notes") ?? "") };
  const submission = parseAdminForm(formData, basketSchema);
  if (submission.status !== "success") {
    const fields = Object.fromEntries(Object.entries(submission.error ?? {}).flatMap(([k, v]) => (v?.length ? [[k, v[0]!]] : [])));
    return data<Reply>({ intent: String(submission.payload.intent), message: Object.values(fields)[0] ?? "Check the form and try again.", fields, values }, { status: 400 });
  }
  const db = getDb();
  const input = submission.value;
  try {
    if (input.intent === "update") {
      await setBasketQuantities(db, { importerId: importer.id, quantities: toQuantities(input.quantities) });
      return redirectWithNotice("/wholesale/basket", "Quantities updated.");
    }
    if (input.intent === "remove") {
      await setBasketQuantities(db, { importerId: importer.id, quantities: [{ variantId: input.variantId, quantity: 0 }] });
      return redirectWithNotice("/wholesale/basket", "Removed from your quote basket.");
    }
    const { number } = await requestQuote(db, {
      importerId: importer.id,
      userId: user.id,
      incoterm: input.incoterm,
      destinationPort: input.destinationPort,
      notes: input.notes ?? "",
      origin: publicOrigin(),
    });
    drainOutboxSoon(db);
    return redirectWithNotice(`/wholesale/quotes/${number}`, `Quote ${number} is requested. We'll price it and email you, usually within two working days.`);
  } catch (error) {
    const refusal = asRefusal(error);
    return data<Reply>({ intent: input.intent, message: refusal.message, items: refusal.details.items, fields: refusal.field ? { [refusal.field]: refusal.message } : {}, values }, { status: statusOf(refusal) });
  }
}

export const links: LinksFunction = () => [{ rel: "stylesheet", href: wholesaleStyles }];

export const meta: MetaFunction = () => [{ title: "Quote basket · Wholesale · Kriya" }];

export default function WholesaleBasket() {
  const { basket, flash } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const incoterm = result?.values?.incoterm || "FOB";
  const requestErrors = result?.intent === "request" ? result : null;
  const updateErrors = result?.intent === "update" || result?.intent === "remove" ? result : null;
  const productOf = new Map(basket.products.map((p) => [p.productId, p]));
  const groups = basket.products.map((p) => ({ product: p, lines: basket.lines.filter((l) => l.productId === p.productId) }));
  const gone = basket.lines.filter((l) => !l.offered);
  let row = 0;
  return (
    <div className="page wholesale-page">
      <WholesaleNav basketCount={basket.pieceCount} />
      <FlashNotice flash={flash} />
      <h1 className="page-title">Your quote basket</h1>
      {basket.lines.length === 0 ? (
        <div className="empty-state">
          <h2>Nothing here yet</h2>
          <p>Add pieces from the catalogue, mixing colours and sizes to fill cartons. Then ask us for a quote.</p>
          <Link to="/wholesale" className="button">
            Browse the wholesale catalogue
          </Link>
        </div>
      ) : (
        <div className="cart-layout">
          <section aria-labelledby="basket-lines-title">
            <h2 id="basket-lines-title" className="visually-hidden">
              Pieces
            </h2>
            {updateErrors ? (
              <p className="notice notice-error" role="alert">
                {updateErrors.message}
              </p>
            ) : null}
            <Form method="post" id="basket-update" aria-label="Update quantities">
              <input type="hidden" name="intent" value="update" />
            </Form>
            {groups.map(({ product, lines }) => (
              <section key={product.productId} className="basket-product" aria-labelledby={`basket-product-${product.productId}`}>
                <div className="basket-product-head">
                  <h3 id={`basket-product-${product.productId}`}>
                    <Link to={`/wholesale/products/${product.slug}`}>{product.title}</Link>
                  </h3>
                  <p className="muted small">
                    {product.totalQuantity} pieces · {orderRules(product)}
                  </p>
                  {product.problem ? (
                    <p className="notice notice-error small" id={`product-${product.productId}-problem`}>
                      {product.problem}
                    </p>
                  ) : (
                    <p className="basket-ok small">Meets the minimum in whole cartons.</p>
                  )}
                </div>
                <ul className="cart-lines">
                  {lines.map((line) => {
                    const index = row++;
                    const error = updateErrors?.fields[`quantities[${index}].quantity`] ?? updateErrors?.fields[`quantity-${line.variantId}`];
                    const label = `Quantity of ${line.productTitle}${line.variantTitle ? `, ${line.variantTitle}` : ""}`;
                    return (
                      <li key={line.variantId} className="cart-line">
                        <div className="cart-line-image">{line.image ? <Picture image={line.image} sizes="88px" alt="" /> : <PhotoPlaceholder />}</div>
                        <div className="cart-line-info">
                          <p>
                            <strong>{line.variantTitle || line.productTitle}</strong>
                          </p>
                          <p className="muted small">
                            {line.sku} · {line.unitPriceMinor ? `${usd(line.unitPriceMinor)} each` : "below the lowest tier"}
                          </p>
                        </div>
                        <div className="cart-line-actions">
                          <input type="hidden" form="basket-update" name={`quantities[${index}].variantId`} value={line.variantId} />
                          <label className="visually-hidden" htmlFor={`basket-qty-${line.variantId}`}>
                            {label}
                          </label>
                          <input
                            id={`basket-qty-${line.variantId}`}
                            className="basket-qty"
                            form="basket-update"
                            name={`quantities[${index}].quantity`}
                            type="number"
                            min={0}
                            max={100000}
                            step={1}
                            inputMode="numeric"
                            defaultValue={line.quantity}
                            aria-invalid={error ? true : undefined}
                            aria-describedby={error ? `basket-qty-${line.variantId}-error` : productOf.get(line.productId)?.problem ? `product-${line.productId}-problem` : undefined}
                          />
                          <Form method="post" className="cart-line-remove">
                            <input type="hidden" name="intent" value="remove" />
                            <input type="hidden" name="variantId" value={line.variantId} />
                            <button type="submit" className="text-button" aria-label={`Remove ${line.productTitle}${line.variantTitle ? `, ${line.variantTitle}` : ""}`}>
                              Remove
                            </button>
                          </Form>
                          {error ? (
                            <span className="field-error" id={`basket-qty-${line.variantId}-error`}>
                              {error}
                            </span>
                          ) : null}
                        </div>
                        <p className="cart-line-total">{line.lineTotalMinor !== null ? usd(line.lineTotalMinor) : "—"}</p>
                      </li>
                    );
                  })}
                </ul>
              </section>
            ))}
            {gone.length ? (
              <p className="notice notice-error">
                No longer offered: {gone.map((l) => `${l.productTitle}${l.variantTitle ? ` (${l.variantTitle})` : ""}`).join(", ")}. Remove {gone.length === 1 ? "it" : "them"} before asking for a quote.
              </p>
            ) : null}
            <button type="submit" form="basket-update" className="button button-ghost">
              Update quantities
            </button>
          </section>

          <aside className="cart-summary" aria-labelledby="request-title">
            <h2 id="request-title">Ask for a quote</h2>
            <dl className="totals">
              <div>
                <dt>Pieces</dt>
                <dd>{basket.pieceCount.toLocaleString("en-US")}</dd>
              </div>
              <div className="total">
                <dt>Subtotal (indicative)</dt>
                <dd>{usd(basket.subtotalMinor)}</dd>
              </div>
            </dl>
            <p className="muted small">Indicative: staff confirm prices in the quote. Tier prices count each product's colours and sizes together.</p>
            <LeadTimeNote leadTime={basket.leadTime} />
            <Form method="post" className="stacked-form" aria-label="Ask for a quote">
              <input type="hidden" name="intent" value="request" />
              {requestErrors ? (
                <div className="notice notice-error" role="alert">
                  <p>{requestErrors.message}</p>
                  {requestErrors.items && requestErrors.items.length > 1 ? (
                    <ul>
                      {requestErrors.items.map((item) => (
                        <li key={item}>{item}</li>
                      ))}
                    </ul>
                  ) : null}
                </div>
              ) : null}
              <fieldset className="incoterm-choice" aria-describedby={requestErrors?.fields.incoterm ? "incoterm-error" : undefined}>
                <legend>Delivery terms</legend>
                <label className="check">
                  <input type="radio" name="incoterm" value="FOB" defaultChecked={incoterm === "FOB"} /> FOB Jakarta (Tanjung Priok)
                </label>
                <label className="check">
                  <input type="radio" name="incoterm" value="CIF" defaultChecked={incoterm === "CIF"} /> CIF to your port
                </label>
                {requestErrors?.fields.incoterm ? (
                  <span className="field-error" id="incoterm-error">
                    {requestErrors.fields.incoterm}
                  </span>
                ) : null}
              </fieldset>
              <label htmlFor="destination-port">
                Destination port (for CIF)
                <input
                  id="destination-port"
                  name="destinationPort"
                  type="text"
                  maxLength={120}
                  defaultValue={result?.values?.destinationPort ?? ""}
                  placeholder="e.g. Oslo, Hamburg, Rotterdam"
                  aria-invalid={requestErrors?.fields.destinationPort ? true : undefined}
                  aria-describedby={requestErrors?.fields.destinationPort ? "destination-port-error" : undefined}
                />
              </label>
              {requestErrors?.fields.destinationPort ? (
                <span className="field-error" id="destination-port-error">
                  {requestErrors.fields.destinationPort}
                </span>
              ) : null}
              <label htmlFor="quote-notes">
                Notes (optional)
                <textarea id="quote-notes" name="notes" rows={4} maxLength={MAX_QUOTE_NOTES} defaultValue={result?.values?.notes ?? ""} placeholder="Labels, packing, a date you need the goods by…" />
              </label>
              {requestErrors?.fields.notes ? <span className="field-error">{requestErrors.fields.notes}</span> : null}
              <button type="submit" className="button checkout-button">
                Ask for the quote
              </button>
            </Form>
          </aside>
        </div>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
