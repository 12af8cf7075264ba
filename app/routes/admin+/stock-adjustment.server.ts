import { data } from "@remix-run/node";
import { getDb } from "~db/client.server";
import { parseAdjustmentForm, type FieldErrors, type QuantityChange } from "~/domain/stock/stock-adjustment";
import { onceForKey } from "~/models/platform/form-submissions.server";
import { adjustStock, findVariantIdBySku, type AdjustStockResult } from "~/models/stock/stock.server";
import { formKeyOf } from "~/web/admin-form.server";
import { clearCatalogCache } from "~/utils/catalog-cache.server";

type Adjusted = Extract<AdjustStockResult, { ok: true }>;
class Refused extends Error {
  constructor(readonly result: Exclude<AdjustStockResult, { ok: true }>) {
    super(result.message);
  }
}

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
 * Every rejection is a 400 with a message, and nothing is written.
 */
export async function adjustStockFromForm(formData: FormData, user: { id: number }, ip: string | null) {
  const fields = Object.fromEntries([...formData].filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  const values = Object.fromEntries(echoed.map((k) => [k, fields[k] ?? ""]));
  const reject = (message: string, errors: FieldErrors = {}) => data<AdjustmentActionData>({ ok: false, message, errors, values, doneAt: null }, { status: 400 });

  if (fields.intent !== "adjust") return reject("Unknown action: reload the page and try again.");
  const formKey = formKeyOf(formData, user.id, "stock.adjust");
  const parsed = parseAdjustmentForm(fields);
  if (!parsed.ok) return reject("Nothing was changed: fix the fields marked below.", parsed.errors);
  const { target, ...adjustment } = parsed.value;

  const db = getDb();
  const variantId = target.variantId ?? (await findVariantIdBySku(db, target.sku!));
  if (variantId === null) {
    const message = `No variant has the SKU “${target.sku}”.`;
    return reject(`Nothing was changed: ${message}`, { sku: message });
  }
  const change: QuantityChange = adjustment.delta !== undefined ? { delta: adjustment.delta } : { countedQuantity: adjustment.countedQuantity! };
  let saved: { outcome: Adjusted; repeated: boolean };
  try {
    // Keyed on the form: a reload that re-posts it, or a second click, finds this adjustment instead of making another.
    saved = await onceForKey(db, formKey, async (tx) => {
      const result = await adjustStock(tx, { variantId, locationId: adjustment.locationId, ...change, reason: adjustment.reason, note: adjustment.note, userId: user.id, ip });
      if (!result.ok) throw new Refused(result);
      return result;
    });
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    const field = error.result.field && error.result.field in values ? (error.result.field as keyof FieldErrors) : "form";
    return reject(error.result.message, { [field]: error.result.message });
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
