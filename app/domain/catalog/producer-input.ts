import { z } from "zod";
import { fairTradePrinciples } from "./principles";
import { slugField } from "./slug";

/** What a back-office form sends for a producer group and for a field visit, validated the same way everywhere. */

export const islands = ["Java", "Bali", "Sumatra", "Kalimantan", "Sulawesi", "Nusa Tenggara", "Maluku", "Papua"] as const;

const text = (label: string, max = 200) =>
  z
    .string({ message: `Enter the ${label}` })
    .trim()
    .min(1, `Enter the ${label}`)
    .max(max, `Keep the ${label} under ${max} characters`);
const optionalText = (label: string, max = 200) =>
  z
    .string()
    .trim()
    .max(max, `Keep the ${label} under ${max} characters`)
    .optional()
    .transform((v) => v || null);
const count = (label: string) =>
  z
    .number({ message: `Enter the ${label} as a whole number` })
    .int(`Enter the ${label} as a whole number`)
    .min(0, `The ${label} can't be negative`)
    .max(1_000_000, `That ${label} is too large`);


export function producerInputSchema(now = new Date()) {
  return z
    .object({
      name: text("group's name", 120),
      slug: slugField,
      summary: text("one-line summary", 240),
      story: text("story", 8000),
      province: text("province", 80),
      regency: text("regency", 80),
      village: text("village", 80),
      island: z.enum(islands, { message: "Choose the island" }),
      latitude: z.number({ message: "Enter the latitude, e.g. -7.797" }).min(-90, "Latitude runs from -90 to 90").max(90, "Latitude runs from -90 to 90"),
      longitude: z.number({ message: "Enter the longitude, e.g. 110.37" }).min(-180, "Longitude runs from -180 to 180").max(180, "Longitude runs from -180 to 180"),
      crafts: z
        .string({ message: "List at least one craft" })
        .transform((v) => [...new Set(v.split(",").map((c) => c.trim()).filter(Boolean))])
        .pipe(z.array(z.string().max(60, "Keep each craft under 60 characters")).min(1, "List at least one craft").max(12, "List at most 12 crafts")),
      foundedYear: z
        .number({ message: "Enter the year the group was founded" })
        .int("Enter a year like 1998")
        .min(1900, "Enter a year from 1900")
        .max(now.getUTCFullYear(), "The founding year can't be in the future"),
      memberCount: count("number of members").pipe(z.number().min(1, "A group has at least one member")),
      womenCount: count("number of women"),
      homeworkers: z.boolean().default(false),
      active: z.boolean().default(false),
      contactName: optionalText("contact name", 120),
      contactPhone: optionalText("phone number", 40),
      contactEmail: z.email("Enter a valid email address").max(200).optional().transform((v) => v || null),
      payoutBankName: optionalText("bank name", 120),
      payoutAccountName: optionalText("account name", 120),
      payoutAccountNumber: z
        .string()
        .trim()
        .regex(/^[0-9 -]{4,34}$/, "Enter the account number (digits, spaces or hyphens)")
        .optional()
        .transform((v) => v || null),
    })
    .superRefine((value, ctx) => {
      if (value.womenCount > value.memberCount) {
        ctx.addIssue({ code: "custom", path: ["womenCount"], message: "There can't be more women than members" });
      }
    });
}
export type ProducerInput = z.output<ReturnType<typeof producerInputSchema>>;

/** A field visit: the date, who went, and a met/not-met mark with a note for each of the 10 principles. */
export function fieldVisitInputSchema(now = new Date()) {
  const today = now.toISOString().slice(0, 10);
  return z
    .object({
      visitedOn: z
        .string({ message: "Enter the date of the visit" })
        .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the date as YYYY-MM-DD")
        .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), "That date does not exist")
        .refine((d) => d <= today, "A visit can't be in the future")
        .refine((d) => d >= "1990-01-01", "Enter a date from 1990"),
      visitor: text("visitor's name", 120),
      notes: z.string().trim().max(4000, "Keep the notes under 4000 characters").default(""),
      checks: z
        .array(
          z.object({
            principle: z.number().int().min(1).max(10),
            met: z.boolean().default(false),
            note: z.string().trim().max(1000, "Keep each note under 1000 characters").default(""),
          }),
        )
        .length(fairTradePrinciples.length, "Mark every one of the 10 principles"),
    })
    .superRefine((value, ctx) => {
      const seen = new Set(value.checks.map((c) => c.principle));
      if (seen.size !== fairTradePrinciples.length) ctx.addIssue({ code: "custom", path: ["checks"], message: "Mark every one of the 10 principles" });
      value.checks.forEach((c, i) => {
        if (!c.met && !c.note) ctx.addIssue({ code: "custom", path: ["checks", i, "note"], message: "Say what was not met" });
      });
    });
}
export type FieldVisitInput = z.output<ReturnType<typeof fieldVisitInputSchema>>;
