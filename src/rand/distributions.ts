/**
 * Pure samplers for the scenario's duration distributions, plus their analytic CDFs and means.
 *
 * Every sampler turns uniform draws from a {@link RandomStream} into a duration by inverse
 * transform, so one draw maps to one value and the mapping is monotone. Draw counts are part of
 * the replay contract (see streams.ts):
 *
 * - every leaf kind (constant included) consumes exactly one draw, so swapping a scenario's
 *   `constant` for a random distribution does not shift the stream's later draws;
 * - `mixture` consumes one draw to choose a component plus that component's draws: the only
 *   variable count (when its components differ in depth).
 *
 * Sampling allocates nothing: no arrays, no objects, no closures.
 *
 * `sampleMillis` returns `min(MAX_DURATION, max(0, round(X)))` where X follows the continuous
 * distribution that {@link cdf} and {@link mean} describe. So for an integer 0 <= k < MAX_DURATION,
 * `P(sample <= k) = cdf(dist, k + 0.5)`, and the sample mean differs from {@link mean} by less than
 * half a millisecond (for the distributions a scenario can hold, the mass beyond MAX_DURATION is
 * far below that).
 *
 * The cap: the loader bounds every parameter (durations, lognormal sigma and Weibull shape by their
 * p99), but the extreme tail of an unbounded distribution still reaches past any bound, up to
 * Infinity for a lognormal. MAX_DURATION is longer than any simulation, so a capped draw ends after
 * the simulation just as the uncapped one would: the cap changes no outcome, and keeps every event
 * time a safe integer.
 *
 * @module
 */
import type { Millis } from "../engine/time.js";
import { MAX_DURATION } from "../engine/time-range.js";
import type { RandomStream } from "./streams.js";

/** A duration distribution; every parameter in milliseconds unless named otherwise. */
export type Distribution =
  | { kind: "constant"; value: Millis }
  | { kind: "uniform"; min: Millis; max: Millis }
  | { kind: "exponential"; mean: Millis }
  | { kind: "normal"; mean: Millis; stddev: Millis }
  /** mu and sigma of the underlying normal, over milliseconds: median = exp(mu). */
  | { kind: "lognormal"; mu: number; sigma: number }
  | { kind: "weibull"; shape: number; scale: Millis }
  | { kind: "shiftedExponential"; min: Millis; mean: Millis }
  /** samples sorted ascending. */
  | { kind: "empirical"; samples: Millis[] }
  | { kind: "mixture"; components: { weight: number; dist: Distribution }[] };

// ---------------------------------------------------------------------------------------------
// The standard normal
// ---------------------------------------------------------------------------------------------

/**
 * Wichura's AS241 (PPND16) coefficients, low order first, each the nearest double to the published
 * 20-digit value; relative accuracy about 1e-16.
 */
const A = [
  3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946, 45921.95393154987,
  67265.7709270087, 33430.57558358813, 2509.0809287301227,
] as const;
const B = [
  1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597, 39307.89580009271,
  28729.085735721943, 5226.495278852854,
] as const;
const C = [
  1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045, 1.2704582524523684,
  0.2417807251774506, 0.022723844989269184, 0.0007745450142783414,
] as const;
const D = [
  1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008, 0.015198666563616457,
  0.0005475938084995345, 1.0507500716444169e-9,
] as const;
const E = [
  6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487, 0.026532189526576124,
  0.0012426609473880784, 0.000027115555687434876, 2.0103343992922881e-7,
] as const;
const F = [
  1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615, 0.0007868691311456133,
  0.000018463183175100548, 1.421511758316446e-7, 2.0442631033899397e-15,
] as const;

/** Degree-7 polynomial, Horner form; unrolled because it runs once per normal sample. */
function poly7(
  c: readonly [number, number, number, number, number, number, number, number],
  x: number,
): number {
  return ((((((c[7] * x + c[6]) * x + c[5]) * x + c[4]) * x + c[3]) * x + c[2]) * x + c[1]) * x + c[0];
}

/**
 * The inverse of the standard normal CDF (Wichura's AS241, about 1e-16 relative accuracy).
 *
 * Other code converts quantiles with it, e.g. a lognormal given by p50 and p99 has
 * `sigma = ln(p99 / p50) / normalQuantile(0.99)`.
 *
 * @param p - a probability; 0 and 1 give -Infinity and +Infinity, anything outside [0, 1] NaN.
 * @returns z such that P(Z <= z) = p for Z ~ N(0, 1).
 * @public
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return Number.NEGATIVE_INFINITY;
    if (p === 1) return Number.POSITIVE_INFINITY;
    return Number.NaN;
  }
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * poly7(A, r)) / poly7(B, r);
  }
  // Tails: r = sqrt(-ln(min(p, 1-p))), which for p near 1 is exact because 1 - p is.
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let z: number;
  if (r <= 5) {
    r -= 1.6;
    z = poly7(C, r) / poly7(D, r);
  } else {
    r -= 5;
    z = poly7(E, r) / poly7(F, r);
  }
  return q < 0 ? -z : z;
}

/**
 * P(Z > x) for x >= 0, by Hart's 1968 rational approximation as given by West (2005),
 * "Better approximations to cumulative normal functions": double-precision accuracy, and computed
 * directly (not as 1 - CDF), so small tail masses keep their relative precision.
 */
function upperTailNonNegative(x: number): number {
  if (x > 37) return 0;
  const e = Math.exp(-0.5 * x * x);
  if (x < 7.07106781186547) {
    let num = 0.0352624965998911 * x + 0.700383064443688;
    num = num * x + 6.37396220353165;
    num = num * x + 33.912866078383;
    num = num * x + 112.079291497871;
    num = num * x + 221.213596169931;
    num = num * x + 220.206867912376;
    let den = 0.0883883476483184 * x + 1.75566716318264;
    den = den * x + 16.064177579207;
    den = den * x + 86.7807322029461;
    den = den * x + 296.564248779674;
    den = den * x + 637.333633378831;
    den = den * x + 793.826512519948;
    den = den * x + 440.413735824752;
    return (e * num) / den;
  }
  return e / (x + 1 / (x + 2 / (x + 3 / (x + 4 / (x + 0.65))))) / 2.506628274631;
}

/**
 * The standard normal CDF, P(Z <= x) (Hart/West): absolute error below 1e-15; relative error in the
 * lower tail grows to about 3e-9 at P = 1e-12, which no sampler depends on.
 * @public
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  return x < 0 ? upperTailNonNegative(-x) : 1 - upperTailNonNegative(x);
}

/** P(Z > x), keeping relative precision in the upper tail. */
function normalSf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  return x >= 0 ? upperTailNonNegative(x) : 1 - upperTailNonNegative(-x);
}

/** Half the 2^-53 grid step of `next()`: stands in for u = 0 so that the normal quantile stays finite. */
const HALF_ULP = 2 ** -54;

/** One standard normal variate from one draw (inverse CDF). */
function standardNormal(rng: RandomStream): number {
  const u = rng.next();
  // u = 0 has probability 2^-53; mapping it to 2^-54 moves that mass by 2^-54, far below any test.
  return normalQuantile(u > 0 ? u : HALF_ULP);
}

// ---------------------------------------------------------------------------------------------
// Sampling
// ---------------------------------------------------------------------------------------------

/** The continuous variate X; {@link sampleMillis} rounds it. */
function sampleContinuous(dist: Distribution, rng: RandomStream): number {
  switch (dist.kind) {
    case "constant":
      rng.skip(); // consumed on purpose: every leaf draws once (module doc)
      return dist.value;
    case "uniform":
      return dist.min + rng.next() * (dist.max - dist.min);
    case "exponential":
      // 1 - u lies in (0, 1], so the log is finite.
      return -dist.mean * Math.log(1 - rng.next());
    case "normal":
      return truncatedNormal(dist.mean, dist.stddev, rng.next());
    case "lognormal":
      return Math.exp(dist.mu + dist.sigma * standardNormal(rng));
    case "weibull":
      return dist.scale * (-Math.log(1 - rng.next())) ** (1 / dist.shape);
    case "shiftedExponential":
      return dist.min - (dist.mean - dist.min) * Math.log(1 - rng.next());
    case "empirical":
      return interpolate(dist.samples, rng.next());
    case "mixture": {
      const cs = dist.components;
      let total = 0;
      for (const c of cs) total += c.weight;
      const target = rng.next() * total;
      let acc = 0;
      for (const c of cs) {
        acc += c.weight;
        if (target < acc) return sampleContinuous(c.dist, rng);
      }
      // Only reached when u * total rounds up to total: take the last component that has weight.
      const last = cs.findLast((c) => c.weight > 0);
      if (last !== undefined) return sampleContinuous(last.dist, rng);
      throw new RangeError("sampleMillis: mixture weights must include a positive weight");
    }
  }
}

/**
 * N(mean, stddev) conditioned on X >= 0, exactly, by inverse CDF on the truncated range.
 *
 * With a = mean/stddev the kept mass is P(Z > -a) = Phi(a). We map u to an upper-tail mass
 * q = (1 - u) * Phi(a) in (0, Phi(a)] and return mean + stddev * z with P(Z > z) = q. Working in
 * the upper tail keeps q > 0 (so z is finite) and keeps precision for long right tails.
 */
function truncatedNormal(mean: number, stddev: number, u: number): number {
  if (stddev <= 0) return Math.max(mean, 0);
  const q = (1 - u) * normalSf(-mean / stddev);
  return mean - stddev * normalQuantile(q);
}

/** Linear interpolation between order statistics at position u * (n - 1). */
function interpolate(sorted: readonly number[], u: number): number {
  const n = sorted.length;
  if (n === 1) return sorted[0]!;
  const pos = u * (n - 1);
  const i = Math.floor(pos);
  // pos < n - 1 because u < 1, so i + 1 is in range.
  return sorted[i]! + (pos - i) * (sorted[i + 1]! - sorted[i]!);
}

/**
 * Draw one duration in whole milliseconds.
 *
 * @param dist - a validated distribution (the scenario loader checks its parameters).
 * @param rng - the stream that owns this decision; see the module doc for how many draws it takes.
 * @returns `min(MAX_DURATION, max(0, round(X)))`, an integer number of milliseconds (module doc).
 * @public
 */
export function sampleMillis(dist: Distribution, rng: RandomStream): number {
  // Math.max also turns -0 (e.g. from -mean * log(1)) into +0.
  return Math.min(MAX_DURATION, Math.max(0, Math.round(sampleContinuous(dist, rng))));
}

/**
 * An exponential waiting time in whole milliseconds: the gap between events of a Poisson process
 * with rate 1/meanMs. One draw. Same value as `sampleMillis({kind: "exponential", mean: meanMs})`,
 * capped at MAX_DURATION the same way.
 * @public
 */
export function exponentialMillis(meanMs: number, rng: RandomStream): number {
  return Math.min(MAX_DURATION, Math.max(0, Math.round(-meanMs * Math.log(1 - rng.next()))));
}

/**
 * True with probability p. Always consumes one draw, also for p = 0 or 1 (see streams.ts).
 * @public
 */
export function bernoulli(p: number, rng: RandomStream): boolean {
  // A draw u in [0, 1) decides nothing when p is 0 or 1: skip it (same later draws).
  if (p <= 0 || p >= 1) {
    rng.skip();
    return p >= 1;
  }
  return rng.next() < p;
}

/**
 * An index chosen with probability proportional to its weight. One draw; no allocation.
 * Zero weights are never chosen.
 * @param weights - non-negative, with a positive, finite sum.
 * @public
 */
export function weightedIndex(weights: readonly number[], rng: RandomStream): number {
  let total = 0;
  for (const w of weights) total += w;
  if (!(total > 0 && total < Number.POSITIVE_INFINITY)) {
    throw new RangeError(`weightedIndex: weights must have a positive finite sum, got ${total}`);
  }
  const target = rng.next() * total;
  let acc = 0;
  for (const [i, w] of weights.entries()) {
    acc += w;
    if (target < acc) return i;
  }
  // Only reached when u * total rounds up to total: take the last index that has weight.
  let last = weights.length - 1;
  while (!((weights[last] ?? 0) > 0)) last--;
  return last;
}

// ---------------------------------------------------------------------------------------------
// Analytic CDF and mean
// ---------------------------------------------------------------------------------------------

/**
 * P(X <= x) for the continuous (unrounded) variate X of `dist`.
 *
 * For the rounded samples of {@link sampleMillis}, P(sample <= k) = cdf(dist, k + 0.5).
 * @public
 */
export function cdf(dist: Distribution, x: number): number {
  switch (dist.kind) {
    case "constant":
      return x >= dist.value ? 1 : 0;
    case "uniform":
      if (x < dist.min) return 0;
      if (x >= dist.max) return 1;
      return (x - dist.min) / (dist.max - dist.min);
    case "exponential":
      return expCdf(x, dist.mean);
    case "normal": {
      const { mean: m, stddev: s } = dist;
      if (s <= 0) return x >= Math.max(m, 0) ? 1 : 0;
      if (x <= 0) return 0;
      // 1 - P(X > x) / P(X > 0), both as upper tails for precision.
      return 1 - normalSf((x - m) / s) / normalSf(-m / s);
    }
    case "lognormal":
      return x <= 0 ? 0 : normalCdf((Math.log(x) - dist.mu) / dist.sigma);
    case "weibull":
      return x <= 0 ? 0 : -Math.expm1(-((x / dist.scale) ** dist.shape));
    case "shiftedExponential":
      return expCdf(x - dist.min, dist.mean - dist.min);
    case "empirical":
      return empiricalCdf(dist.samples, x);
    case "mixture": {
      let total = 0;
      let acc = 0;
      for (const c of dist.components) {
        total += c.weight;
        acc += c.weight * cdf(c.dist, x);
      }
      return acc / total;
    }
  }
}

function expCdf(x: number, mean: number): number {
  if (x < 0) return 0;
  if (mean <= 0) return 1;
  return -Math.expm1(-x / mean);
}

/** Inverts {@link interpolate}: the fraction of positions u*(n-1) whose value is <= x. */
function empiricalCdf(sorted: readonly number[], x: number): number {
  const n = sorted.length;
  if (x < sorted[0]!) return 0;
  if (x >= sorted[n - 1]!) return 1;
  // Last j with sorted[j] <= x; ties resolve to the last copy, so a repeated value is a jump.
  let lo = 0;
  let hi = n - 1; // sorted[lo] <= x < sorted[hi]
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid;
    else hi = mid;
  }
  return (lo + (x - sorted[lo]!) / (sorted[lo + 1]! - sorted[lo]!)) / (n - 1);
}

/**
 * E[X] for the continuous variate X of `dist` (analytic; the rounded samples differ by < 0.5 ms).
 * @public
 */
export function mean(dist: Distribution): number {
  switch (dist.kind) {
    case "constant":
      return dist.value;
    case "uniform":
      return (dist.min + dist.max) / 2;
    case "exponential":
      return dist.mean;
    case "normal": {
      const { mean: m, stddev: s } = dist;
      if (s <= 0) return Math.max(m, 0);
      // Mean of N(m, s) truncated below at 0: m + s * phi(a) / Phi(a), with a = m / s.
      const a = m / s;
      return m + (s * Math.exp(-0.5 * a * a)) / Math.sqrt(2 * Math.PI) / normalSf(-a);
    }
    case "lognormal":
      return Math.exp(dist.mu + (dist.sigma * dist.sigma) / 2);
    case "weibull":
      return dist.scale * gamma(1 + 1 / dist.shape);
    case "shiftedExponential":
      return dist.mean;
    case "empirical": {
      const s = dist.samples;
      if (s.length === 1) return s[0]!;
      // Each of the n-1 segments is equally likely and uniform between its ends.
      let acc = 0;
      for (let i = 0; i + 1 < s.length; i++) acc += (s[i]! + s[i + 1]!) / 2;
      return acc / (s.length - 1);
    }
    case "mixture": {
      let total = 0;
      let acc = 0;
      for (const c of dist.components) {
        total += c.weight;
        acc += c.weight * mean(c.dist);
      }
      return acc / total;
    }
  }
}

/** Lanczos coefficients (g = 7, n = 9); about 1e-15 relative accuracy for x > 0. */
const LANCZOS = [
  0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406,
  12.507343278686905, -0.13857109526572012, 0.000009984369578019572, 1.5056327351493116e-7,
] as const;

/** The gamma function (Lanczos approximation, reflection below 1/2). */
function gamma(x: number): number {
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  const y = x - 1;
  let a = LANCZOS[0];
  for (const [i, c] of LANCZOS.entries()) if (i > 0) a += c / (y + i);
  const t = y + 7.5;
  return Math.sqrt(2 * Math.PI) * t ** (y + 0.5) * Math.exp(-t) * a;
}
