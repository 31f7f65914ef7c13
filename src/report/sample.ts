/**
 * A growing sample of numbers for the summary's exact nearest-rank quantiles. Simulated
 * durations repeat (a CronJob's Jobs all run their 20 s; pods wait the same few milliseconds),
 * so the sample first keeps a count per distinct value: a year of a per-minute CronJob is
 * then a handful of entries instead of 525,600 values. Past `maxDistinct` distinct values it
 * holds every value instead, in fixed-size Float64Array chunks: 8 bytes a value, with no
 * growth slack and nothing for the garbage collector to trace.
 */
const CHUNK = 4096;
/** Distinct values counted before the sample holds every value instead. */
const MAX_DISTINCT = 1024;

/** A sample in ascending order, read by the summary. */
export interface RankedSample {
  readonly length: number;
  /**
   * The p-quantile by the nearest-rank method (the smallest value with at least p of the
   * sample at or below it); null for an empty sample.
   */
  nearestRank(p: number): number | null;
  /** The largest value; null for an empty sample. */
  max(): number | null;
}

export class Sample {
  /** Count per distinct value, while there are at most `maxDistinct` of them; then null. */
  private counts: Map<number, number> | null = new Map();
  private readonly full: Float64Array[] = [];
  private current: Float64Array | null = null;
  private used = 0;
  private count = 0;

  constructor(readonly maxDistinct = MAX_DISTINCT) {}

  get length(): number {
    return this.count;
  }

  push(value: number): void {
    this.count++;
    const counts = this.counts;
    if (counts !== null) {
      const n = counts.get(value);
      if (n !== undefined) {
        counts.set(value, n + 1);
        return;
      }
      if (counts.size < this.maxDistinct) {
        counts.set(value, 1);
        return;
      }
      // Too many distinct values for counts to save anything: hold each value from now on.
      this.counts = null;
      for (const [v, n] of counts) for (let i = 0; i < n; i++) this.append(v);
    }
    this.append(value);
  }

  /** Every value, in ascending order (a new array). */
  sorted(): Float64Array {
    const counts = this.counts;
    const all = new Float64Array(this.count);
    if (counts !== null) {
      let at = 0;
      for (const v of Float64Array.from(counts.keys()).sort()) {
        const n = counts.get(v)!;
        all.fill(v, at, at + n);
        at += n;
      }
      return all;
    }
    this.full.forEach((chunk, i) => {
      all.set(chunk, i * CHUNK);
    });
    if (this.current !== null) all.set(this.current.subarray(0, this.used), this.full.length * CHUNK);
    return all.sort();
  }

  /** The sample sorted, for its quantiles: from the counts alone while there are counts. */
  ranked(): RankedSample {
    const counts = this.counts;
    if (counts === null) return rankedValues(this.sorted());
    const values = Float64Array.from(counts.keys()).sort();
    // ends[i]: how many values are at or below values[i].
    const ends = new Float64Array(values.length);
    let end = 0;
    for (let i = 0; i < values.length; i++) {
      end += counts.get(values[i]!)!;
      ends[i] = end;
    }
    return {
      length: end,
      nearestRank(p) {
        if (end === 0) return null;
        const rank = Math.max(1, Math.ceil(p * end));
        let i = 0;
        while (ends[i]! < rank) i++;
        return values[i]!;
      },
      max: () => (values.length === 0 ? null : values[values.length - 1]!),
    };
  }

  private append(value: number): void {
    if (this.current === null || this.used === CHUNK) {
      if (this.current !== null) this.full.push(this.current);
      this.current = new Float64Array(CHUNK);
      this.used = 0;
    }
    this.current[this.used++] = value;
  }
}

/** {@link RankedSample} of values already in ascending order. */
export function rankedValues(sorted: Float64Array): RankedSample {
  return {
    length: sorted.length,
    nearestRank(p) {
      if (sorted.length === 0) return null;
      const rank = Math.max(1, Math.ceil(p * sorted.length));
      return sorted[rank - 1]!;
    },
    max: () => (sorted.length === 0 ? null : sorted[sorted.length - 1]!),
  };
}
