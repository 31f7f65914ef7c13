/**
 * Reading a report back for `sim compare`: report.json, or the folder holding one, through the
 * one reader of user-named files (regular files only, size-limited). Nothing of a file that does
 * not parse is ever quoted in a message: it may not be a report at all.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { FileReadError, readRegularFile } from "../io/read-regular-file.js";
import { ReportInputError } from "./errors.js";
import type { Report, SummaryTree } from "./types.js";

/** report.json inside a report folder. */
const REPORT_JSON = "report.json";

/**
 * The largest report.json `sim compare` reads. A full report of a long run can pass the limit
 * of input files; one written with `--summary-only` stays small whatever the horizon.
 */
export const MAX_REPORT_FILE_BYTES = 256 * 1024 * 1024;

/** How deep summary metrics nest; real reports use four levels (`workQueue.jobs.<job>.items`). */
export const MAX_SUMMARY_DEPTH = 16;

/**
 * Read a report: `pathOrDir` is a report.json file or a folder holding one. Arrays left out by
 * `--summary-only` come back empty. Throws {@link ReportInputError} when the file is missing,
 * not a regular file, too large, not JSON, or not a jobsim report.
 */
export function readReport(pathOrDir: string): Report {
  return readReportFile(pathOrDir).report;
}

/** A report as read, with the file it came from and the arrays it left out. */
export interface ReadReport {
  report: Report;
  /** The report.json read. */
  file: string;
  /** Which of jobs, pods, cronjobs and events the file did not hold (`--summary-only` leaves out three). */
  omitted: string[];
}

/** {@link readReport}, also saying which file was read and which arrays it lacked. */
export function readReportFile(pathOrDir: string): ReadReport {
  const file = reportFile(pathOrDir);
  let text: string;
  try {
    text = readRegularFile(file, MAX_REPORT_FILE_BYTES);
  } catch (error) {
    if (error instanceof FileReadError) {
      const hint = error.problem === "too-large" ? ' (a report written with "--summary-only" is small)' : "";
      throw new ReportInputError(`cannot read report ${file}: ${error.message}${hint}`);
    }
    throw error;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ReportInputError(`${file} is not valid JSON${whereParseFailed(text, error)}`);
  }
  const omitted = isObject(data) ? ARRAYS.filter((key) => data[key] === undefined) : [];
  return { report: checkReport(data, file), file, omitted };
}

/** The arrays of a report; an absent one reads as empty. */
const ARRAYS = ["jobs", "pods", "cronjobs", "events"] as const;

function reportFile(pathOrDir: string): string {
  let isDir: boolean;
  try {
    isDir = statSync(pathOrDir).isDirectory();
  } catch {
    throw new ReportInputError(`${pathOrDir} does not exist: expected a report folder or its report.json`);
  }
  if (!isDir) return pathOrDir;
  const file = join(pathOrDir, REPORT_JSON);
  try {
    statSync(file);
  } catch {
    throw new ReportInputError(`${pathOrDir} holds no ${REPORT_JSON}: is it a folder written by "sim run"?`);
  }
  return file;
}

/**
 * Where JSON.parse stopped, as ` (line L, column C)`, or "" when it does not say. Only the
 * position is taken from its message: the rest quotes the file.
 */
function whereParseFailed(text: string, error: unknown): string {
  if (text.trim() === "") return " (the file is empty)";
  const message = error instanceof Error ? error.message : "";
  if (/Unexpected end of JSON input/.test(message)) return " (it ends too early)";
  const at = /at position (\d+)/.exec(message);
  if (at === null) return "";
  const position = Number(at[1]);
  if (position >= text.length) return " (it ends too early)";
  const before = text.slice(0, position);
  const line = before.split("\n").length;
  const column = position - before.lastIndexOf("\n");
  return ` (line ${line}, column ${column})`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkReport(data: unknown, file: string): Report {
  if (!isObject(data) || data.kind !== "Report" || data.apiVersion !== "jobsim.dev/v1alpha1") {
    throw new ReportInputError(
      `${file} is not a jobsim report: expected "apiVersion": "jobsim.dev/v1alpha1" and "kind": "Report"`,
    );
  }
  if (!isObject(data.summary)) throw new ReportInputError(`${file}: "summary" must be an object`);
  checkSummary(data.summary, file, "", 1);
  for (const key of ARRAYS) {
    if (data[key] === undefined) data[key] = [];
    else if (!Array.isArray(data[key])) throw new ReportInputError(`${file}: "${key}" must be an array`);
  }
  return data as unknown as Report;
}

/** Every leaf a number or null, at most {@link MAX_SUMMARY_DEPTH} levels (so no stack overflow). */
function checkSummary(
  tree: Record<string, unknown>,
  file: string,
  prefix: string,
  depth: number,
): asserts tree is SummaryTree {
  if (depth > MAX_SUMMARY_DEPTH) {
    throw new ReportInputError(
      `${file}: "summary" nests deeper than ${MAX_SUMMARY_DEPTH} levels (at ${shortened(prefix)})`,
    );
  }
  for (const [key, value] of Object.entries(tree)) {
    const name = prefix + key;
    if (isObject(value)) checkSummary(value, file, `${name}.`, depth + 1);
    else if (value !== null && typeof value !== "number") {
      throw new ReportInputError(
        `${file}: summary metric ${shortened(name)} must be a number or null, not ${kindOf(value)}`,
      );
    }
  }
}

/** What a JSON value is, without its content. */
function kindOf(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? "a string" : `a ${typeof value}`;
}

/** A metric name cut to a readable length: the file is a report, but its names may be huge. */
function shortened(name: string): string {
  return name.length <= 80 ? name : `${name.slice(0, 77)}...`;
}
