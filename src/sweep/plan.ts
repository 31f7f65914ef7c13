/**
 * What a sweep runs: its seeds, the limits on its size, the `--until-ci` targets and the
 * assignment of runs to shards.
 */
import { parseDuration } from "../engine/time.js";
import { isSecondsMetric } from "../report/compare.js";
import { SweepInputError } from "./errors.js";

/** The most runs (grid points × seeds) one sweep holds: each keeps its summary metrics in memory. */
export const MAX_RUNS = 100_000;

/** Seeds of a sweep without `--seeds`, `--seed-range` or the scenario's own default. */
export const DEFAULT_SEEDS = 30;

/** Seeds a `--until-ci` sweep starts with, unless `--seeds` says otherwise. */
export const DEFAULT_INITIAL_SEEDS = 10;

/** `--max-seeds` when `--until-ci` is given without it. */
export const DEFAULT_MAX_SEEDS = 1000;

/** `count` consecutive seeds from `first`. */
export function seedsFrom(first: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => first + i);
}

/** Refuse a seed list that is empty, holds a seed twice or a seed that is not an integer >= 0. */
export function checkSeeds(seeds: readonly number[], points: number): void {
  if (seeds.length === 0) throw new SweepInputError("a sweep needs at least one seed");
  const seen = new Set<number>();
  for (const s of seeds) {
    if (!Number.isSafeInteger(s) || s < 0) throw new SweepInputError(`seed ${s}: expected an integer >= 0`);
    if (seen.has(s)) throw new SweepInputError(`seed ${s} is listed twice`);
    seen.add(s);
  }
  checkRunCount(seeds.length, points);
}

/** Refuse more than {@link MAX_RUNS} runs. */
export function checkRunCount(seeds: number, points: number): void {
  if (seeds * points > MAX_RUNS) {
    throw new SweepInputError(
      `${points} grid point(s) × ${seeds} seeds is ${seeds * points} runs, more than the ${MAX_RUNS} one sweep holds; use fewer seeds, or --shard I/N to split the sweep`,
    );
  }
}

/** A parsed `--until-ci METRIC=HALFWIDTH`. */
export interface CiTarget {
  metric: string;
  /** As given, for messages and sweep.json. */
  text: string;
  /** The half-width wanted: in the metric's unit, or a percentage of |mean| when `relative`. */
  amount: number;
  relative: boolean;
}

/** Parse `METRIC=HALFWIDTH`: a number, a duration for a metric in seconds, or N% of the mean. */
export function parseCiTarget(flag: string): CiTarget {
  const eq = flag.indexOf("=");
  const metric = eq < 0 ? "" : flag.slice(0, eq).trim();
  const width = eq < 0 ? "" : flag.slice(eq + 1).trim();
  const fail = (why: string): never => {
    throw new SweepInputError(
      `--until-ci ${JSON.stringify(flag)}: ${why}; e.g. jobs.failed=0.05, duration.job.p99=30s or duration.job.max=2%`,
    );
  };
  if (metric === "" || width === "") return fail("expected METRIC=HALFWIDTH");
  const number = /^(\d+(?:\.\d+)?|\.\d+)(%?)$/.exec(width);
  let amount: number;
  let relative = false;
  if (number !== null) {
    amount = Number(number[1]);
    relative = number[2] === "%";
  } else {
    const ms = parseDuration(width);
    if (ms === undefined) return fail(`"${width}" is not a number, percentage or duration`);
    if (!isSecondsMetric(metric))
      return fail(`a duration needs a metric in seconds, and ${metric} is not one`);
    amount = ms / 1000;
  }
  if (!(amount > 0) || !Number.isFinite(amount)) return fail("the half-width must be above 0");
  return { metric, text: width, amount, relative };
}

/** Whether a confidence interval of `halfWidth` around `mean` meets `target`. */
export function meetsTarget(target: CiTarget, halfWidth: number, mean: number | null): boolean {
  if (!Number.isFinite(halfWidth) || mean === null) return false;
  const wanted = target.relative ? (target.amount / 100) * Math.abs(mean) : target.amount;
  return halfWidth <= wanted;
}

/** `--shard I/N`: run I (0-based, as JOB_COMPLETION_INDEX) of N. */
export interface Shard {
  index: number;
  count: number;
}

/** The most shards a sweep splits into. */
export const MAX_SHARDS = 10_000;

/**
 * Parse `I/N` (0 <= I < N), or `auto/N`, which takes I from `completionIndex` (the Indexed Job's
 * JOB_COMPLETION_INDEX environment variable).
 */
export function parseShard(text: string, completionIndex: string | undefined): Shard {
  const m = /^(\d+|auto)\/(\d+)$/.exec(text.trim());
  const usage = "expected I/N with 0 <= I < N (e.g. 0/4), or auto/N to read JOB_COMPLETION_INDEX";
  if (m === null) throw new SweepInputError(`--shard ${JSON.stringify(text)}: ${usage}`);
  const count = Number(m[2]);
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_SHARDS) {
    throw new SweepInputError(`--shard ${text}: N must be between 1 and ${MAX_SHARDS}`);
  }
  let indexText = m[1]!;
  if (indexText === "auto") {
    if (completionIndex === undefined || !/^\d+$/.test(completionIndex)) {
      throw new SweepInputError(
        `--shard ${text}: JOB_COMPLETION_INDEX is ${completionIndex === undefined ? "not set" : "not an integer"}; auto/N runs as a pod of an Indexed Job`,
      );
    }
    indexText = completionIndex;
  }
  const index = Number(indexText);
  if (!(index < count)) {
    throw new SweepInputError(
      `--shard ${text}: shard ${indexText} does not exist: shards of ${count} are numbered 0 to ${count - 1}`,
    );
  }
  return { index, count };
}

/**
 * Whether run `runIndex` belongs to `shard`. Runs are numbered in canonical order (grid point,
 * then seed: run = point × seeds + seed position), and shard I takes every run whose number is
 * I modulo N, so each shard gets a share of every grid point.
 */
export function inShard(runIndex: number, shard: Shard): boolean {
  return runIndex % shard.count === shard.index;
}
