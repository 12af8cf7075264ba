import { asc, desc, eq, inArray } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { categories, events, producerGroups, products, stockLevels, variants } from "~db/schema";
import { Refusal } from "~/domain/platform/refusal";
import { imageUrl, type ImageRef } from "~/utils/images";
import { firstImageSql } from "~/models/catalog/first-image.server";

/** The events a till may choose: a closed event sells nothing more. */
const sellingStatuses = ["planned", "open"] as const;

export type TillEvent = { id: number; name: string; venue: string; startsOn: string; endsOn: string; status: "planned" | "open" };

export type PosPiece = {
  variantId: number;
  sku: string;
  productName: string;
  variantLabel: string;
  category: string;
  categoryPosition: number;
  producerGroup: string;
  /** A small photo for a tile; null when the piece has none yet. */
  photoUrl: string | null;
  photoAlt: string;
  photoPlaceholder: string;
  bazaarPriceMinor: number;
  currency: string;
  onHand: number;
};

/** What the till keeps in IndexedDB for one event: enough to sell with no network at all. */
export type PosCatalog = {
  event: TillEvent & { qrisPayload: string; qrisMerchantName: string };
  pieces: PosPiece[];
  fetchedAt: string;
};

/** Open events first, then planned ones by start date: the event on today is the likely choice. */
export async function listTillEvents(db: Executor): Promise<TillEvent[]> {
  const rows = await db
    .select({ id: events.id, name: events.name, venue: events.venue, startsOn: events.startsOn, endsOn: events.endsOn, status: events.status })
    .from(events)
    .where(inArray(events.status, [...sellingStatuses]))
    // The enum runs planned → open → closed, so descending puts the open events first.
    .orderBy(desc(events.status), asc(events.startsOn), asc(events.id));
  return rows.map((row) => ({ ...row, status: row.status === "open" ? "open" : "planned" }));
}

/** The smallest rendered width is plenty for a tile on a tablet, and keeps the offline image cache small. */
function thumbnail(image: ImageRef | null): string | null {
  const width = image?.widths[0];
  return image && width ? imageUrl(image.hash, width, "webp") : null;
}

/** Every piece with a stock level at the event's location, with what the till shows and sells it for. */
export async function getPosCatalog(db: Executor, { eventId, now = new Date() }: { eventId: number; now?: Date }): Promise<PosCatalog> {
  const [event] = await db
    .select({
      id: events.id,
      name: events.name,
      venue: events.venue,
      startsOn: events.startsOn,
      endsOn: events.endsOn,
      status: events.status,
      locationId: events.locationId,
      qrisPayload: events.qrisPayload,
      qrisMerchantName: events.qrisMerchantName,
    })
    .from(events)
    .where(eq(events.id, eventId));
  if (!event || event.status === "closed") throw Refusal.notFound("There is no open or planned event with that id.");

  const rows = await db
    .select({
      variantId: variants.id,
      sku: variants.sku,
      productName: products.title,
      variantLabel: variants.title,
      category: categories.name,
      categoryPosition: categories.position,
      producerGroup: producerGroups.name,
      image: firstImageSql({ productId: products.id }),
      bazaarPriceMinor: variants.bazaarPriceMinor,
      currency: variants.bazaarCurrency,
      onHand: stockLevels.onHand,
    })
    .from(stockLevels)
    .innerJoin(variants, eq(variants.id, stockLevels.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .innerJoin(producerGroups, eq(producerGroups.id, products.producerId))
    .where(eq(stockLevels.locationId, event.locationId))
    .orderBy(asc(categories.position), asc(products.title), asc(variants.position), asc(variants.id));

  return {
    event: {
      id: event.id,
      name: event.name,
      venue: event.venue,
      startsOn: event.startsOn,
      endsOn: event.endsOn,
      status: event.status === "open" ? "open" : "planned",
      qrisPayload: event.qrisPayload,
      qrisMerchantName: event.qrisMerchantName,
    },
    pieces: rows.map(({ image, ...piece }) => ({
      ...piece,
      photoUrl: thumbnail(image),
      photoAlt: image?.alt ?? "",
      photoPlaceholder: image?.placeholder ?? "#e9e1d4",
    })),
    fetchedAt: now.toISOString(),
  };
}
