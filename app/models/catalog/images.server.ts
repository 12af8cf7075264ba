import { createHash } from "node:crypto";
import sharp, { type Metadata, type Sharp } from "sharp";
import type { Executor } from "~db/client.server";
import { images } from "~db/schema";
import { IMAGE_FORMATS, IMAGE_WIDTHS, imageKey, type ImageFormat } from "~/utils/images";
import type { FileStorage } from "~/utils/storage.server";

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

/** Bad image input, with the HTTP status an upload answers: 415 not a photo, 413 too many pixels, 422 otherwise. */
export class ImageInputError extends Error {
  constructor(message: string, readonly status: 413 | 415 | 422 = 422) {
    super(message);
  }
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
 * Validates an image, keeps the original, and renders every width in AVIF, WebP and JPEG.
 * Content-addressed: re-processing the same bytes finds the files already there and skips the work.
 */
export async function processImage(storage: FileStorage, input: Buffer, options: { minSide?: number } = {}): Promise<ProcessedImage> {
  if (input.byteLength === 0) throw new ImageInputError("The file is empty.");
  if (input.byteLength > MAX_UPLOAD_BYTES) throw new ImageInputError("Images must be 10 MB or smaller.", 413);
  const sniffed = sniffPhotoFormat(input);
  if (!sniffed) throw new ImageInputError(NOT_A_PHOTO, 415);
  let meta: Metadata;
  try {
    // Only the header is read here, so no pixel limit yet: the size check below gives the clearer message.
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw new ImageInputError("That file is not an image we can read (use JPEG, PNG, WebP or AVIF).", 415);
  }
  if (!meta.format || !acceptedInputFormats.has(meta.format) || !meta.width || !meta.height) {
    throw new ImageInputError("That file is not an image we can read (use JPEG, PNG, WebP or AVIF).", 415);
  }
  // The decoder must agree with the first bytes (an AVIF is HEIF holding AV1, never HEVC).
  const decoded = meta.format === "heif" ? (meta.compression === "av1" ? "avif" : null) : meta.format;
  if (decoded !== sniffed) throw new ImageInputError(NOT_A_PHOTO, 415);
  const { width, height } = orientedSize(meta);
  const megapixels = (width * height) / 1_000_000;
  if (megapixels > MAX_INPUT_MEGAPIXELS) {
    throw new ImageInputError(`That image is ${width.toLocaleString("en")} × ${height.toLocaleString("en")} pixels (${Math.round(megapixels)} megapixels); the largest accepted is ${MAX_INPUT_MEGAPIXELS} megapixels. Resize it and upload again.`, 413);
  }
  if (options.minSide && Math.min(width, height) < options.minSide) {
    throw new ImageInputError(`That image is only ${width} × ${height} pixels; product photos need at least ${options.minSide} pixels on the shorter side to look sharp on phones.`);
  }
  const hash = createHash("sha256").update(input).digest("hex").slice(0, 24);
  const originalExt = sniffed === "jpeg" ? "jpg" : sniffed;
  const widths: number[] = IMAGE_WIDTHS.filter((w) => w <= width);
  if (widths.length === 0) widths.push(width);

  const originalKey = `${hash.slice(0, 2)}/${hash}/original.${originalExt}`;
  if (!(await storage.exists(originalKey))) await storage.put(originalKey, input);

  // Decode once, upright, on white, at the largest size needed; every rendition is made from that. Sizes are
  // set by width alone ("inside"), so each keeps the photo's own aspect ratio and nothing is cropped.
  const largest = Math.max(...widths);
  const { data, info } = await render(
    sharp(input, { limitInputPixels: MAX_INPUT_MEGAPIXELS * 1_000_000 })
      .rotate()
      .flatten({ background: "#ffffff" })
      .resize({ width: largest, height: largest * 100, fit: "inside", withoutEnlargement: true })
      .toColourspace("srgb"),
    (img) => img.raw({ depth: "uchar" }).toBuffer({ resolveWithObject: true }),
  );
  const base = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });

  await Promise.all(
    widths.flatMap((w) =>
      IMAGE_FORMATS.map(async (format) => {
        const key = imageKey(hash, w, format);
        if (await storage.exists(key)) return;
        const resized = base.clone().resize({ width: w, fit: "inside", withoutEnlargement: true });
        await storage.put(key, await render(encoders[format](resized)));
      }),
    ),
  );

  const { dominant } = await render(base.clone().resize(48), (img) => img.stats());
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
