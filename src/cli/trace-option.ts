/**
 * `sim run --trace FILE`: where the Chrome trace goes. The path is checked before simulating
 * (its folder exists, it is not a folder, it is not inside the report folder, which is replaced
 * as a whole); the trace is written under a temporary name beside FILE and renamed over it only
 * once the report folder is in place, so a failed run leaves neither.
 */
import { statSync } from "node:fs";
import path from "node:path";
import { asReportWriteError } from "../report/errors.js";
import { writeTrace } from "../report/trace.js";
import type { Report } from "../report/types.js";
import { AtomicFile } from "../report/write.js";
import { UserError } from "./user-error.js";

/** The `--trace` path checked, or undefined when not given; throws UserError when unusable. */
export function parseTracePath(raw: unknown, reportDir: string, summaryOnly: boolean): string | undefined {
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) throw new UserError(`--trace: given ${raw.length} times; name one file`);
  if (typeof raw !== "string" || raw.trim() === "")
    throw new UserError("--trace: expected a file path, got an empty one");
  if (raw === "-") throw new UserError("--trace: standard output is not supported; name a file");
  if (summaryOnly) {
    throw new UserError(
      "--trace: needs the Jobs, pods and events a --summary-only run does not keep; drop one of them",
    );
  }
  const file = path.resolve(raw);
  const dir = path.resolve(reportDir);
  if (file === dir || file.startsWith(dir + path.sep)) {
    throw new UserError(
      `--trace: ${raw} is inside the report folder ${reportDir}, which is replaced as a whole; write it beside the folder`,
    );
  }
  const parent = statSync(path.dirname(file), { throwIfNoEntry: false });
  if (parent === undefined || !parent.isDirectory()) {
    throw new UserError(`--trace: cannot write ${raw}: its folder ${path.dirname(raw)} does not exist`);
  }
  const existing = statSync(file, { throwIfNoEntry: false });
  if (existing !== undefined && !existing.isFile()) {
    throw new UserError(`--trace: cannot write ${raw}: it exists and is not a regular file`);
  }
  return raw;
}

/** Write the trace of `report` under a temporary name beside `file`; commit or abort it later. */
export function stageTrace(file: string, report: Report): AtomicFile {
  let staged: AtomicFile | null = null;
  try {
    staged = new AtomicFile(path.dirname(file), path.basename(file));
    writeTrace(report, staged);
    return staged;
  } catch (error) {
    staged?.abort();
    throw asReportWriteError(error, file);
  }
}
