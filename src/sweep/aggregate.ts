/**
 * From the runs of a sweep to its report: the metric columns shared by all runs, each run's
 * values in those columns, and per grid point the statistics of every metric and the proportion
 * of runs meeting every outcome. Runs arrive in canonical order (grid point, then seed, both in
 * sweep order), which alone decides the result: how the runs were spread over workers or shards
 * cannot change a byte.
 */
import { holds } from "./outcome-expr.js";
import { absentValue, type OutcomeDefinition } from "./outcomes.js";
import type { RunMetrics } from "./run-once.js";
import { type MetricSummary, type ProportionSummary, proportion, summarize } from "./stats.js";

/** What a sweep was asked to do; partial results of one sweep share it exactly. */
export interface SweepConfig {
  scenario: SweepScenario;
  seeds: number[];
  points: { id: string; params: Record<string, unknown> }[];
  outcomes: OutcomeDefinition[];
}

/** The scenario a sweep ran, as sweep.json names it (no path: reports never hold one). */
export interface SweepScenario {
  name: string;
  sha256: string;
  start: string;
  end: string;
}

/** One finished run: its grid point (index), seed and summary metrics. */
export interface RunRecord {
  point: number;
  seed: number;
  metrics: RunMetrics;
}

/** How `--until-ci` stopped (sweep.json `stopping`). */
export interface StoppingReport {
  untilCi: { metric: string; halfWidth: string }[];
  maxSeeds: number;
  /** Every target met (false: stopped at maxSeeds). */
  met: boolean;
}

export interface SweepPointReport {
  id: string;
  params: Record<string, unknown>;
  /** Runs of this point. */
  n: number;
  metrics: Record<string, MetricSummary>;
  outcomes: Record<string, ProportionSummary>;
}

/** sweep.json (docs/report-contract.md, "sim sweep"). */
export interface SweepReport {
  apiVersion: "jobsim.dev/v1alpha1";
  kind: "SweepReport";
  scenario: SweepScenario;
  seeds: number[];
  /** Outcome name -> its expression. */
  outcomeExpressions: Record<string, string>;
  stopping?: StoppingReport;
  points: SweepPointReport[];
}

/** runs.csv: the metric columns, and per run its point, seed and values in those columns. */
export interface RunTable {
  metrics: string[];
  rows: { point: string; seed: number; values: (number | null)[] }[];
}

/**
 * The metric names of all runs in one order: each run's names keep their order, and a name
 * first seen in a later run goes right after the name that precedes it there (so a
 * `jobs.failedByReason.<Reason>` seen late still sits among the `jobs.*` metrics).
 */
export function metricColumns(lists: Iterable<readonly string[]>): string[] {
  const order: string[] = [];
  const known = new Set<string>();
  for (const names of lists) {
    let after = -1;
    for (const name of names) {
      if (known.has(name)) {
        after = order.indexOf(name);
        continue;
      }
      order.splice(after + 1, 0, name);
      known.add(name);
      after++;
    }
  }
  return order;
}

/** Every run's values in the order of `columns`, filling metrics a run lacks. */
function fill(runs: readonly RunRecord[], columns: readonly string[]): (number | null)[][] {
  // Runs mostly share one list of names: map each distinct list to the columns once.
  const layouts = new Map<string, Int32Array>();
  return runs.map(({ metrics }) => {
    const key = metrics.names.join("\n");
    let layout = layouts.get(key);
    if (layout === undefined) {
      const at = new Map(metrics.names.map((n, i) => [n, i]));
      layout = Int32Array.from(columns, (c) => at.get(c) ?? -1);
      layouts.set(key, layout);
    }
    const values = new Array<number | null>(columns.length);
    for (let c = 0; c < columns.length; c++) {
      const i = layout[c]!;
      values[c] = i < 0 ? absentValue(columns[c]!) : metrics.values[i]!;
    }
    return values;
  });
}

/** Distinct name lists of `runs`, in run order. */
function distinctLists(runs: readonly RunRecord[]): (readonly string[])[] {
  const seen = new Map<string, readonly string[]>();
  for (const r of runs) {
    const key = r.metrics.names.join("\n");
    if (!seen.has(key)) seen.set(key, r.metrics.names);
  }
  return [...seen.values()];
}

/**
 * The sweep report and runs table of `runs`, which must be in canonical order (every point's
 * runs together, points in grid order, seeds in `config.seeds` order).
 */
export function aggregate(
  config: SweepConfig,
  runs: readonly RunRecord[],
  stopping?: StoppingReport,
): { report: SweepReport; table: RunTable } {
  const columns = metricColumns(distinctLists(runs));
  const values = fill(runs, columns);
  const column = new Map(columns.map((c, i) => [c, i]));
  const points = config.points.map((point, p): SweepPointReport => {
    const rows: (number | null)[][] = [];
    for (let r = 0; r < runs.length; r++) if (runs[r]!.point === p) rows.push(values[r]!);
    const metrics = columns.map((name, c) => {
      const present: number[] = [];
      for (const row of rows) if (row[c] !== null) present.push(row[c]!);
      return [name, summarize(present)] as const;
    });
    const outcomes = config.outcomes.map((o) => {
      let count = 0;
      for (const row of rows) {
        const lookup = (name: string) => {
          const c = column.get(name);
          return c === undefined ? absentValue(name) : row[c]!;
        };
        if (holds(o.expr, lookup)) count++;
      }
      return [o.name, proportion(count, rows.length)] as const;
    });
    return {
      id: point.id,
      params: point.params,
      n: rows.length,
      // fromEntries: a name such as "__proto__" stays an ordinary key.
      metrics: Object.fromEntries(metrics),
      outcomes: Object.fromEntries(outcomes),
    };
  });
  const report: SweepReport = {
    apiVersion: "jobsim.dev/v1alpha1",
    kind: "SweepReport",
    scenario: config.scenario,
    seeds: config.seeds,
    outcomeExpressions: Object.fromEntries(config.outcomes.map((o) => [o.name, o.expression])),
    ...(stopping === undefined ? {} : { stopping }),
    points,
  };
  const table: RunTable = {
    metrics: columns,
    rows: runs.map((r, i) => ({ point: config.points[r.point]!.id, seed: r.seed, values: values[i]! })),
  };
  return { report, table };
}
