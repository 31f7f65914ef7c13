/**
 * Report files on disk. Each file is written to a temporary name in the target folder and
 * renamed over the final name, so a crash leaves either the old file or the new one, never half
 * of one; report.json is written last, so its presence means the rest is in place. Identical
 * Reports give byte-identical files.
 */
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { UserError } from "../cli/user-error.js";
import {
  EVENT_COLUMNS,
  JOB_COLUMNS,
  jobCsvRow,
  POD_COLUMNS,
  podCsvRow,
  SCHEDULE_COLUMNS,
  SUMMARY_COLUMNS,
  scheduleRows,
  writeCsvTable,
} from "./csv.js";
import { flattenSummary } from "./flatten.js";
import { type TextSink, writeJson } from "./format.js";
import type { Report, SummaryTree } from "./types.js";

/** File names inside a report folder (docs/report-contract.md, "Files"). */
export const REPORT_FILES = {
  json: "report.json",
  summary: "summary.csv",
  jobs: "jobs.csv",
  pods: "pods.csv",
  cronjobs: "cronjobs.csv",
  events: "events.csv",
} as const;

/** Report keys that `--summary-only` leaves out of report.json (they are streamed to CSV). */
export const STREAMED_KEYS = ["jobs", "pods", "events"] as const;

/** Chunks are gathered up to this many characters before a write system call. */
const FLUSH_CHARS = 1 << 16;

let tempSerial = 0;

/**
 * A file being written under a temporary name next to its final one; {@link AtomicFile.commit}
 * makes it visible under the final name, {@link AtomicFile.abort} removes it. Streaming writers
 * (`--summary-only`) open one per CSV and commit at the end of the run.
 */
export class AtomicFile implements TextSink {
  readonly path: string;
  readonly tempPath: string;
  #fd: number | null;
  /** Text not yet written: appending to a string is cheaper than an array of small chunks. */
  #pending = "";

  constructor(dir: string, name: string) {
    this.path = join(dir, name);
    // The pid and serial only keep concurrent writers apart; they never reach the final file.
    this.tempPath = join(dir, `.${name}.${process.pid}.${tempSerial++}.tmp`);
    this.#fd = openSync(this.tempPath, "w");
  }

  /** Append text (buffered). */
  write(chunk: string): void {
    if (this.#fd === null) throw new Error(`write to ${this.path} after commit or abort`);
    this.#pending += chunk;
    if (this.#pending.length >= FLUSH_CHARS) this.#flush();
  }

  /** Flush, sync to disk and rename over the final name. */
  commit(): void {
    if (this.#fd === null) throw new Error(`commit of ${this.path} after commit or abort`);
    this.#flush();
    fsyncSync(this.#fd);
    closeSync(this.#fd);
    this.#fd = null;
    renameSync(this.tempPath, this.path);
  }

  /** Drop the temporary file; the final name keeps whatever it held before. Idempotent. */
  abort(): void {
    if (this.#fd !== null) {
      closeSync(this.#fd);
      this.#fd = null;
    }
    rmSync(this.tempPath, { force: true });
  }

  #flush(): void {
    if (this.#pending.length === 0 || this.#fd === null) return;
    writeSync(this.#fd, this.#pending);
    this.#pending = "";
  }
}

/** Write `dir/name` atomically with `fill`; on any error the temporary file is removed. */
export function writeFileAtomic(dir: string, name: string, fill: (sink: TextSink) => void): void {
  const file = new AtomicFile(dir, name);
  try {
    fill(file);
    file.commit();
  } catch (error) {
    file.abort();
    throw error;
  }
}

/**
 * Write report.json and the CSV files of `report` into `dir` (created if missing). With
 * `summaryOnly`, report.json leaves out jobs, pods and events, and jobs.csv, pods.csv and
 * events.csv are not written here: the run streams them.
 */
export function writeReport(dir: string, report: Report, options: { summaryOnly?: boolean } = {}): void {
  const summaryOnly = options.summaryOnly ?? false;
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(dir, REPORT_FILES.summary, (s) =>
    writeCsvTable(s, SUMMARY_COLUMNS, flattenSummary(report.summary)),
  );
  if (!summaryOnly) {
    writeFileAtomic(dir, REPORT_FILES.jobs, (s) =>
      writeCsvTable(s, JOB_COLUMNS, mapped(report.jobs, jobCsvRow)),
    );
    writeFileAtomic(dir, REPORT_FILES.pods, (s) =>
      writeCsvTable(s, POD_COLUMNS, mapped(report.pods, podCsvRow)),
    );
  }
  writeFileAtomic(dir, REPORT_FILES.cronjobs, (s) =>
    writeCsvTable(s, SCHEDULE_COLUMNS, scheduleRows(report.cronjobs)),
  );
  if (!summaryOnly) {
    writeFileAtomic(dir, REPORT_FILES.events, (s) => writeCsvTable(s, EVENT_COLUMNS, report.events));
  }
  // Last, so a folder whose report.json is new also has new CSVs.
  writeFileAtomic(dir, REPORT_FILES.json, (s) => {
    writeJson(summaryOnly ? withoutStreamed(report) : report, s);
    s.write("\n");
  });
}

/** `items` through `f`, one at a time. */
function* mapped<T, U>(items: readonly T[], f: (item: T) => U): Generator<U> {
  for (const item of items) yield f(item);
}

/** `report` less the streamed arrays, keys otherwise in their original order. */
function withoutStreamed(report: Report): Record<string, unknown> {
  const skipped: readonly string[] = STREAMED_KEYS;
  return Object.fromEntries(Object.entries(report).filter(([key]) => !skipped.includes(key)));
}

/**
 * Read a report for `sim compare`: `pathOrDir` is a report.json file or a folder holding one.
 * Arrays left out by `--summary-only` come back empty. Throws {@link UserError} when the file is
 * missing, not JSON, or not a jobsim report.
 */
export function readReport(pathOrDir: string): Report {
  const file = reportFile(pathOrDir);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UserError(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${file} is not valid JSON (${(error as Error).message})`, { cause: error });
  }
  return checkReport(data, file);
}

function reportFile(pathOrDir: string): string {
  let isDir: boolean;
  try {
    isDir = statSync(pathOrDir).isDirectory();
  } catch {
    throw new UserError(`${pathOrDir} does not exist: expected a report folder or its report.json`);
  }
  if (!isDir) return pathOrDir;
  const file = join(pathOrDir, REPORT_FILES.json);
  try {
    statSync(file);
  } catch {
    throw new UserError(`${pathOrDir} holds no ${REPORT_FILES.json}: is it a folder written by "sim run"?`);
  }
  return file;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkReport(data: unknown, file: string): Report {
  if (!isObject(data) || data.kind !== "Report" || data.apiVersion !== "jobsim.dev/v1alpha1") {
    throw new UserError(
      `${file} is not a jobsim report: expected "apiVersion": "jobsim.dev/v1alpha1" and "kind": "Report"`,
    );
  }
  if (!isObject(data.summary)) throw new UserError(`${file} has no "summary" object`);
  checkSummary(data.summary, file, "");
  for (const key of ["jobs", "pods", "cronjobs", "events"]) {
    if (data[key] === undefined) data[key] = [];
    else if (!Array.isArray(data[key])) throw new UserError(`${file}: "${key}" must be an array`);
  }
  return data as unknown as Report;
}

function checkSummary(
  tree: Record<string, unknown>,
  file: string,
  prefix: string,
): asserts tree is SummaryTree {
  for (const [key, value] of Object.entries(tree)) {
    const name = prefix + key;
    if (isObject(value)) checkSummary(value, file, `${name}.`);
    else if (value !== null && typeof value !== "number") {
      throw new UserError(
        `${file}: summary metric ${name} must be a number or null, not ${JSON.stringify(value)}`,
      );
    }
  }
}
