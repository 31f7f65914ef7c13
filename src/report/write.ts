/**
 * Report files on disk. A report folder changes as a whole: its files are written into a
 * staging folder that replaces the old folder when complete (report-folder.ts). Each file is
 * also written under a temporary name and renamed, so a streamed CSV is never seen half-written
 * even inside the staging folder. Identical Reports give byte-identical files.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
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
import { asReportWriteError } from "./errors.js";
import { flattenSummary } from "./flatten.js";
import { type TextSink, writeJson } from "./format.js";
import { type PageContext, renderReportHtml } from "./html/index.js";
import { type StagedReportFolder, stageReportFolder } from "./report-folder.js";
import type { Report } from "./types.js";

/** File names inside a report folder (docs/report-contract.md, "Files"). */
export const REPORT_FILES = {
  json: "report.json",
  summary: "summary.csv",
  jobs: "jobs.csv",
  pods: "pods.csv",
  cronjobs: "cronjobs.csv",
  events: "events.csv",
  html: "report.html",
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

/** What {@link writeReportFiles} is asked to write. */
export interface WriteOptions {
  /** Leave jobs, pods and events out of report.json (and report.html): the run streams their CSVs. */
  summaryOnly?: boolean;
  /** Scenario facts report.html draws beyond report.json (schedules, time zones, dependencies). */
  page?: PageContext;
  /** The files to write, by name on disk ({@link parseFileSelection}). @defaultValue all */
  files?: ReadonlySet<string>;
}

/** One file of a report folder and how it is written from a finished Report. */
interface ReportFile {
  readonly name: string;
  /** Written while simulating under `--summary-only` (stream.ts), not from the Report. */
  readonly streamed?: boolean;
  write(dir: string, report: Report, options: WriteOptions): void;
}

/**
 * Every file a report folder can hold, in the order they are written; adding a file is one
 * entry. report.json comes last: a folder holding report.json holds the complete others too.
 */
const REPORT_FILE_WRITERS: readonly ReportFile[] = [
  {
    name: REPORT_FILES.summary,
    write: (dir, report) =>
      writeFileAtomic(dir, REPORT_FILES.summary, (s) =>
        writeCsvTable(s, SUMMARY_COLUMNS, flattenSummary(report.summary)),
      ),
  },
  {
    name: REPORT_FILES.jobs,
    streamed: true,
    write: (dir, report) =>
      writeFileAtomic(dir, REPORT_FILES.jobs, (s) =>
        writeCsvTable(s, JOB_COLUMNS, mapped(report.jobs, jobCsvRow)),
      ),
  },
  {
    name: REPORT_FILES.pods,
    streamed: true,
    write: (dir, report) =>
      writeFileAtomic(dir, REPORT_FILES.pods, (s) =>
        writeCsvTable(s, POD_COLUMNS, mapped(report.pods, podCsvRow)),
      ),
  },
  {
    name: REPORT_FILES.cronjobs,
    write: (dir, report) =>
      writeFileAtomic(dir, REPORT_FILES.cronjobs, (s) =>
        writeCsvTable(s, SCHEDULE_COLUMNS, scheduleRows(report.cronjobs)),
      ),
  },
  {
    name: REPORT_FILES.events,
    streamed: true,
    write: (dir, report) =>
      writeFileAtomic(dir, REPORT_FILES.events, (s) => writeCsvTable(s, EVENT_COLUMNS, report.events)),
  },
  {
    name: REPORT_FILES.html,
    write: (dir, report, options) =>
      writeFileAtomic(dir, REPORT_FILES.html, (s) =>
        s.write(renderReportHtml(report, options.page, { summaryOnly: options.summaryOnly ?? false })),
      ),
  },
  {
    name: REPORT_FILES.json,
    write: (dir, report, options) =>
      writeFileAtomic(dir, REPORT_FILES.json, (s) => {
        writeJson(options.summaryOnly === true ? withoutStreamed(report) : report, s);
        s.write("\n");
      }),
  },
];

/** The names of every file a report folder can hold, in the order they are written. */
export const REPORT_FILE_NAMES: readonly string[] = REPORT_FILE_WRITERS.map((f) => f.name);

/**
 * `--files`: names as on disk, separated by commas (given once or several times). Returns the
 * set, or a message naming the unknown names and listing the valid ones.
 */
export function parseFileSelection(raw: string | readonly string[]): ReadonlySet<string> | string {
  const names = (typeof raw === "string" ? [raw] : raw)
    .flatMap((text) => text.split(","))
    .map((n) => n.trim());
  if (names.every((n) => n === "")) return `expected file names, one of ${REPORT_FILE_NAMES.join(", ")}`;
  const unknown = names.filter((n) => n !== "" && !REPORT_FILE_NAMES.includes(n));
  if (unknown.length > 0) {
    const list = unknown.map((n) => JSON.stringify(n)).join(", ");
    return `unknown file ${list}: the files a report can hold are ${REPORT_FILE_NAMES.join(", ")}`;
  }
  return new Set(names.filter((n) => n !== ""));
}

/**
 * Check that a report may be written to `out` and open its staging folder (see
 * {@link stageReportFolder}); throws ReportWriteError when it may not.
 */
export function stageReport(out: string): StagedReportFolder {
  return stageReportFolder(out, REPORT_FILE_NAMES);
}

/**
 * Write report.json and the CSV files of `report` as the folder `dir`, replacing whatever
 * report it held as a whole (parents created if missing). Throws ReportWriteError when `dir` is
 * a file, a folder holding other files, or cannot be written (permission, read-only, full).
 */
export function writeReport(dir: string, report: Report, options: WriteOptions = {}): void {
  const folder = stageReport(dir);
  try {
    writeReportFiles(folder.staging, report, options);
  } catch (error) {
    folder.abort();
    throw asReportWriteError(error, folder.out);
  }
  folder.commit();
}

/**
 * Write the report files of `report` (all, or those of `options.files`) into the folder `dir`,
 * which exists. With `summaryOnly`, report.json leaves out jobs, pods and events, and jobs.csv,
 * pods.csv and events.csv are not written here: the run streams them.
 */
export function writeReportFiles(dir: string, report: Report, options: WriteOptions = {}): void {
  const summaryOnly = options.summaryOnly ?? false;
  for (const file of REPORT_FILE_WRITERS) {
    if (options.files !== undefined && !options.files.has(file.name)) continue;
    if (summaryOnly && file.streamed === true) continue;
    file.write(dir, report, options);
  }
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
