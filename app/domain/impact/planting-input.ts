import { z } from "zod";
import { isCalendarDate } from "~/domain/platform/calendar-day";

/** What the back office sends for a planting and for a survival check, validated the same way everywhere. */

/** The map the impact page draws, and the database's CHECK: Indonesia's bounding box. */
export const INDONESIA_BOX = { minLatitude: -11.5, maxLatitude: 6.5, minLongitude: 94.5, maxLongitude: 141.5 } as const;
export const MAX_TREES_PER_PLANTING = 1_000_000;
export const MAX_EVIDENCE_PHOTOS = 6;
export const OFF_THE_MAP = "That place is off the map of Indonesia: latitude runs from -11.5 to 6.5 and longitude from 94.5 to 141.5.";
const EARLIEST_PLANTING = "2000-01-01";

/** Today in Asia/Jakarta (UTC+7 all year, no daylight saving), as YYYY-MM-DD. */
export function jakartaToday(now: Date): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

export function isOnTheMap({ latitude, longitude }: { latitude: number; longitude: number }): boolean {
  const box = INDONESIA_BOX;
  return latitude >= box.minLatitude && latitude <= box.maxLatitude && longitude >= box.minLongitude && longitude <= box.maxLongitude;
}

const text = (label: string, max: number) =>
  z
    .string({ message: `Enter the ${label}` })
    .trim()
    .min(1, `Enter the ${label}`)
    .max(max, `Keep the ${label} under ${max} characters`);
const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `Keep the ${label} under ${max} characters`)
    .optional()
    .transform((v) => v ?? "");

/** A day typed into a date field: real, from `earliest`, not after today in Jakarta. */
const day = (label: string, { earliest, today, earliestMessage }: { earliest: string; today: string; earliestMessage: string }) =>
  z
    .string({ message: `Enter the ${label}` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: `Enter the ${label} as a date like 2026-03-31`, abort: true })
    .refine(isCalendarDate, { message: `The ${label} is not a real date`, abort: true })
    .refine((v) => v >= earliest, { message: earliestMessage, abort: true })
    .refine((v) => v <= today, `The ${label} can't be in the future (today is ${today} in Jakarta)`);

const coordinate = (label: "latitude" | "longitude", example: string) =>
  z.number({ message: `Enter the ${label} as a decimal number, e.g. ${example}` }).refine(Number.isFinite, `Enter the ${label} as a decimal number, e.g. ${example}`);

const treeCount = z
  .number({ message: "Enter the number of trees as a whole number" })
  .int("Enter the number of trees as a whole number")
  .min(1, "The number of trees must be at least 1 (it can't be zero or negative)")
  .max(MAX_TREES_PER_PLANTING, `A planting can hold at most ${MAX_TREES_PER_PLANTING.toLocaleString("en")} trees`);

/** The planting's fields (its photos are checked separately: they come as files, not text). */
export function plantingInputSchema(now = new Date()) {
  const today = jakartaToday(now);
  return z
    .object({
      plantedOn: day("planting date", { earliest: EARLIEST_PLANTING, today, earliestMessage: "Plantings recorded here start in 2000; check the year" }),
      place: text("place name", 120),
      province: text("province", 80),
      latitude: coordinate("latitude", "-7.965"),
      longitude: coordinate("longitude", "110.601"),
      species: text("species", 160),
      treeCount,
      partner: optionalText("partner", 160),
      notes: optionalText("notes", 2000),
    })
    .superRefine((v, ctx) => {
      // Both fields carry the message: either may be the wrong one (a swapped pair, a missing minus sign).
      if (!isOnTheMap(v)) for (const path of ["latitude", "longitude"]) ctx.addIssue({ code: "custom", path: [path], message: OFF_THE_MAP });
    });
}

export type PlantingInput = z.output<ReturnType<typeof plantingInputSchema>>;

/** A survival check of one planting: not before it was planted, not in the future, at most as many trees alive as planted. */
export function survivalCheckInputSchema({ plantedOn, treeCount: planted, now = new Date() }: { plantedOn: string; treeCount: number; now?: Date }) {
  const today = jakartaToday(now);
  return z.object({
    checkedOn: day("check date", { earliest: plantedOn, today, earliestMessage: `A check can't be before the planting (${plantedOn})` }),
    aliveCount: z
      .number({ message: "Enter the number of living trees as a whole number" })
      .int("Enter the number of living trees as a whole number")
      .min(0, "The number of living trees can't be negative")
      .max(planted, `At most ${planted.toLocaleString("en")} trees were planted here`),
    notes: optionalText("notes", 2000),
  });
}

export type SurvivalCheckInput = z.output<ReturnType<typeof survivalCheckInputSchema>>;
