/**
 * Reading a scenario from standard input (`sim run -`): a pipe or a redirected file, read up to a
 * size limit and refused beyond it, never a terminal (it would wait for typing). Errors are
 * FileReadErrors, as for a named file, and never quote what was read.
 */
import { FileReadError, MAX_INPUT_FILE_BYTES } from "./read-regular-file.js";

/** What standard input looks like to the reader: a byte stream, and whether it is a terminal. */
export interface InputStream extends AsyncIterable<Buffer | string> {
  isTTY?: boolean;
  destroy?(): void;
}

/** The name standard input goes by in messages (a scenario read from it, `<stdin>:3:5 ...`). */
export const STDIN_NAME = "<stdin>";

/**
 * All of `input` as UTF-8 text, at most `maxBytes`: once more has arrived, reading stops and a
 * "too-large" FileReadError is thrown (so an endless pipe cannot exhaust memory).
 */
export async function readStdin(input: InputStream, maxBytes = MAX_INPUT_FILE_BYTES): Promise<string> {
  if (input.isTTY === true) {
    throw new FileReadError(
      STDIN_NAME,
      "not-regular",
      "standard input is a terminal: pipe a scenario in (sim run - < scenario.yaml)",
    );
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of input) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
      total += bytes.length;
      if (total > maxBytes) {
        input.destroy?.();
        throw new FileReadError(
          STDIN_NAME,
          "too-large",
          `is larger than the ${maxBytes / (1024 * 1024)} MiB limit`,
        );
      }
      chunks.push(bytes);
    }
  } catch (error) {
    if (error instanceof FileReadError) throw error;
    const code =
      error !== null && typeof error === "object" && "code" in error ? String(error.code) : "unknown error";
    throw new FileReadError(STDIN_NAME, "unreadable", `cannot read it (${code})`);
  }
  return Buffer.concat(chunks, total).toString("utf8");
}
