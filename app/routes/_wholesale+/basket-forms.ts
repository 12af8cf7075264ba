import { z } from "zod";
import { MAX_ROW_ID } from "~/domain/platform/row-id";

/** The table's CHECK and setBasketQuantities take at most this many pieces of one variant. */
const MAX_QUANTITY = 100_000;

/** Quantities typed on the product page or in the basket: one row per variant; empty is zero (remove). */
export const quantityRows = z
  .array(
    z.object({
      variantId: z.number({ error: "That piece is not known. Reload the page and try again." }).int().positive().max(MAX_ROW_ID, "That piece is not known. Reload the page and try again."),
      quantity: z
        .number({ error: "Write a whole number of pieces, e.g. 12" })
        .int("Whole pieces only")
        .min(0, "A quantity can't be below zero")
        .max(MAX_QUANTITY, "At most 100,000 pieces of one variant; write to us for more")
        .optional(),
    }),
  )
  .min(1, "Type a quantity for at least one variant")
  .max(60, "Too many variants in one form");

export const toQuantities = (rows: z.output<typeof quantityRows>) => rows.map((r) => ({ variantId: r.variantId, quantity: r.quantity ?? 0 }));
