import { and, eq, gt, isNull, sql } from "drizzle-orm";
import sharp from "sharp";
import type { Db } from "../client.server";
import * as s from "../schema";
import { jakartaToday } from "../../app/domain/impact/planting-input";
import { processImage, RENDER_IMAGE_FORMATS } from "../../app/models/catalog/images.server";
import { addSurvivalCheck, createPlanting, readPhotoExif, verifyPlanting, type EvidenceUpload } from "../../app/models/impact/plantings.server";
import type { FileStorage } from "../../app/utils/storage.server";
import { treeArtwork } from "./artwork";
import { plantingData, seedUsers } from "./data/reference";

/**
 * The plantings sample (issue 13), written through the back office's own models so each evidence photo's GPS is
 * really read from its EXIF and judged: the four reference plantings (three photos taken on site, one ~40 km off
 * and flagged), three of them confirmed, one with a survival check at six months with its own photo, and a newer
 * planting still awaiting confirmation. Runs inside the seed's transaction (each model's own is then a savepoint).
 */

type Offset = { dLat: number; dLng: number };
type SamplePlanting = (typeof plantingData)[number] & { photoOffset: Offset; verified: boolean; check?: { afterDays: number; alive: number; notes: string } };

/** A few hundred metres: a phone on the planting site. */
const onSite: Offset = { dLat: 0.0021, dLng: -0.0017 };

const samples: SamplePlanting[] = [
  { ...plantingData[0]!, photoOffset: onSite, verified: true, check: { afterDays: 182, alive: 388, notes: "Most teak doing well; seedlings lost on the dry upper terrace were replanted by the cooperative." } },
  { ...plantingData[1]!, photoOffset: { dLat: -0.0012, dLng: 0.0026 }, verified: true },
  { ...plantingData[2]!, photoOffset: { dLat: 0.0009, dLng: 0.0011 }, verified: true },
  // 0.36° of longitude at 6° south is about 40 km: the photo was taken inland near Serang, not at the coast.
  { ...plantingData[3]!, photoOffset: { dLat: 0, dLng: -0.36 }, verified: false },
];

/** A newer planting, recorded and not yet confirmed. */
const newer: SamplePlanting = {
  plantedOn: "2026-10-18",
  place: "Kalikajar, Wonosobo",
  province: "Jawa Tengah",
  latitude: -7.381,
  longitude: 109.916,
  treeCount: 240,
  species: "Sengon shade trees for coffee gardens",
  partner: "Kopi Lereng farmers' group",
  photoOffset: { dLat: -0.0015, dLng: -0.0008 },
  verified: false,
};

const DAY = 86_400_000;
const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/** Degrees as the EXIF rationals a camera writes ("7/1 57/1 540000/10000"). */
function exifRationals(degrees: number) {
  const abs = Math.abs(degrees);
  const d = Math.floor(abs);
  const m = Math.floor((abs - d) * 60);
  const s10k = Math.round(((abs - d) * 60 - m) * 60 * 10_000);
  return `${d}/1 ${m}/1 ${s10k}/10000`;
}

/** Draws the seedlings as a camera JPEG with EXIF GPS and capture time, then stores it like an upload. */
async function evidencePhoto(storage: FileStorage, { seed, at, takenOn, alt }: { seed: string; at: { latitude: number; longitude: number }; takenOn: string; alt: string }): Promise<EvidenceUpload> {
  const bytes = await sharp(Buffer.from(treeArtwork({ seed })), { density: 72 * 0.8 })
    .resize({ width: 960 })
    .jpeg({ quality: 85 })
    .withExif({
      IFD0: { Make: "Kriya field phone" },
      IFD2: { DateTimeOriginal: `${takenOn.replaceAll("-", ":")} 09:30:00` },
      IFD3: { GPSLatitudeRef: at.latitude < 0 ? "S" : "N", GPSLatitude: exifRationals(at.latitude), GPSLongitudeRef: "E", GPSLongitude: exifRationals(at.longitude) },
    })
    .toBuffer();
  // Read back exactly as an upload is: the EXIF from the original bytes, before sharp strips it from the renditions.
  const exif = await readPhotoExif(bytes);
  return { processed: await processImage(storage, bytes), exif, alt };
}

async function userIdOf(tx: Db, role: "admin" | "staff") {
  const email = seedUsers.find((u) => u.role === role)!.email;
  const [user] = await tx.select({ id: s.users.id }).from(s.users).where(eq(s.users.email, email));
  if (!user) throw new Error(`The seed's ${role} user must exist before the plantings.`);
  return user.id;
}

/** Seeds the plantings with their evidence. Replaces inserting `plantingData` directly. */
export async function seedImpact(tx: Db, { now, storage }: { now: Date; storage: FileStorage }) {
  const [outbox] = await tx.select({ last: sql<number>`coalesce(max(${s.outboxMessages.id}), 0)`.mapWith(Number) }).from(s.outboxMessages);
  const today = jakartaToday(now);
  const staff = { userId: await userIdOf(tx, "staff"), ip: null };
  const admin = { userId: await userIdOf(tx, "admin"), ip: null };
  const all = [...samples, { ...newer, plantedOn: newer.plantedOn <= today ? newer.plantedOn : today }];

  // Files first (content-addressed, like every upload), drawn in parallel; then the rows, in planting order.
  const photos = await Promise.all(
    all.map(async (p) => {
      const at = { latitude: p.latitude + p.photoOffset.dLat, longitude: p.longitude + p.photoOffset.dLng };
      const planting = await evidencePhoto(storage, { seed: `planting:${p.plantedOn}`, at, takenOn: p.plantedOn, alt: `${p.treeCount} ${p.species.toLowerCase()} newly planted at ${p.place}` });
      const checkedOn = p.check ? addDays(p.plantedOn, p.check.afterDays) : null;
      const check = p.check && checkedOn ? await evidencePhoto(storage, { seed: `check:${checkedOn}`, at: { latitude: p.latitude - 0.0008, longitude: p.longitude + 0.0012 }, takenOn: checkedOn, alt: `Survival check at ${p.place} on ${checkedOn}` }) : null;
      return { planting, check, checkedOn };
    }),
  );

  for (const [i, p] of all.entries()) {
    const { photoOffset: _, verified, check, ...input } = p;
    const { planting, check: checkPhoto, checkedOn } = photos[i]!;
    const { id } = await createPlanting(tx, { input: { ...input, notes: "" }, photos: [planting], actor: staff });
    if (verified) await verifyPlanting(tx, { plantingId: id, actor: admin, now: new Date(Date.parse(`${addDays(p.plantedOn, 21)}T05:00:00Z`)) });
    if (check && checkedOn) await addSurvivalCheck(tx, { plantingId: id, input: { checkedOn, aliveCount: check.alive, notes: check.notes }, photo: checkPhoto, actor: staff });
  }
  // The seed drew every format of every photo already: no rendition waits in the outbox.
  await tx
    .update(s.outboxMessages)
    .set({ processedAt: now })
    .where(and(gt(s.outboxMessages.id, outbox?.last ?? 0), eq(s.outboxMessages.topic, RENDER_IMAGE_FORMATS), isNull(s.outboxMessages.processedAt)));
}
