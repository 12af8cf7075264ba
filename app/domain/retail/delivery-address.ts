import { z } from "zod";

/** The delivery address a shopper types at checkout: every field checked at once, postal codes per country. */

type PostalRule = { pattern: RegExp; example: string } | { none: true };

// Normalised input (upper case, single spaces) is matched against these; one rule per shipping country we serve.
const postalRules: Record<string, PostalRule> = {
  US: { pattern: /^\d{5}(-?\d{4})?$/, example: "94107 or 94107-1234" },
  CA: { pattern: /^[ABCEGHJ-NPRSTVXY]\d[A-Z] ?\d[A-Z]\d$/, example: "K1A 0B1" },
  GB: { pattern: /^(GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})$/, example: "SW1A 1AA" },
  IE: { pattern: /^[AC-FHKNPRTV-Y]\d[\dW] ?[0-9AC-FHKNPRTV-Y]{4}$/, example: "D02 X285" },
  DE: { pattern: /^\d{5}$/, example: "10969" },
  FR: { pattern: /^\d{5}$/, example: "75011" },
  IT: { pattern: /^\d{5}$/, example: "00184" },
  ES: { pattern: /^\d{5}$/, example: "28013" },
  FI: { pattern: /^\d{5}$/, example: "00100" },
  NL: { pattern: /^[1-9]\d{3} ?[A-Z]{2}$/, example: "1012 AB" },
  BE: { pattern: /^\d{4}$/, example: "1000" },
  LU: { pattern: /^(L-?)?\d{4}$/, example: "L-1009" },
  AT: { pattern: /^\d{4}$/, example: "1010" },
  DK: { pattern: /^\d{4}$/, example: "1050" },
  NO: { pattern: /^\d{4}$/, example: "0150" },
  CH: { pattern: /^\d{4}$/, example: "8001" },
  PT: { pattern: /^\d{4}-\d{3}$/, example: "1100-148" },
  SE: { pattern: /^\d{3} ?\d{2}$/, example: "114 55" },
  PL: { pattern: /^\d{2}-\d{3}$/, example: "00-950" },
  CZ: { pattern: /^\d{3} ?\d{2}$/, example: "110 00" },
  JP: { pattern: /^\d{3}-?\d{4}$/, example: "123-4567" },
  KR: { pattern: /^\d{5}$/, example: "03187" },
  SG: { pattern: /^\d{6}$/, example: "018956" },
  MY: { pattern: /^\d{5}$/, example: "50450" },
  TW: { pattern: /^\d{3}(\d{2,3})?$/, example: "100 or 10001" },
  AU: { pattern: /^\d{4}$/, example: "2000" },
  NZ: { pattern: /^\d{4}$/, example: "6011" },
  ID: { pattern: /^\d{5}$/, example: "10110" },
  HK: { none: true },
};

// Anywhere else: 3 to 10 letters, digits, spaces or hyphens, with at least one digit.
const fallbackPostal = /^(?=.*\d)[A-Z0-9](?:[A-Z0-9 -]{1,8})[A-Z0-9]$/;

export function normalisePostalCode(code: string) {
  return code.trim().toUpperCase().replace(/\s+/g, " ");
}

/** Whether a country has postal codes at all (Hong Kong has none). */
export function needsPostalCode(country: string) {
  return !(postalRules[country] && "none" in postalRules[country]!);
}

/** A message for a postal code that can't be right for the country, or null when it looks fine. */
export function postalCodeProblem(country: string, code: string): string | null {
  const normalised = normalisePostalCode(code);
  const rule = postalRules[country];
  if (rule && "none" in rule) return null;
  if (!normalised) return "Enter the postal code";
  if (rule) return rule.pattern.test(normalised) ? null : `That postal code doesn't look right: for example ${rule.example}`;
  return fallbackPostal.test(normalised) ? null : "That postal code doesn't look right: use the letters and digits of your postcode";
}

const required = (message: string, max: number) =>
  z
    .string({ message })
    .trim()
    .min(1, message)
    .max(max, `Keep it under ${max} characters`);
const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Keep it under ${max} characters`)
    .optional()
    .transform((v) => v || undefined);

/** One schema per destination country; every field is checked on its own, so all problems are reported at once. */
export function deliveryAddressSchema(country: string) {
  return z.object({
    name: required("Enter the name for delivery", 120),
    line1: required("Enter the street address", 200),
    line2: optional(200),
    city: required("Enter the town or city", 120),
    postalCode: z
      .string()
      .max(20, "Keep it under 20 characters")
      .optional()
      .transform((code, ctx) => {
        const problem = postalCodeProblem(country, code ?? "");
        if (problem) ctx.addIssue({ code: "custom", message: problem });
        return normalisePostalCode(code ?? "");
      }),
    region: optional(120),
  });
}

export type DeliveryAddress = z.output<ReturnType<typeof deliveryAddressSchema>>;

type AddressParts = { name: string; line1: string; line2?: string | null; city: string; postalCode: string; region?: string | null; country: string };

/** The address as the label on the parcel reads, one line each: shared by the order pages and the emails. */
export function addressLines(address: AddressParts, countryName = address.country): string[] {
  return [address.name, address.line1, address.line2, `${address.postalCode} ${address.city}`.trim(), address.region, countryName].filter(
    (line): line is string => Boolean(line && line.trim()),
  );
}
