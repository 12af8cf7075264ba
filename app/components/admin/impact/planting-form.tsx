import { getFormProps, useForm } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { z } from "zod";
import type { plantingInputSchema } from "~/domain/impact/planting-input";
import { ErrorList, Field, FormErrors, HiddenFields, TextareaField, type EditorProps } from "../form";
import { mismatchRule } from "./gps-flag";

type PlantingFields = z.input<ReturnType<typeof plantingInputSchema>> & { photos: string };

/**
 * A new planting with its evidence photos: one multipart form, so it works the same with and without JavaScript.
 * Every field's message comes from the server (the photos must be read there anyway, for their GPS).
 */
export function PlantingForm({ lastResult, hidden, submitLabel, today, maxPhotos, maxMb }: EditorProps & { today: string; maxPhotos: number; maxMb: number }) {
  const [form, fields] = useForm<PlantingFields>({ id: "planting", lastResult, shouldRevalidate: "onBlur" });
  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} aria-label="New planting" className="admin-form">
      <input type="hidden" name="intent" value="save" />
      <HiddenFields values={hidden} />
      <FormErrors form={form} />
      <fieldset className="admin-card form-grid">
        <legend>Where and when</legend>
        <Field label="Planted on" meta={fields.plantedOn} type="date" min="2000-01-01" max={today} required />
        <Field label="Place" meta={fields.place} hint="e.g. Playen, Gunung Kidul (the province has its own field)" required maxLength={120} />
        <Field label="Province" meta={fields.province} required maxLength={80} />
        <Field label="Latitude" meta={fields.latitude} type="number" step="any" inputMode="decimal" hint="Decimal degrees; south is negative, e.g. -7.965" required />
        <Field label="Longitude" meta={fields.longitude} type="number" step="any" inputMode="decimal" hint="Decimal degrees, e.g. 110.601" required />
      </fieldset>
      <fieldset className="admin-card form-grid">
        <legend>The trees</legend>
        <Field label="Number of trees" meta={fields.treeCount} type="number" inputMode="numeric" min={1} max={1_000_000} step={1} required />
        <Field label="Species" meta={fields.species} hint="e.g. Mangrove (Rhizophora)" required maxLength={160} />
        <Field label="Planting partner" meta={fields.partner} hint="The cooperative or group that planted them" maxLength={160} />
        <TextareaField label="Notes" meta={fields.notes} rows={3} maxLength={2000} />
      </fieldset>
      <fieldset className="admin-card form-grid">
        <legend>Evidence</legend>
        <div className="field field-wide">
          <label htmlFor={fields.photos.id}>Photos of the planting</label>
          <input
            id={fields.photos.id}
            name="photos"
            type="file"
            accept="image/jpeg,image/png,image/webp,image/avif"
            multiple
            required
            aria-invalid={fields.photos.errors?.length ? true : undefined}
            aria-describedby={[fields.photos.descriptionId, fields.photos.errors?.length ? fields.photos.errorId : null].filter(Boolean).join(" ")}
          />
          <p id={fields.photos.descriptionId} className="field-hint">
            1 to {maxPhotos} photos (JPEG, PNG, WebP or AVIF, up to {maxMb} MB each), straight from the phone or camera so their GPS position is kept. {mismatchRule}
          </p>
          <ErrorList id={fields.photos.errorId} errors={fields.photos.errors} />
        </div>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
