import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.server";
import { images, outboxMessages, products, users } from "../../db/schema";
import {
  DELETE_FILES_AFTER_SECONDS,
  DELETE_IMAGE_FILES,
  deleteImageFilesHandler,
  FIRST_FORMATS,
  LATER_FORMATS,
  originalKeyOf,
  processImage,
  RENDER_IMAGE_FORMATS,
  renderImageFormatsHandler,
  type ProcessedImage,
} from "~/models/catalog/images.server";
import { addProductImages, updateProductImage } from "~/models/catalog/product-admin.server";
import { outboxHandlers } from "~/models/platform/outbox-handlers.server";
import { drainOutbox } from "~/models/platform/outbox.server";
import { loader as imageLoader } from "~/routes/_system+/images.$";
import { IMAGE_FORMATS, imageKey } from "~/utils/images";
import { getImageStorage, LocalDiskStorage } from "~/utils/storage.server";
import { writableBackends } from "../support/db";

/** A photo nobody else has (random noise), so its content-addressed files are this test's alone. */
async function uniquePhoto(width = 700, height = 600) {
  return sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } }).jpeg({ quality: 70 }).toBuffer();
}

const later = (seconds: number) => new Date(Date.now() + seconds * 1000);

describe.each(writableBackends())("image work after commit on $name", ({ open }) => {
  let handle: DbHandle;
  let storage: LocalDiskStorage;
  let productId: number;
  let staff: { userId: number; ip: string };
  const handlers = () => ({ [RENDER_IMAGE_FORMATS]: renderImageFormatsHandler(() => storage), [DELETE_IMAGE_FILES]: deleteImageFilesHandler(() => storage) });
  const files = async (p: ProcessedImage, formats: readonly (typeof IMAGE_FORMATS)[number][]) =>
    Promise.all(p.widths.flatMap((w) => formats.map((f) => storage.exists(imageKey(p.hash, w, f)))));
  const messagesFor = (topic: string, imageId: number) => handle.db.select().from(outboxMessages).where(and(eq(outboxMessages.topic, topic), eq(outboxMessages.dedupeKey, `${topic}:${imageId}`)));

  beforeAll(async () => {
    handle = await open();
    storage = new LocalDiskStorage(await mkdtemp(path.join(tmpdir(), "kriya-img-outbox-")));
    const [product] = await handle.db.select({ id: products.id }).from(products).orderBy(products.id).limit(1);
    productId = product!.id;
    const [u] = await handle.db.select({ id: users.id }).from(users).where(eq(users.role, "staff"));
    staff = { userId: u!.id, ip: "203.0.113.9" };
  });
  afterAll(async () => {
    await handle.close();
  });

  it("the app's outbox handles both topics", () => {
    expect(Object.keys(outboxHandlers)).toEqual(expect.arrayContaining([RENDER_IMAGE_FORMATS, DELETE_IMAGE_FILES]));
  });

  it("an upload renders its first format at once and the others only after its rows commit", async () => {
    const processed = await processImage(storage, await uniquePhoto(), { formats: FIRST_FORMATS });
    expect(await files(processed, FIRST_FORMATS)).not.toContain(false);
    expect(await files(processed, LATER_FORMATS)).not.toContain(true);

    // Rolled back: no row, nothing queued, nothing rendered by a drain.
    const rollback = new Error("rolled back on purpose");
    await expect(
      handle.db.transaction(async (tx) => {
        await addProductImages(tx, { productId, uploads: [{ processed, alt: "Rolled back" }], actor: staff });
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(await handle.db.select().from(images).where(eq(images.hash, processed.hash))).toEqual([]);
    expect(await drainOutbox(handle.db, { handlers: handlers() })).toEqual({ processed: 0, failed: 0 });
    expect(await files(processed, LATER_FORMATS)).not.toContain(true);

    // Committed: one message for the row, and the drain makes every other format at every width.
    const [row] = await addProductImages(handle.db, { productId, uploads: [{ processed, alt: "Committed" }], actor: staff });
    expect(await messagesFor(RENDER_IMAGE_FORMATS, row!.id)).toEqual([expect.objectContaining({ processedAt: null, payload: { imageId: row!.id, hash: processed.hash, originalExt: "jpg", widths: processed.widths } })]);
    expect(await drainOutbox(handle.db, { handlers: handlers() })).toEqual({ processed: 1, failed: 0 });
    expect(await files(processed, IMAGE_FORMATS)).not.toContain(false);
    const avif = await sharp((await storage.get(imageKey(processed.hash, processed.widths[0]!, "avif")))!).metadata();
    expect(avif).toMatchObject({ format: "heif", compression: "av1", width: processed.widths[0] });
  });

  it("a removed photo's files are deleted only after the delete commits, once caches have let go, and not while another photo uses them", async () => {
    const processed = await processImage(storage, await uniquePhoto(800, 600));
    const [first, second] = await addProductImages(handle.db, { productId, uploads: [{ processed, alt: "One" }, { processed, alt: "Same bytes" }], actor: staff });
    await drainOutbox(handle.db, { handlers: handlers() });

    // Rolled back: the row stays and nothing is queued.
    const rollback = new Error("rolled back on purpose");
    await expect(
      handle.db.transaction(async (tx) => {
        await updateProductImage(tx, { productId, imageId: first!.id, change: { remove: true }, actor: staff });
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(await messagesFor(DELETE_IMAGE_FILES, first!.id)).toEqual([]);
    expect(await handle.db.$count(images, eq(images.id, first!.id))).toBe(1);

    // Committed: queued for a day later; before that a drain leaves the files.
    await updateProductImage(handle.db, { productId, imageId: first!.id, change: { remove: true }, actor: staff });
    const [queued] = await messagesFor(DELETE_IMAGE_FILES, first!.id);
    expect(queued!.availableAt.getTime()).toBeGreaterThan(Date.now() + (DELETE_FILES_AFTER_SECONDS - 60) * 1000);
    expect(await drainOutbox(handle.db, { handlers: handlers() })).toEqual({ processed: 0, failed: 0 });
    expect(await storage.exists(originalKeyOf(processed))).toBe(true);

    // Due, but the second photo still shows the same bytes: kept.
    expect(await drainOutbox(handle.db, { handlers: handlers(), now: later(DELETE_FILES_AFTER_SECONDS + 60) })).toEqual({ processed: 1, failed: 0 });
    expect(await storage.exists(originalKeyOf(processed))).toBe(true);
    expect(await files(processed, IMAGE_FORMATS)).not.toContain(false);

    // The last photo with those bytes goes: so do its files.
    await updateProductImage(handle.db, { productId, imageId: second!.id, change: { remove: true }, actor: staff });
    expect(await drainOutbox(handle.db, { handlers: handlers(), now: later(DELETE_FILES_AFTER_SECONDS + 60) })).toEqual({ processed: 1, failed: 0 });
    expect(await storage.exists(originalKeyOf(processed))).toBe(false);
    expect(await files(processed, IMAGE_FORMATS)).not.toContain(true);
  });

  it("a rendition that does not exist yet is made from the original when first asked for, and served for good", async () => {
    const shared = getImageStorage();
    const processed = await processImage(shared, await uniquePhoto(), { formats: [] });
    const get = (file: string) => imageLoader({ request: new Request(`http://localhost/images/${processed.hash}/${file}`), params: { "*": `${processed.hash}/${file}` }, context: {} });
    const stored = (format: (typeof IMAGE_FORMATS)[number]) => Promise.all(processed.widths.map((w) => shared.exists(imageKey(processed.hash, w, format))));
    expect(await stored("avif")).toEqual([false, false]);
    // Two browsers at once share one render.
    const [first, second] = await Promise.all([get("320.avif"), get("320.avif")]);
    for (const response of [first, second]) {
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Type")).toBe("image/avif");
      expect(response.headers.get("Cache-Control")).toMatch(/immutable/);
    }
    const avif = await sharp(Buffer.from(await first.arrayBuffer())).metadata();
    expect(avif).toMatchObject({ format: "heif", compression: "av1", width: 320 });
    expect((await sharp(Buffer.from(await (await get("640.webp")).arrayBuffer())).metadata()).format).toBe("webp");
    expect((await get("640.jpg")).headers.get("Content-Type")).toBe("image/jpeg");
    // Only the widths an upload would have made: none larger than the photo (700 px), none in between.
    for (const file of ["960.avif", "500.avif", "9999.avif"]) expect((await get(file)).status, file).toBe(404);
    expect((await imageLoader({ request: new Request("http://localhost/images/x"), params: { "*": `${"0".repeat(24)}/320.avif` }, context: {} })).status).toBe(404);
    expect(await stored("avif")).toEqual([true, false]);
  });
});
