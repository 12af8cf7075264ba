import { minorUnitDigits, shopCurrencies } from "~/domain/money/money";

/** Symbols and codes a refund amount may carry, and the currencies each could mean. */
const marks: [RegExp, string[]][] = [
  [/^(US\$|A\$|AU\$|NZ\$|CA\$|C\$|\$)$/i, ["USD", "AUD", "NZD", "CAD"]],
  [/^€$/, ["EUR"]],
  [/^£$/, ["GBP"]],
  [/^[¥￥円]$/, ["JPY"]],
  [/^Rp\.?$/i, ["IDR"]],
];
const markPattern = String.raw`(?:${shopCurrencies.join("|")}|US\$|A\$|AU\$|NZ\$|CA\$|C\$|Rp\.?|[$€£¥￥円])`;
const leading = new RegExp(`^${markPattern}\\s*`, "i");
const trailing = new RegExp(`\\s*${markPattern}$`, "i");
/** Digits grouped by threes with one separator (a space, NBSP or narrow NBSP, dot, comma or apostrophe). */
const grouped = (separator: string) => new RegExp(`^\\d{1,3}(?:${separator}\\d{3})+$`);

function checkMark(mark: string | undefined, currency: string) {
  if (!mark) return;
  const code = mark.trim();
  if (/^[A-Za-z]{3}$/.test(code)) {
    if (code.toUpperCase() !== currency) throw new RangeError(`That amount is in ${code.toUpperCase()}; enter it in ${currency}`);
    return;
  }
  const means = marks.find(([pattern]) => pattern.test(code))?.[1] ?? [];
  if (!means.includes(currency)) throw new RangeError(`That amount is not in ${currency}`);
}

/** Whole units written with or without thousands separators ("1250", "1.250", "1,250", "1 250"). */
function wholeUnits(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  for (const separator of ["\\.", ",", "\\s", "'"]) if (grouped(separator).test(text)) return Number(text.replace(/\D/g, ""));
  return null;
}

/**
 * What staff type in the refund field, in the order's currency, as the page shows amounts to the shopper:
 * "57,95", "57.95", "57,95 €", "€1.250,00", "1,250.00" for two-decimal currencies; whole yen ("¥5,800", "5800");
 * whole rupiah as displayed ("Rp 150.000"). A separator followed by one or two digits is the decimal mark; one
 * followed by three is read as thousands only where that can't be a decimal (JPY, IDR, or with a decimal part
 * after it), so "1.234" in euros is refused rather than guessed. A leading minus is kept so callers can say
 * "above zero". Returns minor units; throws a RangeError with a sentence for staff.
 */
export function parseRefundAmount(input: string, currency: string): number {
  const upper = currency.toUpperCase();
  const digits = minorUnitDigits(upper);
  let text = input.trim().replace(/[\u00a0\u202f]/g, " ");
  let negative = false;
  if (/^[-−]/.test(text)) {
    negative = true;
    text = text.slice(1).trim();
  }
  checkMark(leading.exec(text)?.[0], upper);
  text = text.replace(leading, "");
  checkMark(trailing.exec(text)?.[0], upper);
  text = text.replace(trailing, "");
  if (/^[-−]/.test(text)) {
    negative = true;
    text = text.slice(1).trim();
  }
  const example = upper === "IDR" ? "150.000" : digits ? "57,95 or 57.95" : "5800";
  if (!/^[\d.,' ]+$/.test(text) || !/\d/.test(text)) throw new RangeError(`Enter an amount like ${example}`);

  let minor: number;
  if (upper === "IDR" || !digits) {
    // Shown without decimals: every separator groups thousands; a decimal part must be zero (IDR "150.000,00").
    const decimal = /^(.*?)[.,](\d{1,2})$/.exec(text);
    if (decimal && !(upper === "IDR" && /^0+$/.test(decimal[2]!))) {
      throw new RangeError(upper === "IDR" ? "Enter whole rupiah, e.g. 150.000" : `${upper} has no decimals; enter a whole amount like 5800`);
    }
    const whole = wholeUnits(decimal ? decimal[1]! : text);
    if (whole === null) throw new RangeError(`Enter an amount like ${example}`);
    minor = whole * 10 ** digits;
  } else {
    const decimal = /^(.*?)[.,](\d+)$/.exec(text);
    const wholeText = decimal ? decimal[1]! : text;
    const fraction = decimal ? decimal[2]! : "";
    if (fraction.length > digits) throw new RangeError(`Use at most ${digits} decimals, e.g. ${example}`);
    if (decimal && wholeText.includes(text.at(-fraction.length - 1)!)) throw new RangeError(`Enter an amount like ${example}`);
    const whole = wholeText === "" ? 0 : wholeUnits(wholeText);
    if (whole === null) throw new RangeError(`Enter an amount like ${example}`);
    minor = whole * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
  }
  if (!Number.isSafeInteger(minor)) throw new RangeError("That amount is too large");
  return negative ? -minor : minor;
}
