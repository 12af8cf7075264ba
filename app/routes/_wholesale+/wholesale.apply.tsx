import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import type { ReactNode } from "react";
import { getDb } from "~db/client.server";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { applicationCountries, applicationLimit, applicationLimitKey, expectedVolumes, importerApplicationSchema } from "~/domain/wholesale/importer-application";
import { drainOutboxSoon } from "~/models/platform/outbox-handlers.server";
import { hitRateLimit } from "~/models/platform/users.server";
import { applyAsImporter } from "~/models/wholesale/importers.server";
import { readForm } from "~/web/admin-form.server";
import { invalidReply, refusalReply } from "~/web/refusal.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: importerApplicationSchema });
  if (submission.status !== "success") return invalidReply(submission.reply());
  const db = getDb();
  const ip = typeof context.clientIp === "string" ? context.clientIp : "unknown";
  const limit = await hitRateLimit(db, { key: applicationLimitKey(ip), rule: applicationLimit });
  if (!limit.allowed) {
    const minutes = Math.ceil(limit.retryAfter / 60);
    return data(submission.reply({ formErrors: [`Too many applications from this network. Please wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again.`] }), {
      status: 429,
      headers: { "Retry-After": String(limit.retryAfter) },
    });
  }
  try {
    await applyAsImporter(db, { application: submission.value });
  } catch (error) {
    return refusalReply(submission, error);
  }
  drainOutboxSoon(db);
  return redirect("/wholesale/apply/thanks");
}

/** A 429 from the action must keep its Retry-After on the rendered page. */
export const headers = ({ actionHeaders }: { actionHeaders: Headers }) => {
  const headers = new Headers({ "Cache-Control": "private, no-store" });
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

export const meta: MetaFunction = () => [
  { title: "Apply for a wholesale account · Kriya" },
  { name: "description", content: "Fair-trade shops and importers: apply for a Kriya wholesale account with tier prices, FOB Jakarta or CIF to your port." },
];

function Errors({ id, errors }: { id: string; errors?: string[] }) {
  return errors?.length ? (
    <span id={id} className="field-error">
      {errors[0]}
    </span>
  ) : null;
}

/** A label tied to its control by id, so a select's options or a hint never become part of the field's name. */
function Labelled({ label, hint, htmlFor, children }: { label: string; hint?: ReactNode; htmlFor: string; children: ReactNode }) {
  return (
    <div className="form-field">
      <label htmlFor={htmlFor}>{label}</label>
      {hint ? <span className="field-hint">{hint}</span> : null}
      {children}
    </div>
  );
}

export default function ApplyForWholesale() {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({ id: "importer-application", lastResult, shouldRevalidate: "onBlur", onValidate: ({ formData }) => parseWithZod(formData, { schema: importerApplicationSchema }) });
  const input = (meta: (typeof fields)[keyof typeof fields], type: "text" | "email" | "tel" | "url") => {
    const { key: _key, ...props } = getInputProps(meta, { type, ariaAttributes: true });
    return props;
  };
  const { key: _countryKey, ...countryProps } = getSelectProps(fields.country, { ariaAttributes: true });
  const { key: _volumeKey, ...volumeProps } = getSelectProps(fields.expectedVolume, { ariaAttributes: true });
  const { key: _consentKey, ...consentProps } = getInputProps(fields.consent, { type: "checkbox", ariaAttributes: true });
  return (
    <div className="page narrow">
      <p className="eyebrow">Wholesale</p>
      <h1 className="page-title">Apply for a wholesale account</h1>
      <p className="lede">
        For fair-trade shops and importers. Tell us about your company; our export team reviews every application by hand and replies within two working
        days.
      </p>
      <Form method="post" {...getFormProps(form)} className="stacked-form application-form" aria-label="Wholesale application">
        {form.errors?.length ? (
          <p className="notice notice-error" role="alert" id={form.errorId}>
            {form.errors[0]}
          </p>
        ) : null}
        <Labelled htmlFor={fields.companyName.id} label="Company name">
          <input {...input(fields.companyName, "text")} autoComplete="organization" required maxLength={160} />
          <Errors id={fields.companyName.errorId} errors={fields.companyName.errors} />
        </Labelled>
        <Labelled htmlFor={fields.country.id} label="Country">
          <select {...countryProps} autoComplete="country" required>
            <option value="">Choose your country</option>
            {applicationCountries.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
          <Errors id={fields.country.errorId} errors={fields.country.errors} />
        </Labelled>
        <Labelled htmlFor={fields.taxId.id} label="Tax or VAT number">
          <input {...input(fields.taxId, "text")} required maxLength={60} />
          <Errors id={fields.taxId.errorId} errors={fields.taxId.errors} />
        </Labelled>
        <Labelled htmlFor={fields.contactName.id} label="Contact name">
          <input {...input(fields.contactName, "text")} autoComplete="name" required maxLength={120} />
          <Errors id={fields.contactName.errorId} errors={fields.contactName.errors} />
        </Labelled>
        <Labelled htmlFor={fields.contactEmail.id} label="Email" hint="Your sign-in, once you are approved.">
          <input {...input(fields.contactEmail, "email")} autoComplete="email" required maxLength={200} />
          <Errors id={fields.contactEmail.errorId} errors={fields.contactEmail.errors} />
        </Labelled>
        <Labelled htmlFor={fields.phone.id} label="Phone" hint="With the country code, e.g. +49 30 1234567.">
          <input {...input(fields.phone, "tel")} autoComplete="tel" required maxLength={40} />
          <Errors id={fields.phone.errorId} errors={fields.phone.errors} />
        </Labelled>
        <Labelled htmlFor={fields.website.id} label="Website (optional)">
          <input {...input(fields.website, "text")} autoComplete="url" inputMode="url" maxLength={200} />
          <Errors id={fields.website.errorId} errors={fields.website.errors} />
        </Labelled>
        <Labelled htmlFor={fields.expectedVolume.id} label="Expected annual purchases">
          <select {...volumeProps} required>
            <option value="">Choose a range</option>
            {expectedVolumes.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
          <Errors id={fields.expectedVolume.errorId} errors={fields.expectedVolume.errors} />
        </Labelled>
        <div className="check-field">
          <input {...consentProps} value="on" required />
          <label htmlFor={fields.consent.id}>Kriya may contact me by email or phone about this application.</label>
          <Errors id={fields.consent.errorId} errors={fields.consent.errors} />
        </div>
        <button type="submit" className="button">
          Send the application
        </button>
      </Form>
      <p className="form-aside">
        Already approved? <Link to="/login?redirectTo=%2Fwholesale">Sign in</Link> · <Link to="/wholesale">About wholesale</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
