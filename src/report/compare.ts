/**
 * `sim compare`: every summary metric of two reports side by side, and the `--threshold` gates
 * of docs/report-contract.md.
 *
 * Threshold forms (LIMIT after `METRIC=`):
 * - `N` (or a duration such as `5m` on a seconds-valued metric): breached when candidate > N;
 * - `+N`, `+N%`, `+30s`/`+1m`: breached when candidate − base grows by more than that;
 * - `-N`, `-N%`, `-30s`: breached when base − candidate drops by more than that.
 * The boundary itself holds: `+10%` accepts exactly 10% growth. Comparisons allow a relative
 * float error of {@link TOLERANCE}, so 3 → 3.3 is exactly +10%. A percentage of a zero base is
 * zero, so `+N%` over a base of 0 is breached by any growth.
 *
 * A gate never passes on a missing value: a gated metric that is `null` (no data, e.g. the p99
 * of no succeeded Jobs), not finite (`1e400` reads as Infinity) or absent in either report is
 * breached, with a message saying which. A threshold on a metric neither report has is a
 * mistake in the command ({@link ReportInputError}), named with the nearest metric names.
 */
import { millisToSeconds, parseDuration } from "../engine/time.js";
import { ReportInputError } from "./errors.js";
import { flattenSummary } from "./flatten.js";
import { normalizeNumber } from "./format.js";
import type { Report } from "./types.js";

/** Relative float error allowed when checking a value against a limit. */
export const TOLERANCE = 1e-9;

/** `max`: a ceiling on the candidate; `growth`/`drop`: a bound on the change from the base. */
export type ThresholdKind = "max" | "growth" | "drop";

/** A parsed `--threshold METRIC=LIMIT`. */
export interface Threshold {
  /** The text as given, for messages. */
  readonly text: string;
  readonly metric: string;
  readonly kind: ThresholdKind;
  /** Non-negative: in the metric's unit (seconds for a duration), or a percentage. */
  readonly amount: number;
  readonly percent: boolean;
  /** Given as a duration (`+30s`); only for seconds-valued metrics. */
  readonly duration: boolean;
}

/** The verdict of one threshold. */
export interface ThresholdCheck {
  readonly threshold: Threshold;
  readonly status: "held" | "breached";
  /** The value the candidate was held against (`null` when a value was missing). */
  readonly limit: number | null;
  /** One sentence saying why, e.g. "198 > 180 + 5% = 189". */
  readonly message: string;
}

/** One metric of the comparison. */
export interface ComparisonRow {
  readonly metric: string;
  /** `null` when the base has no data for it, or lacks it (see {@link ComparisonRow.missingFrom}). */
  readonly base: number | null;
  readonly candidate: number | null;
  readonly missingFrom: "base" | "candidate" | null;
  /** candidate − base; `null` when either is null or missing. */
  readonly delta: number | null;
  /** delta / |base| as a fraction (0.1 = +10%); `null` when base is 0, null or missing. */
  readonly relativeDelta: number | null;
  readonly checks: readonly ThresholdCheck[];
  /** The first breached threshold on this metric, if any. */
  readonly breached: Threshold | null;
}

/** The result of {@link compareReports}. */
export interface Comparison {
  /** Base metrics in base order, then candidate-only ones in candidate order. */
  readonly rows: readonly ComparisonRow[];
  /** Every threshold check, in threshold order. */
  readonly checks: readonly ThresholdCheck[];
  readonly breaches: readonly ThresholdCheck[];
  /** 1 when a threshold is breached, else 0 (docs/report-contract.md). */
  readonly exitCode: 0 | 1;
}

const EXAMPLES =
  "for example jobs.failed=0, duration.job.p99=+10%, wait.pod.p99=+30s or throughput.jobsSucceededPerHour=-5%";
const NUMBER_LIMIT = /^([+-]?)(\d+(?:\.\d+)?|\.\d+)(%?)$/;
const SECONDS_PREFIXES = [
  "duration.",
  "wait.",
  "podSeconds.",
  "cronjobs.startDelay.",
  "controlPlane.syncDelay.",
];

/** True for metrics measured in seconds, which accept duration limits such as `+30s`. */
export function isSecondsMetric(metric: string): boolean {
  return SECONDS_PREFIXES.some((p) => metric.startsWith(p)) || /Seconds$/.test(metric);
}

/** Parse `METRIC=LIMIT`; throws {@link ReportInputError} with an example when malformed. */
export function parseThreshold(text: string): Threshold {
  const eq = text.indexOf("=");
  const metric = eq < 0 ? "" : text.slice(0, eq).trim();
  const limit = eq < 0 ? "" : text.slice(eq + 1).trim();
  const fail = (why: string): never => {
    throw new ReportInputError(`invalid threshold "${text}": ${why}; ${EXAMPLES}`);
  };
  if (metric === "" || limit === "") return fail("expected METRIC=LIMIT");
  if (/\s|=/.test(metric)) fail(`"${metric}" is not a metric name`);
  const numeric = NUMBER_LIMIT.exec(limit);
  if (numeric) {
    const [, sign, digits, percent] = numeric;
    if (sign === "" && percent !== "") {
      fail(`a percentage needs a sign: +${digits}% bounds growth, -${digits}% bounds a drop`);
    }
    if (!Number.isFinite(Number(digits))) fail(`"${limit}" is too large a number`);
    return make(text, metric, sign!, Number(digits), percent !== "", false);
  }
  const sign = limit[0] === "+" || limit[0] === "-" ? limit[0] : "";
  const ms = parseDuration(limit.slice(sign.length));
  if (ms === undefined) return fail(`"${limit}" is not a number, percentage or duration`);
  if (!isSecondsMetric(metric)) fail(`a duration limit needs a metric in seconds, and ${metric} is not one`);
  return make(text, metric, sign, millisToSeconds(ms), false, true);
}

function make(
  text: string,
  metric: string,
  sign: string,
  amount: number,
  percent: boolean,
  duration: boolean,
) {
  const kind: ThresholdKind = sign === "+" ? "growth" : sign === "-" ? "drop" : "max";
  return { text, metric, kind, amount, percent, duration } satisfies Threshold;
}

/**
 * Compare every summary metric of `base` and `candidate` and judge `thresholds`. Throws
 * {@link ReportInputError} when a threshold names a metric that neither report has.
 */
export function compareReports(
  base: Report,
  candidate: Report,
  thresholds: readonly Threshold[],
): Comparison {
  const baseValues = new Map(flattenSummary(base.summary));
  const candValues = new Map(flattenSummary(candidate.summary));
  checkPresent(thresholds, baseValues, candValues);
  const checks = thresholds.map((t) => judge(t, baseValues.get(t.metric), candValues.get(t.metric)));
  const names = [...baseValues.keys(), ...[...candValues.keys()].filter((n) => !baseValues.has(n))];
  const rows = names.map((metric): ComparisonRow => {
    const b = baseValues.get(metric);
    const c = candValues.get(metric);
    const mine = checks.filter((k) => k.threshold.metric === metric);
    const both = isUsable(b) && isUsable(c);
    return {
      metric,
      base: b ?? null,
      candidate: c ?? null,
      missingFrom: b === undefined ? "base" : c === undefined ? "candidate" : null,
      delta: both ? normalizeNumber(c - b) : null,
      relativeDelta: both && b !== 0 ? normalizeNumber((c - b) / Math.abs(b)) : null,
      checks: mine,
      breached: mine.find((k) => k.status === "breached")?.threshold ?? null,
    };
  });
  const breaches = checks.filter((k) => k.status === "breached");
  return { rows, checks, breaches, exitCode: breaches.length > 0 ? 1 : 0 };
}

type Values = Map<string, number | null>;

/** A value a gate can judge: present, not null, finite. */
function isUsable(value: number | null | undefined): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

function checkPresent(thresholds: readonly Threshold[], base: Values, cand: Values): void {
  const known = [...new Set([...base.keys(), ...cand.keys()])];
  const problems: string[] = [];
  for (const t of thresholds) {
    if (base.has(t.metric) || cand.has(t.metric)) continue;
    const near = nearestNames(t.metric, known);
    problems.push(
      `threshold "${t.text}": neither report has a metric ${t.metric}` +
        (near.length > 0 ? ` (nearest: ${near.join(", ")})` : ""),
    );
  }
  if (problems.length > 0) throw new ReportInputError(problems.join("\n"));
}

/** The (up to) three names of `known` closest to `metric` by edit distance, ties in report order. */
export function nearestNames(metric: string, known: readonly string[]): string[] {
  const target = metric.toLowerCase();
  return known
    .map((name, index) => ({ name, index, distance: editDistance(target, name.toLowerCase()) }))
    .sort((a, b) => a.distance - b.distance || a.index - b.index)
    .slice(0, 3)
    .map((k) => k.name);
}

/** Levenshtein distance: insertions, deletions and substitutions of one character each. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(substitution, previous[j]! + 1, current[j - 1]! + 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Why a value cannot be judged, or null when it can. */
function whyUnusable(which: "base" | "candidate", value: number | null | undefined): string | null {
  if (value === undefined) return `the ${which} report lacks the metric`;
  if (value === null) return `the ${which} has no value (null)`;
  return Number.isFinite(value) ? null : `the ${which} value is not finite (${value})`;
}

function judge(
  t: Threshold,
  base: number | null | undefined,
  cand: number | null | undefined,
): ThresholdCheck {
  if (!isUsable(base) || !isUsable(cand)) {
    const problems = [whyUnusable("base", base), whyUnusable("candidate", cand)].filter((p) => p !== null);
    const message = `${problems.join(" and ")}: a gate never passes on a missing value`;
    return { threshold: t, status: "breached", limit: null, message };
  }
  const shown = describeAmount(t);
  if (t.kind === "max") {
    const over = exceeds(cand, t.amount);
    const message = `${fmt(cand)} ${over ? ">" : "<="} ${shown}`;
    return { threshold: t, status: over ? "breached" : "held", limit: t.amount, message };
  }
  const step = t.percent ? (Math.abs(base) * t.amount) / 100 : t.amount;
  const raw = t.kind === "growth" ? base + step : base - step;
  const limit = normalizeNumber(raw) ?? raw;
  const breached = t.kind === "growth" ? exceeds(cand, limit) : exceeds(limit, cand);
  const op = t.kind === "growth" ? (breached ? ">" : "<=") : breached ? "<" : ">=";
  const message = `${fmt(cand)} ${op} ${fmt(base)} ${t.kind === "growth" ? "+" : "-"} ${shown} = ${fmt(limit)}`;
  return { threshold: t, status: breached ? "breached" : "held", limit, message };
}

/** `value > limit` beyond float noise. */
function exceeds(value: number, limit: number): boolean {
  return value - limit > TOLERANCE * Math.max(1, Math.abs(value), Math.abs(limit));
}

function fmt(n: number): string {
  return String(normalizeNumber(n));
}

function describeAmount(t: Threshold): string {
  if (t.percent) return `${fmt(t.amount)}%`;
  return t.duration ? `${fmt(t.amount)}s` : fmt(t.amount);
}
