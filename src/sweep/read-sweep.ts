/**
 * Reading a sweep back for `sim compare`: sweep.json (or the folder holding it) and the runs.csv
 * beside it, through the one reader of user-named files. Nothing of a file that does not parse
 * is quoted in a message.
 */
import { statSync } from "node:fs";
import path from "node:path";
import { FileReadError, readRegularFile } from "../io/read-regular-file.js";
import { MAX_REPORT_FILE_BYTES } from "../report/read-report.js";
import type { RunTable, SweepReport } from "./aggregate.js";
import { SweepInputError } from "./errors.js";
import { SWEEP_FILES } from "./files.js";

/** A sweep as read: its report, every run's values, and the sweep.json it came from. */
export interface ReadSweep {
  report: SweepReport;
  runs: RunTable;
  file: string;
}

/** True when `pathOrDir` names a sweep: a folder holding sweep.json, or a file of that name. */
export function isSweepPath(pathOrDir: string): boolean {
  try {
    if (statSync(pathOrDir).isDirectory()) {
      statSync(path.join(pathOrDir, SWEEP_FILES.json));
      return true;
    }
  } catch {
    return false;
  }
  return path.basename(pathOrDir) === SWEEP_FILES.json;
}

function read(file: string, what: string): string {
  try {
    return readRegularFile(file, MAX_REPORT_FILE_BYTES);
  } catch (error) {
    if (error instanceof FileReadError)
      throw new SweepInputError(`cannot read ${what} ${file}: ${error.message}`);
    throw error;
  }
}

/** Read sweep.json at `pathOrDir` (or in it) and the runs.csv beside it. */
export function readSweep(pathOrDir: string): ReadSweep {
  let dir = pathOrDir;
  try {
    if (!statSync(pathOrDir).isDirectory()) dir = path.dirname(pathOrDir);
  } catch {
    throw new SweepInputError(`${pathOrDir} does not exist: expected a sweep folder or its sweep.json`);
  }
  const file = dir === pathOrDir ? path.join(dir, SWEEP_FILES.json) : pathOrDir;
  let data: unknown;
  try {
    data = JSON.parse(read(file, "sweep"));
  } catch (error) {
    if (error instanceof SweepInputError) throw error;
    throw new SweepInputError(`${file} is not valid JSON`);
  }
  const report = checkSweep(data, file);
  const runsFile = path.join(dir, SWEEP_FILES.runs);
  const runs = parseRunsCsv(read(runsFile, "the runs of sweep"), runsFile);
  return { report, runs, file };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkSweep(data: unknown, file: string): SweepReport {
  if (!isObject(data) || data.kind !== "SweepReport" || data.apiVersion !== "jobsim.dev/v1alpha1") {
    throw new SweepInputError(
      `${file} is not a jobsim sweep: expected "apiVersion": "jobsim.dev/v1alpha1" and "kind": "SweepReport"`,
    );
  }
  const points = data.points;
  if (
    !Array.isArray(points) ||
    points.some((p) => !isObject(p) || typeof p.id !== "string" || !isObject(p.outcomes))
  )
    throw new SweepInputError(`${file}: "points" must be a list of grid points with an id and outcomes`);
  if (!Array.isArray(data.seeds) || !isObject(data.outcomeExpressions) || !isObject(data.scenario))
    throw new SweepInputError(`${file}: "seeds", "scenario" and "outcomeExpressions" are required`);
  return data as unknown as SweepReport;
}

/** The fields of one CSV record (RFC 4180: quoted fields may hold commas, quotes and newlines). */
function* csvRecords(text: string): Generator<string[]> {
  let fields: string[] = [];
  let field = "";
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' && field === "") {
      const end = closingQuote(text, i + 1);
      field = text.slice(i + 1, end).replaceAll('""', '"');
      i = end + 1;
      continue;
    }
    if (ch === ",") {
      fields.push(field);
      field = "";
    } else if (ch === "\n") {
      fields.push(field);
      yield fields;
      fields = [];
      field = "";
    } else if (ch !== "\r") field += ch;
    i++;
  }
  if (field !== "" || fields.length > 0) yield [...fields, field];
}

function closingQuote(text: string, from: number): number {
  let i = from;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) return text.length;
    if (text[q + 1] !== '"') return q;
    i = q + 2;
  }
}

/** runs.csv as a {@link RunTable}: `point,seed`, then a number or empty field per metric. */
export function parseRunsCsv(text: string, file: string): RunTable {
  const records = csvRecords(text);
  const header = records.next().value;
  if (header === undefined || header[0] !== "point" || header[1] !== "seed")
    throw new SweepInputError(`${file}: expected a header starting point,seed`);
  const metrics = header.slice(2);
  const rows: RunTable["rows"] = [];
  let line = 1;
  for (const record of records) {
    line++;
    const seed = Number(record[1]);
    if (record.length !== header.length || !Number.isSafeInteger(seed))
      throw new SweepInputError(`${file}: line ${line}: expected ${header.length} fields with a whole seed`);
    const values = record.slice(2).map((f, c) => {
      if (f === "") return null;
      const v = Number(f);
      if (!Number.isFinite(v))
        throw new SweepInputError(`${file}: line ${line}: ${metrics[c]} is not a number`);
      return v;
    });
    rows.push({ point: record[0]!, seed, values });
  }
  return { metrics, rows };
}
