import { z } from "zod";
import { isCalendarDate } from "~/domain/platform/calendar-day";
import { slugField } from "~/domain/catalog/slug";
import { parseMoneyInput } from "~/domain/money/money";

/** The back-office form of an event: its name and place, its days, the till's float and the stall's QRIS code. */

const day = (label: string) =>
  z
    .string({ message: `Enter the ${label}` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: `Enter the ${label} as a date like 2027-05-08`, abort: true })
    .refine(isCalendarDate, `The ${label} is not a real date`)
    .refine((d) => d >= "2000-01-01" && d <= "2100-12-31", `The ${label} must be between 2000 and 2100`);

const text = (label: string, max: number) =>
  z
    .string({ message: `Enter the ${label}` })
    .trim()
    .min(1, `Enter the ${label}`)
    .max(max, `Keep the ${label} under ${max} characters`);

/** An event is at most this long: a bazaar is days, not months. */
export const MAX_EVENT_DAYS = 60;

/** Rp 100.000.000: far beyond any till's float. */
export const MAX_FLOAT_MINOR = 10_000_000_000;

/** Whole rupiah as typed ("Rp 500.000", "500000") → minor units; empty is no float. */
const rupiah = z
  .string()
  .trim()
  .max(30, "That float is too large")
  .optional()
  .transform((text, ctx) => {
    if (!text) return 0;
    try {
      const minor = parseMoneyInput(text, "IDR");
      if (minor < 0) ctx.addIssue({ code: "custom", message: "The float can't be negative" });
      else if (minor > MAX_FLOAT_MINOR) ctx.addIssue({ code: "custom", message: "The float is at most Rp 100.000.000" });
      return minor;
    } catch (error) {
      ctx.addIssue({ code: "custom", message: error instanceof RangeError ? error.message : "Enter whole rupiah, e.g. 500.000" });
      return z.NEVER;
    }
  });

/** The fields an event's form sends, each checked on its own. */
export const eventFields = z.object({
  name: text("event's name", 120),
  venue: text("venue", 160),
  city: text("city", 80),
  startsOn: day("first day"),
  endsOn: day("last day"),
  openingFloat: rupiah,
  qrisMerchantName: z.string().trim().max(120, "Keep the merchant name under 120 characters").optional().default(""),
  qrisPayload: z.string().trim().max(512, "A QRIS payload is at most 512 characters").optional().default(""),
});

/** The checks across fields: the days in order and not too many, a QRIS code with the name it shows. */
export function checkEventFields(value: z.infer<typeof eventFields>, ctx: z.RefinementCtx) {
  if (value.endsOn < value.startsOn) ctx.addIssue({ code: "custom", path: ["endsOn"], message: "The last day can't be before the first day" });
  else if ((Date.parse(value.endsOn) - Date.parse(value.startsOn)) / 86_400_000 >= MAX_EVENT_DAYS) {
    ctx.addIssue({ code: "custom", path: ["endsOn"], message: `An event lasts at most ${MAX_EVENT_DAYS} days` });
  }
  if (value.qrisPayload && !value.qrisMerchantName) ctx.addIssue({ code: "custom", path: ["qrisMerchantName"], message: "Enter the merchant name the QRIS code shows" });
}

/** A new event: its fields and, optionally, its web address. */
export const newEventSchema = eventFields.extend({ slug: slugField }).superRefine(checkEventFields);

export type EventFormValue = z.infer<typeof eventFields>;

/** The fields as the model takes them. */
export function eventFieldsOf(value: EventFormValue) {
  const { openingFloat, ...rest } = value;
  return { ...rest, openingFloatMinor: openingFloat };
}
