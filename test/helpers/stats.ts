/**
 * Goodness-of-fit helpers for the randomness tests: Kolmogorov–Smirnov against an analytic CDF and
 * Pearson's chi-squared against expected counts. Critical values are fixed numbers, not computed,
 * so that a bug in a quantile function cannot loosen the tests that check it.
 */

/** Options for {@link ksStatistic}. */
export interface KsOptions {
  /**
   * The samples are `round(X)` for a continuous X with the given CDF (integer milliseconds). Then
   * P(S <= k) = cdf(k + 0.5) and P(S < k) = cdf(k - 0.5), and the statistic is computed against
   * that discretized CDF, so rounding never counts as misfit however small the scale.
   * @defaultValue false
   */
  lattice?: boolean;
}

/**
 * The two-sided Kolmogorov–Smirnov statistic D = sup |F_n - F| of samples against `cdf`.
 *
 * Evaluated at each distinct sample value v, on both sides of the jump: with i samples below v and
 * j at or below it, D >= j/n - F(v) and D >= F(v-) - i/n. Ties are therefore handled exactly.
 * For a discrete F the test is conservative (it rejects less often than alpha), never liberal.
 */
export function ksStatistic(
  samples: ArrayLike<number>,
  cdf: (x: number) => number,
  options?: KsOptions,
): number {
  const lattice = options?.lattice ?? false;
  const xs = Float64Array.from(samples).sort();
  const n = xs.length;
  let d = 0;
  let i = 0;
  while (i < n) {
    const v = xs[i]!;
    let j = i;
    while (j < n && xs[j] === v) j++;
    const upper = lattice ? cdf(v + 0.5) : cdf(v);
    const lower = lattice ? cdf(v - 0.5) : upper;
    d = Math.max(d, j / n - upper, lower - i / n);
    i = j;
  }
  return d;
}

/**
 * Asymptotic KS critical value c(alpha)/sqrt(n): c = 1.628 at alpha 0.01, 1.949 at 0.001
 * (sqrt(-ln(alpha/2)/2)); accurate for n in the thousands and beyond.
 */
export function ksCritical(n: number, alpha: 0.01 | 0.001): number {
  const c = alpha === 0.01 ? 1.628 : 1.949;
  return c / Math.sqrt(n);
}

/** Pearson's chi-squared statistic, sum (O - E)^2 / E. Categories with E = 0 must have O = 0. */
export function chiSquared(observed: readonly number[], expected: readonly number[]): number {
  if (observed.length !== expected.length) throw new RangeError("chiSquared: length mismatch");
  let x = 0;
  for (let k = 0; k < observed.length; k++) {
    if (expected[k] === 0) {
      if (observed[k] !== 0) return Number.POSITIVE_INFINITY;
      continue;
    }
    const diff = observed[k]! - expected[k]!;
    x += (diff * diff) / expected[k]!;
  }
  return x;
}

/** Chi-squared of counts against equal expected counts. */
export function chiSquaredUniform(counts: readonly number[]): number {
  let total = 0;
  for (const c of counts) total += c;
  return chiSquared(
    counts,
    counts.map(() => total / counts.length),
  );
}

/**
 * Upper 0.1% points of the chi-squared distribution, by degrees of freedom (standard tables,
 * e.g. NIST/SEMATECH e-Handbook 1.3.6.7.4). A fixed-seed test fails only if the generator or the
 * sampler is wrong, or with probability 0.001 when the seed or algorithm changes.
 */
export const CHI2_CRITICAL_P001: Readonly<Record<number, number>> = {
  1: 10.828,
  2: 13.816,
  3: 16.266,
  4: 18.467,
  5: 20.515,
  6: 22.458,
  9: 27.877,
  99: 148.23,
};

/** The 0.1% chi-squared critical value for `df`, or a thrown error if the table lacks it. */
export function chiSquaredCritical(df: number): number {
  const c = CHI2_CRITICAL_P001[df];
  if (c === undefined) throw new RangeError(`chiSquaredCritical: no tabulated value for df=${df}`);
  return c;
}

/** Two-sided 0.1% normal quantile, for binomial and mean bounds. */
export const Z_P001 = 3.291;

/** Half-width of the two-sided 0.1% band for a Binomial(n, p) count around n*p. */
export function binomialHalfWidth(n: number, p: number): number {
  return Z_P001 * Math.sqrt(n * p * (1 - p));
}

/** Arithmetic mean and sample standard deviation. */
export function meanAndSd(xs: ArrayLike<number>): { mean: number; sd: number } {
  const n = xs.length;
  let m = 0;
  for (let k = 0; k < n; k++) m += xs[k]!;
  m /= n;
  let ss = 0;
  for (let k = 0; k < n; k++) ss += (xs[k]! - m) ** 2;
  return { mean: m, sd: Math.sqrt(ss / (n - 1)) };
}

/** Fill a Float64Array with n values from `draw`. */
export function collect(n: number, draw: () => number): Float64Array {
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = draw();
  return out;
}
