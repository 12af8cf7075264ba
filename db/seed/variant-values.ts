import * as s from "../schema";
import { fromMajor } from "../../app/domain/money/money";
import type { SeedVariant } from "./types";

/** A seed variant as its `variants` row: one mapping for the sample seed and the scale seed (`--products N`). */
export function variantValues(productId: number, v: SeedVariant, position: number): typeof s.variants.$inferInsert {
  return {
    productId,
    sku: v.sku,
    title: v.title,
    options: v.options,
    position,
    retailPriceMinor: v.retailUsdCents,
    bazaarPriceMinor: fromMajor(v.bazaarIdr, "IDR").amountMinor,
    producerPriceMinor: fromMajor(v.producerIdr, "IDR").amountMinor,
    weightGrams: v.weightGrams,
    wholesaleMoq: v.wholesaleMoq,
    casePack: v.casePack,
  };
}
