/**
 * Statistics of a sweep: summaries of a metric over runs, the Student t quantile behind the 95%
 * confidence interval of a mean, and the Wilson score interval of a proportion. Pure functions of
 * their arguments; summing goes in the order given, so the same values in the same order give
 * the same digits.
 */
import { normalQuantile } from "../rand/distributions.js";
import { quantile } from "../report/metrics.js";

/** A metric over the runs of one grid point that had a value for it. */
export interface MetricSummary {
  /** Runs with a value (a metric with no data in a run, such as a p99 of no Jobs, is left out). */
  n: number;
  mean: number | null;
  /** Sample standard deviation (divisor n - 1); null below two values. */
  sd: number | null;
  min: number | null;
  /** Nearest-rank quantiles, as the report's: the smallest value with at least p of them at or below it. */
  p5: number | null;
  p50: number | null;
  p95: number | null;
  max: number | null;
  /** 95% confidence interval of the mean, mean ± t(0.975, n - 1) sd / sqrt(n); null below two values. */
  ci95: [number, number] | null;
}

/** A proportion of runs: how many of `n` met an outcome, and its 95% Wilson score interval. */
export interface ProportionSummary {
  n: number;
  count: number;
  /** count / n; null when n is 0. */
  p: number | null;
  ci95: [number, number] | null;
}

/** z with P(Z <= z) = 0.975 for a standard normal Z. */
const Z_975 = normalQuantile(0.975);

/** Summarize `values` (no nulls: the caller leaves out runs without a value). */
export function summarize(values: readonly number[]): MetricSummary {
  const n = values.length;
  if (n === 0) {
    return { n, mean: null, sd: null, min: null, p5: null, p50: null, p95: null, max: null, ci95: null };
  }
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  // A mean of identical values is that value, not a neighbour of it by rounding.
  const mean = min === max ? min : sum / n;
  let squares = 0;
  for (const v of values) squares += (v - mean) * (v - mean);
  const sd = n > 1 ? Math.sqrt(squares / (n - 1)) : null;
  const half = sd === null ? null : (tQuantile(0.975, n - 1) * sd) / Math.sqrt(n);
  return {
    n,
    mean,
    sd,
    min,
    p5: quantile(values, 0.05),
    p50: quantile(values, 0.5),
    p95: quantile(values, 0.95),
    max,
    ci95: half === null ? null : [mean - half, mean + half],
  };
}

/** Half the width of a confidence interval; Infinity when there is none. */
export function halfWidth(ci: readonly [number, number] | null): number {
  return ci === null ? Number.POSITIVE_INFINITY : (ci[1] - ci[0]) / 2;
}

/**
 * The Wilson score interval (Wilson 1927) of `count` successes in `n` trials at 95%:
 * (p + z²/2n ± z sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n). Unlike p ± z sqrt(p(1-p)/n) it stays
 * inside [0, 1] and is not empty at 0 or n successes.
 */
export function wilsonInterval(count: number, n: number, z: number = Z_975): [number, number] | null {
  if (n === 0) return null;
  const p = count / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At 0 and n successes the bounds are exactly 0 and 1 (center equals half); rounding could miss them.
  const lo = count === 0 ? 0 : Math.max(0, center - half);
  const hi = count === n ? 1 : Math.min(1, center + half);
  return [lo, hi];
}

/** {@link ProportionSummary} of `count` out of `n`. */
export function proportion(count: number, n: number): ProportionSummary {
  return { n, count, p: n === 0 ? null : count / n, ci95: wilsonInterval(count, n) };
}

// ---------------------------------------------------------------------------------------------
// Student's t distribution
// ---------------------------------------------------------------------------------------------

/** Lanczos coefficients (g = 7, 9 terms), as published by Godfrey; about 15 digits. */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
] as const;

/** ln Γ(x) for x > 0 (the Lanczos approximation, with the reflection formula below 1/2). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const y = x - 1;
  let a = LANCZOS[0];
  const t = y + 7.5;
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i]! / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * The regularized incomplete beta function I_x(a, b), from its continued fraction evaluated by
 * the modified Lentz method; the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) keeps x on the side
 * where the fraction converges fast.
 */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  const front =
    Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x)) / a;
  const tiny = 1e-300;
  let f = 1;
  let c = 1;
  let d = 0;
  for (let i = 0; i <= 400; i++) {
    const m = Math.floor(i / 2);
    let numerator: number;
    if (i === 0) numerator = 1;
    else if (i % 2 === 0) numerator = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    else numerator = -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 + numerator * d;
    d = Math.abs(d) < tiny ? tiny : d;
    d = 1 / d;
    c = 1 + numerator / c;
    c = Math.abs(c) < tiny ? tiny : c;
    const step = c * d;
    f *= step;
    if (Math.abs(1 - step) < 1e-15) break;
  }
  return front * (f - 1);
}

/** P(T <= t) for Student's t with `df` degrees of freedom. */
export function tCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The density of Student's t with `df` degrees of freedom. */
function tDensity(t: number, df: number): number {
  const log =
    logGamma((df + 1) / 2) -
    logGamma(df / 2) -
    0.5 * Math.log(df * Math.PI) -
    ((df + 1) / 2) * Math.log1p((t * t) / df);
  return Math.exp(log);
}

/**
 * The p-quantile of Student's t with `df` >= 1 degrees of freedom: closed forms for 1 and 2
 * degrees, else Newton's method on {@link tCdf} from the normal quantile (the t quantile is
 * farther out, and the CDF is concave there, so the steps approach it from one side).
 */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df >= 1)) {
    if (p === 0) return Number.NEGATIVE_INFINITY;
    if (p === 1) return Number.POSITIVE_INFINITY;
    return Number.NaN;
  }
  if (p < 0.5) return -tQuantile(1 - p, df);
  if (p === 0.5) return 0;
  if (df === 1) return Math.tan(Math.PI * (p - 0.5));
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  let t = normalQuantile(p);
  for (let i = 0; i < 100; i++) {
    const step = (tCdf(t, df) - p) / tDensity(t, df);
    t -= step;
    if (Math.abs(step) <= 1e-14 * Math.max(1, Math.abs(t))) break;
  }
  return t;
}
