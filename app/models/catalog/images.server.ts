import { createHash } from "node:crypto";
import type { Metadata, Sharp } from "sharp";
import { eq, sql } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { Refusal } from "~/domain/platform/refusal";
import { images } from "~db/schema";
import { IMAGE_FORMATS, IMAGE_WIDTHS, imageKey, type ImageFormat } from "~/utils/images";
import type { FileStorage } from "~/utils/storage.server";
import { enqueue, type OutboxHandler } from "~/models/platform/outbox.server";

/** sharp (libvips) loads with the first image, not with the server: a start serves pages long before that. */
let sharpModule: Promise<typeof import("sharp")> | undefined;
const loadSharp = async () => (await (sharpModule ??= import("sharp"))).default;

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/**
 * A 6000 × 4000 camera photo fits; a bigger image is a decompression bomb or a scan to be resized first.
 * Measured (sharp 0.35, one core, a noisy 24 MP PNG, the worst case): about half a second to decode once and
 * make every size, and about 2 s with the box busy. 100 MP took four times that, per upload.
 */
export const MAX_INPUT_MEGAPIXELS = 24;
/** A staff upload must be sharp on a phone's product page (shown ~390 CSS px wide, at 2–3×). */
export const MIN_PHOTO_SIDE = 600;
/** What sharp reports for the formats product photos may be: AVIF is HEIF with AV1 inside. */
const acceptedInputFormats = new Set(["jpeg", "png", "webp", "heif"]);
const NOT_A_PHOTO = "That file is not a JPEG, PNG, WebP or AVIF photo. Save or export it as one of those and upload again.";

/**
 * The real format from the file's first bytes, whatever name or type it was sent with. Anything else (SVG,
 * PDF, GIF, TIFF, HEIC…) never reaches the decoder, so a script in an SVG or an odd codec can't come in as a photo.
 */
export function sniffPhotoFormat(bytes: Uint8Array): "jpeg" | "png" | "webp" | "avif" | null {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  if (bytes.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => bytes[i] === b)) return "png";
  if (bytes.length >= 12 && ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "webp";
  if (bytes.length >= 16 && ascii(4, 8) === "ftyp") {
    // ISO-BMFF: the major brand, then compatible brands up to the end of the ftyp box.
    const boxEnd = Math.min(bytes.length, ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0);
    const brands = [ascii(8, 12)];
    for (let at = 16; at + 4 <= boxEnd; at += 4) brands.push(ascii(at, at + 4));
    if (brands.some((b) => b === "avif" || b === "avis")) return "avif";
  }
  return null;
}

export type ProcessedImage = {
  hash: string;
  originalExt: string;
  width: number;
  height: number;
  widths: number[];
  placeholder: string;
};

const encoders: Record<ImageFormat, (img: Sharp) => Sharp> = {
  // Effort settings chosen by measurement: AVIF effort 0 is ~5× faster than 2 for ~13% more bytes.
  avif: (img) => img.avif({ quality: 52, effort: 0 }),
  webp: (img) => img.webp({ quality: 74, effort: 2 }),
  jpeg: (img) => img.jpeg({ quality: 80, progressive: true }),
};

/**
 * Validates an image (refusing what is not a photo as `unsupported`, too many bytes or pixels as `too_large`,
 * anything else unreadable or too small as `unprocessable`), keeps the original, and renders every width in
 * `formats` (AVIF, WebP and JPEG unless told; an upload asks for FIRST_FORMATS and queues the rest).
 * Content-addressed: re-processing the same bytes finds the files already there and skips the work.
 */
export async function processImage(storage: FileStorage, input: Buffer, options: { minSide?: number; formats?: readonly ImageFormat[] } = {}): Promise<ProcessedImage> {
  if (input.byteLength === 0) throw Refusal.unprocessable("The file is empty.");
  if (input.byteLength > MAX_UPLOAD_BYTES) throw Refusal.tooLarge("Images must be 10 MB or smaller.");
  const sniffed = sniffPhotoFormat(input);
  if (!sniffed) throw Refusal.unsupported(NOT_A_PHOTO);
  const sharp = await loadSharp();
  let meta: Metadata;
  try {
    // Only the header is read here, so no pixel limit yet: the size check below gives the clearer message.
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw Refusal.unsupported("That file is not an image we can read (use JPEG, PNG, WebP or AVIF).");
  }
  if (!meta.format || !acceptedInputFormats.has(meta.format) || !meta.width || !meta.height) {
    throw Refusal.unsupported("That file is not an image we can read (use JPEG, PNG, WebP or AVIF).");
  }
  // The decoder must agree with the first bytes (an AVIF is HEIF holding AV1, never HEVC).
  const decoded = meta.format === "heif" ? (meta.compression === "av1" ? "avif" : null) : meta.format;
  if (decoded !== sniffed) throw Refusal.unsupported(NOT_A_PHOTO);
  const { width, height } = orientedSize(meta);
  const megapixels = (width * height) / 1_000_000;
  if (megapixels > MAX_INPUT_MEGAPIXELS) {
    throw Refusal.tooLarge(`That image is ${width.toLocaleString("en")} × ${height.toLocaleString("en")} pixels (${Math.round(megapixels)} megapixels); the largest accepted is ${MAX_INPUT_MEGAPIXELS} megapixels. Resize it and upload again.`);
  }
  if (options.minSide && Math.min(width, height) < options.minSide) {
    throw Refusal.unprocessable(`That image is only ${width} × ${height} pixels; product photos need at least ${options.minSide} pixels on the shorter side to look sharp on phones.`);
  }
  const hash = createHash("sha256").update(input).digest("hex").slice(0, 24);
  const originalExt = sniffed === "jpeg" ? "jpg" : sniffed;
  const widths: number[] = IMAGE_WIDTHS.filter((w) => w <= width);
  if (widths.length === 0) widths.push(width);

  const originalKey = `${hash.slice(0, 2)}/${hash}/original.${originalExt}`;
  if (!(await storage.exists(originalKey))) await storage.put(originalKey, input);

  const formats = options.formats ?? IMAGE_FORMATS;
  // With nothing to render now, decoding small is enough for the placeholder colour.
  const base = await decodeUpright(input, formats.length ? widths : [48]);
  await renderRenditions(storage, base, { hash, widths, formats });

  const { dominant } = await render(base.clone().resize(48), (img) => img.stats());
  const placeholder = `#${[dominant.r, dominant.g, dominant.b].map((c) => c.toString(16).padStart(2, "0")).join("")}`;
  return { hash, originalExt, width, height, widths, placeholder };
}

/**
 * Decode once, upright, on white, at the largest size needed; every rendition is made from that. Sizes are
 * set by width alone ("inside"), so each keeps the photo's own aspect ratio and nothing is cropped.
 */
async function decodeUpright(input: Buffer, widths: readonly number[]) {
  const sharp = await loadSharp();
  const largest = Math.max(...widths);
  const { data, info } = await render(
    sharp(input, { limitInputPixels: MAX_INPUT_MEGAPIXELS * 1_000_000 })
      .rotate()
      .flatten({ background: "#ffffff" })
      .resize({ width: largest, height: largest * 100, fit: "inside", withoutEnlargement: true })
      .toColourspace("srgb"),
    (img) => img.raw({ depth: "uchar" }).toBuffer({ resolveWithObject: true }),
  );
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
}

/** Every width in every format asked for, skipping files already stored. */
async function renderRenditions(storage: FileStorage, base: Sharp, { hash, widths, formats }: { hash: string; widths: readonly number[]; formats: readonly ImageFormat[] }) {
  await Promise.all(
    widths.flatMap((w) =>
      formats.map(async (format) => {
        const key = imageKey(hash, w, format);
        if (await storage.exists(key)) return;
        const resized = base.clone().resize({ width: w, fit: "inside", withoutEnlargement: true });
        await storage.put(key, await render(encoders[format](resized)));
      }),
    ),
  );
}

/**
 * What an upload renders before it answers: JPEG at every width, the `<img>` every browser can show, so staff
 * see the photo at once. AVIF and WebP are rendered after the upload commits (RENDER_IMAGE_FORMATS); until then
 * the image route answers for them with the JPEG of the same width.
 */
export const FIRST_FORMATS: readonly ImageFormat[] = ["jpeg"];
export const LATER_FORMATS: readonly ImageFormat[] = IMAGE_FORMATS.filter((f) => !FIRST_FORMATS.includes(f));

type StoredImage = { hash: string; originalExt: string; widths: readonly number[] };

export const originalKeyOf = ({ hash, originalExt }: Pick<StoredImage, "hash" | "originalExt">) => `${hash.slice(0, 2)}/${hash}/original.${originalExt}`;

/** Renders the missing renditions of a stored original (the after-commit half of an upload). */
async function renderStoredImage(storage: FileStorage, image: StoredImage, formats: readonly ImageFormat[] = LATER_FORMATS) {
  const keys = image.widths.flatMap((w) => formats.map((format) => imageKey(image.hash, w, format)));
  const present = await Promise.all(keys.map((key) => storage.exists(key)));
  if (present.every(Boolean)) return;
  const input = await storage.get(originalKeyOf(image));
  if (!input) throw new Error(`The original of image ${image.hash} is not in storage, so its renditions can't be made.`);
  await renderRenditions(storage, await decodeUpright(input, image.widths), { hash: image.hash, widths: image.widths, formats });
}

/** Renders wait here beyond this many at once, and beyond this many waiting the route stands in with a JPEG. */
const ON_DEMAND_RENDERS = 2;
const ON_DEMAND_WAITING = 32;
const onDemand = { running: 0, waiting: [] as (() => void)[], inFlight: new Map<string, Promise<Buffer | null>>() };
const originalExts = ["jpg", "png", "webp", "avif"] as const;

/**
 * Makes one missing rendition from its stored original, stores it and returns its bytes: how `/images/…` answers
 * for a file the seed or an upload left for later. Requests for the same file share one render; at most
 * ON_DEMAND_RENDERS run at once. Null when there is no such original or width (a 404), or when too many are
 * already waiting (the route then stands in with what it has).
 */
export async function renderRenditionOnDemand(storage: FileStorage, { hash, width, format }: { hash: string; width: number; format: ImageFormat }): Promise<Buffer | null> {
  const key = imageKey(hash, width, format);
  const shared = onDemand.inFlight.get(key);
  if (shared) return shared;
  if (onDemand.waiting.length >= ON_DEMAND_WAITING) return null;
  const rendering = (async () => {
    if (onDemand.running >= ON_DEMAND_RENDERS) await new Promise<void>((resolve) => onDemand.waiting.push(resolve));
    onDemand.running += 1;
    try {
      const stored = await storage.get(key);
      if (stored) return stored;
      const original = await firstOriginal(storage, hash);
      if (!original) return null;
      const meta = await (await loadSharp())(original, { limitInputPixels: false }).metadata();
      if (!meta.width || !meta.height) return null;
      const { width: originalWidth } = orientedSize(meta);
      const widths: number[] = IMAGE_WIDTHS.filter((w) => w <= originalWidth);
      if (!(widths.length ? widths : [originalWidth]).includes(width)) return null;
      const base = await decodeUpright(original, [width]);
      const bytes = await render(encoders[format](base.resize({ width, fit: "inside", withoutEnlargement: true })));
      await storage.put(key, bytes);
      return bytes;
    } finally {
      onDemand.running -= 1;
      onDemand.waiting.shift()?.();
      onDemand.inFlight.delete(key);
    }
  })();
  onDemand.inFlight.set(key, rendering);
  return rendering;
}

async function firstOriginal(storage: FileStorage, hash: string) {
  for (const originalExt of originalExts) {
    const bytes = await storage.get(originalKeyOf({ hash, originalExt }));
    if (bytes) return bytes;
  }
  return null;
}

/** Outbox topic: make the formats an upload left for later, once the photo's row has committed. */
export const RENDER_IMAGE_FORMATS = "images.render_formats";
/** Outbox topic: remove a deleted photo's files, once the delete has committed and caches have let go of it. */
export const DELETE_IMAGE_FILES = "images.delete_files";
/**
 * Catalogue pages may be served stale for a day (stale-while-revalidate=86400 after s-maxage=60, see
 * catalogCacheControl): a removed photo's files stay that long, plus a margin, so no cached page loses its image.
 */
export const DELETE_FILES_AFTER_SECONDS = 25 * 60 * 60;

const storedImageOf = (payload: Record<string, unknown>): StoredImage => {
  const { hash, originalExt, widths } = payload;
  if (typeof hash !== "string" || !/^[a-f0-9]{24}$/.test(hash) || typeof originalExt !== "string" || !Array.isArray(widths) || !widths.every((w) => Number.isSafeInteger(w))) {
    throw new Error("The message does not name a stored image (hash, originalExt, widths).");
  }
  return { hash, originalExt, widths: widths as number[] };
};

const imagePayload = ({ imageId, hash, originalExt, widths }: StoredImage & { imageId: number }) => ({ imageId, hash, originalExt, widths: [...widths] });

/** Queued in the transaction that adds the photo's row: rendered only if that commits. One per image row. */
export async function queueImageRenditions(tx: Executor, image: StoredImage & { imageId: number }) {
  return enqueue(tx, { topic: RENDER_IMAGE_FORMATS, payload: imagePayload(image), dedupeKey: `${RENDER_IMAGE_FORMATS}:${image.imageId}` });
}

/** Queued in the transaction that deletes the photo's row: its files go only if that commits, and only later. */
export async function queueImageFileDeletion(tx: Executor, { image, now = new Date() }: { image: StoredImage & { imageId: number }; now?: Date }) {
  return enqueue(tx, {
    topic: DELETE_IMAGE_FILES,
    payload: imagePayload(image),
    dedupeKey: `${DELETE_IMAGE_FILES}:${image.imageId}`,
    availableAt: new Date(now.getTime() + DELETE_FILES_AFTER_SECONDS * 1000),
  });
}

export function renderImageFormatsHandler(storage: () => FileStorage): OutboxHandler {
  return async (_tx, payload) => {
    // Every format, skipping what is stored: whatever the upload did not make, whichever formats that was.
    await renderStoredImage(storage(), storedImageOf(payload), IMAGE_FORMATS);
  };
}

/**
 * Files are named by content, so other photos (another product, the same bytes uploaded again) may share them:
 * they are deleted only while no image row names the hash, under a lock on the hash that uploads take too.
 */
export function deleteImageFilesHandler(storage: () => FileStorage): OutboxHandler {
  return async (tx, payload) => {
    const image = storedImageOf(payload);
    await lockImageHash(tx, { hash: image.hash });
    const [stillUsed] = await tx.select({ id: images.id }).from(images).where(eq(images.hash, image.hash)).limit(1);
    if (stillUsed) return;
    const files = storage();
    const keys = [originalKeyOf(image), ...image.widths.flatMap((w) => IMAGE_FORMATS.map((format) => imageKey(image.hash, w, format)))];
    for (const key of keys) await files.delete(key);
  };
}

/** Serialises deleting a hash's files with adding a row for the same hash (see deleteImageFilesHandler). */
export async function lockImageHash(tx: Executor, { hash }: { hash: string }) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`image-files:${hash}`}, 0))`);
}

/** A file whose header reads but whose pixels don't (truncated, corrupt) is bad input, not a server error. */
async function render<T = Buffer>(img: Sharp, run: (img: Sharp) => Promise<T> = (i) => i.toBuffer() as Promise<T>): Promise<T> {
  try {
    return await run(img);
  } catch (error) {
    throw Refusal.unprocessable(`That image is damaged or incomplete and can't be read (${(error as Error).message.split("\n")[0]}).`);
  }
}

function orientedSize(meta: Metadata) {
  const swap = (meta.orientation ?? 1) >= 5;
  return { width: swap ? meta.height! : meta.width!, height: swap ? meta.width! : meta.height! };
}
