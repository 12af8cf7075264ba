import { formatMoney, money } from "~/domain/money/money";

/**
 * The close of a bazaar day, across every till at the event. Amounts are IDR minor units (Rp 1 = 100), as
 * everywhere in the shop. Cash sales are counted at their total: the change handed back never stayed in the
 * drawer, so expected cash is the opening float plus the cash totals.
 */
export type PosPaymentMethod = "cash" | "qris" | "card" | "transfer";

/** Rupiah notes and coins in circulation, largest first, in minor units. */
export const IDR_DENOMINATIONS = [
  10_000_000, 5_000_000, 2_000_000, 1_000_000, 500_000, 200_000, 100_000, // notes: Rp 100.000 … Rp 1.000
  100_000, 50_000, 20_000, 10_000, // coins: Rp 1.000, 500, 200, 100
].filter((d, i, all) => all.indexOf(d) === i);

export type DenominationCount = Record<string, number>;

/** The cash in a counted drawer. Unknown denominations or counts that are not whole and non-negative throw. */
export function countedCash(counts: DenominationCount): number {
  let total = 0;
  for (const [key, pieces] of Object.entries(counts)) {
    // Keys are the denomination written plainly: "1e7" or " 100000" would store a count nobody can read back.
    const denomination = IDR_DENOMINATIONS.find((d) => String(d) === key);
    if (denomination === undefined) throw new RangeError(`Rp ${key} is not a rupiah note or coin`);
    if (!Number.isSafeInteger(pieces) || pieces < 0) throw new RangeError("A count is a whole number of notes or coins");
    total += denomination * pieces;
  }
  if (!Number.isSafeInteger(total)) throw new RangeError("That count is too large");
  return total;
}

export type DaySale = { paymentMethod: PosPaymentMethod; totalMinor: number };

export type DayTotals = {
  saleCount: number;
  cashSalesMinor: number;
  qrisMinor: number;
  cardMinor: number;
  transferMinor: number;
  totalMinor: number;
};

export function dayTotals(sales: readonly DaySale[]): DayTotals {
  const totals: DayTotals = { saleCount: 0, cashSalesMinor: 0, qrisMinor: 0, cardMinor: 0, transferMinor: 0, totalMinor: 0 };
  for (const sale of sales) {
    totals.saleCount += 1;
    totals.totalMinor += sale.totalMinor;
    if (sale.paymentMethod === "cash") totals.cashSalesMinor += sale.totalMinor;
    else if (sale.paymentMethod === "qris") totals.qrisMinor += sale.totalMinor;
    else if (sale.paymentMethod === "card") totals.cardMinor += sale.totalMinor;
    else totals.transferMinor += sale.totalMinor;
  }
  return totals;
}

export type CloseOfDay = DayTotals & {
  openingFloatMinor: number;
  expectedCashMinor: number;
  countedCashMinor: number;
  /** Counted minus expected: positive is over, negative is short. */
  differenceMinor: number;
};

export function closeOfDay(input: { openingFloatMinor: number; sales: readonly DaySale[]; counted: DenominationCount }): CloseOfDay {
  if (!Number.isSafeInteger(input.openingFloatMinor) || input.openingFloatMinor < 0) throw new RangeError("The opening float is a whole, non-negative amount");
  const totals = dayTotals(input.sales);
  const expectedCashMinor = input.openingFloatMinor + totals.cashSalesMinor;
  const countedCashMinor = countedCash(input.counted);
  return { ...totals, openingFloatMinor: input.openingFloatMinor, expectedCashMinor, countedCashMinor, differenceMinor: countedCashMinor - expectedCashMinor };
}

export type DeviceSyncState = { deviceId: string; label: string; pendingCount: number; issuedSeq: number; seenSeqs: readonly number[] };

export type DeviceGaps = {
  deviceId: string;
  label: string;
  /** Numbers below the highest one seen that never arrived: a sale lost or still on the device. */
  missing: number[];
  /** Sales the device said it still holds, or numbers it issued beyond the last one seen. */
  waiting: number;
};

/** At most this many missing numbers are listed; the count is still exact. */
export const LISTED_GAPS = 50;

/** Runs of missing numbers (first..last, inclusive, ascending) as the lowest LISTED_GAPS of them and their exact count. */
export function listHoles(holes: readonly { first: number; last: number }[]): { missing: number[]; missingCount: number } {
  const missing: number[] = [];
  let missingCount = 0;
  for (const { first, last } of holes) {
    if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last) || last < first) continue;
    missingCount += last - first + 1;
    for (let hole = first; hole <= last && missing.length < LISTED_GAPS; hole++) missing.push(hole);
  }
  return { missing, missingCount };
}

/** What stands between a device and a clean close: sales it still holds, and holes in its sequence. */
export function deviceGaps(device: DeviceSyncState): DeviceGaps & { missingCount: number } {
  // Walks the holes between the numbers seen, not every number below the highest: a till may send a number near a
  // billion, and the close page must not count to it.
  const seen = [...new Set(device.seenSeqs.filter((seq) => Number.isSafeInteger(seq) && seq >= 1))].sort((a, b) => a - b);
  const highestSeen = seen.at(-1) ?? 0;
  const missing: number[] = [];
  let missingCount = 0;
  let previous = 0;
  for (const seq of seen) {
    missingCount += seq - previous - 1;
    for (let hole = previous + 1; hole < seq && missing.length < LISTED_GAPS; hole++) missing.push(hole);
    previous = seq;
  }
  const waiting = Math.max(device.pendingCount, device.issuedSeq - highestSeen);
  return { deviceId: device.deviceId, label: device.label, missing, missingCount, waiting };
}

/** Whether a close must be overridden by a supervisor: some device still holds sales or has a gap. */
export const closeIsBlocked = (devices: readonly ReturnType<typeof deviceGaps>[]) => devices.some((d) => d.waiting > 0 || d.missingCount > 0);

/** How a count is asked for on the close form: Rp 1.000 circulates as a note and as a coin, so it says both. */
export function denominationLabel(denomination: number): string {
  const kind = denomination > 100_000 ? "notes" : denomination === 100_000 ? "notes and coins" : "coins";
  // A plain space: the label is what people and screen readers search the form for.
  return `${formatMoney(money(denomination, "IDR")).replace(/\s/g, " ")} ${kind}`;
}

/** The close form's field for one denomination's count. */
export const denominationField = (denomination: number) => `count_${denomination}`;

/** More pieces of one note than any stall's drawer holds: a typo, not a count. */
export const MAX_PIECES = 100_000;

export type DenominationFormResult = { ok: true; counts: DenominationCount } | { ok: false; field: string; message: string };

/**
 * Reads the counts from the close form's fields: an empty field is none counted; anything else must be a whole
 * number of pieces. A `count_` field for something that is not a rupiah note or coin can only be hand-made.
 */
export function readDenominationForm(fields: Readonly<Record<string, unknown>>): DenominationFormResult {
  const counts: DenominationCount = {};
  for (const [field, value] of Object.entries(fields)) {
    if (!field.startsWith("count_")) continue;
    const denomination = IDR_DENOMINATIONS.find((d) => denominationField(d) === field);
    if (denomination === undefined) return { ok: false, field, message: `${field.slice("count_".length)} is not a rupiah note or coin` };
    if (typeof value !== "string") return { ok: false, field, message: `Enter how many ${denominationLabel(denomination)} you counted` };
    const text = value.trim();
    if (text === "") continue;
    if (!/^\d{1,6}$/.test(text) || Number(text) > MAX_PIECES) {
      return { ok: false, field, message: `Enter how many ${denominationLabel(denomination)} you counted, as a whole number from 0 to ${MAX_PIECES.toLocaleString("en")}` };
    }
    if (Number(text) > 0) counts[String(denomination)] = Number(text);
  }
  return { ok: true, counts };
}
