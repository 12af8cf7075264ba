import { data, redirect } from "@remix-run/node";
import type { SubmissionResult } from "@conform-to/react";
import type { FormKey } from "~/models/platform/form-submissions.server";
import { AdminInputError, StaleEditError, type Actor } from "~/models/platform/admin-errors.server";
import { writeFlash } from "~/utils/cookies.server";
import type { SessionUser } from "~/web/auth.server";

/** Who did it, for the audit log. */
export function actorOf(user: SessionUser, context: { clientIp?: unknown }): Actor {
  return { userId: user.id, ip: typeof context.clientIp === "string" ? context.clientIp : null };
}

/** A numeric id from the URL, or a 404 (never a 500 for "/admin/products/abc"). */
export function idParam(value: string | undefined): number {
  const id = Number(value);
  if (!value || !/^\d{1,9}$/.test(value) || !Number.isSafeInteger(id) || id < 1) throw new Response("Not found", { status: 404 });
  return id;
}

/** Redirect after a successful write, carrying the message across (Post/Redirect/Get). */
export async function redirectWithNotice(to: string, message: string) {
  return redirect(to, { headers: { "Set-Cookie": await writeFlash({ ok: true, message }) } });
}

/**
 * A conform reply for a refused write: the model's message lands on its field (or the form) with its status.
 * Anything that is not an AdminInputError is a bug and is rethrown.
 */
export function refusal(submission: { reply: (o: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => SubmissionResult<string[]> }, error: unknown) {
  if (!(error instanceof AdminInputError)) throw error;
  const reply = error.field ? submission.reply({ fieldErrors: { [error.field]: [error.message] }, formErrors: [error.message] }) : submission.reply({ formErrors: [error.message] });
  return data(reply, { status: error.status });
}

export function invalid(reply: SubmissionResult<string[]>) {
  return data(reply, { status: 400 });
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
  if (typeof key !== "string" || !formKeyPattern.test(key)) throw data({ message: "That form's key is not valid. Reload the page and try again." }, { status: 400 });
  return { key: key.toLowerCase(), userId, action };
}

/** The version an edit form was opened at (see assertEditVersion), or undefined when none was sent. */
export function versionOf(formData: FormData): number | undefined {
  const version = formData.get("version");
  if (version === null || version === "") return undefined;
  if (typeof version !== "string" || !/^\d{1,12}$/.test(version)) throw data({ message: "That form's version is not valid. Reload the page and try again." }, { status: 400 });
  return Number(version);
}

/** The version a refused edit should be sent again with: the current one after a conflict, else unchanged. */
export function versionAfter(error: unknown): { version?: number } {
  return error instanceof StaleEditError ? { version: error.currentVersion } : {};
}

/** The posted form, or a 400 when the body is not a form (a JSON body, no content type, broken multipart). */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw data({ message: "That request was not a form. Use the page's own form to make changes." }, { status: 400 });
  }
}
