import { useForm } from "@conform-to/react";
import type { z } from "zod";
import { islands, type producerInputSchema } from "~/domain/catalog/producer-input";
import { CheckboxField, Field, SaveForm, SelectField, TextareaField, type EditorProps } from "./form";

export type ProducerFormDefaults = Record<string, string | string[] | undefined>;

/** Create and edit share one form; payout details appear only for admins. */
export function ProducerForm({
  lastResult,
  defaultValue,
  showPayout,
  submitLabel,
  hidden,
}: EditorProps & {
  defaultValue: ProducerFormDefaults;
  showPayout: boolean;
}) {
  // Defaults are the text the fields show, which is not the schema's input type.
  const [form, fields] = useForm<z.input<ReturnType<typeof producerInputSchema>>>({ id: "producer", lastResult, defaultValue: defaultValue as never, shouldRevalidate: "onBlur" });
  return (
    <SaveForm form={form} label="Producer group" hidden={hidden} submitLabel={submitLabel}>
      <fieldset className="admin-card form-grid">
        <legend>The group</legend>
        <Field label="Name" meta={fields.name} required maxLength={120} />
        <Field label="Web address" meta={fields.slug} hint="Lowercase words joined by hyphens. Left empty, it is made from the name." maxLength={80} />
        <Field label="One-line summary" meta={fields.summary} className="field-wide" required maxLength={240} />
        <TextareaField label="Story" meta={fields.story} rows={6} required />
        <Field label="Crafts" meta={fields.crafts} hint="Separate with commas, e.g. rattan weaving, frame making" required />
        <Field label="Founded in" meta={fields.foundedYear} type="number" inputMode="numeric" required />
        <Field label="Members" meta={fields.memberCount} type="number" inputMode="numeric" min={1} required />
        <Field label="Of whom women" meta={fields.womenCount} type="number" inputMode="numeric" min={0} required />
        <CheckboxField label="Members work from home (homeworkers)" meta={fields.homeworkers} />
        <CheckboxField label="Active (shown in the shop)" meta={fields.active} />
      </fieldset>
      <fieldset className="admin-card form-grid">
        <legend>Where</legend>
        <Field label="Village" meta={fields.village} required />
        <Field label="Regency" meta={fields.regency} required />
        <Field label="Province" meta={fields.province} required />
        <SelectField label="Island" meta={fields.island} placeholder="Choose…" options={islands.map((i) => ({ value: i, label: i }))} />
        <Field label="Latitude" meta={fields.latitude} type="number" step="any" inputMode="decimal" required />
        <Field label="Longitude" meta={fields.longitude} type="number" step="any" inputMode="decimal" required />
      </fieldset>
      <fieldset className="admin-card form-grid">
        <legend>Contact</legend>
        <Field label="Contact person" meta={fields.contactName} />
        <Field label="Phone" meta={fields.contactPhone} type="tel" />
        <Field label="Email" meta={fields.contactEmail} type="email" />
      </fieldset>
      {showPayout ? (
        <fieldset className="admin-card form-grid">
          <legend>Payout account (admins only)</legend>
          <Field label="Bank" meta={fields.payoutBankName} />
          <Field label="Account name" meta={fields.payoutAccountName} />
          <Field label="Account number" meta={fields.payoutAccountNumber} inputMode="numeric" />
        </fieldset>
      ) : null}
    </SaveForm>
  );
}
