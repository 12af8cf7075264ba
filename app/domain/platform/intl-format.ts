/**
 * Shared Intl formatters. Building an Intl.NumberFormat or DateTimeFormat costs far more than using one
 * (about a tenth of a catalogue render when made per price and date), so each locale and options pair is made once.
 */
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The formatter for `locale` and `options`, built on first use. Options are keyed by value, so literals are fine. */
export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    numberFormats.set(key, format);
  }
  return format;
}

export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions = {}): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    dateFormats.set(key, format);
  }
  return format;
}

/** `n.toLocaleString(locale, options)` without building a formatter per call. */
export function formatNumber(n: number, locale = "en-US", options?: Intl.NumberFormatOptions): string {
  return numberFormat(locale, options).format(n);
}

/** An ISO calendar day ("2026-03-01") in `options`, read as that day in UTC so no time zone moves it. */
export function formatIsoDay(isoDay: string, options: Intl.DateTimeFormatOptions, locale = "en-GB"): string {
  return dateTimeFormat(locale, { ...options, timeZone: "UTC" }).format(new Date(`${isoDay}T00:00:00Z`));
}
