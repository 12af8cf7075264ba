/**
 * Money is an integer number of minor units plus an ISO 4217 currency. Never a float.
 * Minor-unit digits follow Stripe: JPY has none; IDR has two (Rp 150.000 is 15_000_000).
 */
export const shopCurrencies = ["USD", "EUR", "GBP", "JPY", "AUD", "NZD", "CAD", "IDR"] as const;
export type ShopCurrency = (typeof shopCurrencies)[number];

export type Money = { readonly amountMinor: number; readonly currency: string };

const minorDigits: Record<string, number> = { JPY: 0, KRW: 0, VND: 0 };

export function minorUnitDigits(currency: string): number {
  return minorDigits[currency.toUpperCase()] ?? 2;
}

export function isShopCurrency(value: unknown): value is ShopCurrency {
  return typeof value === "string" && (shopCurrencies as readonly string[]).includes(value);
}

export function money(amountMinor: number, currency: string): Money {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError(`Money must be an integer of minor units, got ${amountMinor}`);
  return { amountMinor, currency: currency.toUpperCase() };
}

/** Whole units (e.g. rupiah, dollars) to minor units. Accepts integers only. */
export function fromMajor(major: number, currency: string): Money {
  if (!Number.isSafeInteger(major)) throw new RangeError(`Expected whole units, got ${major}`);
  return money(major * 10 ** minorUnitDigits(currency), currency);
}

/** Divide two bigints, rounding half away from zero. */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError("Division by zero");
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (n * 2n + d) / (d * 2n);
  return negative ? -q : q;
}

export const RATE_SCALE = 1_000_000n;

/**
 * Converts USD minor units to `target` using a rate of target units per USD scaled by 1e6,
 * rounded half-up to the target's minor units. All integer arithmetic.
 */
export function convertFromUsd(usdMinor: number, target: string, perUsdMicros: number): Money {
  if (target === "USD") return money(usdMinor, "USD");
  const digitsShift = 10n ** BigInt(minorUnitDigits(target));
  const numerator = BigInt(usdMinor) * BigInt(perUsdMicros) * digitsShift;
  const denominator = 100n * RATE_SCALE;
  return money(Number(divRoundHalfUp(numerator, denominator)), target);
}

/** Converts an amount in `source` to USD cents at `perUsdMicros` (source units per USD ×1e6). */
export function convertToUsd(amount: Money, perUsdMicros: number): Money {
  if (amount.currency === "USD") return amount;
  const digitsShift = 10n ** BigInt(minorUnitDigits(amount.currency));
  const numerator = BigInt(amount.amountMinor) * 100n * RATE_SCALE;
  const denominator = BigInt(perUsdMicros) * digitsShift;
  return money(Number(divRoundHalfUp(numerator, denominator)), "USD");
}

/** Amount as Stripe expects it: Stripe's minor units match ours (IDR ×100, JPY as is). */
export function toStripeAmount(amount: Money): number {
  return amount.amountMinor;
}

const localeFor: Record<string, string> = {
  USD: "en-US",
  EUR: "de-DE",
  GBP: "en-GB",
  JPY: "ja-JP",
  AUD: "en-AU",
  NZD: "en-NZ",
  CAD: "en-CA",
  IDR: "id-ID",
};

/** Intl formatters are costly to build (about a tenth of a catalogue render made one per price): one per locale and currency. */
const currencyFormats = new Map<string, Intl.NumberFormat>();
function currencyFormat(locale: string, currency: string, digits: number): Intl.NumberFormat {
  const key = `${locale}|${currency}|${digits}`;
  let format = currencyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
    currencyFormats.set(key, format);
  }
  return format;
}

/**
 * Formats for display. IDR shows whole rupiah (Rp 150.000) because sen are not used in practice,
 * but the amount is still stored with two minor digits.
 */
export function formatMoney(amount: Money, options: { locale?: string } = {}): string {
  const digits = minorUnitDigits(amount.currency);
  const showDigits = amount.currency === "IDR" ? 0 : digits;
  const major = amount.amountMinor / 10 ** digits;
  const text = currencyFormat(options.locale ?? localeFor[amount.currency] ?? "en-US", amount.currency, showDigits).format(major);
  // ja-JP writes the full-width ￥ (U+FFE5), which the shop's Latin fonts lack; ¥ (U+00A5) is in all of them.
  return text.replace(/\uFFE5/g, "\u00A5");
}

/** "16250" or "0.92" (units per USD) → integer micros. Rejects anything that is not a plain decimal. */
export function parseRateMicros(text: string): number {
  const match = /^(\d{1,9})(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (!match) throw new RangeError(`Not a rate: ${text}`);
  const micros = Number(match[1]) * 1_000_000 + Number((match[2] ?? "").padEnd(6, "0"));
  if (micros <= 0) throw new RangeError("A rate must be above zero");
  return micros;
}

/**
 * The shop currency a visitor most likely wants, from Accept-Language ("en-GB,en;q=0.8" → GBP).
 * Region first, then language; anything unknown is USD.
 */
export function currencyForLanguages(acceptLanguage: string | null | undefined): ShopCurrency {
  const byRegion: Record<string, ShopCurrency> = {
    US: "USD", GB: "GBP", JP: "JPY", AU: "AUD", NZ: "NZD", CA: "CAD", ID: "IDR", IE: "EUR", DE: "EUR", FR: "EUR",
    NL: "EUR", BE: "EUR", AT: "EUR", IT: "EUR", ES: "EUR", PT: "EUR", FI: "EUR", LU: "EUR", GR: "EUR",
  };
  const byLanguage: Record<string, ShopCurrency> = {
    ja: "JPY", id: "IDR", de: "EUR", fr: "EUR", nl: "EUR", it: "EUR", es: "EUR", pt: "EUR", fi: "EUR", el: "EUR",
  };
  const tags = (acceptLanguage ?? "")
    .split(",")
    .map((part) => {
      const [tag = "", q] = part.trim().split(";q=");
      return { tag, q: q === undefined ? 1 : Number(q) || 0 };
    })
    .filter((t) => t.tag && t.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of tags) {
    const [language = "", region] = tag.split("-");
    if (region && byRegion[region.toUpperCase()]) return byRegion[region.toUpperCase()]!;
    if (byLanguage[language.toLowerCase()]) return byLanguage[language.toLowerCase()]!;
    if (language.toLowerCase() === "en") return "USD";
  }
  return "USD";
}

/** Micros back to the decimal text staff type ("16250", "0.92"). */
export function formatRateMicros(micros: number): string {
  const whole = Math.floor(micros / 1_000_000);
  const fraction = String(micros % 1_000_000).padStart(6, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/**
 * What staff type in a price field → minor units. "24", "24.5", "1,250.00" and "$24.50" for two-decimal
 * currencies; whole rupiah with optional thousand dots for IDR ("Rp 150.000" → 15_000_000). A leading minus
 * is kept so callers can say "must be more than zero"; anything else that is not a number throws.
 */
export function parseMoneyInput(text: string, currency: string): number {
  const upper = currency.toUpperCase();
  let value = text.trim().replace(/^(US\$|Rp\.?|[A-Z]{3}|[$€£¥])\s*/i, "");
  const negative = value.startsWith("-");
  if (negative) value = value.slice(1).trim();
  const digits = minorUnitDigits(upper);
  let minor: number;
  if (upper === "IDR") {
    if (!/^\d{1,3}([.,\s]\d{3})*$|^\d+$/.test(value)) throw new RangeError("Enter whole rupiah, e.g. 150000 or 150.000");
    minor = Number(value.replace(/[.,\s]/g, "")) * 10 ** digits;
  } else {
    const match = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(value);
    if (!match) throw new RangeError(digits ? "Enter an amount like 24.50" : "Enter a whole amount like 2400");
    const fraction = match[2] ?? "";
    if (fraction.length > digits) throw new RangeError(digits ? `Use at most ${digits} decimals` : `${upper} has no decimals`);
    minor = Number(match[1]!.replace(/,/g, "")) * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
  }
  if (!Number.isSafeInteger(minor)) throw new RangeError("That amount is too large");
  return negative ? -minor : minor;
}

/** Minor units → the plain text a price field shows ("24.50", "150000"), the inverse of parseMoneyInput. */
export function formatMoneyInput(amountMinor: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  if (currency.toUpperCase() === "IDR") return String(Math.round(amountMinor / 10 ** digits));
  if (!digits) return String(amountMinor);
  const sign = amountMinor < 0 ? "-" : "";
  const abs = Math.abs(amountMinor);
  return `${sign}${Math.floor(abs / 10 ** digits)}.${String(abs % 10 ** digits).padStart(digits, "0")}`;
}
