import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { formatRateMicros, parseRateMicros, shopCurrencies } from "~/domain/money";
import { listExchangeRates, updateExchangeRates } from "~/models/rates.server";
import { clearCatalogCache } from "~/utils/catalog-cache.server";
import { readForm } from "~/utils/admin.server";
import { requireRole } from "~/utils/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ["staff"]);
  const rates = await listExchangeRates(getDb());
  return { rates: rates.map((r) => ({ ...r, text: formatRateMicros(r.perUsdMicros) })) };
}

const rateField = (currency: string) =>
  z.string({ message: `Enter the ${currency} rate` }).transform((value, ctx) => {
    try {
      return parseRateMicros(value.replace(",", "."));
    } catch {
      ctx.addIssue({ code: "custom", message: `Enter how many ${currency} buy one US dollar, e.g. ${currency === "IDR" ? "16250" : "0.92"}` });
      return z.NEVER;
    }
  });
const schema = z.object(Object.fromEntries(shopCurrencies.filter((c) => c !== "USD").map((c) => [c, rateField(c)])) as Record<string, ReturnType<typeof rateField>>);

/** Every field must be a plain positive decimal; one bad field rejects the whole form and nothing is saved. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["staff"]);
  const parsed = schema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) {
    const errors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
    return data({ ok: false as const, errors, message: "Nothing was saved: fix the rates marked below." }, { status: 400 });
  }
  const changed = await updateExchangeRates(getDb(), { rates: parsed.data, userId: user.id, ip: typeof context.clientIp === "string" ? context.clientIp : null });
  clearCatalogCache();
  const names = Object.keys(changed);
  return data({ ok: true as const, errors: {} as Record<string, string>, message: names.length ? `Saved ${names.join(", ")}.` : "No rate changed." });
}

export default function Rates() {
  const { rates } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>Exchange rates</h1>
      <p className="muted">Units of each currency per one US dollar. Shop prices convert at these rates; each order keeps the rate it used.</p>
      {result ? (
        <p className={result.ok ? "notice" : "notice notice-error"} role={result.ok ? "status" : "alert"}>
          {result.message}
        </p>
      ) : null}
      <Form method="post" className="admin-card" aria-label="Exchange rates">
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">Currency</th>
              <th scope="col">Per US$1</th>
              <th scope="col">Last changed</th>
            </tr>
          </thead>
          <tbody>
            {rates.map((r) => (
              <tr key={r.currency}>
                <th scope="row">{r.currency}</th>
                <td>
                  {r.currency === "USD" ? (
                    "1"
                  ) : (
                    <>
                      <label className="visually-hidden" htmlFor={`rate-${r.currency}`}>
                        {r.currency} per US dollar
                      </label>
                      <input
                        id={`rate-${r.currency}`}
                        name={r.currency}
                        defaultValue={r.text}
                        inputMode="decimal"
                        required
                        aria-invalid={result?.errors[r.currency] ? true : undefined}
                        aria-describedby={result?.errors[r.currency] ? `rate-error-${r.currency}` : undefined}
                      />
                      {result?.errors[r.currency] ? (
                        <span id={`rate-error-${r.currency}`} className="notice-error small">
                          {result.errors[r.currency]}
                        </span>
                      ) : null}
                    </>
                  )}
                </td>
                <td className="muted">
                  {new Date(r.updatedAt).toISOString().slice(0, 16).replace("T", " ")} UTC{r.updatedBy ? ` by ${r.updatedBy}` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="submit" className="button">
          Save rates
        </button>
      </Form>
    </>
  );
}
