import type { SubmissionResult } from "@conform-to/react";
import { data } from "@remix-run/node";
import { isRefusal, type Refusal, type RefusalKind } from "~/domain/platform/refusal";

/** The one place a refusal's kind becomes an HTTP status (docs/decisions/011-one-contract-for-actions.md). */
export const refusalStatus: Readonly<Record<RefusalKind, number>> = Object.freeze({
  invalid: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported: 415,
  unprocessable: 422,
  upstream_failed: 502,
  unavailable: 503,
});

export function statusOf(refusal: Refusal): number {
  return refusalStatus[refusal.kind];
}

/** The refusal, or a rethrow: anything that is not a refusal is a bug and must reach the error boundary as a 500. */
export function asRefusal(error: unknown): Refusal {
  if (!isRefusal(error)) throw error;
  return error;
}

/** Where a refusal's message goes on a form: on its field (and above the form) when it names one, else above the form. */
export function refusalErrors(refusal: Refusal): { formErrors: string[]; fieldErrors?: Record<string, string[]> } {
  return refusal.field ? { formErrors: [refusal.message], fieldErrors: { [refusal.field]: [refusal.message] } } : { formErrors: [refusal.message] };
}

type Submission = { reply: (options: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => SubmissionResult<string[]> };

/** A conform reply for a refused write, with the refusal's status. Anything that is not a refusal is rethrown. */
export function refusalReply(submission: Submission, error: unknown) {
  const refusal = asRefusal(error);
  return data(submission.reply(refusalErrors(refusal)), { status: statusOf(refusal) });
}

/** A conform reply for a form that did not parse: a 400 with the schema's messages on their fields. */
export function invalidReply(reply: SubmissionResult<string[]>) {
  return data(reply, { status: 400 });
}

/**
 * Throws a Response for control flow (Epic Stack): `invariantResponse(product, "Not found", { status: 404 })`.
 * A real Response (JSON `{ message, errors? }`), so a resource route answers it as it is and a page's
 * ErrorBoundary reads it as the route error's data.
 */
export function invariantResponse(condition: unknown, message: string, init: ResponseInit = { status: 400 }): asserts condition {
  if (!condition) throw Response.json({ message }, { status: 400, ...init });
}

/** An unknown id, slug or number: the route's ErrorBoundary shows the designed 404 page with this message. */
export function notFound(message = "We couldn't find that page."): never {
  throw Response.json({ message }, { status: 404 });
}

/** A request that can only come from a mistyped link or a hand-made form: a 400 that lists what is wrong. */
export function badRequest(message: string, errors: string[] = [], headers?: HeadersInit): never {
  throw Response.json({ message, errors }, { status: 400, headers });
}
