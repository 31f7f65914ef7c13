/**
 * `sim compare` of two sweeps, or of two grid points of one sweep: per summary metric the
 * difference of means with its 95% interval, per outcome the difference of proportions with its
 * interval, and the `--threshold` gates of `sim compare` judged on those intervals.
 *
 * Paired or not: when both sides ran the same seeds (always so for two points of one sweep,
 * which share their seeds), a metric's difference is the mean of its per-seed differences with a
 * t interval on them; otherwise Welch's t interval. A gate is breached only when the whole 95%
 * interval lies beyond its limit (so noise alone does not fail a build), or, with `strict`, when
 * the point estimate does. As with reports, a gate never passes on a missing value, and one
 * whose metric neither side has is a mistake in the command.
 */
import { nearestNames, type Threshold, type ThresholdCheck, TOLERANCE } from "../report/compare.js";
import { normalizeNumber } from "../report/format.js";
import type { RunTable, SweepPointReport, SweepReport } from "./aggregate.js";
import { type Difference, pairedDifference, proportionDifference, welchDifference } from "./difference.js";
import { SweepInputError } from "./errors.js";
import { summarize } from "./stats.js";

/** One side of the comparison: a grid point of a sweep and its runs. */
export interface SweepSide {
  /** How messages name it, e.g. `reports/a-sweep p0`. */
  label: string;
  report: SweepReport;
  point: SweepPointReport;
  /** Per metric of runs.csv: seed -> value (null: no value in that run). */
  values: Map<string, Map<number, number | null>>;
  seeds: number[];
}

/** One metric or outcome of the comparison. */
export interface SweepComparisonRow {
  name: string;
  kind: "metric" | "outcome";
  /** Mean (metric) or proportion (outcome); null without data or when that side lacks it. */
  base: number | null;
  candidate: number | null;
  missingFrom: "base" | "candidate" | null;
  difference: Difference;
  /** The 95% interval of the candidate's own mean (a ceiling gate judges it). */
  candidateCi95: [number, number] | null;
  /** The interval of the difference lies wholly on one side of 0. */
  significant: boolean;
  checks: ThresholdCheck[];
}

export interface SweepComparison {
  base: SweepSide;
  candidate: SweepSide;
  /** Paired by seed: both sides ran exactly the same seeds. */
  paired: boolean;
  strict: boolean;
  rows: SweepComparisonRow[];
  checks: ThresholdCheck[];
  breaches: ThresholdCheck[];
  exitCode: 0 | 1;
}

/** The point `id` of `report` (the only point when `id` is undefined), with its runs. */
export function sweepSide(
  label: string,
  report: SweepReport,
  runs: RunTable,
  id: string | undefined,
): SweepSide {
  const ids = report.points.map((p) => p.id);
  if (id === undefined && report.points.length !== 1)
    throw new SweepInputError(
      `${label} has ${ids.length} grid points (${ids.join(", ")}): choose them with --points BASE,CANDIDATE`,
    );
  const point = id === undefined ? report.points[0] : report.points.find((p) => p.id === id);
  if (point === undefined)
    throw new SweepInputError(`${label} has no grid point ${id} (its points: ${ids.join(", ")})`);
  const values = new Map<string, Map<number, number | null>>(runs.metrics.map((m) => [m, new Map()]));
  const seeds: number[] = [];
  for (const row of runs.rows) {
    if (row.point !== point.id) continue;
    seeds.push(row.seed);
    runs.metrics.forEach((m, c) => {
      values.get(m)?.set(row.seed, row.values[c] ?? null);
    });
  }
  return { label: `${label} ${point.id}`, report, point, values, seeds };
}

function sameSeeds(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length || new Set(a).size !== a.length) return false;
  const other = new Set(b);
  return a.every((s) => other.has(s));
}

function present(values: Map<number, number | null> | undefined): number[] {
  const out: number[] = [];
  if (values !== undefined) for (const v of values.values()) if (v !== null) out.push(v);
  return out;
}

function metricRow(name: string, base: SweepSide, cand: SweepSide, paired: boolean): SweepComparisonRow {
  const b = base.values.get(name);
  const c = cand.values.get(name);
  const bs = summarize(present(b));
  const cs = summarize(present(c));
  let difference: Difference;
  if (b === undefined || c === undefined) {
    difference = { estimate: null, ci95: null, method: paired ? "paired-t" : "welch-t", n: 0 };
  } else if (paired) {
    const diffs: number[] = [];
    for (const seed of base.seeds) {
      const x = b.get(seed) ?? null;
      const y = c.get(seed) ?? null;
      if (x !== null && y !== null) diffs.push(y - x);
    }
    difference = pairedDifference(diffs);
  } else {
    difference = welchDifference(present(b), present(c));
  }
  return row(name, "metric", bs.mean, cs.mean, b, c, difference, cs.ci95);
}

function outcomeRow(name: string, base: SweepSide, cand: SweepSide): SweepComparisonRow {
  const b = base.point.outcomes[name];
  const c = cand.point.outcomes[name];
  const difference =
    b === undefined || c === undefined
      ? { estimate: null, ci95: null, method: "newcombe" as const, n: 0 }
      : proportionDifference(b.count, b.n, c.count, c.n);
  return row(name, "outcome", b?.p ?? null, c?.p ?? null, b, c, difference, c?.ci95 ?? null);
}

function row(
  name: string,
  kind: "metric" | "outcome",
  base: number | null,
  candidate: number | null,
  b: unknown,
  c: unknown,
  difference: Difference,
  candidateCi95: [number, number] | null,
): SweepComparisonRow {
  const ci = difference.ci95;
  return {
    name,
    kind,
    base,
    candidate,
    missingFrom: b === undefined ? "base" : c === undefined ? "candidate" : null,
    difference,
    candidateCi95,
    significant: ci !== null && (ci[0] > 0 || ci[1] < 0),
    checks: [],
  };
}

/** Names of `a` in order, then those only `b` has. */
function union(a: readonly string[], b: readonly string[]): string[] {
  const seen = new Set(a);
  return [...a, ...b.filter((n) => !seen.has(n))];
}

/**
 * Compare `candidate` with `base` and judge `thresholds` (on metric or outcome names). Throws
 * {@link SweepInputError} for a threshold on a name neither side has.
 */
export function compareSweeps(
  base: SweepSide,
  candidate: SweepSide,
  thresholds: readonly Threshold[],
  strict = false,
): SweepComparison {
  const paired = sameSeeds(base.seeds, candidate.seeds);
  const metrics = union([...base.values.keys()], [...candidate.values.keys()]);
  const outcomes = union(Object.keys(base.point.outcomes), Object.keys(candidate.point.outcomes));
  const rows = [
    ...metrics.map((m) => metricRow(m, base, candidate, paired)),
    ...outcomes.map((o) => outcomeRow(o, base, candidate)),
  ];
  const byName = new Map(rows.map((r) => [r.name, r]));
  const problems = thresholds
    .filter((t) => !byName.has(t.metric))
    .map((t) => {
      const near = nearestNames(t.metric, [...byName.keys()]);
      return `threshold "${t.text}": neither sweep has a metric or outcome ${t.metric}${near.length > 0 ? ` (nearest: ${near.join(", ")})` : ""}`;
    });
  if (problems.length > 0) throw new SweepInputError(problems.join("\n"));
  const checks = thresholds.map((t) => {
    const r = byName.get(t.metric)!;
    const check = judge(t, r, strict);
    r.checks.push(check);
    return check;
  });
  const breaches = checks.filter((k) => k.status === "breached");
  return { base, candidate, paired, strict, rows, checks, breaches, exitCode: breaches.length > 0 ? 1 : 0 };
}

/** `value > limit` beyond float noise. */
function exceeds(value: number, limit: number): boolean {
  return value - limit > TOLERANCE * Math.max(1, Math.abs(value), Math.abs(limit));
}

function fmt(n: number): string {
  return String(normalizeNumber(n));
}

function interval(ci: readonly [number, number]): string {
  return `[${fmt(ci[0])}, ${fmt(ci[1])}]`;
}

function missing(t: Threshold, why: string): ThresholdCheck {
  return {
    threshold: t,
    status: "breached",
    limit: null,
    message: `${why}: a gate never passes on a missing value`,
  };
}

/**
 * A gate on a sweep. `max N`: the candidate's mean against N (its interval wholly above N
 * breaches). `+N`/`+N%`: the difference against N, or N% of the base mean (its interval wholly
 * above breaches). `-N`/`-N%`: the difference against −N (wholly below breaches). With
 * `strict`, the point estimate instead of the interval.
 */
function judge(t: Threshold, r: SweepComparisonRow, strict: boolean): ThresholdCheck {
  if (r.missingFrom !== null) return missing(t, `the ${r.missingFrom} sweep lacks ${t.metric}`);
  if (t.kind === "max") {
    if (r.candidate === null) return missing(t, "the candidate has no value in any run");
    if (strict) {
      const over = exceeds(r.candidate, t.amount);
      const message = `mean ${fmt(r.candidate)} ${over ? ">" : "<="} ${fmt(t.amount)}`;
      return { threshold: t, status: over ? "breached" : "held", limit: t.amount, message };
    }
    if (r.candidateCi95 === null) return missing(t, "the candidate has no interval (fewer than 2 values)");
    const over = exceeds(r.candidateCi95[0], t.amount);
    const message = `mean ${fmt(r.candidate)}, 95% CI ${interval(r.candidateCi95)} ${over ? "lies above" : "does not lie wholly above"} ${fmt(t.amount)}`;
    return { threshold: t, status: over ? "breached" : "held", limit: t.amount, message };
  }
  const d = r.difference;
  if (r.base === null || r.candidate === null)
    return missing(t, `the ${r.base === null ? "base" : "candidate"} has no value in any run`);
  if (d.estimate === null) return missing(t, "no seed has a value on both sides");
  const step = t.percent ? (Math.abs(r.base) * t.amount) / 100 : t.amount;
  const limit = t.kind === "growth" ? step : -step;
  const shown = t.percent
    ? `${fmt(limit)} (${t.kind === "growth" ? "+" : "-"}${fmt(t.amount)}% of ${fmt(r.base)})`
    : fmt(limit);
  const beyond = (v: number) => (t.kind === "growth" ? exceeds(v, limit) : exceeds(limit, v));
  const side = t.kind === "growth" ? "above" : "below";
  if (strict) {
    const breached = beyond(d.estimate);
    const message = `Δ ${fmt(d.estimate)} ${breached ? "is" : "is not"} ${side} ${shown}`;
    return { threshold: t, status: breached ? "breached" : "held", limit, message };
  }
  if (d.ci95 === null) return missing(t, "the difference has no interval (fewer than 2 values)");
  // The whole interval beyond the limit: its nearer end is.
  const breached = beyond(t.kind === "growth" ? d.ci95[0] : d.ci95[1]);
  const message = `Δ ${fmt(d.estimate)}, 95% CI ${interval(d.ci95)} ${breached ? "lies wholly" : "does not lie wholly"} ${side} ${shown}`;
  return { threshold: t, status: breached ? "breached" : "held", limit, message };
}
