/**
 * Checks at the input boundary (scripts/start.ts), before a request reaches Remix: how big a body may be,
 * which methods exist, and which bytes no field may carry.
 */

const KB = 1024;
const MB = 1024 * KB;

/** Photos: 8 files of 10 MB each plus the form's own parts (see upload.server.ts, which checks each file). */
const photoUploadLimit = 8 * 10 * MB + 64 * KB;
/** CSV import: a 2 MB file, which the textarea fallback may send once more (see admin.products.import.tsx). */
const csvImportLimit = 2 * 2 * MB + 64 * KB;

/** A bank transfer's proof: one 10 MB scan (MAX_PROOF_BYTES in deposits.server.ts checks the file) plus the form. */
const transferProofLimit = 10 * MB + 64 * KB;
/** Planting evidence: up to 6 photos of 10 MB (MAX_EVIDENCE_PHOTOS in planting-input.ts); a survival check sends one. */
const plantingEvidenceLimit = 6 * 10 * MB + 64 * KB;

/** A till's sync: up to 200 sales of up to 100 lines each is far below this (MAX_SALES_PER_BATCH in sale-input.ts). */
export const posSyncBodyLimit = 2 * MB;
export const POS_SYNC_PATH = "/pos/sync";
/** Remix answers /pos/sync/ too, so the trailing slash must not slip past the sync's own rules. */
const isPosSync = (pathname: string) => pathname === POS_SYNC_PATH || pathname === `${POS_SYNC_PATH}/`;

export const formBodyLimit = 1 * MB;
export const webhookBodyLimit = 64 * KB;

/** The most bytes a request body to this path may have. */
export function bodyLimitFor(pathname: string): number {
  if (pathname === "/webhooks/stripe") return webhookBodyLimit;
  if (isPosSync(pathname)) return posSyncBodyLimit;
  if (/^\/admin\/products\/\d+(\/photos)?\/?$/.test(pathname)) return photoUploadLimit;
  if (pathname === "/admin/products/import" || pathname === "/admin/products/import/") return csvImportLimit;
  if (/^\/admin\/wholesale-orders\/[^/]+\/?$/.test(pathname)) return transferProofLimit;
  if (/^\/admin\/impact\/plantings\/(new|\d+)\/?$/.test(pathname)) return plantingEvidenceLimit;
  return formBodyLimit;
}

/**
 * The body types a path takes: every action reads a form (urlencoded or multipart); only the Stripe webhook
 * and the till's sync read JSON. Anything else would make `request.formData()` throw, so it is a 415 here, with a clear message.
 */
export function unsupportedBodyType(pathname: string, contentType: string | undefined): string | null {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (pathname === "/webhooks/stripe") return type === "application/json" ? null : "The Stripe webhook takes application/json.";
  if (isPosSync(pathname)) return type === "application/json" ? null : "The till's sync takes application/json.";
  if (type === "application/x-www-form-urlencoded" || type === "multipart/form-data") return null;
  return `This address takes a form (application/x-www-form-urlencoded or multipart/form-data), not ${type || "a body without a type"}.`;
}

export const allowedMethods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;

export function isAllowedMethod(method: string) {
  return (allowedMethods as readonly string[]).includes(method);
}

// Query strings may carry no control character at all; form fields may keep TAB, LF and CR (textareas).
const controlInQuery = /[\u0000-\u001f\u007f]/;
const controlInForm = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** The first field (name or value) holding a control character, or null when every field is clean. */
export function fieldWithControlCharacter(fields: URLSearchParams, where: "query" | "form"): string | null {
  const pattern = where === "query" ? controlInQuery : controlInForm;
  for (const [name, value] of fields) {
    if (pattern.test(name) || pattern.test(value)) return name.replace(/[\u0000-\u001f\u007f]/g, "?").slice(0, 40) || "(unnamed)";
  }
  return null;
}

export function controlCharacterMessage(field: string) {
  return `The field "${field}" contains a control character (such as NUL) that no form sends. Remove it and try again.`;
}
