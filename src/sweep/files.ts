/**
 * A sweep's files: sweep.json, sweep.csv, runs.csv and report.html, written as a whole folder through a
 * staging folder (report/report-folder.ts), so a reader sees the old sweep or the new one, never
 * a mix, and a failed sweep leaves nothing behind; or a shard's partial, one file renamed into a
 * folder the shards share.
 */

import { accessSync, constants, mkdirSync } from "node:fs";
import path from "node:path";
import { type CsvValue, csvLine } from "../report/csv.js";
import { asReportWriteError, errorCode, ReportWriteError } from "../report/errors.js";
import { type TextSink, toJson, writeJson } from "../report/format.js";
import {
  nearestExistingFolder,
  type StagedReportFolder,
  stageReportFolder,
} from "../report/report-folder.js";
import { writeFileAtomic } from "../report/write.js";
import type { RunTable, SweepReport } from "./aggregate.js";
import { renderSweepHtml } from "./html/render-page.js";
import { partialFileName, type SweepPartial } from "./partial.js";
import type { MetricSummary, ProportionSummary } from "./stats.js";

/** File names of a sweep folder. */
export const SWEEP_FILES = {
  json: "sweep.json",
  summary: "sweep.csv",
  runs: "runs.csv",
  html: "report.html",
} as const;

/** Columns of sweep.csv after `point` and one column per grid parameter. */
export const SWEEP_CSV_STATS = [
  "kind",
  "metric",
  "n",
  "mean",
  "sd",
  "min",
  "p5",
  "p50",
  "p95",
  "max",
  "ci95Low",
  "ci95High",
] as const;

/** Check that a sweep folder may be written at `out` and open its staging folder (before running). */
export function stageSweepFolder(out: string): StagedReportFolder {
  return stageReportFolder(out, Object.values(SWEEP_FILES));
}

/** Write `files` into the staged `folder` and publish it; on any error nothing is left behind. */
function fillFolder(folder: StagedReportFolder, files: [string, (s: TextSink) => void][]): void {
  try {
    for (const [name, fill] of files) writeFileAtomic(folder.staging, name, fill);
  } catch (error) {
    folder.abort();
    throw asReportWriteError(error, folder.out);
  }
  folder.commit();
}

/** Write sweep.csv, runs.csv, report.html and sweep.json (last) into `folder` and publish it. */
export function writeSweepInto(folder: StagedReportFolder, report: SweepReport, table: RunTable): void {
  fillFolder(folder, [
    [SWEEP_FILES.summary, (s) => writeSweepCsv(s, report)],
    [SWEEP_FILES.runs, (s) => writeRunsCsv(s, table)],
    [SWEEP_FILES.html, (s) => s.write(renderSweepHtml(report, table))],
    [
      SWEEP_FILES.json,
      (s) => {
        writeJson(report, s);
        s.write("\n");
      },
    ],
  ]);
}

/** Write sweep.json, sweep.csv, runs.csv and report.html as the folder `out`, replacing an earlier sweep there. */
export function writeSweepFiles(out: string, report: SweepReport, table: RunTable): void {
  writeSweepInto(stageSweepFolder(out), report, table);
}

/**
 * Check, before running, that a partial can be written into `dir`: it is a writable folder, or
 * its nearest existing parent is (the folder is created only when the partial is written, so a
 * sweep that fails leaves nothing). Throws ReportWriteError when it cannot.
 */
export function checkPartialFolder(dir: string): void {
  const target = path.resolve(dir);
  const { existing } = nearestExistingFolder(target, target, `cannot write a partial into ${dir}`);
  if (existing === null) return;
  try {
    accessSync(existing, constants.W_OK);
  } catch (error) {
    throw asWriteError(error, target);
  }
}

/** A file-system error about `target` as the user's to fix. */
function asWriteError(error: unknown, target: string): unknown {
  const mapped = asReportWriteError(error, target);
  if (mapped !== error) return mapped;
  return new ReportWriteError(
    target,
    `cannot write a partial into ${target} (${errorCode(error) ?? "error"})`,
  );
}

/**
 * Write shard I of N's partial into `dir` as `sweep-partial-I-of-N.json`, under a temporary name
 * renamed into place: the shards of one sweep may share the folder, and a reader never sees half
 * a file. A partial of the same shard there before is replaced.
 */
export function writePartialFile(dir: string, partial: SweepPartial): string {
  const name = partialFileName(partial.shard);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileAtomic(dir, name, (s) => {
      // Compact: a partial is read by `sim merge`, not by people, and holds every run.
      writeJson(partial, s, 0);
      s.write("\n");
    });
  } catch (error) {
    throw asReportWriteError(error, path.join(dir, name));
  }
  return name;
}

/** A parameter value in a CSV field: numbers and strings as themselves, null empty, others JSON. */
function paramField(value: unknown): CsvValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  return toJson(value, 0);
}

/** The grid's parameter paths, in the order of the first point that has each. */
function paramColumns(report: SweepReport): string[] {
  const names: string[] = [];
  for (const p of report.points) for (const k of Object.keys(p.params)) if (!names.includes(k)) names.push(k);
  return names;
}

/** sweep.csv: a row per grid point and metric, then a row per grid point and outcome. */
export function writeSweepCsv(sink: TextSink, report: SweepReport): void {
  const params = paramColumns(report);
  sink.write(csvLine(["point", ...params, ...SWEEP_CSV_STATS]));
  for (const point of report.points) {
    const lead = [point.id, ...params.map((k) => paramField(point.params[k]))];
    for (const [name, m] of Object.entries(point.metrics))
      sink.write(csvLine([...lead, "metric", name, ...metricCells(m)]));
    for (const [name, o] of Object.entries(point.outcomes))
      sink.write(csvLine([...lead, "outcome", name, ...outcomeCells(o)]));
  }
}

function metricCells(m: MetricSummary): CsvValue[] {
  return [m.n, m.mean, m.sd, m.min, m.p5, m.p50, m.p95, m.max, m.ci95?.[0], m.ci95?.[1]];
}

/** An outcome as a metric of 0/1 values: `mean` is the proportion, the interval Wilson's. */
function outcomeCells(o: ProportionSummary): CsvValue[] {
  return [o.n, o.p, null, null, null, null, null, null, o.ci95?.[0], o.ci95?.[1]];
}

/** runs.csv: a row per run, `point,seed`, then every summary metric. */
export function writeRunsCsv(sink: TextSink, table: RunTable): void {
  sink.write(csvLine(["point", "seed", ...table.metrics]));
  for (const row of table.rows) sink.write(csvLine([row.point, row.seed, ...row.values]));
}
