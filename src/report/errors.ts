/**
 * Errors of the report layer that the user, not jobsim, can fix. They carry no exit code: the
 * command line alone decides how each maps to one.
 */

/** A report given to `sim compare` or a `--threshold` that cannot be used as it stands. */
export class ReportInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReportInputError";
  }
}
