/**
 * The 95% confidence interval of a difference candidate − base: of two means, paired by seed
 * (a t interval on the per-seed differences) or unpaired (Welch's t interval), and of two
 * proportions (Newcombe's hybrid score interval). Pure functions of their arguments.
 */
import { summarize, tQuantile, wilsonInterval } from "./stats.js";

/** How a difference was estimated. */
export type DifferenceMethod = "paired-t" | "welch-t" | "newcombe";

/** A difference candidate − base with its 95% interval (null when it cannot be estimated). */
export interface Difference {
  /** candidate − base (mean of the per-seed differences when paired); null without data. */
  estimate: number | null;
  ci95: [number, number] | null;
  method: DifferenceMethod;
  /** Pairs used (paired), else the smaller side's count. */
  n: number;
}

/**
 * Paired: `differences[i]` is candidate − base of one seed. With common random numbers (the
 * same seeds on both sides) the noise shared by a seed's two runs cancels, so this interval is
 * narrower than an unpaired one on the same runs.
 */
export function pairedDifference(differences: readonly number[]): Difference {
  const s = summarize(differences);
  return { estimate: s.mean, ci95: s.ci95, method: "paired-t", n: s.n };
}

/**
 * Welch's t interval (Welch 1947) of mean(candidate) − mean(base): the standard error
 * sqrt(s_b²/n_b + s_c²/n_c) and the Welch–Satterthwaite degrees of freedom, which do not assume
 * equal variances. Null below two values on either side.
 */
export function welchDifference(base: readonly number[], candidate: readonly number[]): Difference {
  const b = summarize(base);
  const c = summarize(candidate);
  const n = Math.min(b.n, c.n);
  const estimate = b.mean === null || c.mean === null ? null : c.mean - b.mean;
  if (estimate === null || b.sd === null || c.sd === null) {
    return { estimate, ci95: null, method: "welch-t", n };
  }
  const vb = (b.sd * b.sd) / b.n;
  const vc = (c.sd * c.sd) / c.n;
  const se = Math.sqrt(vb + vc);
  // Both sides constant: the difference is known exactly.
  if (se === 0) return { estimate, ci95: [estimate, estimate], method: "welch-t", n };
  const df = ((vb + vc) * (vb + vc)) / ((vb * vb) / (b.n - 1) + (vc * vc) / (c.n - 1));
  const half = tQuantile(0.975, df) * se;
  return { estimate, ci95: [estimate - half, estimate + half], method: "welch-t", n };
}

/**
 * Newcombe's hybrid score interval of p_c − p_b (Newcombe 1998, "Interval estimation for the
 * difference between independent proportions", Statistics in Medicine 17:873-890, method 10):
 * from the Wilson intervals (l_c, u_c) and (l_b, u_b),
 * [d − sqrt((p_c − l_c)² + (u_b − p_b)²), d + sqrt((u_c − p_c)² + (p_b − l_b)²)]. It stays
 * within [−1, 1] and is not degenerate at 0 or n successes. Runs paired by seed are treated as
 * independent here, which gives an interval no narrower than a paired method's would usually be.
 */
export function proportionDifference(
  baseCount: number,
  baseN: number,
  candidateCount: number,
  candidateN: number,
): Difference {
  const n = Math.min(baseN, candidateN);
  const wb = wilsonInterval(baseCount, baseN);
  const wc = wilsonInterval(candidateCount, candidateN);
  if (wb === null || wc === null) return { estimate: null, ci95: null, method: "newcombe", n };
  const pb = baseCount / baseN;
  const pc = candidateCount / candidateN;
  const d = pc - pb;
  const lo = d - Math.sqrt((pc - wc[0]) ** 2 + (wb[1] - pb) ** 2);
  const hi = d + Math.sqrt((wc[1] - pc) ** 2 + (pb - wb[0]) ** 2);
  return { estimate: d, ci95: [lo, hi], method: "newcombe", n };
}
