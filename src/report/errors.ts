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

/**
 * A report folder that cannot be written where the user asked: the place is not a folder we may
 * replace, or the file system refused (permission, read-only, full, over quota).
 */
export class ReportWriteError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = "ReportWriteError";
  }
}

/**
 * Error codes of the environment the report is written to rather than of jobsim: the user fixes
 * them by choosing another folder, freeing space or changing permissions.
 */
const ENVIRONMENT_CODES: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EFBIG: "file too large for the file system",
  ENOTDIR: "a part of the path is not a folder",
  ENAMETOOLONG: "name too long",
  ELOOP: "too many symbolic links",
  EBUSY: "the folder is in use (a mount point?)",
};

/** The `code` of a Node system error, if it has one. */
export function errorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error ? String(error.code) : undefined;
}

/**
 * `error` as a {@link ReportWriteError} naming `path` when the environment caused it, else
 * `error` itself (a fault of jobsim stays one).
 */
export function asReportWriteError(error: unknown, path: string): unknown {
  if (error instanceof ReportWriteError) return error;
  const code = errorCode(error);
  const why = code === undefined ? undefined : ENVIRONMENT_CODES[code];
  return why === undefined ? error : new ReportWriteError(path, `cannot write ${path}: ${why} (${code})`);
}
