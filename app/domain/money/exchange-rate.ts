import { formatRateMicros, RATE_SCALE, type ShopCurrency } from "./money";

/**
 * What staff type as an exchange rate (units of a currency per US$1) → integer micros, and the checks a new
 * rate must pass. Pure: no IO.
 *
 * The reading rule, chosen so that no text means two things:
 * - JPY and IDR (rates in the hundreds and thousands): a dot or comma followed by exactly three digits
 *   separates thousands, so 16250, 16,250 and 16.250 are all the same rate. A mark followed by any other
 *   number of digits is the decimal mark (151.2, 16250.5, 16.250,5).
 * - EUR, GBP, AUD, NZD and CAD (rates below 10, so never any thousands): one dot or comma is the decimal
 *   mark (0.92 = 0,92).
 * - Each currency has a sane range; a reading outside it is refused and, when the other reading of a
 *   three-digit group would fit (JPY "151.200"), the message says so.
 */

export type RateCurrency = Exclude<ShopCurrency, "USD">;

type RateRule = {
  /** Lowest and highest sane rate, in micros. Each range spans less than ×1000, so a thousands slip always leaves it. */
  min: number;
  max: number;
  groupsThousands: boolean;
  unit: string;
  howToWrite: string;
};

const belowTen = (unit: string, example: string, words: string): RateRule => ({
  min: 100_000,
  max: 10_000_000,
  groupsThousands: false,
  unit,
  howToWrite: `Write ${example} or ${example.replace(".", ",")} for ${words} ${unit} per US dollar.`,
});

export const rateRules: Record<RateCurrency, RateRule> = {
  EUR: belowTen("euros", "0.92", "zero point nine two"),
  GBP: belowTen("pounds", "0.79", "zero point seven nine"),
  AUD: belowTen("Australian dollars", "1.53", "one point five three"),
  NZD: belowTen("New Zealand dollars", "1.68", "one point six eight"),
  CAD: belowTen("Canadian dollars", "1.38", "one point three eight"),
  JPY: {
    min: 10_000_000,
    max: 1_000_000_000,
    groupsThousands: true,
    unit: "yen",
    howToWrite: "Write 151.2 for a hundred and fifty-one point two yen per US dollar.",
  },
  IDR: {
    min: 1_000_000_000,
    max: 100_000_000_000,
    groupsThousands: true,
    unit: "rupiah",
    howToWrite: "Write 16250 or 16,250 for sixteen thousand two hundred and fifty rupiah per US dollar.",
  },
};

export const rateCurrencies = Object.keys(rateRules) as RateCurrency[];

export function isRateCurrency(value: string): value is RateCurrency {
  return Object.hasOwn(rateRules, value);
}

/** A rate change beyond this many percent must be confirmed by the person making it. */
export const CONFIRM_CHANGE_PERCENT = 20;

export type RateReading = { ok: true; micros: number } | { ok: false; message: string };

const MAX_FRACTION_DIGITS = 6;

/** The text staff typed for `currency` → micros, or a message that says how to write it. */
export function parseRateInput(text: string, currency: RateCurrency): RateReading {
  const rule = rateRules[currency];
  const typed = text.trim();
  const refuse = (why: string): RateReading => ({ ok: false, message: `${why} ${rule.howToWrite}` });
  if (!typed) return refuse(`Enter how many ${rule.unit} buy one US dollar.`);
  if (typed.length > 40 || !/^\d+(?:[.,]\d+)*$/.test(typed)) return refuse(`“${clip(typed)}” is not a rate: use digits, with a dot or comma before any decimals.`);

  const groups = typed.split(/[.,]/);
  const marks = typed.match(/[.,]/g) ?? [];
  let whole: string;
  let fraction = "";
  let readAsThousands = false;
  if (!rule.groupsThousands) {
    if (marks.length > 1) return refuse(`${currency} rates are below 10, so they have no thousands: use one dot or comma, before the decimals.`);
    [whole = "", fraction = ""] = groups;
  } else {
    // The last mark is the decimal mark unless exactly three digits follow it; every other mark groups thousands.
    const lastIsDecimal = marks.length > 0 && groups[groups.length - 1]!.length !== 3;
    const thousandsMarks = lastIsDecimal ? marks.slice(0, -1) : marks;
    const wholeGroups = lastIsDecimal ? groups.slice(0, -1) : groups;
    fraction = lastIsDecimal ? groups[groups.length - 1]! : "";
    if (new Set(thousandsMarks).size > 1 || (lastIsDecimal && thousandsMarks.includes(marks[marks.length - 1]!))) {
      return refuse(`“${typed}” mixes its marks: use one kind of mark between thousands and the other before decimals.`);
    }
    if (wholeGroups.length > 1 && (wholeGroups[0]!.length > 3 || wholeGroups.slice(1).some((g) => g.length !== 3))) {
      return refuse(`“${typed}” is not grouped in thousands: a dot or comma before exactly three digits separates thousands.`);
    }
    whole = wholeGroups.join("");
    readAsThousands = thousandsMarks.length > 0;
  }
  if (fraction.length > MAX_FRACTION_DIGITS) return refuse(`Use at most ${MAX_FRACTION_DIGITS} decimals.`);
  if (whole.length > 12) return refuse(`“${clip(typed)}” is far too large for a rate.`);

  const value = BigInt(whole) * RATE_SCALE + BigInt(fraction.padEnd(MAX_FRACTION_DIGITS, "0"));
  if (value === 0n) return refuse("A rate must be above zero.");
  if (value >= BigInt(rule.min) && value <= BigInt(rule.max)) return { ok: true, micros: Number(value) };

  const reading = describeMicros(value);
  const span = `${describeMicros(BigInt(rule.min))} to ${describeMicros(BigInt(rule.max))} ${rule.unit}`;
  if (readAsThousands && marks.length === 1) {
    // "151.200": grouped thousands are out of range, but a decimal reading might be what was meant.
    const decimal = BigInt(groups[0]!) * RATE_SCALE + BigInt(groups[1]!.padEnd(MAX_FRACTION_DIGITS, "0"));
    if (decimal >= BigInt(rule.min) && decimal <= BigInt(rule.max)) {
      const plain = formatRateInput(Number(decimal), currency);
      return {
        ok: false,
        message: `“${typed}” is ambiguous: for ${currency} a dot or comma before three digits separates thousands, which makes ${reading} ${rule.unit} per US dollar, outside the sane range of ${span}. For ${plain} ${rule.unit} per dollar write ${plain}.`,
      };
    }
  }
  return refuse(`“${clip(typed)}” reads as ${reading} ${rule.unit} per US dollar; the ${currency} rate must be from ${span}.`);
}

/**
 * Micros → the text the rate field shows, which parseRateInput reads back as the same rate: "16250", "0.92",
 * and "151.1250" rather than "151.125", which would read as thousands.
 */
export function formatRateInput(perUsdMicros: number, currency: RateCurrency): string {
  const text = formatRateMicros(perUsdMicros);
  return rateRules[currency].groupsThousands && /\.\d{3}$/.test(text) ? `${text}0` : text;
}

/** Why `micros` is not a sane rate for `currency`, or null when it is: the model's own check on every write. */
export function rateOutOfRange(currency: RateCurrency, perUsdMicros: number): string | null {
  const rule = rateRules[currency];
  if (Number.isSafeInteger(perUsdMicros) && perUsdMicros >= rule.min && perUsdMicros <= rule.max) return null;
  return `The ${currency} rate must be from ${describeMicros(BigInt(rule.min))} to ${describeMicros(BigInt(rule.max))} ${rule.unit} per US dollar.`;
}

export type RateChange = { currency: string; from: number; to: number; percent: string; needsConfirmation: boolean };

/**
 * How far a rate moves, as staff read it ("+117%", "-99.9%"), and whether the move is big enough
 * (more than CONFIRM_CHANGE_PERCENT) that a typo is likelier than the market. Integer arithmetic only.
 */
export function describeRateChange(currency: string, from: number, to: number): RateChange {
  const base = BigInt(from);
  const diff = BigInt(to) - base;
  const size = diff < 0n ? -diff : diff;
  const needsConfirmation = size * 100n > BigInt(CONFIRM_CHANGE_PERCENT) * base;
  const sign = diff < 0n ? "-" : "+";
  const whole = (size * 200n + base) / (base * 2n);
  const tenths = (size * 2000n + base) / (base * 2n);
  // Rounding a fall of 99.6% to "-100%" would read as "went to zero"; show the tenth instead.
  const percent = diff < 0n && whole >= 100n ? `-${tenths >= 1000n ? "99.9" : `${tenths / 10n}.${tenths % 10n}`}%` : `${sign}${whole}%`;
  return { currency, from, to, percent, needsConfirmation };
}

/** The checkbox value that confirms exactly this change ("EUR:920000:2000000"): a different rate needs a new tick. */
export function confirmationToken(change: Pick<RateChange, "currency" | "from" | "to">): string {
  return `${change.currency}:${change.from}:${change.to}`;
}

/** Micros as a readable number for messages: 16250000000 → "16,250"; 920000 → "0.92". */
function describeMicros(value: bigint): string {
  const text = value > BigInt(Number.MAX_SAFE_INTEGER) ? `${value / RATE_SCALE}` : formatRateMicros(Number(value));
  const [whole = "", fraction] = text.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction ? `${grouped}.${fraction}` : grouped;
}

function clip(text: string) {
  return text.length > 24 ? `${text.slice(0, 24)}…` : text;
}
