import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Db, Executor } from "~db/client.server";
import { images, plantingEvidence, plantingRecords, survivalChecks, users } from "~db/schema";
import { judgeGps } from "~/domain/impact/planting-evidence";
import type { PlantingInput, SurvivalCheckInput } from "~/domain/impact/planting-input";
import { Refusal } from "~/domain/platform/refusal";
import { getImpactTotals } from "./ledger.server";
import { lockImageHash, queueImageRenditions, type ProcessedImage } from "~/models/catalog/images.server";
import { recordAudit, type Actor } from "~/models/platform/audit.server";
import type { ImageRef } from "~/utils/images";

/** What a photo's own EXIF says: where (if the camera knew) and when it was taken. */
export type PhotoExif = { latitude: number | null; longitude: number | null; takenAt: Date | null };

/**
 * Reads GPS and DateTimeOriginal from the ORIGINAL bytes (sharp strips metadata from every rendition). A photo
 * without EXIF, or with EXIF exifr can't read, is simply a photo without a position: never a refusal.
 */
export async function readPhotoExif(bytes: Buffer): Promise<PhotoExif> {
  try {
    // Loaded with the first photo, not with the server.
    const { default: exifr } = await import("exifr");
    const tags = (await exifr.parse(bytes, { tiff: true, exif: true, gps: true, ifd1: false, xmp: false, icc: false, iptc: false, jfif: false, ihdr: false })) as
      | { latitude?: unknown; longitude?: unknown; DateTimeOriginal?: unknown }
      | undefined;
    const latitude = typeof tags?.latitude === "number" && Number.isFinite(tags.latitude) ? tags.latitude : null;
    const longitude = typeof tags?.longitude === "number" && Number.isFinite(tags.longitude) ? tags.longitude : null;
    const taken = tags?.DateTimeOriginal;
    const takenAt = taken instanceof Date && !Number.isNaN(taken.getTime()) ? taken : null;
    return { latitude, longitude, takenAt };
  } catch {
    return { latitude: null, longitude: null, takenAt: null };
  }
}

/** A photo already stored (content-addressed files) with what its EXIF said, ready for the planting's transaction. */
export type EvidenceUpload = { processed: ProcessedImage; exif: PhotoExif; alt: string };

/** Adds the image rows, their evidence rows (GPS judged against the stated place) and their queued renditions. */
async function addEvidence(tx: Executor, { planting, survivalCheckId, photos }: { planting: { id: number; latitude: number; longitude: number }; survivalCheckId: number | null; photos: EvidenceUpload[] }) {
  // A delayed delete of the same bytes' files waits for this commit, then sees these rows (deleteImageFilesHandler).
  for (const hash of [...new Set(photos.map((p) => p.processed.hash))].sort()) await lockImageHash(tx, { hash });
  const [{ next }] = (await tx.select({ next: sql<number>`coalesce(max(${images.position}) + 1, 0)::int` }).from(images).where(eq(images.plantingId, planting.id))) as [{ next: number }];
  const rows = await tx
    .insert(images)
    .values(photos.map((p, i) => ({ ...p.processed, alt: p.alt, plantingId: planting.id, position: next + i })))
    .returning({ id: images.id });
  const verdicts = photos.map((p) => judgeGps(planting, p.exif));
  await tx.insert(plantingEvidence).values(
    rows.map((row, i) => ({ imageId: row.id, plantingId: planting.id, survivalCheckId, ...verdicts[i]!, takenAt: photos[i]!.exif.takenAt })),
  );
  for (const [i, row] of rows.entries()) await queueImageRenditions(tx, { imageId: row.id, ...photos[i]!.processed });
  return verdicts;
}

/**
 * Records a planting with its evidence photos, in one transaction: the planting, its image rows and their
 * evidence rows commit together or not at all (the files were stored first and are referenced only by these rows).
 */
export async function createPlanting(db: Db, { input, photos, actor }: { input: PlantingInput; photos: EvidenceUpload[]; actor: Actor }) {
  if (!photos.length) throw Refusal.invalid("Add at least one photo of the planting as evidence.", { field: "photos" });
  return db.transaction(async (tx) => {
    const [planting] = await tx
      .insert(plantingRecords)
      .values({ ...input, createdBy: actor.userId })
      .returning({ id: plantingRecords.id, latitude: plantingRecords.latitude, longitude: plantingRecords.longitude });
    const verdicts = await addEvidence(tx, { planting: planting!, survivalCheckId: null, photos });
    await recordAudit(tx, {
      userId: actor.userId,
      action: "create",
      entityType: "planting",
      entityId: String(planting!.id),
      changes: { ...input, photos: verdicts.map((v) => v.gps) },
      ip: actor.ip,
    });
    return { id: planting!.id, mismatches: verdicts.filter((v) => v.gps === "mismatch").length, missing: verdicts.filter((v) => v.gps === "missing").length };
  });
}

/** The planting a survival check or a confirmation is about, locked so checks of one planting run one at a time. */
async function lockPlanting(tx: Executor, plantingId: number) {
  const [planting] = await tx
    .select({ id: plantingRecords.id, plantedOn: plantingRecords.plantedOn, treeCount: plantingRecords.treeCount, latitude: plantingRecords.latitude, longitude: plantingRecords.longitude, verifiedAt: plantingRecords.verifiedAt, verifiedBy: plantingRecords.verifiedBy })
    .from(plantingRecords)
    .where(eq(plantingRecords.id, plantingId))
    .for("update");
  if (!planting) throw Refusal.notFound("That planting no longer exists.");
  return planting;
}

/** What a survival check form is validated against: the planting's date and its number of trees. */
export async function getPlantingForCheck(db: Executor, { plantingId }: { plantingId: number }) {
  const [planting] = await db.select({ plantedOn: plantingRecords.plantedOn, treeCount: plantingRecords.treeCount }).from(plantingRecords).where(eq(plantingRecords.id, plantingId));
  return planting ?? null;
}

/** Records a survival check (at most one a day per planting), with an optional photo checked like the planting's. */
export async function addSurvivalCheck(db: Db, { plantingId, input, photo, actor }: { plantingId: number; input: SurvivalCheckInput; photo: EvidenceUpload | null; actor: Actor }) {
  return db.transaction(async (tx) => {
    const planting = await lockPlanting(tx, plantingId);
    // The form was validated against the planting as it was read; these are the rules again, under the lock.
    if (input.checkedOn < planting.plantedOn) throw Refusal.invalid(`A check can't be before the planting (${planting.plantedOn}).`, { field: "checkedOn" });
    if (input.aliveCount > planting.treeCount) throw Refusal.invalid(`At most ${planting.treeCount.toLocaleString("en")} trees were planted here.`, { field: "aliveCount" });
    const [sameDay] = await tx
      .select({ id: survivalChecks.id })
      .from(survivalChecks)
      .where(and(eq(survivalChecks.plantingId, plantingId), eq(survivalChecks.checkedOn, input.checkedOn)));
    if (sameDay) throw Refusal.conflict(`This planting already has a survival check on ${input.checkedOn}. One check a day: change the date, or keep the one recorded.`, { field: "checkedOn" });
    const [check] = await tx
      .insert(survivalChecks)
      .values({ plantingId, checkedOn: input.checkedOn, aliveCount: input.aliveCount, notes: input.notes, recordedBy: actor.userId })
      .returning({ id: survivalChecks.id });
    const verdicts = photo ? await addEvidence(tx, { planting, survivalCheckId: check!.id, photos: [photo] }) : [];
    await recordAudit(tx, {
      userId: actor.userId,
      action: "create",
      entityType: "survival_check",
      entityId: String(check!.id),
      changes: { plantingId, ...input, photo: verdicts[0]?.gps ?? null },
      ip: actor.ip,
    });
    return { id: check!.id, gps: verdicts[0]?.gps ?? null };
  });
}

/**
 * Confirms a planting's evidence. Idempotent: confirming a planting already confirmed changes nothing and says
 * so (`changed: false`), so a double click or a second person's click never moves the date or the name.
 */
export async function verifyPlanting(db: Db, { plantingId, actor, now = new Date() }: { plantingId: number; actor: Actor; now?: Date }) {
  return db.transaction(async (tx) => {
    const planting = await lockPlanting(tx, plantingId);
    if (planting.verifiedAt) return { changed: false as const, verifiedAt: planting.verifiedAt.toISOString() };
    await tx.update(plantingRecords).set({ verifiedAt: now, verifiedBy: actor.userId }).where(eq(plantingRecords.id, plantingId));
    await recordAudit(tx, { userId: actor.userId, action: "verify", entityType: "planting", entityId: String(plantingId), changes: { verifiedAt: now.toISOString() }, ip: actor.ip });
    return { changed: true as const, verifiedAt: now.toISOString() };
  });
}

export type GpsCounts = { matches: number; mismatch: number; missing: number };

/** The back office's list: newest first, with each planting's photo flags and its latest survival count. */
export async function listPlantingsForAdmin(db: Executor) {
  const flags = db
    .select({
      plantingId: plantingEvidence.plantingId,
      matches: sql<number>`count(*) filter (where ${plantingEvidence.gps} = 'matches')::int`.as("matches"),
      mismatch: sql<number>`count(*) filter (where ${plantingEvidence.gps} = 'mismatch')::int`.as("mismatch"),
      missing: sql<number>`count(*) filter (where ${plantingEvidence.gps} = 'missing')::int`.as("missing"),
    })
    .from(plantingEvidence)
    .groupBy(plantingEvidence.plantingId)
    .as("flags");
  const rows = await db
    .select({
      id: plantingRecords.id,
      plantedOn: plantingRecords.plantedOn,
      place: plantingRecords.place,
      province: plantingRecords.province,
      treeCount: plantingRecords.treeCount,
      species: plantingRecords.species,
      verifiedAt: plantingRecords.verifiedAt,
      matches: sql<number>`coalesce(${flags.matches}, 0)`,
      mismatch: sql<number>`coalesce(${flags.mismatch}, 0)`,
      missing: sql<number>`coalesce(${flags.missing}, 0)`,
      latestAlive: sql<number | null>`(select ${survivalChecks.aliveCount} from ${survivalChecks} where ${survivalChecks.plantingId} = ${plantingRecords.id} order by ${survivalChecks.checkedOn} desc limit 1)`,
    })
    .from(plantingRecords)
    .leftJoin(flags, eq(flags.plantingId, plantingRecords.id))
    .orderBy(desc(plantingRecords.plantedOn), desc(plantingRecords.id));
  return rows.map(({ matches, mismatch, missing, verifiedAt, ...row }) => ({
    ...row,
    verifiedAt: verifiedAt?.toISOString() ?? null,
    gps: { matches: Number(matches), mismatch: Number(mismatch), missing: Number(missing) } satisfies GpsCounts,
  }));
}

export type PlantingTotals = { usdCents: number; treesFunded: number; treesPlanted: number; treesVerifiedAlive: number; treesToPlant: number; awaitingVerification: number };

/** The counters above the back office's list, by the shared definitions (docs: impact). */
export async function getPlantingTotals(db: Executor, { now = new Date() }: { now?: Date } = {}): Promise<PlantingTotals> {
  // The same totals the public page and its open data show (one definition, in the ledger), plus the queue.
  const [totals, [plantings]] = await Promise.all([
    getImpactTotals(db, { now }),
    db.select({ awaiting: sql<number>`(count(*) filter (where ${plantingRecords.verifiedAt} is null))::int` }).from(plantingRecords),
  ]);
  const { oldestUnplantedSince: _, ...counts } = totals;
  return { ...counts, awaitingVerification: Number(plantings?.awaiting ?? 0) };
}

export type AdminEvidencePhoto = {
  imageId: number;
  image: ImageRef;
  gps: "matches" | "mismatch" | "missing";
  gpsLatitude: number | null;
  gpsLongitude: number | null;
  distanceMetres: number | null;
  takenAt: string | null;
  survivalCheckId: number | null;
};

/** One planting for its back-office page: the record, who recorded and confirmed it, its photos and its checks. */
export async function getPlantingForAdmin(db: Executor, { plantingId }: { plantingId: number }) {
  const [planting] = await db.select().from(plantingRecords).where(eq(plantingRecords.id, plantingId));
  if (!planting) return null;
  const people = await db.select({ id: users.id, name: users.name }).from(users).where(sql`${users.id} in (${sql.join([planting.createdBy ?? 0, planting.verifiedBy ?? 0].map((v) => sql`${v}`), sql`, `)})`);
  const nameOf = (id: number | null) => (id === null ? null : (people.find((p) => p.id === id)?.name ?? null));
  const photos = await db
    .select({
      imageId: images.id,
      hash: images.hash,
      width: images.width,
      height: images.height,
      widths: images.widths,
      alt: images.alt,
      placeholder: images.placeholder,
      gps: plantingEvidence.gps,
      gpsLatitude: plantingEvidence.gpsLatitude,
      gpsLongitude: plantingEvidence.gpsLongitude,
      distanceMetres: plantingEvidence.distanceMetres,
      takenAt: plantingEvidence.takenAt,
      survivalCheckId: plantingEvidence.survivalCheckId,
    })
    .from(plantingEvidence)
    .innerJoin(images, eq(images.id, plantingEvidence.imageId))
    .where(eq(plantingEvidence.plantingId, plantingId))
    .orderBy(asc(images.position), asc(images.id));
  const checks = await db
    .select({ id: survivalChecks.id, checkedOn: survivalChecks.checkedOn, aliveCount: survivalChecks.aliveCount, notes: survivalChecks.notes, recordedBy: users.name })
    .from(survivalChecks)
    .leftJoin(users, eq(users.id, survivalChecks.recordedBy))
    .where(eq(survivalChecks.plantingId, plantingId))
    .orderBy(desc(survivalChecks.checkedOn));
  const { createdAt, verifiedAt, ...record } = planting;
  return {
    planting: { ...record, createdAt: createdAt.toISOString(), verifiedAt: verifiedAt?.toISOString() ?? null, createdByName: nameOf(planting.createdBy), verifiedByName: nameOf(planting.verifiedBy) },
    photos: photos.map(
      (p): AdminEvidencePhoto => ({
        imageId: p.imageId,
        image: { hash: p.hash, width: p.width, height: p.height, widths: p.widths, alt: p.alt, placeholder: p.placeholder },
        gps: p.gps,
        gpsLatitude: p.gpsLatitude,
        gpsLongitude: p.gpsLongitude,
        distanceMetres: p.distanceMetres,
        takenAt: p.takenAt?.toISOString() ?? null,
        survivalCheckId: p.survivalCheckId,
      }),
    ),
    checks,
  };
}
