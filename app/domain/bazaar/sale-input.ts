import { z } from "zod";
import { MAX_ROW_ID } from "~/domain/platform/row-id";

/**
 * What a till sends when it syncs. The batch envelope must be well formed (else the whole request is a 400);
 * each sale in it is checked on its own, so one bad sale is set aside and never blocks the others.
 */

/** Crockford base32, 26 characters, the first at most 7 (48-bit time): what `ulid` makes. */
export const ULID_PATTERN = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

export const MAX_SALES_PER_BATCH = 200;
export const MAX_LINES_PER_SALE = 100;
export const MAX_QUANTITY = 999;
/** Rp 1.000.000.000 a sale: far beyond any bazaar sale, and far inside a safe integer. */
export const MAX_SALE_MINOR = 100_000_000_000;

const count = z.number().int().min(0).max(1_000_000_000);

export const deviceIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, "A device id is 8–64 letters, digits, dashes or underscores");

export const syncBatchSchema = z.object({
  deviceId: deviceIdSchema,
  deviceLabel: z.string().trim().max(60).optional().default(""),
  eventId: z.number().int().min(1).max(MAX_ROW_ID),
  /** The last sequence number the device has given a sale. */
  issuedSeq: count,
  /** Sales still on the device beyond this batch. */
  pendingCount: count,
  sales: z.array(z.unknown()).max(MAX_SALES_PER_BATCH, `At most ${MAX_SALES_PER_BATCH} sales a batch`),
});
export type SyncBatch = z.infer<typeof syncBatchSchema>;

const amount = z.number().int("Amounts are whole minor units").min(0, "An amount cannot be negative").max(MAX_SALE_MINOR, "That amount is too large");

export const saleLineSchema = z.object({
  variantId: z.number().int().min(1).max(MAX_ROW_ID),
  quantity: z.number().int("A quantity is a whole number").min(1, "A quantity must be at least 1").max(MAX_QUANTITY, `At most ${MAX_QUANTITY} of one piece`),
  unitPriceMinor: amount.min(1, "A price must be more than zero"),
});

export const posSaleSchema = z
  .object({
    clientSaleId: z.string().regex(ULID_PATTERN, "The sale id is not a ULID"),
    deviceSeq: z.number().int().min(1, "A sequence number starts at 1").max(1_000_000_000),
    soldAt: z.iso.datetime({ offset: true, message: "The time of sale is not an ISO date and time" }),
    paymentMethod: z.enum(["cash", "qris", "card", "transfer"], "Payment is cash, QRIS, card or transfer"),
    paymentReference: z.string().trim().max(80, "A payment reference is at most 80 characters").optional().default(""),
    offline: z.boolean().optional().default(false),
    lines: z.array(saleLineSchema).min(1, "A sale has at least one piece").max(MAX_LINES_PER_SALE, `At most ${MAX_LINES_PER_SALE} lines a sale`),
    totalMinor: amount,
    tenderedMinor: amount.optional(),
    changeMinor: amount.optional(),
    receiptPrinciple: z.number().int().min(1).max(10),
  })
  .superRefine((sale, ctx) => {
    const sum = sale.lines.reduce((total, line) => total + line.quantity * line.unitPriceMinor, 0);
    if (sum !== sale.totalMinor) ctx.addIssue({ code: "custom", path: ["totalMinor"], message: "The total is not the sum of the lines" });
    if (sale.paymentMethod === "cash") {
      if (sale.tenderedMinor === undefined) ctx.addIssue({ code: "custom", path: ["tenderedMinor"], message: "A cash sale records what was tendered" });
      else if (sale.tenderedMinor < sale.totalMinor) ctx.addIssue({ code: "custom", path: ["tenderedMinor"], message: "Cash tendered is less than the total" });
      else if ((sale.changeMinor ?? 0) !== sale.tenderedMinor - sale.totalMinor) ctx.addIssue({ code: "custom", path: ["changeMinor"], message: "The change is not tendered minus total" });
    } else if (sale.tenderedMinor !== undefined || sale.changeMinor !== undefined) {
      ctx.addIssue({ code: "custom", path: ["tenderedMinor"], message: "Only a cash sale has tendered and change" });
    }
    if (new Set(sale.lines.map((l) => l.variantId)).size !== sale.lines.length) ctx.addIssue({ code: "custom", path: ["lines"], message: "A piece appears on two lines" });
  });
export type PosSaleInput = z.infer<typeof posSaleSchema>;

/** How the server answered each sale, in the order sent. */
export type SaleOutcome =
  | { clientSaleId: string; status: "recorded"; saleId: number; shortfall: boolean }
  | { clientSaleId: string; status: "duplicate" }
  | { clientSaleId: string | null; status: "set_aside"; reason: string };

/**
 * Holes in the syncing till's own sequence as the server sees it after the batch, over every number it has from
 * that till (recorded or set aside), the same rule the close of day applies. At most LISTED_GAPS numbers are
 * listed, the lowest first; `missingCount` is exact. The device leaves out numbers still in its outbox.
 */
export type SequenceGaps = { missing: number[]; missingCount: number };

export type SyncResponse = {
  outcomes: SaleOutcome[];
  recorded: number;
  duplicates: number;
  setAside: number;
  syncedAt: string;
  gaps: SequenceGaps;
};

/** The first zod message for a sale, with the field it is about: what the device and the back office show. */
export function describeSaleError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "The sale could not be read";
  const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
  return `${where}${issue.message}`;
}
