import slugify from "slugify";

/** A web address made from a name: lowercase ASCII words joined by hyphens, at most 80 characters. */
export function slugFrom(text: string) {
  return slugify(text, { lower: true, strict: true, trim: true }).slice(0, 80).replace(/-+$/, "") || "item";
}

/** `base` if nobody has it, else the first of `base-2`, `base-3`, … that is free. */
export function firstFreeSlug(base: string, taken: ReadonlySet<string>) {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base.slice(0, 80 - String(n).length - 1)}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
