/**
 * `sweep()`: run grid points over many seeds and reduce every run to its summary metrics, then
 * to statistics per point. Every point runs the same seeds (common random numbers), so a
 * difference between points is not seed noise. With `untilCi`, seeds are added in batches until
 * every point's confidence interval is narrow enough; the decision reads only the results, in
 * canonical order, never the clock.
 */
import { availableParallelism } from "node:os";
import { formatInstant } from "../engine/time.js";
import { nearestNames } from "../report/compare.js";
import { estimateRun } from "../run/estimate.js";
import type { Scenario } from "../scenario/types.js";
import {
  aggregate,
  type RunRecord,
  type RunTable,
  type StoppingReport,
  type SweepConfig,
  type SweepReport,
} from "./aggregate.js";
import { SweepInputError } from "./errors.js";
import {
  absentValue,
  checkOutcomeMetrics,
  isOptionalMetric,
  outcomeDefinitions,
  parseOutcomeFlag,
} from "./outcomes.js";
import { type SweepPartial, toPartial } from "./partial.js";
import {
  type CiTarget,
  checkRunCount,
  checkSeeds,
  DEFAULT_INITIAL_SEEDS,
  DEFAULT_MAX_SEEDS,
  DEFAULT_SEEDS,
  inShard,
  meetsTarget,
  parseCiTarget,
  type Shard,
  seedsFrom,
} from "./plan.js";
import { executeRuns, RunPool, type RunTask, runInThisThread } from "./pool.js";
import type { RunMetrics } from "./run-once.js";
import { halfWidth, summarize } from "./stats.js";
import type { GridPoint } from "./types.js";

export interface SweepOptions {
  /**
   * A count of consecutive seeds from the first point's `spec.seed`, or the seeds themselves.
   * Default {@link DEFAULT_SEEDS} (with `untilCi`, {@link DEFAULT_INITIAL_SEEDS} to start with).
   */
  seeds?: number | readonly number[];
  /**
   * Worker threads; 1 runs everything in this thread. Default: the machine's cores, at most the
   * number of runs and one per {@link EVENTS_PER_WORKER} estimated engine events.
   */
  workers?: number;
  /** `NAME=EXPR` outcomes, after the default ones (outcome-expr.ts). */
  outcomes?: readonly string[];
  /** `METRIC=HALFWIDTH`: add seeds until every point's 95% CI of METRIC is that narrow. */
  untilCi?: readonly string[];
  /** With `untilCi`: the most seeds (default {@link DEFAULT_MAX_SEEDS}). */
  maxSeeds?: number;
  /** Stop any run that needs more engine events (the run fails, naming its point and seed). */
  maxEvents?: number;
  /** Called as runs finish: runs done, and runs planned so far. */
  onProgress?: (done: number, planned: number) => void;
}

export interface SweepResult {
  /** sweep.json */
  report: SweepReport;
  /** runs.csv */
  table: RunTable;
  /** Warnings of the runs, each once, in run order. */
  warnings: string[];
}

/** A scenario as a one-point grid. */
export function singlePoint(scenario: Scenario): GridPoint[] {
  return [{ id: "p0", params: {}, scenario }];
}

function asPoints(input: Scenario | readonly GridPoint[]): readonly GridPoint[] {
  const points = Array.isArray(input) ? (input as readonly GridPoint[]) : singlePoint(input as Scenario);
  if (points.length === 0) throw new SweepInputError("the grid has no points");
  return points;
}

/** What every sweep of these points with these options shares; throws SweepInputError on bad options. */
interface Prepared {
  points: readonly GridPoint[];
  config: SweepConfig;
  targets: CiTarget[];
  maxSeeds: number;
  workers: number;
  /** The first run (point 0, first seed) when names had to be checked against it. */
  probe: RunMetrics | null;
}

function prepare(input: Scenario | readonly GridPoint[], options: SweepOptions): Prepared {
  const points = asPoints(input);
  const base = points[0]!.scenario;
  const targets = (options.untilCi ?? []).map(parseCiTarget);
  const adaptive = targets.length > 0;
  if (options.maxSeeds !== undefined && !adaptive)
    throw new SweepInputError("--max-seeds goes with --until-ci");
  const maxSeeds = options.maxSeeds ?? DEFAULT_MAX_SEEDS;
  const wanted = options.seeds ?? (adaptive ? DEFAULT_INITIAL_SEEDS : DEFAULT_SEEDS);
  if (typeof wanted === "number" && (!Number.isSafeInteger(wanted) || wanted < 1)) {
    throw new SweepInputError(`--seeds: expected a whole number of seeds >= 1, got ${wanted}`);
  }
  const seeds = typeof wanted === "number" ? seedsFrom(base.simulation.seed, wanted) : [...wanted];
  checkSeeds(seeds, points.length);
  if (adaptive) {
    if (!Number.isSafeInteger(maxSeeds) || maxSeeds < 2)
      throw new SweepInputError("--max-seeds: expected 2 or more");
    if (seeds.length > maxSeeds) {
      throw new SweepInputError(
        `--until-ci starts with ${seeds.length} seeds, more than --max-seeds ${maxSeeds}`,
      );
    }
    checkRunCount(maxSeeds, points.length);
  }
  const hasCronJobs = points.some(
    (p) =>
      p.scenario.cronJobs.length > 0 ||
      p.scenario.simulation.actions.some((a) => a.kind === "create" && a.manifest.kind === "CronJob"),
  );
  const outcomes = outcomeDefinitions((options.outcomes ?? []).map(parseOutcomeFlag), hasCronJobs);
  let probe: RunMetrics | null = null;
  if ((options.outcomes ?? []).length > 0 || targets.length > 0) {
    // Metric names are checked against a real run before any other starts.
    probe = runInThisThread(points, { point: 0, seed: seeds[0]! }, options.maxEvents);
    checkOutcomeMetrics(outcomes, probe.names);
    checkTargetMetrics(targets, probe.names);
  }
  const seedCount = adaptive ? maxSeeds : seeds.length;
  const workers = options.workers ?? defaultWorkers(points, seedCount);
  if (!Number.isSafeInteger(workers) || workers < 1)
    throw new SweepInputError("--workers: expected 1 or more");
  const spec = base.simulation;
  const config: SweepConfig = {
    scenario: {
      name: spec.name,
      sha256: base.sha256,
      start: formatInstant(spec.start),
      end: formatInstant(spec.end),
    },
    seeds,
    points: points.map((p) => ({ id: p.id, params: p.params })),
    outcomes,
  };
  return { points, config, targets, maxSeeds, workers, probe };
}

/**
 * Engine events (estimated, estimate.ts) that justify one more worker thread: starting a thread
 * and warming it up costs about as much as simulating this many events, so a sweep of short
 * runs (100 seeds of the quickstart) is faster in one thread than spread over several.
 */
export const EVENTS_PER_WORKER = 200_000;

/**
 * The machine's cores, at most the number of runs and one per {@link EVENTS_PER_WORKER} of
 * estimated work; at least 1. Deterministic, and the files do not depend on it anyway.
 */
export function defaultWorkers(points: readonly GridPoint[], seeds: number): number {
  let events = 0;
  for (const p of points) events += estimateRun(p.scenario).events * seeds;
  const byWork = Math.ceil(events / EVENTS_PER_WORKER);
  return Math.max(1, Math.min(availableParallelism(), points.length * seeds, byWork));
}

function checkTargetMetrics(targets: readonly CiTarget[], known: readonly string[]): void {
  const problems = targets
    .filter((t) => !known.includes(t.metric) && !isOptionalMetric(t.metric))
    .map((t) => {
      const near = nearestNames(t.metric, known);
      return `--until-ci ${t.metric}=${t.text}: no summary metric ${JSON.stringify(t.metric)}${near.length > 0 ? ` (nearest: ${near.join(", ")})` : ""}`;
    });
  if (problems.length > 0) throw new SweepInputError(problems.join("\n"));
}

/**
 * What a sweep keeps of its runs: their metrics, with one shared list of names for runs whose
 * names agree (most do) and no per-run warnings, which are gathered once each, in run order.
 */
class RunKeeper {
  readonly warnings = new Set<string>();
  readonly #lists = new Map<string, string[]>();

  keep(run: RunMetrics): RunMetrics {
    for (const w of run.warnings) this.warnings.add(w);
    const key = run.names.join("\n");
    let names = this.#lists.get(key);
    if (names === undefined) {
      names = run.names;
      this.#lists.set(key, names);
    }
    return { names, values: run.values, warnings: [] };
  }
}

/** The runs of `seeds` for every point, canonical order (point, then seed). */
function tasksFor(points: number, seeds: readonly number[]): RunTask[] {
  const tasks: RunTask[] = [];
  for (let point = 0; point < points; point++) for (const seed of seeds) tasks.push({ point, seed });
  return tasks;
}

/**
 * Run `input` (a scenario, or the points of a grid) over many seeds and summarize every point.
 * Throws SweepInputError for bad options or unknown metric names (before any run but the first),
 * and RunFailedError when a run fails.
 */
export async function sweep(
  input: Scenario | readonly GridPoint[],
  options: SweepOptions = {},
): Promise<SweepResult> {
  const prep = prepare(input, options);
  const { points, config } = prep;
  // results[point] holds that point's runs in seed order.
  const results: RunMetrics[][] = points.map(() => []);
  const keeper = new RunKeeper();
  let seeds: number[] = [];
  let next = config.seeds;
  let stopping: StoppingReport | undefined;
  let done = 0;
  // One pool for every batch: --until-ci's batches reuse its threads.
  const pool = new RunPool(points, {
    workers: prep.workers,
    ...(options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents }),
  });
  try {
    for (;;) {
      const tasks = tasksFor(points.length, next);
      const planned = done + tasks.length;
      const reuse = prep.probe !== null && done === 0 ? 1 : 0;
      const fresh = await pool.run(tasks.slice(reuse), (n) =>
        options.onProgress?.(done + reuse + n, planned),
      );
      const batch = reuse === 1 ? [prep.probe!, ...fresh] : fresh;
      for (const [i, t] of tasks.entries()) results[t.point]!.push(keeper.keep(batch[i]!));
      done = planned;
      seeds = [...seeds, ...next];
      if (prep.targets.length === 0) break;
      const wanted = seedsWanted(results, prep.targets, seeds.length);
      const met = wanted <= seeds.length;
      if (met || seeds.length >= prep.maxSeeds) {
        stopping = {
          untilCi: prep.targets.map((t) => ({ metric: t.metric, halfWidth: t.text })),
          maxSeeds: prep.maxSeeds,
          met,
        };
        break;
      }
      const total = Math.min(prep.maxSeeds, Math.max(seeds.length + 1, Math.min(2 * seeds.length, wanted)));
      next = seedsFrom(seeds[seeds.length - 1]! + 1, total - seeds.length);
      checkSeeds([...seeds, ...next], points.length);
    }
  } finally {
    await pool.close();
  }
  const runs: RunRecord[] = [];
  results.forEach((list, point) => {
    list.forEach((metrics, i) => {
      runs.push({ point, seed: seeds[i]!, metrics });
    });
  });
  const { report, table } = aggregate({ ...config, seeds }, runs, stopping);
  return { report, table, warnings: [...keeper.warnings] };
}

/**
 * The seeds every point needs for every target, estimated from the runs so far (a half-width
 * shrinks as 1 / sqrt(n)); `n` itself when all are met already, Infinity when a metric has no
 * value to estimate from.
 */
function seedsWanted(results: readonly RunMetrics[][], targets: readonly CiTarget[], n: number): number {
  let wanted = n;
  for (const runs of results) {
    for (const t of targets) {
      const values: number[] = [];
      for (const r of runs) {
        const i = r.names.indexOf(t.metric);
        const v = i < 0 ? absentValue(t.metric) : r.values[i]!;
        if (v !== null) values.push(v);
      }
      const s = summarize(values);
      const hw = halfWidth(s.ci95);
      if (meetsTarget(t, hw, s.mean)) continue;
      if (!Number.isFinite(hw) || s.mean === null) return Number.POSITIVE_INFINITY;
      const goal = t.relative ? (t.amount / 100) * Math.abs(s.mean) : t.amount;
      if (goal === 0) return Number.POSITIVE_INFINITY;
      wanted = Math.max(wanted, Math.ceil(n * (hw / goal) ** 2));
    }
  }
  return wanted;
}

/**
 * Run only `shard`'s share of the sweep (see {@link inShard}) and return it as a partial
 * result, which {@link mergePartials} combines with the other shards' into what {@link sweep}
 * returns. `untilCi` cannot be sharded: its stopping decision needs every run.
 */
export async function sweepShard(
  input: Scenario | readonly GridPoint[],
  shard: Shard,
  options: SweepOptions = {},
): Promise<SweepPartial> {
  if ((options.untilCi ?? []).length > 0) {
    throw new SweepInputError(
      "--until-ci cannot be combined with --shard: when to stop depends on every run",
    );
  }
  const prep = prepare(input, options);
  const { points, config } = prep;
  const all = tasksFor(points.length, config.seeds);
  const mine = all.filter((_, i) => inShard(i, shard));
  const reuse = prep.probe !== null && mine.length > 0 && inShard(0, shard) ? 1 : 0;
  const fresh = await executeRuns(points, mine.slice(reuse), {
    workers: Math.min(prep.workers, Math.max(1, mine.length)),
    ...(options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents }),
    onRunDone: (n) => options.onProgress?.(reuse + n, mine.length),
  });
  const metrics = reuse === 1 ? [prep.probe!, ...fresh] : fresh;
  const runs: RunRecord[] = mine.map((t, i) => ({ point: t.point, seed: t.seed, metrics: metrics[i]! }));
  const keeper = new RunKeeper();
  for (const m of metrics) keeper.keep(m);
  return toPartial(config, shard, runs, [...keeper.warnings]);
}
