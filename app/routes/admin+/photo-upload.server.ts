import { unstable_parseMultipartFormData as parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { getDb } from "~db/client.server";
import { isRefusal, Refusal } from "~/domain/platform/refusal";
import { FIRST_FORMATS, MAX_UPLOAD_BYTES, MIN_PHOTO_SIDE, originalKeyOf, processImage, type ProcessedImage } from "~/models/catalog/images.server";
import { drainOutboxSoon } from "~/models/platform/outbox-handlers.server";
import type { Actor } from "~/models/platform/audit.server";
import { addProductImages } from "~/models/catalog/product-admin.server";
import { getImageStorage } from "~/utils/storage.server";
import { controlCharacterMessage, fieldWithControlCharacter } from "~/utils/request-guard.server";
import { statusOf } from "~/web/refusal.server";

export const MAX_FILES_PER_UPLOAD = 8;
/** What the form accepts. The declared type is only a first check: processImage reads the real format from the bytes. */
const acceptedTypes = new Set(["image/jpeg", "image/png", "image/webp", "image/avif"]);

export type UploadOutcome = { ok: true; count: number; message: string } | { ok: false; status: number; message: string };

/**
 * Reads a multipart body, holding at most `maxFileBytes` of any one file. An oversized file is read to the end
 * and dropped (so the client gets our 413 rather than a reset connection) and its name is reported.
 */
export type MultipartRead = {
  form: FormData;
  /** Files over the limit, by name: read to the end and dropped. */
  oversized: string[];
  /** The first text field holding a control character (such as NUL), which no form sends; null when all are clean. */
  controlField: string | null;
};

/** The 400 message for a multipart field with a control character, as the door gives url-encoded forms. */
export const multipartControlMessage = controlCharacterMessage;

export async function readMultipart(request: Request, maxFileBytes: number): Promise<MultipartRead | null> {
  const oversized: string[] = [];
  const handler: UploadHandler = async ({ name, filename, contentType, data }) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size <= maxFileBytes) chunks.push(chunk);
      else chunks.length = 0;
    }
    if (size > maxFileBytes) {
      oversized.push(filename ?? name);
      return undefined;
    }
    if (typeof filename === "string") return new File([Buffer.concat(chunks)], filename, { type: contentType });
    return new TextDecoder().decode(Buffer.concat(chunks));
  };
  let form: FormData;
  try {
    form = await parseMultipartFormData(request, handler);
  } catch {
    return null;
  }
  // The door checks url-encoded bodies for control characters; a multipart body's text parts are checked here,
  // before any of it reaches a model (PostgreSQL refuses a NUL in text, which would otherwise be a 500).
  const texts = new URLSearchParams();
  for (const [name, value] of form) texts.append(name, typeof value === "string" ? value : "");
  return { form, oversized, controlField: fieldWithControlCharacter(texts, "form") };
}

export function isMultipart(request: Request) {
  return (request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data");
}

/**
 * Reads photos from a multipart POST without ever holding more than the size limit per file, checks the
 * declared type and the real content (sharp), renders the responsive variants and keeps the original, then
 * adds them to the product in one transaction. Any bad file rejects the whole upload; every refusal becomes
 * the outcome, with the status its kind maps to (the JSON endpoint answers it as it is).
 */
export async function uploadProductPhotos(request: Request, productId: number, actor: Actor): Promise<UploadOutcome> {
  try {
    return await uploadOrRefuse(request, productId, actor);
  } catch (error) {
    if (!isRefusal(error)) throw error;
    return { ok: false, status: statusOf(error), message: error.message };
  }
}

async function uploadOrRefuse(request: Request, productId: number, actor: Actor): Promise<UploadOutcome> {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  const limitMb = MAX_UPLOAD_BYTES / 1024 / 1024;
  if (declared > MAX_UPLOAD_BYTES * MAX_FILES_PER_UPLOAD + 64 * 1024) throw Refusal.tooLarge(`That upload is too large: each photo must be ${limitMb} MB or smaller.`);
  if (!isMultipart(request)) throw Refusal.unsupported("Send the photos as a file upload form.");
  const read = await readMultipart(request, MAX_UPLOAD_BYTES);
  if (!read) throw Refusal.invalid("The upload was interrupted or malformed. Please try again.");
  if (read.oversized.length) throw Refusal.tooLarge(`That photo is too large: each photo must be ${limitMb} MB or smaller.`);
  if (read.controlField) throw Refusal.invalid(multipartControlMessage(read.controlField));
  const form = read.form;
  const chosen = form.getAll("photos").filter((f): f is File => typeof f === "object" && f !== null && "arrayBuffer" in f && ((f as File).size > 0 || (f as File).name !== ""));
  const empty = chosen.find((f) => f.size === 0);
  if (empty) throw Refusal.invalid(`${empty.name} is empty (0 bytes). Choose the photo again; it may not have finished copying to this device.`);
  const files = chosen;
  if (!files.length) throw Refusal.invalid("Choose at least one photo to upload.");
  if (files.length > MAX_FILES_PER_UPLOAD) throw Refusal.invalid(`Upload at most ${MAX_FILES_PER_UPLOAD} photos at a time.`);
  const wrongType = files.find((f) => f.type && !acceptedTypes.has(f.type.toLowerCase()));
  if (wrongType) throw Refusal.unsupported(`${wrongType.name} is not a photo. Use JPEG, PNG, WebP or AVIF.`);
  const alt = String(form.get("alt") ?? "").trim().slice(0, 200);
  if (!alt) throw Refusal.invalid("Describe the photo for people who can't see it (alt text).");

  // Only the first rendition now, so staff see the photo at once; the other formats are queued with its row.
  const processed: ProcessedImage[] = [];
  const inputs: Buffer[] = [];
  for (const file of files) {
    try {
      inputs.push(Buffer.from(await file.arrayBuffer()));
      processed.push(await processImage(getImageStorage(), inputs.at(-1)!, { minSide: MIN_PHOTO_SIDE, formats: FIRST_FORMATS }));
    } catch (error) {
      // The file's name leads the message, so staff know which of several photos was refused.
      if (isRefusal(error)) throw new Refusal(error.kind, `${file.name}: ${error.message}`, { field: error.field, details: error.details });
      throw error;
    }
  }
  const db = getDb();
  await addProductImages(db, { productId, uploads: processed.map((p, i) => ({ processed: p, alt: files.length > 1 ? `${alt} (${i + 1})` : alt })), actor });
  // A delayed delete of the same bytes may have run between writing the files and committing the rows: write them again.
  for (const [i, p] of processed.entries()) {
    if (!(await getImageStorage().exists(originalKeyOf(p)))) await processImage(getImageStorage(), inputs[i]!, { formats: FIRST_FORMATS });
  }
  drainOutboxSoon(db);
  return { ok: true, count: processed.length, message: `Added ${processed.length} photo${processed.length === 1 ? "" : "s"}.` };
}
