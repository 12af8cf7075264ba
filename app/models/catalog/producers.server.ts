import { and, asc, eq, sql } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { producerGroups } from "~db/schema";
import type { ImageRef } from "~/utils/images";
import { firstImageSql } from "./first-image.server";

const publicProducerColumns = {
  id: true,
  slug: true,
  name: true,
  summary: true,
  story: true,
  province: true,
  regency: true,
  village: true,
  island: true,
  latitude: true,
  longitude: true,
  crafts: true,
  foundedYear: true,
  memberCount: true,
  womenCount: true,
  homeworkers: true,
  updatedAt: true,
} as const;

/** A producer's public page in one statement. Payout details are never selected here. */
export async function getProducerBySlug(db: Executor, { slug }: { slug: string }) {
  return db.query.producerGroups.findFirst({
    where: and(eq(producerGroups.slug, slug), eq(producerGroups.active, true)),
    columns: publicProducerColumns,
    with: {
      capacities: { columns: { craft: true, unitsPerWeek: true } },
      images: {
        orderBy: (i, { asc }) => [asc(i.position), asc(i.id)],
        columns: { hash: true, width: true, height: true, widths: true, alt: true, placeholder: true },
      },
      fieldVisits: {
        columns: { id: true, visitedOn: true, visitor: true, notes: true },
        orderBy: (v, { desc }) => [desc(v.visitedOn), desc(v.id)],
        with: { checks: { columns: { principle: true, met: true, note: true } } },
      },
    },
  });
}

export type ProducerPageData = NonNullable<Awaited<ReturnType<typeof getProducerBySlug>>>;

export type ProducerCard = {
  id: number;
  slug: string;
  name: string;
  summary: string;
  province: string;
  regency: string;
  village: string;
  island: string;
  crafts: string[];
  memberCount: number;
  womenCount: number;
  homeworkers: boolean;
  productCount: number;
  latestVisitOn: string | null;
  latestVisitMet: number | null;
  image: ImageRef | null;
};

/**
 * The outer row's id, always qualified. A bare `${producerGroups.id}` in a single-table select renders as
 * `"id"`, which inside a subquery binds to the inner table and gives every group the same wrong numbers.
 */
const producerId = sql`${producerGroups}.${sql.identifier("id")}`;

/** The producer index (and home-page highlights) in one statement. */
export async function listProducers(db: Executor, { limit }: { limit?: number } = {}): Promise<ProducerCard[]> {
  const query = db
    .select({
      id: producerId.mapWith(Number),
      slug: producerGroups.slug,
      name: producerGroups.name,
      summary: producerGroups.summary,
      province: producerGroups.province,
      regency: producerGroups.regency,
      village: producerGroups.village,
      island: producerGroups.island,
      crafts: producerGroups.crafts,
      memberCount: producerGroups.memberCount,
      womenCount: producerGroups.womenCount,
      homeworkers: producerGroups.homeworkers,
      productCount: sql`(select count(*) from products p where p.producer_id = ${producerId} and p.status = 'active')`.mapWith(Number),
      latestVisitOn: sql<string | null>`(select max(fv.visited_on)::text from field_visits fv where fv.producer_id = ${producerId})`,
      latestVisitMet: sql<number | null>`(select count(*) filter (where c.met)::int from field_visit_checks c
        where c.visit_id = (select fv.id from field_visits fv where fv.producer_id = ${producerId}
          order by fv.visited_on desc, fv.id desc limit 1))`,
      image: firstImageSql({ producerId }),
    })
    .from(producerGroups)
    .where(eq(producerGroups.active, true))
    .orderBy(asc(producerGroups.name));
  const rows = limit ? await query.limit(limit) : await query;
  return rows;
}
