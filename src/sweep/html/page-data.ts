/**
 * What the sweep's report.html draws, from sweep.json's report and the runs table: per metric
 * and grid point the statistics and (up to a cap) every run's value, per outcome and point the
 * proportion with its Wilson interval, and the grid's parameters. Metrics that are the same in
 * every run of every point are listed apart: nothing to draw.
 */
import { isSecondsMetric } from "../../report/compare.js";
import type { RunTable, SweepReport } from "../aggregate.js";
import type { MetricSummary, ProportionSummary } from "../stats.js";

/** Runs of a point above which the page draws a metric's box without a dot per run. */
export const MAX_DOTS_PER_POINT = 1000;

export interface SweepPageData {
  scenario: { name: string; sha256: string };
  seeds: { count: number; first: number | null; last: number | null };
  /** Grid parameter paths, in sweep.csv's column order. */
  params: string[];
  points: { id: string; n: number; params: Record<string, unknown> }[];
  metrics: {
    name: string;
    seconds: boolean;
    /** Per point, in point order. */
    stats: MetricSummary[];
    /** Per point, the runs' values (no nulls); null when there were too many runs to draw. */
    values: (number[] | null)[];
  }[];
  /** Metric name -> its one value in every run. */
  constant: [string, number | null][];
  outcomes: { name: string; expression: string; stats: ProportionSummary[] }[];
}

function paramNames(report: SweepReport): string[] {
  const names: string[] = [];
  for (const p of report.points) for (const k of Object.keys(p.params)) if (!names.includes(k)) names.push(k);
  return names;
}

/** The page's data for `report` and its runs. */
export function sweepPageData(report: SweepReport, table: RunTable): SweepPageData {
  const index = new Map(report.points.map((p, i) => [p.id, i]));
  const columns: (number | null)[][][] = table.metrics.map(() => report.points.map(() => []));
  for (const row of table.rows) {
    const p = index.get(row.point);
    if (p === undefined) continue;
    row.values.forEach((v, c) => {
      columns[c]?.[p]?.push(v);
    });
  }
  const metrics: SweepPageData["metrics"] = [];
  const constant: [string, number | null][] = [];
  table.metrics.forEach((name, c) => {
    const perPoint = columns[c] ?? [];
    const all = perPoint.flat();
    const first = all[0] ?? null;
    if (all.every((v) => v === first)) {
      constant.push([name, first]);
      return;
    }
    metrics.push({
      name,
      seconds: isSecondsMetric(name),
      stats: report.points.map((p) => p.metrics[name]!),
      values: perPoint.map((vs) => (vs.length > MAX_DOTS_PER_POINT ? null : vs.filter((v) => v !== null))),
    });
  });
  const outcomes = Object.entries(report.outcomeExpressions).map(([name, expression]) => ({
    name,
    expression,
    stats: report.points.map((p) => p.outcomes[name]!),
  }));
  return {
    scenario: { name: report.scenario.name, sha256: report.scenario.sha256 },
    seeds: {
      count: report.seeds.length,
      first: report.seeds[0] ?? null,
      last: report.seeds[report.seeds.length - 1] ?? null,
    },
    params: paramNames(report),
    points: report.points.map((p) => ({ id: p.id, n: p.n, params: p.params })),
    metrics,
    constant,
    outcomes,
  };
}
