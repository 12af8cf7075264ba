import { getInputProps, useForm, type FieldMetadata, type FormMetadata } from "@conform-to/react";
import type { z } from "zod";
import { productStatuses, type productInputSchema } from "~/domain/catalog/product-input";
import { CheckboxField, ErrorList, Field, SaveForm, SelectField, TextareaField, type EditorProps } from "./form";

type Shape = z.input<typeof productInputSchema>;
type Options = { categories: { id: number; name: string }[]; producers: { id: number; name: string; active: boolean }[]; materials: { id: number; name: string }[] };

export const blankVariant = { sku: "", retailPrice: "", bazaarPrice: "", producerPrice: "", weightGrams: "", wholesaleMoq: "1", casePack: "1", active: "on", tiers: [] };

/**
 * The product editor. Variants and their wholesale tiers are conform lists: "Add a variant" and
 * "Remove" are submit buttons, so they work without JavaScript too (the server echoes the longer list back).
 */
export function ProductForm({
  lastResult,
  defaultValue,
  options,
  submitLabel,
  hidden,
}: EditorProps & {
  defaultValue: Record<string, unknown>;
  options: Options;
}) {
  const [form, fields] = useForm<Shape>({ id: "product", lastResult, defaultValue: defaultValue as never, shouldRevalidate: "onBlur" });
  const variants = fields.variants.getFieldList();
  const chosenMaterials = new Set((fields.materialIds.initialValue as string[] | undefined) ?? []);
  return (
    <SaveForm form={form} label="Product" hidden={hidden} submitLabel={submitLabel}>
      <fieldset className="admin-card form-grid">
        <legend>The piece</legend>
        <Field label="Product name" meta={fields.title} className="field-wide" required maxLength={160} />
        <Field label="Web address" meta={fields.slug} hint="Left empty, it is made from the name. Changing it keeps the old address working." maxLength={80} />
        <SelectField label="Status" meta={fields.status} options={productStatuses.map((s) => ({ value: s, label: s[0]!.toUpperCase() + s.slice(1) }))} />
        <SelectField label="Category" meta={fields.categoryId} placeholder="Choose…" options={options.categories.map((c) => ({ value: String(c.id), label: c.name }))} />
        <SelectField
          label="Producer group"
          meta={fields.producerId}
          placeholder="Choose…"
          options={options.producers.map((p) => ({ value: String(p.id), label: p.active ? p.name : `${p.name} (hidden)` }))}
        />
        <Field label="One-line summary" meta={fields.summary} className="field-wide" required maxLength={240} />
        <TextareaField label="Description" meta={fields.description} rows={6} required />
        <Field label="Technique" meta={fields.technique} hint="e.g. hand-woven on a backstrap loom" />
        <Field label="HS code" meta={fields.hsCode} hint="For export papers, e.g. 4602.12" />
        <Field label="Length (mm)" meta={fields.lengthMm} type="number" inputMode="numeric" min={1} />
        <Field label="Width (mm)" meta={fields.widthMm} type="number" inputMode="numeric" min={1} />
        <Field label="Height (mm)" meta={fields.heightMm} type="number" inputMode="numeric" min={1} />
        <TextareaField label="Care notes" meta={fields.careNotes} rows={2} />
        <CheckboxField label="Featured on the home page" meta={fields.featured} />
        <CheckboxField label="One of a kind" meta={fields.oneOfAKind} />
        <fieldset className="field-wide material-choices">
          <legend className="field-label">Materials</legend>
          {options.materials.map((m) => (
            <label key={m.id}>
              <input type="checkbox" name={fields.materialIds.name} value={String(m.id)} defaultChecked={chosenMaterials.has(String(m.id))} /> {m.name}
            </label>
          ))}
          <ErrorList id={fields.materialIds.errorId} errors={fields.materialIds.errors} />
        </fieldset>
      </fieldset>

      <section className="admin-card" aria-labelledby="variants-heading">
        <h2 id="variants-heading">Variants and prices</h2>
        <p className="muted">Retail and wholesale prices in US dollars; bazaar and producer prices in rupiah.</p>
        <ErrorList id={fields.variants.errorId} errors={fields.variants.errors} />
        {variants.map((variant, index) => (
          <VariantFields key={variant.key} meta={variant} index={index} form={form} listName={fields.variants.name} canRemove={variants.length > 1} />
        ))}
        <button {...form.insert.getButtonProps({ name: fields.variants.name, defaultValue: blankVariant as never })} className="button button-ghost button-small">
          Add a variant
        </button>
      </section>
    </SaveForm>
  );
}

/**
 * The short visible label, and an accessible name that also says which variant (or tier) the control belongs to,
 * e.g. "Size, variant 2": every variant repeats the same fields, so the label alone is ambiguous.
 */
const named = (label: string, of: string) => ({ label, "aria-label": `${label}, ${of}` });

function VariantFields({ meta, index, form, listName, canRemove }: { meta: FieldMetadata<Shape["variants"][number], Shape, string[]>; index: number; form: FormMetadata<Shape, string[]>; listName: string; canRemove: boolean }) {
  const v = meta.getFieldset();
  const tiers = v.tiers.getFieldList();
  const label = `variant ${index + 1}`;
  const { key: _key, ...idProps } = getInputProps(v.id, { type: "hidden" });
  return (
    <div className="variant-card" role="group" aria-label={`Variant ${index + 1}`}>
      <h3>
        Variant {index + 1}
        {canRemove ? (
          <button {...form.remove.getButtonProps({ name: listName, index })} className="button-link">
            Remove {label}
          </button>
        ) : null}
      </h3>
      <input {...idProps} />
      <div className="form-grid">
        <Field {...named("SKU", label)} meta={v.sku} required maxLength={40} />
        <Field {...named("Variant name", label)} meta={v.title} hint="Empty: made from size / colour / finish" />
        <Field {...named("Size", label)} meta={v.size} />
        <Field {...named("Colour", label)} meta={v.colour} />
        <Field {...named("Finish", label)} meta={v.finish} />
        <Field {...named("Retail price (USD)", label)} meta={v.retailPrice} inputMode="decimal" required />
        <Field {...named("Bazaar price (IDR)", label)} meta={v.bazaarPrice} inputMode="numeric" required />
        <Field {...named("Producer price (IDR)", label)} meta={v.producerPrice} inputMode="numeric" required hint="Paid to the group per piece" />
        <Field {...named("Weight (g)", label)} meta={v.weightGrams} type="number" inputMode="numeric" min={1} required />
        <Field {...named("Wholesale minimum", label)} meta={v.wholesaleMoq} type="number" inputMode="numeric" min={1} />
        <Field {...named("Case pack", label)} meta={v.casePack} type="number" inputMode="numeric" min={1} />
        <CheckboxField {...named("Active (can be sold)", label)} meta={v.active} />
      </div>
      <fieldset className="tiers" aria-label={`Wholesale price tiers (USD per piece), ${label}`}>
        <legend className="field-label">Wholesale price tiers (USD per piece)</legend>
        <ErrorList id={v.tiers.errorId} errors={v.tiers.errors} />
        {tiers.map((tier, j) => {
          const t = tier.getFieldset();
          const tierLabel = `tier ${j + 1} of ${label}`;
          return (
            <div key={tier.key} className="tier-row">
              <Field {...named("From quantity", tierLabel)} meta={t.minQuantity} type="number" inputMode="numeric" min={1} />
              <Field {...named("Unit price", tierLabel)} meta={t.unitPrice} inputMode="decimal" />
              <button {...form.remove.getButtonProps({ name: v.tiers.name, index: j })} className="button-link" aria-label={`Remove ${tierLabel}`}>
                Remove tier {j + 1}
              </button>
            </div>
          );
        })}
        <button {...form.insert.getButtonProps({ name: v.tiers.name, defaultValue: { minQuantity: "", unitPrice: "" } as never })} className="button-link">
          Add a wholesale tier to {label}
        </button>
      </fieldset>
    </div>
  );
}
