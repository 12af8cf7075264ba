import { data, redirect } from "@remix-run/node";
import type { SubmissionResult } from "@conform-to/react";
import { AdminInputError, type Actor } from "~/models/producer-admin.server";
import { writeFlash } from "./cookies.server";
import type { SessionUser } from "./session.server";

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

/** The posted form, or a 400 when the body is not a form (a JSON body, no content type, broken multipart). */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw data({ message: "That request was not a form. Use the page's own form to make changes." }, { status: 400 });
  }
}
