import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { CONFIRM_CHANGE_PERCENT, confirmationToken, formatRateInput, isRateCurrency, parseRateInput, rateCurrencies, type RateChange, type RateCurrency } from "~/domain/money/exchange-rate";
import { formatRateMicros } from "~/domain/money/money";
import { listExchangeRates, updateExchangeRates } from "~/models/payments/rates.server";
import { getDb } from "~db/client.server";
import { clearCatalogCache } from "~/utils/catalog-cache.server";
import { actorOf, fieldMessages, parseAdminForm, readForm } from "~/web/admin-form.server";
import { requireRole } from "~/web/auth.server";
import { asRefusal } from "~/web/refusal.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["staff"]);
  const rates = await listExchangeRates(getDb());
  return { rates: rates.map((r) => ({ ...r, text: isRateCurrency(r.currency) ? formatRateInput(r.perUsdMicros, r.currency) : formatRateMicros(r.perUsdMicros) })) };
}

/** A rate as typed ("16.250", "0,92"), read by the currency's own rule; conform hands an empty field over as missing. */
const rateField = (currency: RateCurrency) =>
  z
    .string()
    .optional()
    .transform((text, ctx) => {
      const reading = parseRateInput(text ?? "", currency);
      if (reading.ok) return reading.micros;
      ctx.addIssue({ code: "custom", message: reading.message });
      return z.NEVER;
    });
const ratesSchema = z
  .object({ confirm: z.array(z.string()).default([]) })
  .extend(Object.fromEntries(rateCurrencies.map((currency) => [currency, rateField(currency)])) as Record<RateCurrency, ReturnType<typeof rateField>>);

type Result = { ok: boolean; message: string; errors: Record<string, string>; values?: Record<string, string>; confirm: (RateChange & { token: string })[] };

/** One bad field rejects the whole form and nothing is saved; so does a big change until it is confirmed. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["staff"]);
  const form = await readForm(request);
  const values = Object.fromEntries(rateCurrencies.map((c) => [c, String(form.get(c) ?? "")]));
  const submission = parseAdminForm(form, ratesSchema);
  const errors: Record<string, string> = submission.status === "success" ? {} : fieldMessages(submission.error);
  const refuse = (message: string, extra: Partial<Result> = {}) => data<Result>({ ok: false, message, errors, values, confirm: [], ...extra }, { status: 400 });
  if (submission.status !== "success") return refuse("Nothing was saved: fix the rates marked below.");

  const { confirm: confirmed, ...rates } = submission.value;
  let result;
  try {
    result = await updateExchangeRates(getDb(), { rates, confirmed, ...actorOf(user, context) });
  } catch (error) {
    const refusal = asRefusal(error);
    if (!refusal.field) throw error;
    errors[refusal.field] = refusal.message;
    return refuse("Nothing was saved: fix the rates marked below.");
  }
  if (result.status === "needs-confirmation") {
    const names = result.changes.map((c) => c.currency).join(", ");
    const confirm = result.changes.map((c) => ({ ...c, token: confirmationToken(c) }));
    return refuse(`Nothing was saved: ${names} changed by more than ${CONFIRM_CHANGE_PERCENT}%. Check the rate, tick “Yes” below it and save again.`, { confirm });
  }
  clearCatalogCache();
  const names = Object.keys(result.changed);
  return data<Result>({ ok: true, errors: {}, confirm: [], message: names.length ? `Saved ${names.join(", ")}.` : "No rate changed." });
}

export default function Rates() {
  const { rates } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const confirmFor = (currency: string) => result?.confirm.find((c) => c.currency === currency);
  return (
    <>
      <h1>Exchange rates</h1>
      <p className="muted" id="rates-hint">
        Units of each currency per one US dollar. Shop prices convert at these rates; each order keeps the rate it used. JPY and IDR: a dot or comma before exactly three
        digits separates thousands (16250, 16,250 and 16.250 are the same), any other is the decimal mark (151.2). EUR, GBP, AUD, NZD and CAD are below 10, so a dot or
        comma is always the decimal mark (0.92 or 0,92). A change of more than {CONFIRM_CHANGE_PERCENT}% must be confirmed.
      </p>
      {result ? (
        <p className={result.ok ? "notice" : "notice notice-error"} role={result.ok ? "status" : "alert"}>
          {result.message}
        </p>
      ) : null}
      <Form method="post" className="admin-card" aria-label="Exchange rates" aria-describedby="rates-hint">
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">Currency</th>
              <th scope="col">Per US$1</th>
              <th scope="col">Last changed</th>
            </tr>
          </thead>
          <tbody>
            {rates.map((r) => {
              const error = result?.errors[r.currency];
              const change = confirmFor(r.currency);
              return (
                <tr key={r.currency}>
                  <th scope="row">{r.currency}</th>
                  <td>
                    {!isRateCurrency(r.currency) ? (
                      "1"
                    ) : (
                      <>
                        <label className="visually-hidden" htmlFor={`rate-${r.currency}`}>
                          {r.currency} per US dollar
                        </label>
                        {/* Keyed on the saved rate so a save shows it as stored; a refusal keeps what was typed. */}
                        <input
                          key={r.text}
                          id={`rate-${r.currency}`}
                          name={r.currency}
                          defaultValue={result && !result.ok ? (result.values?.[r.currency] ?? r.text) : r.text}
                          inputMode="decimal"
                          required
                          aria-invalid={error ? true : undefined}
                          aria-describedby={error ? `rate-error-${r.currency}` : undefined}
                        />
                        {error ? (
                          <span id={`rate-error-${r.currency}`} className="notice-error small">
                            {error}
                          </span>
                        ) : null}
                        {change ? (
                          <div className="small">
                            <label>
                              <input type="checkbox" name="confirm" value={change.token} /> Yes, the {r.currency} rate really changed by {change.percent} (from{" "}
                              {formatRateMicros(change.from)} to {formatRateMicros(change.to)})
                            </label>
                          </div>
                        ) : null}
                      </>
                    )}
                  </td>
                  <td className="muted">
                    {new Date(r.updatedAt).toISOString().slice(0, 16).replace("T", " ")} UTC{r.updatedBy ? ` by ${r.updatedBy}` : ""}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <button type="submit" className="button">
          Save rates
        </button>
      </Form>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
