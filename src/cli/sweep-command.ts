/**
 * `sim sweep` and `sim merge`: the command-line side of src/sweep. Parses the flags, loads the
 * scenario, runs the sweep (or one shard of it) with a progress bar, writes the folder and prints
 * the table. Errors the user can fix become {@link UserError}s (exit 2); a run that fails for
 * another reason stays an internal fault (exit 1), its message naming the grid point and seed.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type { Threshold } from "../report/compare.js";
import type { Scenario } from "../scenario/types.js";
import {
  checkPartialFolder,
  compareSweeps,
  EMIT_JOB_DEFAULTS,
  emitMergeJob,
  emitSweepJob,
  type GridPoint,
  isSweepPath,
  mergePartials,
  parseShard,
  RunFailedError,
  readPartials,
  readSweep,
  renderSweep,
  renderSweepComparison,
  renderSweepComparisonMarkdown,
  SweepInputError,
  type SweepOptions,
  stageSweepFolder,
  sweep,
  sweepShard,
  sweepSide,
  writePartialFile,
  writeSweepInto,
} from "../sweep/index.js";
import { createProgress } from "./progress.js";
import { UserError } from "./user-error.js";

/** What the sweep commands need from main.ts. */
export interface SweepCommandContext {
  out(text: string): void;
  err(text: string): void;
  /**
   * Load a scenario (`-`: from standard input) and expand its grid (`spec.sweep` and `--set`
   * flags), or throw a UserError listing every located error of every point.
   */
  loadGrid(file: string, set: readonly string[]): Promise<LoadedGrid>;
  /** Record the command's exit code. */
  setCode(code: number): void;
}

/** A whole number within [min, max] from a flag, or undefined when the flag is absent. */
function wholeNumber(
  flag: string,
  raw: unknown,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) throw new UserError(`--${flag}: given ${raw.length} times; give it once`);
  const text = String(raw).trim();
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    throw new UserError(`--${flag}: expected a whole number ${range}, got ${JSON.stringify(text)}`);
  }
  return value;
}

/** `--seed-range A..B` (inclusive) as its seeds. */
function seedRange(raw: unknown): number[] | undefined {
  if (raw === undefined) return undefined;
  const text = String(raw).trim();
  const m = /^(\d+)\.\.(\d+)$/.exec(text);
  const a = Number(m?.[1]);
  const b = Number(m?.[2]);
  if (m === null || !Number.isSafeInteger(a) || !Number.isSafeInteger(b)) {
    throw new UserError(
      `--seed-range: expected A..B with whole numbers 0 <= A <= B, got ${JSON.stringify(text)}`,
    );
  }
  if (a > b) throw new UserError(`--seed-range ${text}: the first seed is above the last`);
  if (b - a + 1 > 100_000) throw new UserError(`--seed-range ${text}: more than 100000 seeds`);
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

/** A folder flag given once and not empty. */
function folder(flag: string, raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) throw new UserError(`--${flag}: given ${raw.length} times; name one folder`);
  if (typeof raw !== "string" || raw.trim() === "")
    throw new UserError(`--${flag}: expected a folder path, got an empty one`);
  return raw;
}

/** Run `fn`, turning sweep errors into the CLI's: user errors exit 2, a failed run by its cause. */
async function translated<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof SweepInputError) throw new UserError(error.message);
    if (error instanceof RunFailedError) {
      const message = `${error.message}; nothing was written`;
      // A run stopped by --max-events is the user's bound; any other failing run is a jobsim fault.
      if (error.errorName === "EventLimitReached") throw new UserError(message);
      error.message = message;
    }
    throw error;
  }
}

function printWarnings(ctx: SweepCommandContext, warnings: readonly string[]): void {
  for (const w of warnings) ctx.err(`warning: ${w}\n`);
}

export interface SweepArgs {
  scenario: string;
  /** `--set PATH=V1,V2,...` flags (grid axes), in order. */
  set: string[];
  seeds?: unknown;
  seedRange?: unknown;
  workers?: unknown;
  out?: unknown;
  outcome: string[];
  untilCi: string[];
  maxSeeds?: unknown;
  shard?: unknown;
  maxEvents?: unknown;
  progress: boolean;
  quiet: boolean;
  emitJob: boolean;
  emitMergeJob: boolean;
  shards?: unknown;
  parallelism?: unknown;
  image?: unknown;
  pvc?: unknown;
}

/** A scenario's grid as a sweep needs it (src/sweep/grid.ts `expandGrid`). */
export interface LoadedGrid {
  /** The scenario as written. */
  base: Scenario;
  /** p0, p1, ...: one point, the scenario, without a grid. */
  points: GridPoint[];
  /** `spec.sweep.seeds`, the default of --seeds; null when not given. */
  seeds: number | null;
  /** Warnings of loading the scenario and its points. */
  warnings: string[];
}

/** A text flag given once and not empty, or `fallback`. */
function text(flag: string, raw: unknown, fallback: string): string {
  if (raw === undefined) return fallback;
  if (Array.isArray(raw)) throw new UserError(`--${flag}: given ${raw.length} times; give it once`);
  const value = String(raw).trim();
  if (value === "" || /\s/.test(value))
    throw new UserError(`--${flag}: expected a name without spaces, got ${JSON.stringify(String(raw))}`);
  return value;
}

/**
 * `--emit-job` / `--emit-merge-job`: print the Indexed Job running this sweep's shards, or the
 * Job merging them. The scenario and its grid are checked first: a broken sweep is not emitted.
 */
async function cmdEmitJob(ctx: SweepCommandContext, args: SweepArgs): Promise<number> {
  if (args.emitJob && args.emitMergeJob)
    throw new UserError("--emit-job and --emit-merge-job: give one of them");
  for (const [flag, value] of [
    ["shard", args.shard],
    ["until-ci", args.untilCi[0]],
    ["out", args.out],
    ["workers", args.workers],
  ] as const)
    if (value !== undefined)
      throw new UserError(
        `--${flag}: not with --emit-job, whose Job chooses it (the shard from JOB_COMPLETION_INDEX)`,
      );
  const relative = path.normalize(args.scenario);
  if (args.scenario === "-" || path.isAbsolute(relative) || relative.startsWith(".."))
    throw new UserError(
      `--emit-job: name the scenario by its path inside the folder the volume holds, as the pods read it (e.g. scenarios/x.yaml), not ${JSON.stringify(args.scenario)}`,
    );
  const shards = wholeNumber("shards", args.shards, 1, 100_000) ?? EMIT_JOB_DEFAULTS.shards;
  const parallelism = wholeNumber("parallelism", args.parallelism, 1, 100_000) ?? shards;
  const grid = await ctx.loadGrid(args.scenario, args.set);
  printWarnings(ctx, grid.warnings);
  const sweepArgs = [
    ...(args.seeds === undefined ? [] : ["--seeds", String(args.seeds)]),
    ...(args.seedRange === undefined ? [] : ["--seed-range", String(args.seedRange)]),
    ...args.set.flatMap((s) => ["--set", s]),
    ...args.outcome.flatMap((o) => ["--outcome", o]),
    ...(args.maxEvents === undefined ? [] : ["--max-events", String(args.maxEvents)]),
  ];
  const options = {
    name: grid.base.simulation.name,
    scenario: args.scenario,
    sweepArgs,
    shards,
    parallelism,
    image: text("image", args.image, EMIT_JOB_DEFAULTS.image),
    pvc: text("pvc", args.pvc, EMIT_JOB_DEFAULTS.pvc),
  };
  ctx.out(args.emitJob ? emitSweepJob(options) : emitMergeJob(options));
  return 0;
}

export async function cmdSweep(ctx: SweepCommandContext, args: SweepArgs): Promise<number> {
  if (args.emitJob || args.emitMergeJob) return cmdEmitJob(ctx, args);
  const count = wholeNumber("seeds", args.seeds, 1, 100_000);
  const range = seedRange(args.seedRange);
  if (count !== undefined && range !== undefined)
    throw new UserError("--seeds and --seed-range: give one of them");
  const workers = wholeNumber("workers", args.workers, 1, 1024);
  const maxSeeds = wholeNumber("max-seeds", args.maxSeeds, 2, 100_000);
  const maxEvents = wholeNumber("max-events", args.maxEvents, 1);
  const out = folder("out", args.out);
  if (Array.isArray(args.shard))
    throw new UserError(`--shard: given ${args.shard.length} times; give it once`);
  const shard =
    args.shard === undefined
      ? undefined
      : await translated(async () => parseShard(String(args.shard), process.env.JOB_COMPLETION_INDEX));
  const grid = await ctx.loadGrid(args.scenario, args.set);
  const { base: scenario, points } = grid;
  printWarnings(ctx, grid.warnings);
  // A loading warning comes back from every run of its point: it is said once, above.
  const said = new Set(points.flatMap((p) => p.scenario.warnings));
  const fresh = (warnings: readonly string[]) => warnings.filter((w) => !said.has(w));
  const options: SweepOptions = {
    ...(count !== undefined
      ? { seeds: count }
      : range !== undefined
        ? { seeds: range }
        : grid.seeds !== null
          ? { seeds: grid.seeds }
          : {}),
    ...(workers === undefined ? {} : { workers }),
    outcomes: args.outcome,
    untilCi: args.untilCi,
    ...(maxSeeds === undefined ? {} : { maxSeeds }),
    ...(maxEvents === undefined ? {} : { maxEvents }),
  };
  const name = scenario.simulation.name;
  const dir = out ?? path.join("reports", shard === undefined ? `${name}-sweep` : `${name}-sweep-shards`);
  // Before running: a place the files cannot go fails at once, with nothing run or written.
  const staged = shard === undefined ? stageSweepFolder(dir) : null;
  if (shard !== undefined) checkPartialFolder(dir);
  const progress = createProgress(args.progress && !args.quiet, `${name} sweep`);
  options.onProgress = (done, planned) => progress.update(done / planned);
  try {
    if (shard !== undefined) {
      const partial = await translated(() => sweepShard(points, shard, options));
      progress.stop();
      printWarnings(ctx, fresh(partial.warnings));
      const file = writePartialFile(dir, partial);
      ctx.out(
        `shard ${shard.index}/${shard.count}: ${partial.runs.length} run(s) written to ${path.join(dir, file)}\n`,
      );
      return 0;
    }
    const result = await translated(() => sweep(points, options));
    progress.stop();
    printWarnings(ctx, fresh(result.warnings));
    writeSweepInto(staged!, result.report, result.table);
    if (!args.quiet) ctx.out(renderSweep(result.report));
    ctx.out(`sweep written to ${dir}/\n`);
    return 0;
  } finally {
    staged?.abort();
    progress.stop();
  }
}

export async function cmdMerge(
  ctx: SweepCommandContext,
  dirs: readonly string[],
  outRaw: unknown,
  quiet: boolean,
): Promise<number> {
  const out = folder("out", outRaw);
  const { report, table, warnings } = await translated(async () => mergePartials(dirs.flatMap(readPartials)));
  printWarnings(ctx, warnings);
  const dir = out ?? path.join("reports", `${report.scenario.name}-sweep`);
  writeSweepInto(stageSweepFolder(dir), report, table);
  if (!quiet) ctx.out(renderSweep(report));
  ctx.out(`sweep written to ${dir}/\n`);
  return 0;
}

/** What `sim compare` was given, when a sweep is among it. */
export interface SweepCompareArgs {
  base: string;
  /** Undefined: two grid points of `base`, named by `points`. */
  candidate: string | undefined;
  /** `--points BASE,CANDIDATE`, or undefined. */
  points: string | undefined;
  thresholds: readonly Threshold[];
  strict: boolean;
  /** `--format md`: markdown for a pull-request comment. */
  format: "text" | "md";
  /** `--all`: list metrics without a difference too. */
  all: boolean;
}

/**
 * True when `sim compare` compares sweeps: a side is a sweep (folder with sweep.json, or that
 * file), or `--points` is given. A sweep beside a report is refused: their numbers differ in kind.
 */
export function comparesSweeps(
  base: string,
  candidate: string | undefined,
  points: string | undefined,
): boolean {
  const sides = candidate === undefined ? [base] : [base, candidate];
  // A path that does not exist takes the other side's kind, so that side's reader names it.
  const kinds = sides.map(isSweepPath);
  if (kinds.some((k) => k) && kinds.some((k, i) => !k && existsSync(sides[i]!))) {
    const sweepSide = sides[kinds.indexOf(true)]!;
    const reportSide = sides.find((side, i) => !kinds[i] && existsSync(side))!;
    throw new UserError(
      `${sweepSide} is a sweep and ${reportSide} is not: compare a sweep with a sweep (sweep.json or its folder), or a report with a report`,
    );
  }
  if (kinds.some((k) => k)) return true;
  if (points !== undefined || candidate === undefined)
    throw new UserError(
      candidate === undefined
        ? `${base} is not a sweep: sim compare needs two reports, or one sweep with --points BASE,CANDIDATE`
        : "--points: names grid points of sweeps, and neither side is a sweep (a folder with sweep.json)",
    );
  return false;
}

/** `--points BASE,CANDIDATE` as its two ids. */
function pointIds(raw: string | undefined): [string, string] | undefined {
  if (raw === undefined) return undefined;
  const m = /^\s*([^,\s]+)\s*,\s*([^,\s]+)\s*$/.exec(raw);
  if (m === null)
    throw new UserError(`--points: expected BASE,CANDIDATE such as p0,p3, got ${JSON.stringify(raw)}`);
  return [m[1]!, m[2]!];
}

/** `sim compare` of sweeps: prints the table; 1 when a threshold is breached. */
export async function cmdCompareSweeps(
  ctx: Pick<SweepCommandContext, "out">,
  args: SweepCompareArgs,
): Promise<number> {
  const ids = pointIds(args.points);
  if (args.candidate === undefined && ids === undefined)
    throw new UserError(
      `to compare two grid points of ${args.base}, name them: --points BASE,CANDIDATE (e.g. p0,p1)`,
    );
  const comparison = await translated(async () => {
    const base = readSweep(args.base);
    const cand = args.candidate === undefined ? base : readSweep(args.candidate);
    const candName = args.candidate ?? args.base;
    return compareSweeps(
      sweepSide(args.base, base.report, base.runs, ids?.[0]),
      sweepSide(candName, cand.report, cand.runs, ids?.[1]),
      args.thresholds,
      args.strict,
    );
  });
  ctx.out(
    args.format === "md"
      ? renderSweepComparisonMarkdown(comparison, { all: args.all })
      : renderSweepComparison(comparison, { all: args.all }),
  );
  return comparison.exitCode;
}
