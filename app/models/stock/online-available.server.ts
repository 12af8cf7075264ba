import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import { locations, stockLevels, variants } from "~db/schema";

/**
 * What the shop can still sell online: on hand minus reserved at the location that sells online (a warehouse,
 * whose CHECKs keep it from going below zero). The one definition used by the catalogue, the cart and the
 * dashboard, as a correlated subquery for a select list or a where clause.
 *
 * - `{ variantId }`: one variant's pieces.
 * - `{ productId }`: all of a product's active variants (a card's "in stock").
 *
 * The id may be a column or an already-qualified SQL reference (a bare column of the outer table can bind to
 * the subquery's own table of the same name).
 */
export function onlineAvailableSql(of: { variantId: AnyColumn | SQL } | { productId: AnyColumn | SQL }): SQL<number> {
  const online = sql`join ${locations} l on l.id = s.location_id and l.sells_online`;
  const levels =
    "variantId" in of
      ? sql`${stockLevels} s ${online} where s.variant_id = ${of.variantId}`
      : sql`${stockLevels} s join ${variants} v on v.id = s.variant_id ${online} where v.product_id = ${of.productId} and v.active`;
  return sql<number>`(select coalesce(sum(s.on_hand - s.reserved), 0) from ${levels})`.mapWith(Number);
}

/** The same figure for a variant already loaded with its stock levels (the product page's relational query). */
export function onlineAvailableOf(variant: { stock: { onHand: number; reserved: number; location: { sellsOnline: boolean } }[] }): number {
  return variant.stock.filter((s) => s.location.sellsOnline).reduce((sum, s) => sum + Math.max(0, s.onHand - s.reserved), 0);
}
