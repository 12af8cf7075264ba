import { createHash } from "node:crypto";
import sharp, { type Metadata, type Sharp } from "sharp";
import type { Executor } from "~db/client.server";
import { images } from "~db/schema";
import { IMAGE_FORMATS, IMAGE_WIDTHS, imageKey, type ImageFormat } from "~/utils/images";
import type { FileStorage } from "~/utils/storage.server";

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** Larger than any camera's photo; a bigger image is a decompression bomb or a scan to be resized first. */
export const MAX_INPUT_MEGAPIXELS = 100;
/** A staff upload must be sharp on a phone's product page (shown ~390 CSS px wide, at 2–3×). */
export const MIN_PHOTO_SIDE = 600;
const acceptedInputFormats = new Set(["jpeg", "png", "webp", "avif", "heif", "tiff", "gif", "svg"]);

export class ImageInputError extends Error {}

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
 * Validates an image, keeps the original, and renders every width in AVIF, WebP and JPEG.
 * Content-addressed: re-processing the same bytes finds the files already there and skips the work.
 */
export async function processImage(storage: FileStorage, input: Buffer, options: { minSide?: number } = {}): Promise<ProcessedImage> {
  if (input.byteLength === 0) throw new ImageInputError("The file is empty.");
  if (input.byteLength > MAX_UPLOAD_BYTES) throw new ImageInputError("Images must be 10 MB or smaller.");
  let meta: Metadata;
  try {
    // Only the header is read here, so no pixel limit yet: the size check below gives the clearer message.
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw new ImageInputError("That file is not an image we can read (use JPEG, PNG, WebP or AVIF).");
  }
  if (!meta.format || !acceptedInputFormats.has(meta.format) || !meta.width || !meta.height) {
    throw new ImageInputError("That file is not an image we can read (use JPEG, PNG, WebP or AVIF).");
  }
  const { width, height } = orientedSize(meta);
  const megapixels = (width * height) / 1_000_000;
  if (megapixels > MAX_INPUT_MEGAPIXELS) {
    throw new ImageInputError(`That image is ${width.toLocaleString("en")} × ${height.toLocaleString("en")} pixels (${Math.round(megapixels)} megapixels); the largest accepted is ${MAX_INPUT_MEGAPIXELS} megapixels. Resize it and upload again.`);
  }
  if (options.minSide && Math.min(width, height) < options.minSide) {
    throw new ImageInputError(`That image is only ${width} × ${height} pixels; product photos need at least ${options.minSide} pixels on the shorter side to look sharp on phones.`);
  }
  const oriented = sharp(input, { limitInputPixels: MAX_INPUT_MEGAPIXELS * 1_000_000 }).rotate();
  const hash = createHash("sha256").update(input).digest("hex").slice(0, 24);
  const originalExt = meta.format === "jpeg" ? "jpg" : meta.format;
  const widths: number[] = IMAGE_WIDTHS.filter((w) => w <= width);
  if (widths.length === 0) widths.push(width);

  const originalKey = `${hash.slice(0, 2)}/${hash}/original.${originalExt}`;
  if (!(await storage.exists(originalKey))) await storage.put(originalKey, input);

  await Promise.all(
    widths.flatMap((w) =>
      IMAGE_FORMATS.map(async (format) => {
        const key = imageKey(hash, w, format);
        if (await storage.exists(key)) return;
        const resized = oriented.clone().resize({ width: w, withoutEnlargement: true }).flatten({ background: "#ffffff" });
        await storage.put(key, await render(encoders[format](resized)));
      }),
    ),
  );

  const { dominant } = await render(sharp(input).resize(48), (img) => img.stats());
  const placeholder = `#${[dominant.r, dominant.g, dominant.b].map((c) => c.toString(16).padStart(2, "0")).join("")}`;
  return { hash, originalExt, width, height, widths, placeholder };
}

/** A file whose header reads but whose pixels don't (truncated, corrupt) is bad input, not a server error. */
async function render<T = Buffer>(img: Sharp, run: (img: Sharp) => Promise<T> = (i) => i.toBuffer() as Promise<T>): Promise<T> {
  try {
    return await run(img);
  } catch (error) {
    throw new ImageInputError(`That image is damaged or incomplete and can't be read (${(error as Error).message.split("\n")[0]}).`);
  }
}

function orientedSize(meta: Metadata) {
  const swap = (meta.orientation ?? 1) >= 5;
  return { width: swap ? meta.height! : meta.width!, height: swap ? meta.width! : meta.height! };
}

type ImageOwner = { productId: number } | { producerId: number } | { plantingId: number };

export async function createImage(
  db: Executor,
  input: { processed: ProcessedImage; alt: string; position?: number } & ImageOwner,
) {
  const { processed, alt, position = 0, ...owner } = input;
  const [row] = await db
    .insert(images)
    .values({ ...processed, alt, position, ...owner })
    .returning({ id: images.id });
  return row!;
}
