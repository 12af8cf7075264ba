import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import sharp from "sharp";
import type { Db } from "../client.server";
import * as s from "../schema";
import { buildSearchKeywords } from "../../app/domain/catalog/search-keywords";
import { parseRateMicros } from "../../app/domain/money/money";
import { originalKeyOf, processImage, type ProcessedImage } from "../../app/models/catalog/images.server";
import type { ImageFormat } from "../../app/utils/images";
import { ensureStockLevels, recordMovements } from "../../app/models/stock/ledger.server";
import type { FileStorage } from "../../app/utils/storage.server";
import { producerArtwork, productArtwork } from "./artwork";
import { producers as producerData } from "./data/producers";
import { products as productData } from "./data/products";
import { categoryData, exchangeRateData, historicalTurnover, materialData, monthlyTurnoverWeights, seedImporter, seedImporterApplications, seedUsers, shippingZoneData } from "./data/reference";
import { createUser } from "../../app/models/platform/users.server";
import { splitExactly } from "../../app/domain/impact/turnover";
import type { SeedProducer, SeedProduct } from "./types";
import { variantValues } from "./variant-values";
import { seedBazaar } from "./bazaar";
import { seedWholesale } from "./wholesale";
import { seedRetail } from "./retail";
import { seedImpact } from "./impact";
import { closeMonths } from "../../app/models/impact/month-close.server";

export type SeedProgress = (step: string, done: number, total: number) => void;
export type SeedOptions = {
  storage: FileStorage;
  onProgress?: SeedProgress;
  /** Limit the catalogue (tests that need only a little data). */
  productLimit?: number;
};

export const WAREHOUSE_CODE = "JKT-WH";

/** Every format is made on demand, as browsers ask for it (most take AVIF first). */
const SEED_FORMATS: readonly ImageFormat[] = [];

/**
 * Rasterises an SVG illustration to a high-quality JPEG "photo" and keeps it as an upload's original. Its
 * renditions are made when first asked for (renderRenditionOnDemand), which keeps a first start short.
 * Drawing is most of the work, so a pointer from the drawing's hash to its photo lets the next seed on this
 * storage (a reset, the tests' second database) reuse it.
 */
async function renderAndProcess(storage: FileStorage, svg: string, width: number): Promise<ProcessedImage> {
  const drawingKey = `seed-photos/${createHash("sha256").update(`${width} jpeg-q90 ${svg}`).digest("hex").slice(0, 32)}.txt`;
  const drawn = (await storage.get(drawingKey))?.toString("utf8") ?? "";
  const cached = /^[a-f0-9]{24}$/.test(drawn) ? await storage.get(originalKeyOf({ hash: drawn, originalExt: "jpg" })) : null;
  const photo =
    cached ??
    (await sharp(Buffer.from(svg), { density: 72 * (width / 1200) })
      .resize({ width })
      .jpeg({ quality: 90 })
      .toBuffer());
  const processed = await processImage(storage, photo, { formats: SEED_FORMATS });
  if (!cached) await storage.put(drawingKey, Buffer.from(processed.hash));
  return processed;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  });
  await Promise.all(workers);
  return results;
}

/** Seeds the sample catalogue. Images are made first (content-addressed files); all rows go in one transaction. */
export async function seed(db: Db, options: SeedOptions) {
  const progress = options.onProgress ?? (() => {});
  const productsToSeed = options.productLimit ? productData.slice(0, options.productLimit) : productData;
  const producerSlugs = new Set(productsToSeed.map((p) => p.producer));
  const producersToSeed = options.productLimit ? producerData.filter((p) => producerSlugs.has(p.slug)) : producerData;

  const jobs: { key: string; svg: string; width: number }[] = [
    ...producersToSeed.map((p) => ({
      key: `producer:${p.slug}`,
      svg: producerArtwork({ crafts: p.crafts, palette: p.palette, seed: p.slug, name: p.name }),
      width: 1600,
    })),
    ...productsToSeed.flatMap((p) =>
      (["hero", "detail"] as const).map((view) => ({
        key: `product:${p.slug}:${view}`,
        svg: productArtwork({ motif: p.motif, palette: p.palette, seed: p.slug, view, pixels: view === "hero" ? 1280 : 960 }),
        // Close-ups are shown smaller, so they are drawn smaller.
        width: view === "hero" ? 1280 : 960,
      })),
    ),
  ];
  const total = jobs.length;
  let done = 0;
  progress("Drawing photos", 0, total);
  const processed = new Map<string, ProcessedImage>();
  await mapLimit(jobs, 3, async (job) => {
    processed.set(job.key, await renderAndProcess(options.storage, job.svg, job.width));
    progress("Drawing photos", ++done, total);
  });

  progress("Writing catalogue", 0, productsToSeed.length);
  await db.transaction(async (tx) => {
    await tx.insert(s.categories).values(categoryData.map((c, position) => ({ ...c, position })));
    await tx.insert(s.materials).values(materialData);
    await tx
      .insert(s.exchangeRates)
      .values(exchangeRateData.map((r) => ({ currency: r.currency, perUsdMicros: parseRateMicros(r.perUsd) })));
    const [warehouse] = await tx
      .insert(s.locations)
      .values({ code: WAREHOUSE_CODE, name: "Jakarta warehouse", kind: "warehouse", sellsOnline: true })
      .returning({ id: s.locations.id });

    const categoryIds = new Map((await tx.select({ id: s.categories.id, slug: s.categories.slug, name: s.categories.name }).from(s.categories)).map((c) => [c.slug, c]));
    const materialIds = new Map((await tx.select({ id: s.materials.id, slug: s.materials.slug, name: s.materials.name }).from(s.materials)).map((m) => [m.slug, m]));

    const producerIds = new Map<string, { id: number; producer: SeedProducer }>();
    for (const producer of producersToSeed) {
      const id = await insertProducer(tx, producer, processed.get(`producer:${producer.slug}`)!);
      producerIds.set(producer.slug, { id, producer });
    }

    let written = 0;
    for (const product of productsToSeed) {
      const owner = producerIds.get(product.producer);
      if (!owner) throw new Error(`Product ${product.slug} names unknown producer ${product.producer}`);
      const category = categoryIds.get(product.category)!;
      const productMaterials = product.materials.map((slug) => {
        const material = materialIds.get(slug);
        if (!material) throw new Error(`Unknown material ${slug}`);
        return material;
      });
      await insertProduct(tx, {
        product,
        producerId: owner.id,
        craft: craftOf(product, owner.producer.crafts),
        categoryId: category.id,
        searchKeywords: buildSearchKeywords({
          categoryName: category.name,
          materialNames: productMaterials.map((m) => m.name),
          producerName: owner.producer.name,
          crafts: owner.producer.crafts,
          technique: product.technique,
          optionValues: product.variants.flatMap((v) => Object.values(v.options).filter((x): x is string => !!x)),
          province: owner.producer.province,
        }),
        materialIds: productMaterials.map((m) => m.id),
        images: [processed.get(`product:${product.slug}:hero`)!, processed.get(`product:${product.slug}:detail`)!],
        warehouseId: warehouse!.id,
      });
      progress("Writing catalogue", ++written, productsToSeed.length);
    }

    for (const [position, zone] of shippingZoneData.entries()) {
      const [row] = await tx
        .insert(s.shippingZones)
        .values({ name: zone.name, countries: zone.countries, position })
        .returning({ id: s.shippingZones.id });
      await tx.insert(s.shippingRates).values(zone.rates.map((r) => ({ zoneId: row!.id, ...r })));
    }
    const [importer] = await tx
      .insert(s.importers)
      .values({ ...seedImporter, status: "approved", approvedAt: new Date() })
      .returning({ id: s.importers.id });
    for (const user of seedUsers) {
      await createUser(tx, { ...user, importerId: user.role === "importer" ? importer!.id : undefined });
    }
    const decided = (days: number) => new Date(Date.now() - days * 86_400_000);
    await tx.insert(s.importers).values(
      seedImporterApplications.map((a) => ({
        ...a,
        approvedAt: a.status === "suspended" ? decided(400) : null,
        rejectedAt: a.status === "rejected" ? decided(3) : null,
      })),
    );
    // The imported history first, so the ledger's ids (which number the trees) run in time order.
    await tx.insert(s.turnoverEntries).values(await historicalMonths(tx, new Date()));
    await seedWholesale(tx, { now: new Date() });
    await seedBazaar(tx, { now: new Date() });
    // After the bazaar, which takes warehouse stock: the shop orders pick pieces that stay plentiful.
    await seedRetail(tx, { now: new Date() });
    await seedImpact(tx, { now: new Date(), storage: options.storage });
    // Every month that may close is closed and its checksum published, as the hourly sweep would have.
    await closeMonths(tx, { now: new Date() });
  });
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * The imported history: each month's total from the accounting system, split between the producer groups working
 * with the organisation that year (by their members: the accounting system books each group's shipments), each
 * booked at noon on the month's last day in Jakarta, up to the month before `now`. Every split is exact.
 */
async function historicalMonths(tx: Tx, now: Date) {
  const groups = await tx.select({ id: s.producerGroups.id, members: s.producerGroups.memberCount, founded: s.producerGroups.foundedYear }).from(s.producerGroups).orderBy(s.producerGroups.id);
  const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return historicalTurnover.flatMap(({ year, usdCents }) => {
    const working = groups.filter((g) => g.founded <= year);
    return splitExactly(usdCents, [...monthlyTurnoverWeights])
      .map((amount, month) => ({ amount, month }))
      .filter(({ month }) => Date.UTC(year, month, 1) <= lastMonth.getTime())
      .flatMap(({ amount, month }) =>
        splitExactly(amount, working.map((g) => g.members)).map((share, i) => ({
          channel: "wholesale" as const,
          sourceId: `history-${year}-${String(month + 1).padStart(2, "0")}`,
          producerId: working[i]!.id,
          amountMinor: share,
          usdMinor: share,
          occurredAt: new Date(Date.UTC(year, month + 1, 0, 5)),
        })),
      );
  });
}

async function insertProducer(tx: Tx, p: SeedProducer, image: ProcessedImage): Promise<number> {
  const [row] = await tx
    .insert(s.producerGroups)
    .values({
      slug: p.slug,
      name: p.name,
      summary: p.summary,
      story: p.story,
      province: p.province,
      regency: p.regency,
      village: p.village,
      island: p.island,
      latitude: p.latitude,
      longitude: p.longitude,
      crafts: p.crafts,
      foundedYear: p.foundedYear,
      memberCount: p.memberCount,
      womenCount: p.womenCount,
      homeworkers: p.homeworkers,
      contactName: p.contactName,
      contactPhone: p.contactPhone,
      contactEmail: p.contactEmail,
      payoutBankName: p.payout.bankName,
      payoutAccountName: p.payout.accountName,
      payoutAccountNumber: p.payout.accountNumber,
    })
    .returning({ id: s.producerGroups.id });
  const producerId = row!.id;
  if (p.capacities.length) {
    await tx.insert(s.producerCapacities).values(p.capacities.map((c) => ({ producerId, ...c })));
  }
  for (const visit of p.visits) {
    const [v] = await tx
      .insert(s.fieldVisits)
      .values({ producerId, visitedOn: visit.visitedOn, visitor: visit.visitor, notes: visit.notes })
      .returning({ id: s.fieldVisits.id });
    await tx.insert(s.fieldVisitChecks).values(
      Array.from({ length: 10 }, (_, i) => {
        const unmet = visit.unmet?.find((u) => u.principle === i + 1);
        return { visitId: v!.id, principle: i + 1, met: !unmet, note: unmet?.note ?? "" };
      }),
    );
  }
  await tx.insert(s.images).values({ ...image, producerId, alt: `The workshop of ${p.name} in ${p.village}, ${p.regency}`, position: 0 });
  return producerId;
}

/** The producer group's craft a piece is made with: the one its technique or title names, else the group's first. */
function craftOf(product: SeedProduct, crafts: readonly string[]): string | null {
  const text = `${product.technique} ${product.title}`.toLowerCase();
  const named = crafts.find((craft) => craft.toLowerCase().split(/\s+/).some((word) => word.length > 3 && text.includes(word)));
  return named ?? crafts[0] ?? null;
}

async function insertProduct(
  tx: Tx,
  input: {
    product: SeedProduct;
    producerId: number;
    craft: string | null;
    categoryId: number;
    searchKeywords: string;
    materialIds: number[];
    images: ProcessedImage[];
    warehouseId: number;
  },
) {
  const { product: p } = input;
  const [row] = await tx
    .insert(s.products)
    .values({
      slug: p.slug,
      title: p.title,
      summary: p.summary,
      description: p.description,
      categoryId: input.categoryId,
      producerId: input.producerId,
      craft: input.craft,
      featured: p.featured,
      oneOfAKind: p.oneOfAKind,
      technique: p.technique,
      lengthMm: p.dimensionsMm.length,
      widthMm: p.dimensionsMm.width,
      heightMm: p.dimensionsMm.height,
      careNotes: p.careNotes,
      hsCode: p.hsCode,
      searchKeywords: input.searchKeywords,
    })
    .returning({ id: s.products.id });
  const productId = row!.id;
  await tx.insert(s.productMaterials).values(input.materialIds.map((materialId) => ({ productId, materialId })));
  await tx.insert(s.images).values(
    input.images.map((image, position) => ({
      ...image,
      productId,
      position,
      alt: position === 0 ? `${p.title}` : `Close-up of the ${p.materials[0]?.replace(/-/g, " ") ?? "material"} of the ${p.title}`,
    })),
  );
  for (const [position, v] of p.variants.entries()) {
    const [variant] = await tx
      .insert(s.variants)
      .values(variantValues(productId, v, position))
      .returning({ id: s.variants.id });
    if (v.tiers.length) {
      await tx
        .insert(s.wholesalePriceTiers)
        .values(v.tiers.map((t) => ({ variantId: variant!.id, minQuantity: t.minQuantity, unitPriceMinor: t.usdCents })));
    }
    const level = { variantId: variant!.id, locationId: input.warehouseId };
    // A piece with no opening stock still gets its (empty) level at the warehouse.
    if (v.stock > 0) await recordMovements(tx, { movements: [{ ...level, kind: "receipt", quantity: v.stock, reason: "Opening stock" }] });
    else await ensureStockLevels(tx, { keys: [level] });
  }
}

/** True when the database already holds the catalogue (a second start keeps the data). */
export async function isSeeded(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(s.categories);
  return (row?.n ?? 0) > 0;
}
