import { asc, sql } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { shippingRates, shippingZones } from "~db/schema";
import type { ShippingBracket } from "~/domain/retail/shipping";

/** Every country we ship to, with its zone's brackets (USD cents). One statement. */
export async function listShippingDestinations(db: Executor) {
  const rows = await db
    .select({
      zone: shippingZones.name,
      countries: shippingZones.countries,
      brackets: sql<ShippingBracket[]>`(select json_agg(json_build_object('maxWeightGrams', r.max_weight_grams,
        'priceMinor', r.price_minor) order by r.max_weight_grams) from ${shippingRates} r where r.zone_id = ${shippingZones.id})`,
    })
    .from(shippingZones)
    .orderBy(asc(shippingZones.position));
  return rows.flatMap((z) => z.countries.map((country) => ({ country, zone: z.zone, brackets: z.brackets ?? [] })));
}

export async function shippingBracketsFor(db: Executor, { country }: { country: string }): Promise<ShippingBracket[] | null> {
  const [row] = await db
    .select({
      brackets: sql<ShippingBracket[]>`(select json_agg(json_build_object('maxWeightGrams', r.max_weight_grams,
        'priceMinor', r.price_minor) order by r.max_weight_grams) from ${shippingRates} r where r.zone_id = ${shippingZones.id})`,
    })
    .from(shippingZones)
    .where(sql`${country} = any(${shippingZones.countries})`)
    .limit(1);
  return row ? (row.brackets ?? []) : null;
}
