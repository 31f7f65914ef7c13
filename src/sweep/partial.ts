/**
 * Partial results of a sharded sweep (`sim sweep --shard I/N`) and their merge (`sim merge`).
 * A partial holds what the sweep was asked to do and the summary metrics of its own runs; the
 * merge checks that the partials are the N shards of one sweep by one jobsim version, puts the
 * runs back in canonical order and aggregates them exactly as an unsharded sweep does, so the
 * files are byte for byte the same.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { FileReadError, readRegularFile } from "../io/read-regular-file.js";
import { toJson } from "../report/format.js";
import { aggregate, type RunRecord, type RunTable, type SweepConfig, type SweepReport } from "./aggregate.js";
import { SweepInputError } from "./errors.js";
import { ExpressionError, parseOutcome } from "./outcome-expr.js";
import { inShard, type Shard } from "./plan.js";
import { jobsimVersion } from "./version.js";

/** The file shard I of N writes into the `--out` folder, which the shards may share. */
export function partialFileName(shard: Shard): string {
  return `sweep-partial-${shard.index}-of-${shard.count}.json`;
}

/** Names of partial files in a folder. */
const PARTIAL_NAME = /^sweep-partial-\d+-of-\d+\.json$/;

/** The largest partial `sim merge` reads. */
export const MAX_PARTIAL_FILE_BYTES = 256 * 1024 * 1024;

/** A partial file, sweep-partial-I-of-N.json. */
export interface SweepPartial {
  apiVersion: "jobsim.dev/v1alpha1";
  kind: "SweepPartial";
  jobsimVersion: string;
  scenario: SweepConfig["scenario"];
  seeds: number[];
  points: SweepConfig["points"];
  outcomes: { name: string; expression: string }[];
  shard: Shard;
  warnings: string[];
  /** Distinct lists of metric names; each run names the one its values follow. */
  metricLists: string[][];
  runs: { point: string; seed: number; list: number; values: (number | null)[] }[];
}

/** A shard's runs as a partial result. */
export function toPartial(
  config: SweepConfig,
  shard: Shard,
  runs: readonly RunRecord[],
  warnings: string[],
): SweepPartial {
  const lists = new Map<string, number>();
  const metricLists: string[][] = [];
  const rows = runs.map((r) => {
    const key = r.metrics.names.join("\n");
    let list = lists.get(key);
    if (list === undefined) {
      list = metricLists.length;
      lists.set(key, list);
      metricLists.push(r.metrics.names);
    }
    return { point: config.points[r.point]!.id, seed: r.seed, list, values: r.metrics.values };
  });
  return {
    apiVersion: "jobsim.dev/v1alpha1",
    kind: "SweepPartial",
    jobsimVersion: jobsimVersion(),
    scenario: config.scenario,
    seeds: config.seeds,
    points: config.points,
    outcomes: config.outcomes.map((o) => ({ name: o.name, expression: o.expression })),
    shard,
    warnings,
    metricLists,
    runs: rows,
  };
}

/** A partial as read, with where it came from. */
export interface ReadPartial {
  file: string;
  partial: SweepPartial;
}

/**
 * Read the partials at `pathOrDir`: a partial file, or every `sweep-partial-I-of-N.json` in a
 * folder (in name order). Throws SweepInputError when there is none or one cannot be read.
 */
export function readPartials(pathOrDir: string): ReadPartial[] {
  let isDir: boolean;
  try {
    isDir = statSync(pathOrDir).isDirectory();
  } catch {
    throw new SweepInputError(
      `${pathOrDir} does not exist: expected a folder written by "sim sweep --shard"`,
    );
  }
  if (!isDir) return [readPartial(pathOrDir)];
  const names = readdirSync(pathOrDir)
    .filter((n) => PARTIAL_NAME.test(n))
    .sort();
  if (names.length === 0) {
    throw new SweepInputError(
      `${pathOrDir} holds no sweep-partial-I-of-N.json: is it a folder of "sim sweep --shard"?`,
    );
  }
  return names.map((n) => readPartial(join(pathOrDir, n)));
}

/** Read one partial file; throws SweepInputError. */
export function readPartial(file: string): ReadPartial {
  let text: string;
  try {
    text = readRegularFile(file, MAX_PARTIAL_FILE_BYTES);
  } catch (error) {
    if (error instanceof FileReadError) throw new SweepInputError(`cannot read ${file}: ${error.message}`);
    throw error;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new SweepInputError(`${file} is not valid JSON: is it a partial written by "sim sweep --shard"?`);
  }
  return { file, partial: checkPartial(data, file) };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const isString = (v: unknown): v is string => typeof v === "string";
const isSeed = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isValue = (v: unknown): v is number | null =>
  v === null || (typeof v === "number" && Number.isFinite(v));

/** The shape of a partial, checked field by field; messages quote nothing of the file. */
function checkPartial(data: unknown, file: string): SweepPartial {
  const bad = (what: string): never => {
    throw new SweepInputError(`${file} is not a sweep partial: ${what}`);
  };
  if (!isObject(data) || data.apiVersion !== "jobsim.dev/v1alpha1" || data.kind !== "SweepPartial") {
    return bad('expected "apiVersion": "jobsim.dev/v1alpha1" and "kind": "SweepPartial"');
  }
  if (!isString(data.jobsimVersion)) bad('"jobsimVersion" must be a string');
  const s = data.scenario;
  if (!isObject(s) || ![s.name, s.sha256, s.start, s.end].every(isString)) {
    bad('"scenario" must hold name, sha256, start and end');
  }
  if (!Array.isArray(data.seeds) || data.seeds.length === 0 || !data.seeds.every(isSeed)) {
    bad('"seeds" must be a list of integers >= 0');
  }
  const points = data.points;
  if (
    !Array.isArray(points) ||
    points.length === 0 ||
    !points.every((p) => isObject(p) && isString(p.id) && isObject(p.params))
  ) {
    bad('"points" must be a list of {id, params}');
  }
  if (new Set(data.seeds as number[]).size !== (data.seeds as number[]).length) bad("a seed is listed twice");
  if (new Set((points as { id: string }[]).map((p) => p.id)).size !== (points as unknown[]).length) {
    bad("a grid point id is listed twice");
  }
  const outcomes = data.outcomes;
  if (
    !Array.isArray(outcomes) ||
    !outcomes.every((o) => isObject(o) && isString(o.name) && isString(o.expression))
  ) {
    bad('"outcomes" must be a list of {name, expression}');
  }
  const shard = data.shard;
  if (!isObject(shard) || !isSeed(shard.index) || !isSeed(shard.count) || shard.index >= shard.count) {
    bad('"shard" must be {index, count} with 0 <= index < count');
  }
  if (!Array.isArray(data.warnings) || !data.warnings.every(isString))
    bad('"warnings" must be a list of strings');
  const lists = data.metricLists;
  if (!Array.isArray(lists) || !lists.every((l) => Array.isArray(l) && l.every(isString))) {
    bad('"metricLists" must be lists of metric names');
  }
  const runs = data.runs;
  if (!Array.isArray(runs)) return bad('"runs" must be a list');
  const ids = new Set((points as { id: string }[]).map((p) => p.id));
  runs.forEach((r, i) => {
    const ok =
      isObject(r) &&
      isString(r.point) &&
      ids.has(r.point) &&
      isSeed(r.seed) &&
      Number.isSafeInteger(r.list) &&
      (r.list as number) >= 0 &&
      (r.list as number) < (lists as unknown[]).length &&
      Array.isArray(r.values) &&
      r.values.length === (lists as string[][])[r.list as number]!.length &&
      r.values.every(isValue);
    if (!ok)
      bad(`run ${i + 1} must be {point, seed, list, values} with a known point and one value per metric`);
  });
  return data as unknown as SweepPartial;
}

/** What must be identical in the partials of one sweep, each with how to name it in a message. */
const SAME: readonly [keyof SweepPartial, string][] = [
  ["jobsimVersion", "jobsim version"],
  ["scenario", "scenario (name, sha256 of its file, start, end)"],
  ["seeds", "seeds"],
  ["points", "grid points"],
  ["outcomes", "outcomes"],
];

/** A short text of a field for a mismatch message. */
function shown(key: keyof SweepPartial, p: SweepPartial): string {
  if (key === "jobsimVersion") return p.jobsimVersion;
  if (key === "scenario") return `${p.scenario.name} sha256 ${p.scenario.sha256.slice(0, 12)}`;
  if (key === "seeds") return `${p.seeds.length} seeds from ${p.seeds[0] ?? "-"}`;
  if (key === "points") return `${p.points.length} point(s)`;
  return `${p.outcomes.length} outcome(s)`;
}

/**
 * Combine the partials of every shard of one sweep into its report and runs table. Refuses
 * partials of different sweeps or jobsim versions (naming what differs), a missing or repeated
 * shard, and runs that are missing, repeated or in the wrong shard.
 */
export function mergePartials(read: readonly ReadPartial[]): {
  report: SweepReport;
  table: RunTable;
  warnings: string[];
} {
  if (read.length === 0) throw new SweepInputError("sim merge needs the folders of the shards");
  const first = read[0]!;
  const version = jobsimVersion();
  if (first.partial.jobsimVersion !== version) {
    throw new SweepInputError(
      `${first.file} was written by jobsim ${first.partial.jobsimVersion}; this is jobsim ${version}: run the shards and the merge with one version`,
    );
  }
  for (const other of read.slice(1)) {
    for (const [key, name] of SAME) {
      if (toJson(first.partial[key], 0) !== toJson(other.partial[key], 0)) {
        throw new SweepInputError(
          `${other.file} is from another sweep than ${first.file}: the ${name} differ (${shown(key, other.partial)} vs ${shown(key, first.partial)})`,
        );
      }
    }
  }
  const count = first.partial.shard.count;
  const byIndex = new Map<number, string>();
  for (const { file, partial } of read) {
    if (partial.shard.count !== count) {
      throw new SweepInputError(
        `${file} is shard ${partial.shard.index}/${partial.shard.count}, ${first.file} is one of ${count}: merge the shards of one split`,
      );
    }
    const twin = byIndex.get(partial.shard.index);
    if (twin !== undefined)
      throw new SweepInputError(`shard ${partial.shard.index}/${count} is given twice: ${twin} and ${file}`);
    byIndex.set(partial.shard.index, file);
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    const list =
      missing
        .slice(0, 10)
        .map((i) => `${i}/${count}`)
        .join(", ") + (missing.length > 10 ? ", ..." : "");
    throw new SweepInputError(`shard(s) ${list} missing: a merge needs all ${count}`);
  }
  const p = first.partial;
  const outcomes = p.outcomes.map((o) => {
    try {
      return { ...o, expr: parseOutcome(o.expression) };
    } catch (error) {
      if (error instanceof ExpressionError)
        throw new SweepInputError(`${first.file}: outcome ${JSON.stringify(o.name)} does not parse`);
      throw error;
    }
  });
  const config: SweepConfig = { scenario: p.scenario, seeds: p.seeds, points: p.points, outcomes };
  const pointIndex = new Map(p.points.map((pt, i) => [pt.id, i]));
  const seedIndex = new Map(p.seeds.map((s, i) => [s, i]));
  const slots: (RunRecord | undefined)[] = new Array(p.points.length * p.seeds.length).fill(undefined);
  const warnings = new Set<string>();
  for (const { file, partial } of read) {
    for (const w of partial.warnings) warnings.add(w);
    for (const r of partial.runs) {
      const s = seedIndex.get(r.seed);
      if (s === undefined)
        throw new SweepInputError(`${file}: a run of seed ${r.seed}, which the sweep does not have`);
      const point = pointIndex.get(r.point)!;
      const at = point * p.seeds.length + s;
      if (!inShard(at, partial.shard)) {
        throw new SweepInputError(
          `${file}: the run of ${r.point} seed ${r.seed} does not belong to shard ${partial.shard.index}/${count}`,
        );
      }
      if (slots[at] !== undefined)
        throw new SweepInputError(`${file}: the run of ${r.point} seed ${r.seed} appears twice`);
      slots[at] = {
        point,
        seed: r.seed,
        metrics: { names: partial.metricLists[r.list]!, values: r.values, warnings: [] },
      };
    }
  }
  const absent = slots.indexOf(undefined);
  if (absent >= 0) {
    const point = p.points[Math.floor(absent / p.seeds.length)]?.id ?? "-";
    const seed = p.seeds[absent % p.seeds.length] ?? "-";
    throw new SweepInputError(
      `the run of ${point} seed ${seed} is in no partial: a shard's file is incomplete`,
    );
  }
  const { report, table } = aggregate(config, slots as RunRecord[]);
  return { report, table, warnings: [...warnings] };
}
