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
 * zero, so `+N%` over a base of 0 is breached by any growth. A metric whose value is `null` (no
 * data, e.g. the p99 of no Jobs) cannot be judged: its check is `unevaluated`, not a breach.
 */
import { UserError } from "../cli/user-error.js";
import { parseDuration } from "../engine/time.js";
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
  readonly status: "held" | "breached" | "unevaluated";
  /** The value the candidate was held against (`null` when unevaluated). */
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
const SECONDS_PREFIXES = ["duration.", "wait.", "podSeconds.", "cronjobs.startDelay."];

/** True for metrics measured in seconds, which accept duration limits such as `+30s`. */
export function isSecondsMetric(metric: string): boolean {
  return SECONDS_PREFIXES.some((p) => metric.startsWith(p)) || /Seconds$/.test(metric);
}

/** Parse `METRIC=LIMIT`; throws {@link UserError} with an example when malformed. */
export function parseThreshold(text: string): Threshold {
  const eq = text.indexOf("=");
  const metric = eq < 0 ? "" : text.slice(0, eq).trim();
  const limit = eq < 0 ? "" : text.slice(eq + 1).trim();
  const fail = (why: string): never => {
    throw new UserError(`invalid threshold "${text}": ${why}; ${EXAMPLES}`);
  };
  if (metric === "" || limit === "") return fail("expected METRIC=LIMIT");
  if (/\s|=/.test(metric)) fail(`"${metric}" is not a metric name`);
  const numeric = NUMBER_LIMIT.exec(limit);
  if (numeric) {
    const [, sign, digits, percent] = numeric;
    if (sign === "" && percent !== "") {
      fail(`a percentage needs a sign: +${digits}% bounds growth, -${digits}% bounds a drop`);
    }
    return make(text, metric, sign!, Number(digits), percent !== "", false);
  }
  const sign = limit[0] === "+" || limit[0] === "-" ? limit[0] : "";
  const ms = parseDuration(limit.slice(sign.length));
  if (ms === undefined) return fail(`"${limit}" is not a number, percentage or duration`);
  if (!isSecondsMetric(metric)) fail(`a duration limit needs a metric in seconds, and ${metric} is not one`);
  return make(text, metric, sign, ms / 1000, false, true);
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
 * {@link UserError} when a threshold names a metric missing from either report.
 */
export function compareReports(
  base: Report,
  candidate: Report,
  thresholds: readonly Threshold[],
): Comparison {
  const baseValues = new Map(flattenSummary(base.summary));
  const candValues = new Map(flattenSummary(candidate.summary));
  checkPresent(thresholds, baseValues, candValues);
  const checks = thresholds.map((t) => judge(t, baseValues.get(t.metric)!, candValues.get(t.metric)!));
  const names = [...baseValues.keys(), ...[...candValues.keys()].filter((n) => !baseValues.has(n))];
  const rows = names.map((metric): ComparisonRow => {
    const b = baseValues.get(metric);
    const c = candValues.get(metric);
    const mine = checks.filter((k) => k.threshold.metric === metric);
    const both = b !== undefined && b !== null && c !== undefined && c !== null;
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

function checkPresent(thresholds: readonly Threshold[], base: Values, cand: Values): void {
  const problems: string[] = [];
  for (const t of thresholds) {
    const where = [!base.has(t.metric) && "base", !cand.has(t.metric) && "candidate"].filter(Boolean);
    if (where.length === 0) continue;
    const hint = suggest(t.metric, [...new Set([...base.keys(), ...cand.keys()])]);
    problems.push(
      `threshold "${t.text}": metric ${t.metric} is missing from the ${where.join(" and the ")} report` +
        (hint.length > 0 ? ` (did you mean ${hint.join(", ")}?)` : ""),
    );
  }
  if (problems.length > 0) throw new UserError(problems.join("\n"));
}

/** Up to five known metrics that share the first name segment or the last one. */
function suggest(metric: string, known: string[]): string[] {
  const parts = metric.toLowerCase().split(".");
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  return known
    .filter((k) => {
      const kp = k.toLowerCase().split(".");
      return kp[0] === first || kp[kp.length - 1] === last;
    })
    .slice(0, 5);
}

function judge(t: Threshold, base: number | null, cand: number | null): ThresholdCheck {
  const shown = describeAmount(t);
  if (cand === null || (t.kind !== "max" && base === null)) {
    const which = cand === null ? "candidate" : "base";
    return { threshold: t, status: "unevaluated", limit: null, message: `the ${which} has no value for it` };
  }
  if (t.kind === "max") {
    const over = exceeds(cand, t.amount);
    const message = `${fmt(cand)} ${over ? ">" : "<="} ${shown}`;
    return { threshold: t, status: over ? "breached" : "held", limit: t.amount, message };
  }
  const b = base!;
  const step = t.percent ? (Math.abs(b) * t.amount) / 100 : t.amount;
  const limit = normalizeNumber(t.kind === "growth" ? b + step : b - step)!;
  const breached = t.kind === "growth" ? exceeds(cand, limit) : exceeds(limit, cand);
  const op = t.kind === "growth" ? (breached ? ">" : "<=") : breached ? "<" : ">=";
  const message = `${fmt(cand)} ${op} ${fmt(b)} ${t.kind === "growth" ? "+" : "-"} ${shown} = ${fmt(limit)}`;
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
