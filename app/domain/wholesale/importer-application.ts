import { z } from "zod";
import type { RateLimitRule } from "~/domain/platform/rate-limit";
import { countryNames } from "~/domain/retail/shipping";

/** What a wholesale application asks, and which decisions staff may take on an importer. Pure rules. */

/** The ranges the application offers for expected annual purchases, stored as the applicant chose them. */
export const expectedVolumes = ["Under US$5,000", "US$5,000–20,000", "US$20,000–50,000", "US$50,000–150,000", "Over US$150,000"] as const;

/** Countries an importer may apply from: the ISO codes the shop already ships to. */
export const applicationCountries = Object.entries(countryNames)
  .map(([code, name]) => ({ code, name }))
  .sort((a, b) => a.name.localeCompare(b.name));

/** Where staff hear of a new application. */
export const WHOLESALE_INBOX = "wholesale@kriya.example";

/** A set-password link for a new importer account works for a week (a reset link only for an hour). */
export const SETUP_LINK_DAYS = 7;
export const setupLinkLifetime = `${SETUP_LINK_DAYS} days`;
export function setupLinkExpiry(now: Date): Date {
  return new Date(now.getTime() + SETUP_LINK_DAYS * 24 * 60 * 60_000);
}

const text = (label: string, max: number) =>
  z
    .string({ message: `Enter the ${label}` })
    .trim()
    .min(1, `Enter the ${label}`)
    .max(max, `Keep the ${label} under ${max} characters`);

export const importerApplicationSchema = z.object({
  companyName: text("company name", 160),
  country: z.string({ message: "Choose your country" }).refine((code) => code in countryNames, "Choose your country"),
  taxId: text("tax or VAT number", 60),
  contactName: text("contact name", 120),
  contactEmail: z.string({ message: "Enter your email address" }).trim().toLowerCase().max(200, "That email address is too long").email("Enter a valid email address"),
  phone: z
    .string({ message: "Enter a phone number" })
    .trim()
    .min(5, "Enter a phone number with its country code")
    .max(40, "That phone number is too long")
    .regex(/^[+0-9 ().\-/]+$/, "Use digits, spaces and + ( ) - only"),
  website: z
    .string()
    .trim()
    .max(200, "Keep the web address under 200 characters")
    .optional()
    .transform((v) => (v ? (/^https?:\/\//i.test(v) ? v : `https://${v}`) : null))
    .refine((v) => v === null || z.string().url().safeParse(v).success, "Enter a web address such as https://example.com"),
  expectedVolume: z.enum(expectedVolumes, { message: "Choose your expected annual volume" }),
  consent: z.literal("on", { message: "Tick the box so we may contact you about your application" }),
});

export type ImporterApplication = z.infer<typeof importerApplicationSchema>;

export type ImporterStatus = "pending" | "approved" | "rejected" | "suspended";
export type ImporterDecision = "approve" | "reject" | "suspend";

/** Which decisions staff may take from each status. Approving again after a suspension reinstates the importer. */
const allowed: Record<ImporterStatus, readonly ImporterDecision[]> = {
  pending: ["approve", "reject"],
  approved: ["suspend"],
  suspended: ["approve"],
  rejected: [],
};

export function allowedDecisions(status: ImporterStatus): readonly ImporterDecision[] {
  return allowed[status];
}

export function canDecide(status: ImporterStatus, decision: ImporterDecision): boolean {
  return allowed[status].includes(decision);
}

/** What a signed-in importer of each status is told when a wholesale page refuses them. */
export const refusalForStatus: Record<Exclude<ImporterStatus, "approved">, string> = {
  pending: "Your wholesale application is still being reviewed. We reply within two working days; you can then use the wholesale pages.",
  rejected: "Your wholesale application was not approved, so the wholesale pages are not open to this account. Write to wholesale@kriya.example with any questions.",
  suspended: "Your wholesale account is suspended. Write to wholesale@kriya.example and we'll help you sort it out.",
};

/** The status filter of the back-office list; pending ones come first when no filter is chosen. */
export const importerStatuses = ["pending", "approved", "suspended", "rejected"] as const satisfies readonly ImporterStatus[];

/** Applications from one network address: enough for a shared office, too few to flood the review queue. */
export const applicationLimit = { windowSeconds: 60 * 60, limit: 5 } as const satisfies RateLimitRule;
export const applicationLimitKey = (ip: string) => `importer-apply:ip:${ip}`;
