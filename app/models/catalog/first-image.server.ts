import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import { images } from "~db/schema";
import type { ImageRef } from "~/utils/images";

/** An `images` row aliased `i` as the JSON of an ImageRef (what <Picture> needs). */
export const imageRefJson = sql`json_build_object('hash', i.hash, 'width', i.width, 'height', i.height,
  'widths', i.widths, 'alt', i.alt, 'placeholder', i.placeholder)`;

/**
 * The first photo (by position) of a product or a producer group, as a correlated subquery for a card.
 * Pass an already-qualified SQL reference when the outer table's bare column could be ambiguous.
 */
export function firstImageSql(owner: { productId: AnyColumn | SQL } | { producerId: AnyColumn | SQL }): SQL<ImageRef | null> {
  const where = "productId" in owner ? sql`i.product_id = ${owner.productId}` : sql`i.producer_id = ${owner.producerId}`;
  return sql<ImageRef | null>`(select ${imageRefJson} from ${images} i where ${where} order by i.position, i.id limit 1)`;
}
