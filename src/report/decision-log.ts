/**
 * What the CronJob controller decided about the instants of one CronJob, kept in parallel typed
 * arrays sorted by instant rather than in Maps: a per-minute CronJob over a year is 525,600
 * instants, and Maps of that size (with boxed-number keys) cost the garbage collector dearly for
 * the whole run. Decisions arrive almost always in instant order, so recording one is an append;
 * reading them back in instant order is a walk with a {@link DecisionCursor}.
 */
import type { SimTime } from "../engine/time.js";

const INITIAL_CAPACITY = 64;

export class DecisionLog {
  #times = new Float64Array(INITIAL_CAPACITY);
  #bits = new Uint8Array(INITIAL_CAPACITY);
  /** When the Job of a created instant was created; NaN when none was recorded. */
  #jobCreatedAt = new Float64Array(INITIAL_CAPACITY);
  #size = 0;

  /** Instants with at least one decision. */
  get size(): number {
    return this.#size;
  }

  /** OR `bits` into the decisions about `t`; `jobCreatedAt` (if given) replaces the one kept. */
  add(t: SimTime, bits: number, jobCreatedAt?: SimTime): void {
    const i = this.#slot(t);
    this.#bits[i]! |= bits;
    if (jobCreatedAt !== undefined) this.#jobCreatedAt[i] = jobCreatedAt;
  }

  /** The instant at position `i` (0 ≤ i < size, in increasing order). */
  timeAt(i: number): SimTime {
    return this.#times[i]!;
  }

  bitsAt(i: number): number {
    return this.#bits[i]!;
  }

  /** When the Job of the instant at `i` was created, or undefined. */
  jobCreatedAtAt(i: number): SimTime | undefined {
    const t = this.#jobCreatedAt[i]!;
    return Number.isNaN(t) ? undefined : t;
  }

  /** Forget the decisions about instants before `t` (once they are listed for good); how many. */
  dropBefore(t: SimTime): number {
    let n = 0;
    while (n < this.#size && this.#times[n]! < t) n++;
    if (n === 0) return 0;
    this.#times.copyWithin(0, n, this.#size);
    this.#bits.copyWithin(0, n, this.#size);
    this.#jobCreatedAt.copyWithin(0, n, this.#size);
    this.#size -= n;
    return n;
  }

  /** The position of `t`, inserted with no decisions when new. */
  #slot(t: SimTime): number {
    const size = this.#size;
    if (size > 0 && this.#times[size - 1] === t) return size - 1;
    let at = size;
    if (size > 0 && this.#times[size - 1]! > t) {
      // Out of order (rare): find the place by binary search.
      let lo = 0;
      let hi = size;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.#times[mid]! < t) lo = mid + 1;
        else hi = mid;
      }
      if (this.#times[lo] === t) return lo;
      at = lo;
    }
    if (size === this.#times.length) this.#grow();
    if (at < size) {
      this.#times.copyWithin(at + 1, at, size);
      this.#bits.copyWithin(at + 1, at, size);
      this.#jobCreatedAt.copyWithin(at + 1, at, size);
    }
    this.#times[at] = t;
    this.#bits[at] = 0;
    this.#jobCreatedAt[at] = Number.NaN;
    this.#size = size + 1;
    return at;
  }

  #grow(): void {
    const capacity = this.#times.length * 2;
    const times = new Float64Array(capacity);
    const bits = new Uint8Array(capacity);
    const jobCreatedAt = new Float64Array(capacity);
    times.set(this.#times);
    bits.set(this.#bits);
    jobCreatedAt.set(this.#jobCreatedAt);
    this.#times = times;
    this.#bits = bits;
    this.#jobCreatedAt = jobCreatedAt;
  }
}

/** Reads a {@link DecisionLog} for increasing instants, without a lookup per instant. */
export class DecisionCursor {
  #next = 0;
  #last = Number.NEGATIVE_INFINITY;

  constructor(private readonly log: DecisionLog) {}

  /** The position of `t` in the log, or -1. Fast when `t` grows from call to call. */
  find(t: SimTime): number {
    const log = this.log;
    if (t < this.#last) this.#next = 0;
    this.#last = t;
    while (this.#next < log.size && log.timeAt(this.#next) < t) this.#next++;
    return this.#next < log.size && log.timeAt(this.#next) === t ? this.#next : -1;
  }
}
