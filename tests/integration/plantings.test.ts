import { and, eq, gt } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { auditLog, images, plantingEvidence, plantingRecords, survivalChecks, users } from "../../db/schema";
import { jakartaToday } from "~/domain/impact/planting-input";
import { readPhotoExif } from "~/models/impact/plantings.server";
import { action as newPlanting } from "~/routes/admin+/impact.plantings.new";
import { action as plantingAction, loader as plantingLoader } from "~/routes/admin+/impact.plantings.$id";
import { seedImpact } from "../../db/seed/impact";
import { getImageStorage } from "~/utils/storage.server";
import { serveAppFrom, writableBackends } from "../support/db";
import { sessionCookie, thrownResponse } from "../support/outcomes";

const gunungKidul = { latitude: -7.965, longitude: 110.601 };

/** Degrees as EXIF rationals, the way a camera writes them ("7/1 57/1 5400/100"). */
const rationals = (deg: number) => {
  const abs = Math.abs(deg);
  const d = Math.floor(abs);
  const m = Math.floor((abs - d) * 60);
  const s = Math.round(((abs - d) * 60 - m) * 60 * 10_000);
  return `${d}/1 ${m}/1 ${s}/10000`;
};

/** A camera-like JPEG: its GPS and capture time in EXIF, as sharp writes them. */
async function jpegTakenAt(position: { latitude: number; longitude: number } | null, colour = "#4f7a3a") {
  const exif = position
    ? {
        IFD2: { DateTimeOriginal: "2026:11:20 08:15:00" },
        IFD3: { GPSLatitudeRef: position.latitude < 0 ? "S" : "N", GPSLatitude: rationals(position.latitude), GPSLongitudeRef: position.longitude < 0 ? "W" : "E", GPSLongitude: rationals(position.longitude) },
      }
    : {};
  return sharp({ create: { width: 800, height: 600, channels: 3, background: colour } })
    .jpeg({ quality: 80 })
    .withExif(exif)
    .toBuffer();
}

const pngWithoutExif = () => sharp({ create: { width: 640, height: 480, channels: 3, background: "#2f6d8a" } }).png().toBuffer();

type Outcome = { status: number; location: string | null; data: unknown };
/** What an action answered: a redirect Response, or data() with its status. */
function outcomeOf(result: unknown): Outcome {
  if (result instanceof Response) return { status: result.status, location: result.headers.get("Location"), data: null };
  const wrapped = result as { data?: unknown; init?: { status?: number } | null };
  return { status: wrapped.init?.status ?? 200, location: null, data: wrapped.data ?? result };
}
const errorsOf = (outcome: Outcome) => (outcome.data as { error?: Record<string, string[] | null> } | null)?.error ?? {};

describe.each(writableBackends())("plantings back office on $name", ({ open }) => {
  let handle: DbHandle;
  let restore: () => void;
  let staffCookie: string;
  let bazaarCookie: string;
  let staffId: number;
  const today = jakartaToday(new Date());

  beforeAll(async () => {
    handle = await open();
    restore = serveAppFrom(handle);
    const [staff] = await handle.db.select({ id: users.id }).from(users).where(eq(users.role, "staff"));
    const [bazaar] = await handle.db.select({ id: users.id }).from(users).where(eq(users.role, "bazaar"));
    staffId = staff!.id;
    staffCookie = await sessionCookie(handle.db, staff!.id);
    bazaarCookie = await sessionCookie(handle.db, bazaar!.id);
  });
  afterAll(async () => {
    restore();
    await handle.close();
  });

  const fields = (overrides: Record<string, string> = {}) => ({
    intent: "save",
    plantedOn: "2026-11-20",
    place: "Playen, Gunung Kidul",
    province: "DI Yogyakarta",
    latitude: String(gunungKidul.latitude),
    longitude: String(gunungKidul.longitude),
    species: "Teak seedlings",
    treeCount: "150",
    partner: "Wanatani Lestari cooperative",
    notes: "",
    ...overrides,
  });
  function formOf(values: Record<string, string>, photos: { bytes: Buffer; name: string; type: string }[], photoField = "photos") {
    const body = new FormData();
    for (const [k, v] of Object.entries(values)) body.append(k, v);
    for (const p of photos) body.append(photoField, new File([new Uint8Array(p.bytes)], p.name, { type: p.type }));
    return body;
  }
  const post = async (body: FormData, cookie = staffCookie) =>
    outcomeOf(await newPlanting({ request: new Request("http://localhost/admin/impact/plantings/new", { method: "POST", body, headers: { Cookie: cookie } }), params: {}, context: { clientIp: "203.0.113.7" } }));
  const postTo = async (id: number, body: FormData, cookie = staffCookie) =>
    outcomeOf(await plantingAction({ request: new Request(`http://localhost/admin/impact/plantings/${id}`, { method: "POST", body, headers: { Cookie: cookie } }), params: { id: String(id) }, context: {} }));
  const counts = async () => ({ plantings: await handle.db.$count(plantingRecords), images: await handle.db.$count(images), evidence: await handle.db.$count(plantingEvidence), checks: await handle.db.$count(survivalChecks) });
  const idFrom = (outcome: Outcome) => Number(outcome.location!.match(/\/admin\/impact\/plantings\/(\d+)/)![1]);
  const evidenceOf = (plantingId: number) => handle.db.select().from(plantingEvidence).where(eq(plantingEvidence.plantingId, plantingId));

  it("reads GPS and capture time from the original bytes of a camera JPEG, and nothing from a PNG", async () => {
    const exif = await readPhotoExif(await jpegTakenAt(gunungKidul));
    expect(exif.latitude).toBeCloseTo(gunungKidul.latitude, 5);
    expect(exif.longitude).toBeCloseTo(gunungKidul.longitude, 5);
    expect(exif.takenAt).toBeInstanceOf(Date);
    expect(await readPhotoExif(await pngWithoutExif())).toEqual({ latitude: null, longitude: null, takenAt: null });
    expect(await readPhotoExif(Buffer.from("not an image at all"))).toEqual({ latitude: null, longitude: null, takenAt: null });
  });

  it("records a planting whose GPS-tagged photo was taken at the stated place as 'matches', in one audited write", async () => {
    const outcome = await post(formOf(fields(), [{ bytes: await jpegTakenAt({ latitude: -7.9662, longitude: 110.6025 }), name: "site.jpg", type: "image/jpeg" }]));
    expect(outcome.status).toBe(302);
    const id = idFrom(outcome);
    const [planting] = await handle.db.select().from(plantingRecords).where(eq(plantingRecords.id, id));
    expect(planting).toMatchObject({ treeCount: 150, place: "Playen, Gunung Kidul", createdBy: staffId, verifiedAt: null });
    const [evidence] = await evidenceOf(id);
    expect(evidence).toMatchObject({ gps: "matches", survivalCheckId: null });
    expect(evidence!.distanceMetres).toBeGreaterThan(0);
    expect(evidence!.distanceMetres).toBeLessThan(500);
    expect(evidence!.takenAt).toBeInstanceOf(Date);
    const [image] = await handle.db.select().from(images).where(eq(images.id, evidence!.imageId));
    expect(image).toMatchObject({ plantingId: id, productId: null, producerId: null });
    const [entry] = await handle.db.select().from(auditLog).where(and(eq(auditLog.entityType, "planting"), eq(auditLog.entityId, String(id))));
    expect(entry).toMatchObject({ action: "create", userId: staffId, ip: "203.0.113.7" });
  });

  it("flags a photo taken 40 km from the stated place as a mismatch, and one without EXIF as missing", async () => {
    const far = await post(formOf(fields({ place: "Far photo" }), [{ bytes: await jpegTakenAt({ latitude: gunungKidul.latitude + 0.36, longitude: gunungKidul.longitude }), name: "elsewhere.jpg", type: "image/jpeg" }]));
    expect(far.status).toBe(302);
    const [mismatch] = await evidenceOf(idFrom(far));
    expect(mismatch).toMatchObject({ gps: "mismatch" });
    expect(mismatch!.distanceMetres).toBeGreaterThan(39_000);
    expect(mismatch!.distanceMetres).toBeLessThan(41_000);

    const bare = await post(formOf(fields({ place: "Bare PNG" }), [{ bytes: await pngWithoutExif(), name: "scan.png", type: "image/png" }]));
    expect(bare.status).toBe(302);
    const [missing] = await evidenceOf(idFrom(bare));
    expect(missing).toMatchObject({ gps: "missing", gpsLatitude: null, gpsLongitude: null, distanceMetres: null, takenAt: null });
  });

  it("refuses bad input with a message on the field and a 4xx, writing nothing at all", async () => {
    const photo = { bytes: await jpegTakenAt(gunungKidul), name: "ok.jpg", type: "image/jpeg" };
    const before = await counts();
    const cases: [Record<string, string>, typeof photo[], number, string, RegExp][] = [
      [fields({ treeCount: "-20" }), [photo], 400, "treeCount", /at least 1 \(it can't be zero or negative\)/],
      [fields({ treeCount: "1e3" }), [photo], 400, "treeCount", /whole number/],
      [fields({ plantedOn: "2999-01-01" }), [photo], 400, "plantedOn", /can't be in the future/],
      [fields({ latitude: "52.37", longitude: "4.89" }), [photo], 400, "latitude", /off the map of Indonesia/],
      [fields({ latitude: "north" }), [photo], 400, "latitude", /decimal number/],
      [fields({ place: "x".repeat(500) }), [photo], 400, "place", /under 120 characters/],
      [fields(), [], 400, "photos", /at least one photo/],
      [fields(), [{ bytes: Buffer.from("Dear diary, today we planted trees."), name: "notes.jpg", type: "image/jpeg" }], 415, "photos", /^notes\.jpg: That file is not a JPEG, PNG, WebP or AVIF photo/],
      [fields(), Array.from({ length: 7 }, () => photo), 400, "photos", /at most 6 photos/],
    ];
    for (const [values, photos, status, field, message] of cases) {
      const outcome = await post(formOf(values, photos));
      expect(outcome.status, `${field}: ${JSON.stringify(errorsOf(outcome))}`).toBe(status);
      expect(errorsOf(outcome)[field]?.[0]).toMatch(message);
    }
    expect(await counts()).toEqual(before);
  });

  it("lets only staff and admins record plantings: the bazaar role gets a 403", async () => {
    const before = await counts();
    const photo = { bytes: await jpegTakenAt(gunungKidul), name: "ok.jpg", type: "image/jpeg" };
    const response = await thrownResponse(() => post(formOf(fields(), [photo]), bazaarCookie));
    expect(response.status).toBe(403);
    const page = await thrownResponse(() => plantingLoader({ request: new Request("http://localhost/admin/impact/plantings/1", { headers: { Cookie: bazaarCookie } }), params: { id: "1" }, context: {} }));
    expect(page.status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it("records survival checks between planting and today, at most the trees planted, one a day, with a checked photo", async () => {
    const created = await post(formOf(fields({ plantedOn: "2026-06-01", treeCount: "200", place: "Checked site" }), [{ bytes: await jpegTakenAt(gunungKidul), name: "site.jpg", type: "image/jpeg" }]));
    const id = idFrom(created);
    const check = (values: Record<string, string>, photo?: { bytes: Buffer; name: string; type: string }) => postTo(id, formOf({ intent: "check", notes: "", ...values }, photo ? [photo] : [], "photo"));
    const before = await counts();
    expect(errorsOf(await check({ checkedOn: "2026-05-31", aliveCount: "10" }))["checkedOn"]?.[0]).toMatch(/can't be before the planting \(2026-06-01\)/);
    expect(errorsOf(await check({ checkedOn: "2999-01-01", aliveCount: "10" }))["checkedOn"]?.[0]).toMatch(/future/);
    expect(errorsOf(await check({ checkedOn: "2026-11-01", aliveCount: "201" }))["aliveCount"]?.[0]).toMatch(/At most 200 trees/);
    expect(errorsOf(await check({ checkedOn: "2026-11-01", aliveCount: "-1" }))["aliveCount"]?.[0]).toMatch(/negative/);
    expect((await check({ checkedOn: "2026-11-01", aliveCount: "10" }, { bytes: Buffer.from("%PDF-1.4"), name: "report.jpg", type: "image/jpeg" })).status).toBe(415);
    expect(await counts()).toEqual(before);

    const ok = await check({ checkedOn: "2026-11-01", aliveCount: "182" }, { bytes: await jpegTakenAt({ latitude: gunungKidul.latitude + 0.36, longitude: gunungKidul.longitude }), name: "check.jpg", type: "image/jpeg" });
    expect(ok.status).toBe(302);
    const [row] = await handle.db.select().from(survivalChecks).where(eq(survivalChecks.plantingId, id));
    expect(row).toMatchObject({ checkedOn: "2026-11-01", aliveCount: 182, recordedBy: staffId });
    const photos = await evidenceOf(id);
    expect(photos.find((p) => p.survivalCheckId === row!.id)).toMatchObject({ gps: "mismatch" });

    const again = await check({ checkedOn: "2026-11-01", aliveCount: "180" });
    expect(again.status).toBe(409);
    expect(errorsOf(again)["checkedOn"]?.[0]).toMatch(/already has a survival check on 2026-11-01/);
    expect(await handle.db.$count(survivalChecks, eq(survivalChecks.plantingId, id))).toBe(1);
    expect((await check({ checkedOn: today, aliveCount: "0" })).status).toBe(302);
  });

  it("confirms the evidence once: a second confirmation changes nothing and says so", async () => {
    const created = await post(formOf(fields({ place: "To confirm" }), [{ bytes: await jpegTakenAt(gunungKidul), name: "site.jpg", type: "image/jpeg" }]));
    const id = idFrom(created);
    const verify = () => postTo(id, formOf({ intent: "verify" }, []));
    expect((await verify()).status).toBe(302);
    const [first] = await handle.db.select().from(plantingRecords).where(eq(plantingRecords.id, id));
    expect(first!.verifiedAt).toBeInstanceOf(Date);
    expect(first!.verifiedBy).toBe(staffId);
    expect((await verify()).status).toBe(302);
    const [second] = await handle.db.select().from(plantingRecords).where(eq(plantingRecords.id, id));
    expect(second!.verifiedAt!.getTime()).toBe(first!.verifiedAt!.getTime());
    expect(await handle.db.$count(auditLog, and(eq(auditLog.entityType, "planting"), eq(auditLog.entityId, String(id)), eq(auditLog.action, "verify")))).toBe(1);
    expect((await thrownResponse(() => postTo(id, formOf({ intent: "delete" }, [])))).status).toBe(400);
    expect((await thrownResponse(() => postTo(999_999, formOf({ intent: "verify" }, [])))).status).toBe(404);
  });

  it("seeds sample plantings whose drawn photos carry real EXIF GPS: on site, one 40 km off, three confirmed, one checked", async () => {
    const last = Math.max(0, ...(await handle.db.select({ id: plantingRecords.id }).from(plantingRecords)).map((p) => p.id));
    const started = Date.now();
    await handle.db.transaction((tx) => seedImpact(tx, { now: new Date(), storage: getImageStorage() }));
    expect(Date.now() - started).toBeLessThan(15_000);
    const seeded = await handle.db.select().from(plantingRecords).where(gt(plantingRecords.id, last)).orderBy(plantingRecords.plantedOn);
    expect(seeded.map((p) => p.place)).toEqual(["Playen, Gunung Kidul", "Tanjung Pura, Langkat", "Bangsri, Jepara", "Muara Angke, Penjaringan", "Kalikajar, Wonosobo"]);
    expect(seeded.map((p) => p.verifiedAt !== null)).toEqual([true, true, true, false, false]);
    const evidence = await handle.db.select().from(plantingEvidence).where(gt(plantingEvidence.plantingId, last)).orderBy(plantingEvidence.imageId);
    const byPlanting = (id: number) => evidence.filter((e) => e.plantingId === id && e.survivalCheckId === null).map((e) => e.gps);
    expect(seeded.map((p) => byPlanting(p.id))).toEqual([["matches"], ["matches"], ["matches"], ["mismatch"], ["matches"]]);
    const off = evidence.find((e) => e.gps === "mismatch")!;
    expect(off.distanceMetres).toBeGreaterThan(38_000);
    expect(off.distanceMetres).toBeLessThan(42_000);
    const checks = await handle.db.select().from(survivalChecks).where(gt(survivalChecks.plantingId, last));
    expect(checks).toMatchObject([{ plantingId: seeded[0]!.id, checkedOn: "2024-07-20", aliveCount: 388 }]);
    expect(evidence.filter((e) => e.survivalCheckId === checks[0]!.id)).toMatchObject([{ gps: "matches" }]);
  });
});
