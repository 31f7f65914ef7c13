/**
 * Reading a user-named file safely: only a regular file, never more than a size limit, and never
 * blocking on a FIFO or a device. Scenario files, the manifests and data files they name, and
 * reports given to `sim compare` all come through here.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";

/** The most any one input file may hold (documented in docs/ and README). */
export const MAX_INPUT_FILE_BYTES = 64 * 1024 * 1024;

/** Why a file could not be read; the message never quotes the file's content. */
export type FileReadProblem = "missing" | "not-regular" | "too-large" | "unreadable";

export class FileReadError extends Error {
  constructor(
    readonly path: string,
    readonly problem: FileReadProblem,
    message: string,
  ) {
    super(message);
    this.name = "FileReadError";
  }
}

export function isFileReadError(error: unknown): error is FileReadError {
  return error instanceof FileReadError;
}

function codeOf(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error ? String(error.code) : undefined;
}

/**
 * Read `path` as UTF-8 text. Opened without blocking (a FIFO would otherwise wait for a writer),
 * then checked to be a regular file; reads at most `maxBytes` + 1 bytes whatever size the file
 * claims (files under /proc say 0), so a device or a growing file cannot exhaust memory.
 */
export function readRegularFile(path: string, maxBytes = MAX_INPUT_FILE_BYTES): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = codeOf(error);
    if (code === "ENOENT") throw new FileReadError(path, "missing", "no such file");
    if (code === "EISDIR") throw new FileReadError(path, "not-regular", "is a folder, not a file");
    if (code === "EACCES" || code === "EPERM")
      throw new FileReadError(path, "unreadable", "permission denied");
    throw new FileReadError(path, "unreadable", `cannot open it (${code ?? "unknown error"})`);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new FileReadError(path, "not-regular", "is a folder, not a file");
    if (!stat.isFile()) throw new FileReadError(path, "not-regular", "is not a regular file");
    if (stat.size > maxBytes) throw tooLarge(path, maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1 - total));
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (error) {
        throw new FileReadError(path, "unreadable", `cannot read it (${codeOf(error) ?? "unknown error"})`);
      }
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw tooLarge(path, maxBytes);
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, total).toString("utf8");
  } finally {
    closeSync(fd);
  }
}

function tooLarge(path: string, maxBytes: number): FileReadError {
  return new FileReadError(path, "too-large", `is larger than the ${maxBytes / (1024 * 1024)} MiB limit`);
}
