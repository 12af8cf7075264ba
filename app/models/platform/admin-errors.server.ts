/** Who made a back-office change, for the audit log. */
export type Actor = { userId: number; ip?: string | null };

/** A write the back office refuses with a message for the person who tried it (409/400, never 500). */
export class AdminInputError extends Error {
  constructor(
    message: string,
    readonly field?: string,
    readonly status = 409,
  ) {
    super(message);
  }
}

/**
 * Someone else saved the record after this form was opened. Nothing was written; `currentVersion` lets the
 * form be sent again on purpose, overwriting what they saved.
 */
export class StaleEditError extends AdminInputError {
  constructor(
    message: string,
    readonly currentVersion: number,
  ) {
    super(message, undefined, 409);
  }
}
