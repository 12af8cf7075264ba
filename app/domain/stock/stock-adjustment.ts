import { z } from "zod";
import { canApply, movementDelta, type MovementKind, type StockDelta, type StockLevelState } from "./stock";

/** Why staff change stock by hand. The direction stops, say, "Damaged" from adding pieces. */
export const adjustmentReasons = [
  { code: "received", label: "Received from producer", direction: "in" },
  { code: "count_correction", label: "Count correction", direction: "either" },
  { code: "damaged", label: "Damaged", direction: "out" },
  { code: "lost", label: "Lost", direction: "out" },
  { code: "sample_gift", label: "Sample or gift", direction: "out" },
  { code: "returned", label: "Returned to stock", direction: "in" },
  { code: "other", label: "Other", direction: "either" },
] as const;
export type AdjustmentReason = (typeof adjustmentReasons)[number]["code"];
const reasonCodes = adjustmentReasons.map((r) => r.code) as [AdjustmentReason, ...AdjustmentReason[]];

export function adjustmentReason(code: AdjustmentReason) {
  return adjustmentReasons.find((r) => r.code === code)!;
}

/** The largest single change or count accepted; anything bigger is a typing slip. */
export const MAX_ADJUSTMENT = 100_000;
const NOTE_MAX = 500;

/** Either a signed change ("+5", "-2") or a counted quantity ("set to 12"). */
export type QuantityChange = { delta: number; countedQuantity?: undefined } | { countedQuantity: number; delta?: undefined };

const noteRequired = (v: { reason: AdjustmentReason; note: string }, ctx: z.RefinementCtx) => {
  if (v.reason === "other" && !v.note) ctx.addIssue({ code: "custom", path: ["note"], message: "Add a note saying why when the reason is Other" });
};
const reason = z.enum(reasonCodes, { message: "Choose a reason for the adjustment" });
const note = z.string().trim().max(NOTE_MAX, `Keep the note under ${NOTE_MAX} characters`).default("");

/** What the model accepts; checked again there, so no caller can skip the rules. */
export const stockAdjustmentInput = z
  .object({
    variantId: z.number().int().positive(),
    locationId: z.number().int().positive(),
    delta: z.number().int().min(-MAX_ADJUSTMENT).max(MAX_ADJUSTMENT).refine((n) => n !== 0, "A change of zero does nothing").optional(),
    countedQuantity: z.number().int().min(0).max(MAX_ADJUSTMENT).optional(),
    reason,
    note,
  })
  .superRefine((v, ctx) => {
    if ((v.delta === undefined) === (v.countedQuantity === undefined)) {
      ctx.addIssue({ code: "custom", path: ["quantity"], message: "Give either a change (+5, -2) or a counted quantity, not both" });
    }
    noteRequired(v, ctx);
  });

const id = (message: string) => z.string({ message }).regex(/^\d{1,9}$/, message).transform(Number);
const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

/** The adjustment form as posted: every field a string (or missing, as conform hands over an empty one). */
export const adjustmentFormSchema = z
  .object({
    variantId: z.preprocess(blankToUndefined, id("The variant id must be a whole number").optional()),
    sku: z.preprocess(blankToUndefined, z.string().trim().max(64, "SKUs are at most 64 characters").optional()),
    locationId: id("Choose a location"),
    mode: z.enum(["delta", "count"], { message: "Choose “Change by” or “Set counted quantity”" }),
    quantity: z.string({ message: "Enter a quantity" }).trim(),
    reason,
    note,
  })
  .superRefine((v, ctx) => {
    if (v.variantId === undefined && v.sku === undefined) ctx.addIssue({ code: "custom", path: ["sku"], message: "Enter the SKU to adjust" });
    const pattern = v.mode === "delta" ? /^[+-]?\d{1,6}$/ : /^\d{1,6}$/;
    const example = v.mode === "delta" ? "Enter a whole number with a sign, e.g. +5 or -2" : "Enter the whole number you counted, e.g. 12";
    const value = v.quantity.replace(/^\u2212/, "-");
    if (!pattern.test(value)) ctx.addIssue({ code: "custom", path: ["quantity"], message: example });
    else if (Number(value) > MAX_ADJUSTMENT || Number(value) < -MAX_ADJUSTMENT) ctx.addIssue({ code: "custom", path: ["quantity"], message: `Adjust at most ${MAX_ADJUSTMENT.toLocaleString("en")} pieces at a time` });
    else if (v.mode === "delta" && Number(value) === 0) ctx.addIssue({ code: "custom", path: ["quantity"], message: "A change of zero does nothing; enter e.g. +5 or -2" });
    noteRequired(v, ctx);
  })
  .transform((v) => {
    const quantity = Number(v.quantity.replace(/^\u2212/, "-"));
    const change: QuantityChange = v.mode === "delta" ? { delta: quantity } : { countedQuantity: quantity };
    return { target: v.variantId !== undefined ? { variantId: v.variantId } : { sku: v.sku! }, locationId: v.locationId, ...change, reason: v.reason, note: v.note };
  });

export type AdjustmentForm = z.output<typeof adjustmentFormSchema>;
const fieldNames = ["sku", "locationId", "mode", "quantity", "reason", "note", "form"] as const;
export type FieldErrors = Partial<Record<(typeof fieldNames)[number], string>>;

/** The first message per field, placed where the form shows it: a bad variant id beside the SKU, anything else above the form. */
export function adjustmentFieldErrors(messages: Record<string, readonly string[] | null | undefined>): FieldErrors {
  const errors: FieldErrors = {};
  for (const [path, list] of Object.entries(messages)) {
    const name = path === "variantId" ? "sku" : path;
    const key = (fieldNames as readonly string[]).includes(name) ? (name as keyof FieldErrors) : "form";
    if (list?.[0]) errors[key] ??= list[0];
  }
  return errors;
}

/** Reads a posted adjustment form; the first message per field is kept for display beside it. */
export function parseAdjustmentForm(fields: Record<string, unknown>): { ok: true; value: AdjustmentForm } | { ok: false; errors: FieldErrors } {
  const parsed = adjustmentFormSchema.safeParse(fields);
  if (parsed.success) return { ok: true, value: parsed.data };
  const messages: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) (messages[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
  return { ok: false, errors: adjustmentFieldErrors(messages) };
}

/** `quantity` is what the ledger (recordMovements) takes: signed for an adjustment, positive for a receipt. */
export type AdjustmentPlan = { kind: MovementKind; quantity: number; delta: StockDelta; after: StockLevelState };

/**
 * Turns a change or a count into a movement against the current level. A count is computed against the
 * locked level, so two counts never add up; stock the shop has promised (reserved) can't be taken away.
 */
export function planAdjustment(level: StockLevelState, change: QuantityChange, reasonCode: AdjustmentReason): { ok: true; plan: AdjustmentPlan } | { ok: false; message: string } {
  const counted = change.countedQuantity !== undefined;
  const onHandDelta = counted ? change.countedQuantity - level.onHand : change.delta;
  if (onHandDelta === 0) {
    return { ok: false, message: counted ? `There are already ${level.onHand} on hand; nothing to change.` : "A change of zero does nothing." };
  }
  const { label, direction } = adjustmentReason(reasonCode);
  if (direction === "in" && onHandDelta < 0) return { ok: false, message: `“${label}” can only add stock, but this would remove ${-onHandDelta}.` };
  if (direction === "out" && onHandDelta > 0) return { ok: false, message: `“${label}” can only remove stock, but this would add ${onHandDelta}.` };
  const kind: MovementKind = reasonCode === "received" ? "receipt" : "adjustment";
  const delta = movementDelta(kind, onHandDelta);
  if (!canApply(level, delta)) {
    const available = Math.max(0, level.onHand - level.reserved);
    return {
      ok: false,
      message: counted
        ? `Can't set the count to ${change.countedQuantity}: ${level.reserved} ${level.reserved === 1 ? "piece is" : "pieces are"} reserved for orders, so at least ${level.reserved} must stay on hand. Nothing was changed.`
        : `Can't remove ${-onHandDelta}: only ${available} available (${level.onHand} on hand, ${level.reserved} reserved). Nothing was changed.`,
    };
  }
  return {
    ok: true,
    plan: { kind, quantity: onHandDelta, delta, after: { onHand: level.onHand + delta.onHandDelta, reserved: level.reserved + delta.reservedDelta } },
  };
}

/** The ledger's reason text: the chosen reason, the count if one was made, and the note. */
export function adjustmentReasonText(reasonCode: AdjustmentReason, note: string, countedQuantity?: number) {
  const counted = countedQuantity === undefined ? "" : ` (counted ${countedQuantity})`;
  return `${adjustmentReason(reasonCode).label}${counted}${note ? `: ${note}` : ""}`;
}
