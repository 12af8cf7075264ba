import { MAX_QUANTITY } from "~/domain/bazaar/sale-input";
import type { PosPiece } from "~/models/bazaar/pos-catalog.server";

/** The till's own arithmetic, all in IDR minor units (Rp 1 = 100): pure, so it is tested without a browser. */

export type CartLine = { variantId: number; quantity: number };

export function addToCart(cart: readonly CartLine[], variantId: number): CartLine[] {
  const found = cart.find((line) => line.variantId === variantId);
  if (!found) return [...cart, { variantId, quantity: 1 }];
  return setQuantity(cart, variantId, found.quantity + 1);
}

/** A quantity of 0 or less removes the line; the sync contract caps one line at MAX_QUANTITY. */
export function setQuantity(cart: readonly CartLine[], variantId: number, quantity: number): CartLine[] {
  if (quantity <= 0) return cart.filter((line) => line.variantId !== variantId);
  const capped = Math.min(MAX_QUANTITY, Math.trunc(quantity));
  return cart.map((line) => (line.variantId === variantId ? { ...line, quantity: capped } : line));
}

export type PricedLine = CartLine & { piece: PosPiece; lineTotalMinor: number };

/** Cart lines with their pieces; a line whose piece left the catalogue is dropped rather than sold blind. */
export function priceCart(cart: readonly CartLine[], pieces: readonly PosPiece[]): PricedLine[] {
  const byId = new Map(pieces.map((piece) => [piece.variantId, piece]));
  return cart.flatMap((line) => {
    const piece = byId.get(line.variantId);
    return piece ? [{ ...line, piece, lineTotalMinor: piece.bazaarPriceMinor * line.quantity }] : [];
  });
}

export function cartTotal(lines: readonly PricedLine[]): number {
  return lines.reduce((sum, line) => sum + line.lineTotalMinor, 0);
}

export function cartCount(lines: readonly CartLine[]): number {
  return lines.reduce((sum, line) => sum + line.quantity, 0);
}

const RUPIAH = 100;
const NOTES = [20_000, 50_000, 100_000].map((rupiah) => rupiah * RUPIAH);
const ROUND_UPS = [5_000, 10_000, 50_000, 100_000].map((rupiah) => rupiah * RUPIAH);

function roundUp(amount: number, step: number): number {
  return Math.ceil(amount / step) * step;
}

/**
 * The quick-tender buttons beside "exact cash": the common notes that cover the total and the round-ups a buyer
 * is likely to hand over (Rp 37.000 → 40.000, 50.000, 100.000), ascending, at most `limit`.
 */
export function cashSuggestions(totalMinor: number, limit = 4): number[] {
  if (totalMinor <= 0) return NOTES.slice(0, limit);
  const candidates = [...ROUND_UPS.map((step) => roundUp(totalMinor, step)), ...NOTES, roundUp(totalMinor + 1, 100_000 * RUPIAH)];
  return [...new Set(candidates.filter((amount) => amount > totalMinor))].sort((a, b) => a - b).slice(0, limit);
}

/** Change is what was tendered beyond the total; null when the cash does not cover it. */
export function changeDue(totalMinor: number, tenderedMinor: number): number | null {
  return tenderedMinor >= totalMinor ? tenderedMinor - totalMinor : null;
}

/** The Fair Trade principle a receipt prints: the ten rotate through a device's sales (layout decision). */
export function receiptPrinciple(deviceSeq: number): number {
  return ((deviceSeq - 1) % 10) + 1;
}

/** What the receipt calls a sale: the device's label and its own running number, e.g. "KASIR-A1B2-0042". */
export function saleNumber(deviceLabel: string, deviceSeq: number): string {
  return `${deviceLabel}-${String(deviceSeq).padStart(4, "0")}`;
}

function fold(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

/** Pieces matching every word of the query in the name, variant, producer or SKU, within one category or all. */
export function searchPieces(pieces: readonly PosPiece[], query: string, category: string | null): PosPiece[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  return pieces.filter((piece) => {
    if (category && piece.category !== category) return false;
    if (!words.length) return true;
    const haystack = fold(`${piece.productName} ${piece.variantLabel} ${piece.producerGroup} ${piece.sku}`);
    return words.every((word) => haystack.includes(word));
  });
}

/** The catalogue's categories in the shop's order, each once. */
export function categoriesOf(pieces: readonly PosPiece[]): string[] {
  const positions = new Map<string, number>();
  for (const piece of pieces) if (!positions.has(piece.category)) positions.set(piece.category, piece.categoryPosition);
  return [...positions.entries()].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).map(([name]) => name);
}
