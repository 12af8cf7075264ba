/** A default delivery country from the browser's Accept-Language, when one of its languages names one we ship to. */

// A bare language (no region) points at one country only where that is the obvious reading; "en" and "es" do not.
const languageCountry: Record<string, string> = {
  ja: "JP", id: "ID", ms: "MY", ko: "KR", de: "DE", fr: "FR", nl: "NL", it: "IT", pl: "PL", cs: "CZ",
  da: "DK", sv: "SE", fi: "FI", nb: "NO", nn: "NO", no: "NO", pt: "PT",
};

/** Language ranges in preference order (highest q first, ties in header order), without "*" or q=0. */
export function parseAcceptLanguage(header: string | null | undefined): string[] {
  if (!header) return [];
  return header
    .slice(0, 500)
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const qParam = params.find((p) => /^\s*q=/i.test(p));
      const q = qParam === undefined ? 1 : Number(/^\s*q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)\s*$/i.exec(qParam)?.[1] ?? 0);
      return { tag: tag.trim(), q, index };
    })
    .filter((l) => /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(l.tag) && l.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((l) => l.tag);
}

/** The first of the shopper's languages that names a country in `shipsTo`; null when none does. */
export function countryFromLocale(header: string | null | undefined, shipsTo: readonly string[]): string | null {
  const allowed = new Set(shipsTo);
  for (const tag of parseAcceptLanguage(header)) {
    const [language = "", ...rest] = tag.split("-");
    const region = rest.find((s) => /^[A-Za-z]{2}$/.test(s))?.toUpperCase();
    const country = region ?? languageCountry[language.toLowerCase()];
    if (country && allowed.has(country)) return country;
  }
  return null;
}
