import { money, type Money } from "~/domain/money/money";
import { Refusal } from "~/domain/platform/refusal";

/**
 * A wholesale basket: minimum order quantity and case pack are the product's, and an importer may mix its
 * colours and sizes (variants) to reach them. Tier prices are per variant but picked by the product's total.
 */

export type QuoteLineInput = { productId: number; variantId: number; quantity: number };

export type WholesaleProduct = {
  productId: number;
  title: string;
  /** Minimum order quantity across the product's variants. */
  moq: number;
  /** Pieces per carton; the product's total must fill whole cartons. */
  casePack: number;
  /** How many variants the product has: with one, there is nothing to mix. */
  variantCount?: number;
};

export type ProductQuantityProblem = { productId: number; title: string; totalQuantity: number; message: string };

const pieces = (count: number) => `${count} ${count === 1 ? "piece" : "pieces"}`;

/** Sums lines per product, in first-seen order. */
export function productTotals(lines: readonly QuoteLineInput[]): Map<number, number> {
  const totals = new Map<number, number>();
  for (const line of lines) totals.set(line.productId, (totals.get(line.productId) ?? 0) + line.quantity);
  return totals;
}

/** The product's problem with `totalQuantity`, or null when it meets its minimum in whole cartons. */
export function quantityProblem(product: WholesaleProduct, totalQuantity: number): string | null {
  const { moq, casePack } = product;
  // The smallest quantity that meets both rules: the minimum, rounded up to whole cartons.
  const smallestAllowed = Math.ceil(moq / casePack) * casePack;
  if (totalQuantity < smallestAllowed) {
    const how = (product.variantCount ?? 2) > 1 ? "Mix colours to reach" : "Order at least";
    return `${how} ${pieces(smallestAllowed)}: you have ${totalQuantity}`;
  }
  const over = totalQuantity % casePack;
  if (over === 0) return null;
  // Removing `over` never drops below the minimum: smallestAllowed is itself a whole number of cartons.
  return `Cartons hold ${casePack}: add ${casePack - over} or remove ${over}`;
}

/**
 * Checks a basket against each product's minimum and case pack. Returns one problem per product that fails,
 * with a message the importer can act on; an empty list means the basket may be quoted.
 */
export function checkQuoteLines(lines: readonly QuoteLineInput[], products: readonly WholesaleProduct[]): ProductQuantityProblem[] {
  const byId = new Map(products.map((product) => [product.productId, product]));
  const problems: ProductQuantityProblem[] = [];
  for (const line of lines) {
    if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0) {
      throw Refusal.invalid(`A quantity must be a whole number above zero; got ${line.quantity}`, { field: `quantity-${line.variantId}` });
    }
    if (!byId.has(line.productId)) throw Refusal.notFound(`Product ${line.productId} is not in the wholesale catalogue`);
  }
  for (const [productId, totalQuantity] of productTotals(lines)) {
    const product = byId.get(productId)!;
    const message = quantityProblem(product, totalQuantity);
    if (message) problems.push({ productId, title: product.title, totalQuantity, message });
  }
  return problems;
}

/** The basket's problems as one refusal naming each product, or null when there are none. */
export function quoteLinesRefusal(problems: readonly ProductQuantityProblem[]): Refusal | null {
  if (problems.length === 0) return null;
  const items = problems.map((problem) => `${problem.title}: ${problem.message}`);
  const message = problems.length === 1 ? items[0]! : `${problems.length} products need a different quantity`;
  return Refusal.invalid(message, { field: problems.length === 1 ? `product-${problems[0]!.productId}` : undefined, details: { items } });
}

export type PriceTier = { minQuantity: number; unitPriceMinor: number };

/** The unit price for `quantity` from a variant's tiers: the tier with the highest minimum it reaches, or null below them all. */
export function tierPrice(tiers: readonly PriceTier[], quantity: number): number | null {
  let best: PriceTier | null = null;
  for (const tier of tiers) if (tier.minQuantity <= quantity && (!best || tier.minQuantity > best.minQuantity)) best = tier;
  return best ? best.unitPriceMinor : null;
}

export type TierPricedLine = QuoteLineInput & { unitPriceMinor: number | null };

/** Starting prices for each line: each variant's tier, picked by the product's total across its variants. */
export function tierPriceLines(lines: readonly QuoteLineInput[], tiersByVariant: ReadonlyMap<number, readonly PriceTier[]>): TierPricedLine[] {
  const totals = productTotals(lines);
  return lines.map((line) => ({ ...line, unitPriceMinor: tierPrice(tiersByVariant.get(line.variantId) ?? [], totals.get(line.productId)!) }));
}

export type PricedLine = { quantity: number; unitPriceMinor: number };

/**
 * Sanity caps that catch a slipped decimal point before it becomes an order (and keep every total a safe integer):
 * no handicraft sells wholesale above US$100,000 a piece, and no container's freight costs US$1,000,000.
 */
export const MAX_UNIT_PRICE_MINOR = 10_000_000;
export const MAX_FREIGHT_MINOR = 100_000_000;
export type QuoteTotals = { subtotal: Money; freight: Money; total: Money };

/**
 * Subtotal = sum of quantity × unit price; freight is charged on CIF only (staff set it, zero or more) and a
 * FOB quote carries none. A unit price of zero or below is refused.
 */
export function quoteTotals(input: { lines: readonly PricedLine[]; incoterm: "FOB" | "CIF"; freightMinor?: number | null; currency?: string }): QuoteTotals {
  const currency = input.currency ?? "USD";
  if (input.lines.length === 0) throw Refusal.invalid("A quote needs at least one line");
  let subtotal = 0;
  input.lines.forEach((line, index) => {
    if (!Number.isSafeInteger(line.unitPriceMinor) || line.unitPriceMinor <= 0) {
      throw Refusal.invalid(`Line ${index + 1}: a price must be above zero`, { field: `lines[${index}].unitPriceMinor` });
    }
    if (line.unitPriceMinor > MAX_UNIT_PRICE_MINOR) {
      throw Refusal.invalid(`Line ${index + 1}: a unit price is at most US$${(MAX_UNIT_PRICE_MINOR / 100).toLocaleString("en-US")} a piece; check for a typo`, { field: `lines[${index}].unitPriceMinor` });
    }
    if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0) {
      throw Refusal.invalid(`Line ${index + 1}: a quantity must be a whole number above zero`, { field: `lines[${index}].quantity` });
    }
    subtotal += line.quantity * line.unitPriceMinor;
  });
  const freightMinor = input.freightMinor ?? 0;
  if (freightMinor > MAX_FREIGHT_MINOR) throw Refusal.invalid(`Freight is at most US$${(MAX_FREIGHT_MINOR / 100).toLocaleString("en-US")} a shipment; check for a typo`, { field: "freight" });
  if (input.incoterm === "FOB" && freightMinor !== 0) throw Refusal.invalid("Freight is charged on CIF quotes only; a FOB quote ends at Jakarta", { field: "freight" });
  if (input.incoterm === "CIF" && (input.freightMinor == null || !Number.isSafeInteger(freightMinor) || freightMinor < 0)) {
    throw Refusal.invalid("Set the freight to the destination port for a CIF quote (zero or more)", { field: "freight" });
  }
  if (!Number.isSafeInteger(subtotal + freightMinor)) throw Refusal.invalid("This quote's total is too large to be right; check the prices and quantities");
  return { subtotal: money(subtotal, currency), freight: money(freightMinor, currency), total: money(subtotal + freightMinor, currency) };
}
