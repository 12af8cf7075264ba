import { data } from "@remix-run/node";
import { getDb } from "~db/client.server";
import { isRefusal } from "~/domain/platform/refusal";
import { adjustmentFieldErrors, adjustmentFormSchema, type FieldErrors, type QuantityChange } from "~/domain/stock/stock-adjustment";
import { onceForKey } from "~/models/platform/form-submissions.server";
import { adjustStock, findVariantIdBySku, type AdjustedStock } from "~/models/stock/stock.server";
import { formKeyOf, parseAdminForm } from "~/web/admin-form.server";
import { statusOf } from "~/web/refusal.server";
import { clearCatalogCache } from "~/utils/catalog-cache.server";

export type AdjustmentActionData = {
  ok: boolean;
  message: string;
  errors: FieldErrors;
  /** What was posted, so a form rendered without JavaScript keeps the staff member's input after an error. */
  values: Record<string, string> | null;
  /** Changes on every success, so the form can start afresh. */
  doneAt: number | null;
};

const echoed = ["sku", "locationId", "mode", "quantity", "reason", "note"] as const;

/**
 * The adjustment action shared by the stock list and the variant page; the routes check the role first.
 * Every rejection is a 4xx with a message (a form that doesn't parse 400, a refusal its kind's status), and nothing is written.
 */
export async function adjustStockFromForm(formData: FormData, user: { id: number }, ip: string | null) {
  const fields = Object.fromEntries([...formData].filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  const values = Object.fromEntries(echoed.map((k) => [k, fields[k] ?? ""]));
  const reject = (message: string, errors: FieldErrors = {}, status = 400) => data<AdjustmentActionData>({ ok: false, message, errors, values, doneAt: null }, { status });

  if (fields.intent !== "adjust") return reject("Unknown action: reload the page and try again.");
  const formKey = formKeyOf(formData, user.id, "stock.adjust");
  const submission = parseAdminForm(formData, adjustmentFormSchema);
  if (submission.status !== "success") return reject("Nothing was changed: fix the fields marked below.", adjustmentFieldErrors(submission.error ?? {}));
  const { target, ...adjustment } = submission.value;

  const db = getDb();
  const variantId = target.variantId ?? (await findVariantIdBySku(db, { sku: target.sku! }));
  if (variantId === null) {
    const message = `No variant has the SKU “${target.sku}”.`;
    return reject(`Nothing was changed: ${message}`, { sku: message });
  }
  const change: QuantityChange = adjustment.delta !== undefined ? { delta: adjustment.delta } : { countedQuantity: adjustment.countedQuantity! };
  let saved: { outcome: AdjustedStock; repeated: boolean };
  try {
    // Keyed on the form: a reload that re-posts it, or a second click, finds this adjustment instead of making another.
    saved = await onceForKey(db, {
      key: formKey,
      write: (tx) => adjustStock(tx, { variantId, locationId: adjustment.locationId, ...change, reason: adjustment.reason, note: adjustment.note, userId: user.id, ip }),
    });
  } catch (error) {
    if (!isRefusal(error)) throw error;
    const field = error.field && error.field in values ? (error.field as keyof FieldErrors) : "form";
    return reject(error.message, { [field]: error.message }, statusOf(error));
  }

  clearCatalogCache();
  const { outcome: result, repeated } = saved;
  const verb = result.kind === "receipt" ? "Received" : "Adjusted";
  const available = result.after.onHand - result.after.reserved;
  const done = `${verb} ${result.sku} at ${result.locationName}: on hand ${result.before.onHand} → ${result.after.onHand}, ${available} available.`;
  return data<AdjustmentActionData>({
    ok: true,
    message: repeated ? `Already saved, so nothing more was changed. ${done}` : done,
    errors: {},
    values: null,
    doneAt: Date.now(),
  });
}
