import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { z } from "zod";
import { fairTradePrinciples } from "~/domain/catalog/principles";
import type { fieldVisitInputSchema } from "~/domain/catalog/producer-input";
import { ErrorList, Field, FormErrors, TextareaField } from "./form";
import { TableScroll } from "./table-scroll";

/** A field visit: date, visitor, notes, and a met / not met mark with a note for each of the 10 principles. */
export function FieldVisitForm({ lastResult, today, formKey }: { lastResult?: SubmissionResult<string[]> | null; today: string; formKey: string }) {
  const [form, fields] = useForm<z.input<ReturnType<typeof fieldVisitInputSchema>>>({
    id: "field-visit",
    lastResult,
    defaultValue: { visitedOn: today, checks: fairTradePrinciples.map((p) => ({ principle: String(p.number), met: "on", note: "" })) } as never,
  });
  const checks = fields.checks.getFieldList();
  return (
    <Form method="post" {...getFormProps(form)} aria-label="Record a field visit" className="admin-card">
      <h2>Record a field visit</h2>
      <input type="hidden" name="intent" value="add-visit" />
      <input type="hidden" name="formKey" value={formKey} />
      <FormErrors form={form} />
      <div className="form-grid">
        <Field label="Date of visit" meta={fields.visitedOn} type="date" max={today} required />
        <Field label="Visitor" meta={fields.visitor} required maxLength={120} />
        <TextareaField label="Visit notes" meta={fields.notes} rows={3} />
      </div>
      <TableScroll label="Fair Trade principles checklist">
        <table className="admin-table principles-table">
          <caption>The 10 Principles of Fair Trade. Untick a principle that was not met and say why.</caption>
          <thead>
            <tr>
              <th scope="col">Principle</th>
              <th scope="col">Met</th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {checks.map((check, index) => {
              const principle = fairTradePrinciples[index]!;
              const c = check.getFieldset();
              const { key: _k1, ...principleProps } = getInputProps(c.principle, { type: "hidden" });
              const { key: _k2, ...metProps } = getInputProps(c.met, { type: "checkbox" });
              const { key: _k3, ...noteProps } = getInputProps(c.note, { type: "text", ariaAttributes: true });
              return (
                <tr key={check.key}>
                  <th scope="row">
                    {principle.number}. {principle.title}
                    <input {...principleProps} />
                  </th>
                  <td>
                    <input {...metProps} aria-label={`Principle ${principle.number} met: ${principle.short}`} />
                  </td>
                  <td>
                    <input {...noteProps} aria-label={`Note on principle ${principle.number}: ${principle.short}`} maxLength={1000} aria-describedby={c.note.errors ? c.note.errorId : undefined} />
                    <ErrorList id={c.note.errorId} errors={c.note.errors} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
      <ErrorList id={fields.checks.errorId} errors={fields.checks.errors} />
      <button type="submit" className="button">
        Save field visit
      </button>
    </Form>
  );
}
