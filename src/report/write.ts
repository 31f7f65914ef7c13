/**
 * Report files on disk. A report folder changes as a whole: its files are written into a
 * staging folder that replaces the old folder when complete (report-folder.ts). Each file is
 * also written under a temporary name and renamed, so a streamed CSV is never seen half-written
 * even inside the staging folder. Identical Reports give byte-identical files.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import {
  EVENT_TABLE,
  JOB_TABLE,
  jobCsvRow,
  POD_TABLE,
  podCsvRow,
  SCHEDULE_TABLE,
  SUMMARY_COLUMNS,
  scheduleRows,
  writeCsvItems,
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

/**
 * Text is gathered in a string up to this many characters, then encoded into the block: one
 * encoding call per few thousand rows rather than one per row or per JSON value.
 */
const GATHER_CHARS = 1 << 14;
/** Bytes per write system call: a report of hundreds of MB is a few hundred writes. */
const BLOCK_BYTES = 1 << 20;
/** UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units). */
const MAX_UTF8_BYTES_PER_UNIT = 3;

let tempSerial = 0;

/** How an {@link AtomicFile} is written. */
export interface AtomicFileOptions {
  /**
   * Sync the file at commit. False only inside a staging folder (report-folder.ts), whose
   * commit syncs every file in it before swapping it in, all at once. @defaultValue true
   */
  readonly sync?: boolean;
}

/**
 * A file being written under a temporary name next to its final one; {@link AtomicFile.commit}
 * makes it visible under the final name, {@link AtomicFile.abort} removes it. Streaming writers
 * (`--summary-only`) open one per CSV and commit at the end of the run. Text is buffered and
 * written in blocks of {@link BLOCK_BYTES}; the file is synced once, at commit, unless it is
 * written into a staging folder whose commit syncs it ({@link AtomicFileOptions.sync}).
 */
export class AtomicFile implements TextSink {
  readonly path: string;
  readonly tempPath: string;
  #fd: number | null;
  /** Text not yet encoded: appending to a string is cheaper than a call per small chunk. */
  #pending = "";
  /** Encoded text not yet written: `#used` bytes of `#block`. */
  #block: Buffer | null = null;
  #used = 0;
  readonly #sync: boolean;

  constructor(dir: string, name: string, options: AtomicFileOptions = {}) {
    this.#sync = options.sync ?? true;
    this.path = join(dir, name);
    // The pid and serial only keep concurrent writers apart; they never reach the final file.
    this.tempPath = join(dir, `.${name}.${process.pid}.${tempSerial++}.tmp`);
    this.#fd = openSync(this.tempPath, "w");
  }

  /** Append text (buffered). */
  write(chunk: string): void {
    if (this.#fd === null) throw new Error(`write to ${this.path} after commit or abort`);
    if (chunk.length >= GATHER_CHARS) {
      // A long chunk (a block of report.json's items) is encoded as it is: appended to the
      // pending text it would be a concatenation, copied whole again before encoding.
      this.#encode();
      this.#pending = this.#pending.length === 0 ? chunk : this.#pending + chunk;
      this.#encode();
      return;
    }
    this.#pending += chunk;
    if (this.#pending.length >= GATHER_CHARS) this.#encode();
  }

  /** Flush, sync to disk (unless told not to) and rename over the final name. */
  commit(): void {
    if (this.#fd === null) throw new Error(`commit of ${this.path} after commit or abort`);
    this.#encode(true);
    this.#writeBlock();
    if (this.#sync) fsyncSync(this.#fd);
    closeSync(this.#fd);
    this.#fd = null;
    this.#block = null;
    renameSync(this.tempPath, this.path);
  }

  /** Drop the temporary file; the final name keeps whatever it held before. Idempotent. */
  abort(): void {
    if (this.#fd !== null) {
      closeSync(this.#fd);
      this.#fd = null;
    }
    this.#pending = "";
    this.#block = null;
    rmSync(this.tempPath, { force: true });
  }

  /**
   * Move the pending text into the block, writing the block first when it could overflow. A
   * high surrogate at the end waits for the next chunk, which may hold the rest of its pair.
   */
  #encode(final = false): void {
    let text = this.#pending;
    if (text.length === 0 || this.#fd === null) return;
    this.#pending = "";
    const last = text.charCodeAt(text.length - 1);
    if (!final && last >= 0xd800 && last <= 0xdbff) {
      this.#pending = text.slice(-1);
      text = text.slice(0, -1);
    }
    const most = text.length * MAX_UTF8_BYTES_PER_UNIT;
    if (most > BLOCK_BYTES - this.#used) this.#writeBlock();
    if (most > BLOCK_BYTES) {
      // One chunk larger than a block (a whole report.html): straight to the file.
      const bytes = Buffer.from(text, "utf8");
      this.#writeAll(bytes, bytes.length);
      return;
    }
    this.#block ??= Buffer.allocUnsafe(BLOCK_BYTES);
    this.#used += this.#block.write(text, this.#used, "utf8");
  }

  #writeBlock(): void {
    if (this.#used === 0 || this.#block === null) return;
    this.#writeAll(this.#block, this.#used);
    this.#used = 0;
  }

  /** Write the first `length` bytes of `bytes`; writeSync may write less than asked. */
  #writeAll(bytes: Buffer, length: number): void {
    if (this.#fd === null) return;
    for (let offset = 0; offset < length; ) offset += writeSync(this.#fd, bytes, offset, length - offset);
  }
}

/** Write `dir/name` atomically with `fill`; on any error the temporary file is removed. */
export function writeFileAtomic(
  dir: string,
  name: string,
  fill: (sink: TextSink) => void,
  options: AtomicFileOptions = {},
): void {
  const file = new AtomicFile(dir, name, options);
  try {
    fill(file);
    file.commit();
  } catch (error) {
    file.abort();
    throw error;
  }
}

/**
 * {@link writeFileAtomic} into a staging folder: the folder's commit syncs the file (with the
 * others, at once), so it is not synced on its own.
 */
function writeStaged(dir: string, name: string, fill: (sink: TextSink) => void): void {
  writeFileAtomic(dir, name, fill, { sync: false });
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
      writeStaged(dir, REPORT_FILES.summary, (s) =>
        writeCsvTable(s, SUMMARY_COLUMNS, flattenSummary(report.summary)),
      ),
  },
  {
    name: REPORT_FILES.jobs,
    streamed: true,
    write: (dir, report) =>
      writeStaged(dir, REPORT_FILES.jobs, (s) => writeCsvItems(s, JOB_TABLE, report.jobs, jobCsvRow)),
  },
  {
    name: REPORT_FILES.pods,
    streamed: true,
    write: (dir, report) =>
      writeStaged(dir, REPORT_FILES.pods, (s) => writeCsvItems(s, POD_TABLE, report.pods, podCsvRow)),
  },
  {
    name: REPORT_FILES.cronjobs,
    write: (dir, report) =>
      writeStaged(dir, REPORT_FILES.cronjobs, (s) =>
        writeCsvTable(s, SCHEDULE_TABLE, scheduleRows(report.cronjobs)),
      ),
  },
  {
    name: REPORT_FILES.events,
    streamed: true,
    write: (dir, report) =>
      writeStaged(dir, REPORT_FILES.events, (s) => writeCsvTable(s, EVENT_TABLE, report.events)),
  },
  {
    name: REPORT_FILES.html,
    write: (dir, report, options) =>
      writeStaged(dir, REPORT_FILES.html, (s) =>
        s.write(renderReportHtml(report, options.page, { summaryOnly: options.summaryOnly ?? false })),
      ),
  },
  {
    name: REPORT_FILES.json,
    write: (dir, report, options) =>
      writeStaged(dir, REPORT_FILES.json, (s) => {
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
 * the staging folder of a {@link StagedReportFolder}, whose commit syncs them. With `summaryOnly`, report.json leaves out jobs, pods and events, and jobs.csv,
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

/** `report` less the streamed arrays, keys otherwise in their original order. */
function withoutStreamed(report: Report): Record<string, unknown> {
  const skipped: readonly string[] = STREAMED_KEYS;
  return Object.fromEntries(Object.entries(report).filter(([key]) => !skipped.includes(key)));
}
