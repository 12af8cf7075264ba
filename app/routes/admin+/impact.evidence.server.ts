import { isRefusal, Refusal } from "~/domain/platform/refusal";
import { FIRST_FORMATS, MAX_UPLOAD_BYTES, originalKeyOf, processImage } from "~/models/catalog/images.server";
import { readPhotoExif, type EvidenceUpload } from "~/models/impact/plantings.server";
import { getImageStorage } from "~/utils/storage.server";
import { isMultipart, multipartControlMessage, readMultipart } from "./photo-upload.server";

/** What the evidence forms accept. The declared type is only a first check: processImage reads the real format. */
const acceptedTypes = new Set(["image/jpeg", "image/png", "image/webp", "image/avif"]);
/** Evidence is looked at, not sold from: a phone photo of any size will do, a thumbnail will not. */
export const MIN_EVIDENCE_SIDE = 320;
const limitMb = MAX_UPLOAD_BYTES / 1024 / 1024;

/**
 * Reads a planting form (text fields and photos) from a multipart POST, holding at most the size limit of any
 * one file. A body that is not multipart is refused: the form always sends one, with or without JavaScript.
 */
export async function readEvidenceForm(request: Request, maxFiles: number): Promise<FormData> {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > MAX_UPLOAD_BYTES * maxFiles + 64 * 1024) throw Refusal.tooLarge(`That upload is too large: at most ${maxFiles} photos of ${limitMb} MB each.`, { field: "photos" });
  if (!isMultipart(request)) throw Refusal.unsupported("Send the planting with its photos as a file upload form (the page's own form does).");
  const read = await readMultipart(request, MAX_UPLOAD_BYTES);
  if (!read) throw Refusal.invalid("The upload was interrupted or malformed. Please try again.");
  if (read.oversized.length) throw Refusal.tooLarge(`${read.oversized[0]} is too large: each photo must be ${limitMb} MB or smaller.`, { field: "photos" });
  if (read.controlField) throw Refusal.invalid(multipartControlMessage(read.controlField));
  return read.form;
}

/** The files chosen in the form's `photos` field (a file input left empty sends one nameless, empty part). */
export function chosenPhotos(form: FormData, field = "photos"): File[] {
  return form.getAll(field).filter((f): f is File => typeof f === "object" && f !== null && "arrayBuffer" in f && (f.size > 0 || f.name !== ""));
}

/** The message for a photo count outside 1…max, or null when it is fine. */
export function photoCountProblem(count: number, { required, max }: { required: boolean; max: number }): string | null {
  if (required && count === 0) return "Add at least one photo of the planting as evidence.";
  if (count > max) return `Add at most ${max} photos at a time.`;
  return null;
}

/**
 * Reads each photo's EXIF from its original bytes (before sharp strips it), then checks and stores it like a
 * product photo. Any bad file refuses them all, with the file's name and on the `photos` field, before anything is written.
 */
export async function storeEvidencePhotos(files: File[], { altPrefix, field = "photos" }: { altPrefix: string; field?: string }): Promise<EvidenceUpload[]> {
  const stored: EvidenceUpload[] = [];
  for (const [i, file] of files.entries()) {
    if (file.size === 0) throw Refusal.invalid(`${file.name} is empty (0 bytes). Choose the photo again.`, { field });
    if (file.type && !acceptedTypes.has(file.type.toLowerCase())) throw Refusal.unsupported(`${file.name} is not a photo. Use JPEG, PNG, WebP or AVIF.`, { field });
    try {
      const bytes = Buffer.from(await file.arrayBuffer());
      const exif = await readPhotoExif(bytes);
      const processed = await processImage(getImageStorage(), bytes, { minSide: MIN_EVIDENCE_SIDE, formats: FIRST_FORMATS });
      stored.push({ processed, exif, alt: files.length > 1 ? `${altPrefix} (${i + 1} of ${files.length})` : altPrefix });
    } catch (error) {
      // The file's name leads the message, so staff know which of several photos was refused.
      if (isRefusal(error)) throw new Refusal(error.kind, `${file.name}: ${error.message.replace("product photos need", "evidence photos need")}`, { field });
      throw error;
    }
  }
  return stored;
}

/** A delayed delete of the same bytes may have run between storing the files and committing the rows: store them again. */
export async function restoreEvidenceFiles(files: File[], stored: EvidenceUpload[]) {
  for (const [i, photo] of stored.entries()) {
    if (!(await getImageStorage().exists(originalKeyOf(photo.processed)))) await processImage(getImageStorage(), Buffer.from(await files[i]!.arrayBuffer()), { formats: FIRST_FORMATS });
  }
}
