import { useForm, type SubmissionResult } from "@conform-to/react";
import type { z } from "zod";
import type { newEventSchema } from "~/domain/bazaar/event-input";
import { Field, SaveForm, TextareaField } from "~/components/admin/form";

export type EventFormDefaults = Record<string, string | undefined>;

/** Create and edit share one form; the web address is chosen once, when the event is made. */
export function EventForm({
  lastResult,
  defaultValue,
  submitLabel,
  hidden,
  withSlug,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue: EventFormDefaults;
  submitLabel: string;
  hidden?: Record<string, string | number | null | undefined>;
  withSlug: boolean;
}) {
  const [form, fields] = useForm<z.input<typeof newEventSchema>>({ id: "event", lastResult, defaultValue, shouldRevalidate: "onBlur" });
  return (
    <SaveForm form={form} label="Event details" hidden={hidden} submitLabel={submitLabel}>
      <fieldset className="admin-card form-grid">
        <legend>The event</legend>
        <Field label="Name" meta={fields.name} className="field-wide" required maxLength={120} placeholder="World Fair Trade Day 2027" />
        {withSlug ? <Field label="Web address" meta={fields.slug} hint="Lowercase words joined by hyphens. Left empty, it is made from the name." maxLength={80} /> : null}
        <Field label="Venue" meta={fields.venue} required maxLength={160} placeholder="Lapangan Banteng" />
        <Field label="City" meta={fields.city} required maxLength={80} />
        <Field label="First day" meta={fields.startsOn} type="date" required />
        <Field label="Last day" meta={fields.endsOn} type="date" required />
      </fieldset>
      <fieldset className="admin-card form-grid">
        <legend>The till</legend>
        <Field label="Opening float" meta={fields.openingFloat} inputMode="numeric" hint="Cash in the till at the start of each day, in rupiah, e.g. 500.000" />
        <Field label="QRIS merchant name" meta={fields.qrisMerchantName} maxLength={120} hint="The name the buyer's banking app shows" />
        <TextareaField label="QRIS payload" meta={fields.qrisPayload} rows={3} maxLength={512} hint="The text inside the merchant's static QRIS code (it starts with 000201). Left empty, the till offers no QRIS." />
      </fieldset>
    </SaveForm>
  );
}
