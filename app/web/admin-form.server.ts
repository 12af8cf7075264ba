import { parseWithZod } from "@conform-to/zod/v4";
import { configureCoercion } from "@conform-to/zod/v4/future";
import { redirect } from "@remix-run/node";
import type { z } from "zod";
import { isStaleEdit } from "~/domain/platform/refusal";
import type { Actor } from "~/models/platform/audit.server";
import type { FormKey } from "~/models/platform/form-submissions.server";
import { writeFlash } from "~/utils/cookies.server";
import type { SessionUser } from "~/web/auth.server";
import { badRequest, invariantResponse, notFound } from "~/web/refusal.server";

/** Who did it, for the audit log. */
export function actorOf(user: SessionUser, context: { clientIp?: unknown }): Actor {
  return { userId: user.id, ip: typeof context.clientIp === "string" ? context.clientIp : null };
}

/** A numeric id from the URL, or a 404 (never a 500 for "/admin/products/abc"). */
export function idParam(value: string | undefined): number {
  const id = Number(value);
  if (!value || !/^\d{1,9}$/.test(value) || !Number.isSafeInteger(id) || id < 1) notFound("Not found");
  return id;
}

/** Redirect after a successful write, carrying the message across (Post/Redirect/Get). */
export async function redirectWithNotice(to: string, message: string) {
  return redirect(to, { headers: { "Set-Cookie": await writeFlash({ ok: true, message }) } });
}

const formKeyPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A fresh key for a form that writes, rendered as the hidden `formKey` field (see onceForKey). */
export function newFormKey(): string {
  return crypto.randomUUID();
}

/**
 * The posted form's one-time key for onceForKey, or null when the request carries none.
 * A malformed key is a 400: it can only come from a hand-made request.
 */
export function formKeyOf(formData: FormData, userId: number, action: string): FormKey | null {
  const key = formData.get("formKey");
  if (key === null || key === "") return null;
  invariantResponse(typeof key === "string" && formKeyPattern.test(key), "That form's key is not valid. Reload the page and try again.");
  return { key: key.toLowerCase(), userId, action };
}

/** The version an edit form was opened at (see assertEditVersion), or undefined when none was sent. */
export function versionOf(formData: FormData): number | undefined {
  const version = formData.get("version");
  if (version === null || version === "") return undefined;
  invariantResponse(typeof version === "string" && /^\d{1,12}$/.test(version), "That form's version is not valid. Reload the page and try again.");
  return Number(version);
}

/** The version a refused edit should be sent again with: the current one after a conflict, else unchanged. */
export function versionAfter(error: unknown): { version?: number } {
  return isStaleEdit(error) ? { version: error.details.currentVersion } : {};
}

/** The posted form, or a 400 when the body is not a form (a JSON body, no content type, broken multipart). */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    invariantResponse(false, "That request was not a form. Use the page's own form to make changes.");
  }
}

export const UNKNOWN_INTENT = "That form action is not known. Reload the page and try again.";

/**
 * A number typed into a form is written in plain decimal digits. JavaScript's Number() also reads "0x1F", "1e3"
 * and "0b11", so a quantity of "1e1" would send ten pieces; here those are not numbers at all.
 */
const plainDecimal = /^[+-]?\d+(\.\d+)?$/;
const { coerceFormValue } = configureCoercion({ type: { number: (text) => (plainDecimal.test(text.trim()) ? Number(text.trim()) : Number.NaN) } });

/**
 * Parses a back-office form with conform against its schema: for a page with several forms, one
 * `z.discriminatedUnion("intent", […])`. A missing or unknown intent is a 400 that says so, never a thrown Error.
 */
export function parseAdminForm<Schema extends z.ZodType>(formData: FormData, schema: Schema) {
  const submission = parseWithZod(formData, { schema: coerceFormValue(schema), disableAutoCoercion: true });
  if (submission.status === "error" && submission.error?.intent) badRequest(UNKNOWN_INTENT);
  return submission;
}

/** The first message of a submission that did not parse, for forms that show one message rather than one per field. */
export function firstError(error: Record<string, string[] | null> | null | undefined, fallback = "Check the form and try again."): string {
  return Object.values(error ?? {}).find((messages) => messages?.length)?.[0] ?? fallback;
}

/** The first message for each field of a submission that did not parse, for forms that show one message per field. */
export function fieldMessages(error: Record<string, string[] | null> | null | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(error ?? {}).flatMap(([field, messages]) => (messages?.length ? [[field, messages[0]!]] : [])));
}
