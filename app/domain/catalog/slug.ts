import slugify from "slugify";
import { z } from "zod";

/** The one shape of a web address part (product, producer, category, material): lowercase words joined by single hyphens. */
export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_SLUG_LENGTH = 80;

/** Whether a URL segment can be a slug at all (so a hand-typed address can be a 404 without a query). */
export function isSlug(value: string): boolean {
  return value.length <= MAX_SLUG_LENGTH && slugPattern.test(value);
}

/** The back-office field for a slug; empty means "make one from the name". */
export const slugField = z
  .string()
  .trim()
  .toLowerCase()
  .max(MAX_SLUG_LENGTH, "Keep the web address under 80 characters")
  .regex(slugPattern, "Use lowercase letters, digits and single hyphens, e.g. kampung-rattan")
  .optional();

/** A web address made from a name: lowercase ASCII words joined by hyphens, at most 80 characters. */
export function slugFrom(text: string) {
  return slugify(text, { lower: true, strict: true, trim: true }).slice(0, MAX_SLUG_LENGTH).replace(/-+$/, "") || "item";
}

/** `base` if nobody has it, else the first of `base-2`, `base-3`, … that is free. */
export function firstFreeSlug(base: string, taken: ReadonlySet<string>) {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base.slice(0, MAX_SLUG_LENGTH - String(n).length - 1)}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
