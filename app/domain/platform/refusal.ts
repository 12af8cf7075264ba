/**
 * The one way a model (or a domain rule) says no to what someone asked: the kind of refusal, a message for the
 * person, the form field it belongs on, and typed details. It knows no HTTP: app/web/refusal.server.ts maps
 * each kind to a status in one place (docs/decisions/011-one-contract-for-actions.md).
 */
export const refusalKinds = [
  /** The input is wrong: a value out of range, a choice that doesn't exist. */
  "invalid",
  /** The person may see this but not do it: a till user asking for a supervisor's override. */
  "forbidden",
  /** What it is about is not there (any more). */
  "not_found",
  /** The state of things forbids it: sold out, already refunded, someone else saved first. */
  "conflict",
  /** The input is bigger than we take: a photo over the pixel cap. */
  "too_large",
  /** The input is not a kind we take: a PDF sent as a photo. */
  "unsupported",
  /** Well-formed and allowed, but beyond what can be done here: an order too heavy for a parcel. */
  "unprocessable",
  /** A service we depend on failed while doing it (Stripe refused or did not answer); nothing was recorded. */
  "upstream_failed",
  /** The service it needs is not set up on this server. */
  "unavailable",
] as const;

export type RefusalKind = (typeof refusalKinds)[number];

/** What a caller may need beyond the message. */
export type RefusalDetails = {
  /** After a stale edit: the version the record is at now, so the form can be sent again on purpose. */
  currentVersion?: number;
  /** The things the refusal names one by one (e.g. the pieces that sold out during checkout). */
  items?: readonly string[];
};

export type RefusalOptions = { field?: string; details?: RefusalDetails };

export class Refusal extends Error {
  override readonly name = "Refusal";
  readonly field?: string;
  readonly details: RefusalDetails;

  constructor(
    readonly kind: RefusalKind,
    message: string,
    options: RefusalOptions = {},
  ) {
    super(message);
    this.field = options.field;
    this.details = options.details ?? {};
  }

  static invalid = (message: string, options?: RefusalOptions) => new Refusal("invalid", message, options);
  static forbidden = (message: string, options?: RefusalOptions) => new Refusal("forbidden", message, options);
  static notFound = (message: string, options?: RefusalOptions) => new Refusal("not_found", message, options);
  static conflict = (message: string, options?: RefusalOptions) => new Refusal("conflict", message, options);
  static tooLarge = (message: string, options?: RefusalOptions) => new Refusal("too_large", message, options);
  static unsupported = (message: string, options?: RefusalOptions) => new Refusal("unsupported", message, options);
  static unprocessable = (message: string, options?: RefusalOptions) => new Refusal("unprocessable", message, options);
  static upstreamFailed = (message: string, options?: RefusalOptions) => new Refusal("upstream_failed", message, options);
  static unavailable = (message: string, options?: RefusalOptions) => new Refusal("unavailable", message, options);
}

/** Whether `error` is a refusal (of one of `kinds`, when given); anything else is a bug to rethrow. */
export function isRefusal(error: unknown, ...kinds: RefusalKind[]): error is Refusal {
  return error instanceof Refusal && (kinds.length === 0 || kinds.includes(error.kind));
}

/** A refused edit because someone else saved first: carries the version to send the form again with. */
export function isStaleEdit(error: unknown): error is Refusal & { details: { currentVersion: number } } {
  return isRefusal(error, "conflict") && typeof error.details.currentVersion === "number";
}
