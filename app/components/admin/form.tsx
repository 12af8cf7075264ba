import { getFormProps, getInputProps, getSelectProps, getTextareaProps, type FieldMetadata, type FormMetadata, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";

/** Back-office form fields on conform: a visible label, the control, an optional hint and the field's errors. */

/** A field of any form: each component is generic over the field's value and its form's shape. */
type Meta<S, F extends Record<string, unknown>> = FieldMetadata<S, F, string[]>;

export function ErrorList({ id, errors }: { id?: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <ul id={id} className="field-errors" role="list">
      {errors.map((e) => (
        <li key={e}>{e}</li>
      ))}
    </ul>
  );
}

function Hint({ id, hint }: { id: string; hint?: ReactNode }) {
  return hint ? (
    <p id={id} className="field-hint">
      {hint}
    </p>
  ) : null;
}

function describedBy<S, F extends Record<string, unknown>>(meta: Meta<S, F>, hint?: ReactNode) {
  return [meta.errors?.length ? meta.errorId : null, hint ? meta.descriptionId : null].filter(Boolean).join(" ") || undefined;
}

export function Field<S, F extends Record<string, unknown>>({
  label,
  meta,
  type = "text",
  hint,
  className,
  ...rest
}: {
  label: ReactNode;
  meta: Meta<S, F>;
  type?: "text" | "email" | "tel" | "date" | "url" | "number" | "hidden";
  hint?: ReactNode;
  className?: string;
} & Omit<React.InputHTMLAttributes<HTMLInputElement>, "type" | "className">) {
  const { key: _key, ...props } = getInputProps(meta, { type, ariaAttributes: true });
  return (
    <div className={`field ${className ?? ""}`}>
      <label htmlFor={meta.id}>{label}</label>
      <input {...props} {...rest} aria-describedby={describedBy(meta, hint)} />
      <Hint id={meta.descriptionId} hint={hint} />
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function TextareaField<S, F extends Record<string, unknown>>({ label, meta, hint, rows = 4, ...rest }: { label: ReactNode; meta: Meta<S, F>; hint?: ReactNode; rows?: number } & React.TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const { key: _key, ...props } = getTextareaProps(meta, { ariaAttributes: true });
  return (
    <div className="field field-wide">
      <label htmlFor={meta.id}>{label}</label>
      <textarea {...props} rows={rows} {...rest} aria-describedby={describedBy(meta, hint)} />
      <Hint id={meta.descriptionId} hint={hint} />
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function SelectField<S, F extends Record<string, unknown>>({
  label,
  meta,
  options,
  placeholder,
}: {
  label: ReactNode;
  meta: Meta<S, F>;
  options: readonly { value: string; label: string }[];
  placeholder?: string;
}) {
  const { key: _key, ...props } = getSelectProps(meta, { ariaAttributes: true });
  return (
    <div className="field">
      <label htmlFor={meta.id}>{label}</label>
      <select {...props} aria-describedby={describedBy(meta)}>
        {placeholder ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function CheckboxField<S, F extends Record<string, unknown>>({ label, meta, hint, "aria-label": ariaLabel }: { label: ReactNode; meta: Meta<S, F>; hint?: ReactNode; "aria-label"?: string }) {
  const { key: _key, ...props } = getInputProps(meta, { type: "checkbox", ariaAttributes: true });
  return (
    <div className="field field-check">
      <input {...props} aria-label={ariaLabel} aria-describedby={describedBy(meta, hint)} />
      <label htmlFor={meta.id}>{label}</label>
      <Hint id={meta.descriptionId} hint={hint} />
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

/** Hidden values the server needs back with the form: its one-time key, the version being edited. */
export function HiddenFields({ values }: { values?: Record<string, string | number | null | undefined> }) {
  return (
    <>
      {Object.entries(values ?? {}).map(([name, value]) => (value === undefined || value === null ? null : <input key={name} type="hidden" name={name} value={value} />))}
    </>
  );
}

/** What a route hands an editor (the producer and product forms): the last reply, the values to send back, the button. */
export type EditorProps = {
  lastResult?: SubmissionResult<string[]> | null;
  /** Sent back with the form: `formKey` on create, `version` on edit. */
  hidden?: Record<string, string | number | null | undefined>;
  submitLabel: string;
};

/** The frame of an editor: it posts `intent=save` with its hidden values, says what went wrong above, and ends with the button. */
export function SaveForm<Schema extends Record<string, unknown>>({ form, label, hidden, submitLabel, children }: Omit<EditorProps, "lastResult"> & { form: FormMetadata<Schema, string[]>; label: string; children: ReactNode }) {
  return (
    <Form method="post" {...getFormProps(form)} aria-label={label} className="admin-form">
      <input type="hidden" name="intent" value="save" />
      <HiddenFields values={hidden} />
      <FormErrors form={form} />
      {children}
      <div className="form-actions">
        <button type="submit" className="button">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}

/**
 * The form-level errors (e.g. "SKU already used"), announced as an alert; when only fields are wrong,
 * one line points at them.
 */
export function FormErrors<Schema extends Record<string, unknown>>({ form }: { form: FormMetadata<Schema, string[]> }) {
  const fieldErrors = Object.keys(form.allErrors).some((name) => name !== form.name);
  const errors = form.errors?.length ? form.errors : fieldErrors ? ["Fix the fields marked below."] : [];
  if (!errors.length) return null;
  return (
    <div id={form.errorId} className="notice notice-error" role="alert">
      <p>
        <strong>Nothing was saved.</strong> {errors.length === 1 ? errors[0] : null}
      </p>
      {errors.length > 1 ? <ErrorList errors={errors} /> : null}
    </div>
  );
}
