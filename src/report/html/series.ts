/**
 * Time series on a fixed grid of buckets over the horizon, built at write time so the page holds
 * a few thousand numbers rather than recomputing them from every pod. A level (pods running) is
 * the time-weighted mean over each bucket; a count (pods failed) is the number of instants in it.
 */

/** Buckets per series: fine enough for a 1,000-pixel chart, small enough to embed. */
export const SERIES_BUCKETS = 600;

/** Time-weighted means of a sum of intervals, each contributing 1 while it lasts. */
export class LevelSeries {
  /** Area (value x ms) inside each bucket from interval ends, plus a running difference for whole buckets. */
  private readonly area: Float64Array;
  private readonly whole: Float64Array;

  constructor(
    private readonly start: number,
    private readonly width: number,
    private readonly buckets: number,
  ) {
    this.area = new Float64Array(buckets);
    this.whole = new Float64Array(buckets + 1);
  }

  /** Add `weight` (1 unless given) over [from, to) (clamped to the grid). */
  add(from: number, to: number, weight = 1): void {
    const end = this.start + this.width * this.buckets;
    const a = Math.max(from, this.start);
    const b = Math.min(to, end);
    if (b <= a) return;
    const i = Math.min(this.buckets - 1, Math.floor((a - this.start) / this.width));
    const j = Math.min(this.buckets - 1, Math.floor((b - this.start) / this.width));
    if (i === j) {
      this.area[i]! += (b - a) * weight;
      return;
    }
    this.area[i]! += (this.start + (i + 1) * this.width - a) * weight;
    this.area[j]! += (b - (this.start + j * this.width)) * weight;
    // Buckets strictly between i and j are covered whole.
    this.whole[i + 1]! += weight;
    this.whole[j]! -= weight;
  }

  /** The mean level in each bucket, rounded to 3 decimals. */
  values(): number[] {
    const out: number[] = [];
    let running = 0;
    for (let k = 0; k < this.buckets; k++) {
      running += this.whole[k]!;
      out.push(round3(running + this.area[k]! / this.width));
    }
    return out;
  }
}

/** How many instants fall in each bucket. */
export class CountSeries {
  private readonly counts: number[];

  constructor(
    private readonly start: number,
    private readonly width: number,
    buckets: number,
  ) {
    this.counts = new Array<number>(buckets).fill(0);
  }

  /** Count one at `t`; instants outside the grid are ignored. */
  add(t: number, n = 1): void {
    const k = Math.floor((t - this.start) / this.width);
    if (k >= 0 && k < this.counts.length) this.counts[k]! += n;
  }

  values(): number[] {
    return [...this.counts];
  }
}

export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** The highest level reached in each bucket by a sum of intervals, each contributing 1 while it lasts. */
export class PeakSeries {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  constructor(
    private readonly start: number,
    private readonly width: number,
    private readonly buckets: number,
  ) {}

  /** Add 1 over [from, to). */
  add(from: number, to: number): void {
    if (to <= from) return;
    this.starts.push(from);
    this.ends.push(to);
  }

  values(): number[] {
    const starts = Float64Array.from(this.starts).sort();
    const ends = Float64Array.from(this.ends).sort();
    const peaks = new Array<number>(this.buckets).fill(0);
    let level = 0;
    let i = 0;
    let j = 0;
    for (let b = 0; b < this.buckets; b++) {
      const bucketEnd = this.start + (b + 1) * this.width;
      let peak = level;
      for (;;) {
        // At a tie an interval ending frees its place before the next one starts.
        const nextEnd = j < ends.length ? ends[j]! : Number.POSITIVE_INFINITY;
        const nextStart = i < starts.length ? starts[i]! : Number.POSITIVE_INFINITY;
        if (Math.min(nextEnd, nextStart) >= bucketEnd) break;
        if (nextEnd <= nextStart) {
          level--;
          j++;
        } else {
          level++;
          i++;
          if (level > peak) peak = level;
        }
      }
      peaks[b] = peak;
    }
    return peaks;
  }
}
