import { getFormProps, useForm } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { z } from "zod";
import type { survivalCheckInputSchema } from "~/domain/impact/planting-input";
import { ErrorList, Field, FormErrors, TextareaField, type EditorProps } from "../form";
import { formatNumber } from "~/domain/platform/intl-format";

type CheckFields = z.input<ReturnType<typeof survivalCheckInputSchema>> & { photo: string };

/** A later count of the living trees, with an optional photo whose GPS is checked like the planting's. */
export function SurvivalCheckForm({ lastResult, plantedOn, treeCount, today }: Omit<EditorProps, "submitLabel" | "hidden"> & { plantedOn: string; treeCount: number; today: string }) {
  const [form, fields] = useForm<CheckFields>({ id: "survival-check", lastResult, shouldRevalidate: "onBlur" });
  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} aria-label="Record a survival check" className="admin-form">
      <input type="hidden" name="intent" value="check" />
      <FormErrors form={form} />
      <div className="form-grid">
        <Field label="Checked on" meta={fields.checkedOn} type="date" min={plantedOn} max={today} required />
        <Field label="Trees alive" meta={fields.aliveCount} type="number" inputMode="numeric" min={0} max={treeCount} step={1} hint={`Of ${formatNumber(treeCount, "en")} planted`} required />
        <TextareaField label="Check notes" meta={fields.notes} rows={2} maxLength={2000} />
        <div className="field field-wide">
          <label htmlFor={fields.photo.id}>Photo (optional)</label>
          <input
            id={fields.photo.id}
            name="photo"
            type="file"
            accept="image/jpeg,image/png,image/webp,image/avif"
            aria-invalid={fields.photo.errors?.length ? true : undefined}
            aria-describedby={fields.photo.errors?.length ? fields.photo.errorId : undefined}
          />
          <ErrorList id={fields.photo.errorId} errors={fields.photo.errors} />
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" className="button">
          Record survival check
        </button>
      </div>
    </Form>
  );
}
