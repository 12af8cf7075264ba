import { Form, useNavigation } from "@remix-run/react";
import { useId } from "react";
import { adjustmentReasons, type FieldErrors } from "~/domain/stock/stock-adjustment";

type Result = { ok: boolean; message: string; errors: FieldErrors; values: Record<string, string> | null; doneAt: number | null };

type Props = {
  locations: { id: number; name: string }[];
  /** A form for one variant (its page); without it staff type the SKU. */
  variant?: { id: number; sku: string };
  defaultSku?: string;
  defaultLocationId?: number;
  result?: Result;
  /** The one-time key from the loader, so a re-posted form adjusts once (see onceForKey). */
  formKey: string;
};

/** Adds, removes or counts stock with a reason; works as a plain form without JavaScript. */
export function StockAdjustmentForm({ locations, variant, defaultSku, defaultLocationId, result, formKey }: Props) {
  const id = useId();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "adjust";
  const values = result?.ok === false ? result.values : null;
  const errors = result?.ok === false ? result.errors : {};
  const field = (name: keyof FieldErrors) => {
    const message = errors[name];
    // The message above the form already says it when it is the whole story.
    const shown = message && message !== result?.message ? message : undefined;
    return {
      invalid: message ? true : undefined,
      describedBy: shown ? `${id}-${name}-error` : undefined,
      error: shown ? (
        <span id={`${id}-${name}-error`} className="stock-field-error">
          {shown}
        </span>
      ) : null,
    };
  };
  const sku = field("sku");
  const location = field("locationId");
  const mode = field("mode");
  const quantity = field("quantity");
  const reason = field("reason");
  const note = field("note");
  const modeValue = values?.mode === "count" ? "count" : "delta";
  const title = variant ? `Adjust stock for SKU ${variant.sku}` : "Adjust stock";

  return (
    <Form method="post" className="admin-card stock-adjust" aria-label={title} key={result?.doneAt ?? "adjust"}>
      <h2>{title}</h2>
      {result ? (
        <p className={result.ok ? "notice" : "notice notice-error"} role={result.ok ? "status" : "alert"}>
          {result.message}
        </p>
      ) : null}
      <input type="hidden" name="intent" value="adjust" />
      <input type="hidden" name="formKey" value={formKey} />
      <div className="stock-adjust-fields">
        {variant ? (
          <input type="hidden" name="variantId" value={variant.id} />
        ) : (
          <div className="stock-field">
            <label htmlFor={`${id}-sku`}>SKU</label>
            <input id={`${id}-sku`} name="sku" defaultValue={values?.sku ?? defaultSku ?? ""} required autoComplete="off" aria-invalid={sku.invalid} aria-describedby={sku.describedBy} />
            {sku.error}
          </div>
        )}
        <div className="stock-field">
          <label htmlFor={`${id}-location`}>Location</label>
          <select
            id={`${id}-location`}
            name="locationId"
            defaultValue={values?.locationId || String(defaultLocationId ?? locations[0]?.id ?? "")}
            required
            aria-invalid={location.invalid}
            aria-describedby={location.describedBy}
          >
            {locations.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
          {location.error}
        </div>
        <fieldset className="stock-field stock-adjust-mode" aria-describedby={mode.describedBy}>
          <legend>Kind of change</legend>
          <label className="check">
            <input type="radio" name="mode" value="delta" defaultChecked={modeValue === "delta"} /> Change by (+/−)
          </label>
          <label className="check">
            <input type="radio" name="mode" value="count" defaultChecked={modeValue === "count"} /> Set counted quantity
          </label>
          {mode.error}
        </fieldset>
        <div className="stock-field">
          <label htmlFor={`${id}-quantity`}>Quantity</label>
          <input
            id={`${id}-quantity`}
            name="quantity"
            defaultValue={values?.quantity ?? ""}
            required
            autoComplete="off"
            aria-invalid={quantity.invalid}
            aria-describedby={[`${id}-quantity-hint`, quantity.describedBy].filter(Boolean).join(" ")}
          />
          <span id={`${id}-quantity-hint`} className="stock-field-hint">
            +5 adds, -2 removes; a count is the number on the shelf.
          </span>
          {quantity.error}
        </div>
        <div className="stock-field">
          <label htmlFor={`${id}-reason`}>Reason</label>
          <select id={`${id}-reason`} name="reason" defaultValue={values?.reason ?? ""} required aria-invalid={reason.invalid} aria-describedby={reason.describedBy}>
            <option value="">Choose a reason</option>
            {adjustmentReasons.map((r) => (
              <option key={r.code} value={r.code}>
                {r.label}
              </option>
            ))}
          </select>
          {reason.error}
        </div>
        <div className="stock-field stock-adjust-note">
          <label htmlFor={`${id}-note`}>Note</label>
          <input
            id={`${id}-note`}
            name="note"
            defaultValue={values?.note ?? ""}
            maxLength={500}
            autoComplete="off"
            aria-invalid={note.invalid}
            aria-describedby={[`${id}-note-hint`, note.describedBy].filter(Boolean).join(" ")}
          />
          <span id={`${id}-note-hint`} className="stock-field-hint">
            Required when the reason is Other.
          </span>
          {note.error}
        </div>
      </div>
      <button type="submit" className="button" disabled={busy}>
        {busy ? "Saving…" : "Save adjustment"}
      </button>
    </Form>
  );
}
