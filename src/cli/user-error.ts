/**
 * A mistake the user can fix (bad flag, missing or invalid file, malformed threshold). The CLI
 * prints its message on stderr, without a stack trace, and exits with {@link UserError.exitCode}.
 */
export class UserError extends Error {
  /** Exit status for user errors, per the report contract. */
  readonly exitCode = 2;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "UserError";
  }
}

/** True when `error` is a {@link UserError} (also across module copies, by name). */
export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError || (error instanceof Error && error.name === "UserError");
}
