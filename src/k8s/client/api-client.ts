/**
 * One controller's API client (kube-controller-manager builds one per controller, each with its
 * own client-side rate limiter: `--kube-api-qps` 20, `--kube-api-burst` 30), with an optional
 * request latency.
 *
 * How waiting fits a synchronous sync. Upstream a worker goroutine blocks in each call: a write
 * waits for its token, then for the server, and the sync goes on when it returns. Here a sync
 * runs to completion at one instant, so the client keeps the worker's own clock instead: the
 * `cursor`, the time the worker would be at. A call issued by the worker reserves its token at
 * the cursor and returns at `max(cursor, token time) + latency`; the cursor moves there, so the
 * next call is issued only after it (sequential calls, as status writes are). Inside `parallel`
 * (upstream's goroutines: a slow-start batch of creations, a batch of deletions or finalizer
 * patches) every call is issued at the batch's start and the cursor moves to the slowest one's
 * return. A write's effect on the API server is applied when its call returns: at once when
 * that is now (no wait, no latency: today's behaviour exactly, and the common case while the
 * burst lasts), else by an event at that time. The sync's own view is its local copy, as
 * upstream's is; everyone else sees each write when it lands. The worker is busy until its
 * cursor (`busyUntil`): the controller starts the next sync of that key no earlier.
 *
 * Events are sent by client-go's broadcaster goroutine, not by the worker: an event recorded at
 * the cursor passes the correlator and, unless dropped, reserves a token then without moving the
 * cursor; the event itself is recorded at the cursor's time.
 *
 * Reservations are made in the order calls are issued; a call issued earlier in simulated time
 * than the bucket's last reservation (an event after a sync that reserved ahead) is issued at
 * that reservation instead, so refill is never counted twice: callers are served in call order.
 */

import { Priority } from "../../engine/priorities.js";
import type { Simulator } from "../../engine/simulator.js";
import type { SimTime } from "../../engine/time.js";
import { type Distribution, sampleMillis } from "../../rand/distributions.js";
import type { RandomStream } from "../../rand/streams.js";
import { TokenBucket } from "./token-bucket.js";

/** kube-controller-manager's `--kube-api-qps` default. */
export const DEFAULT_API_QPS = 20;
/** kube-controller-manager's `--kube-api-burst` default. */
export const DEFAULT_API_BURST = 30;

/** kube-scheduler's client: its component config's `clientConnection.qps` default. */
export const DEFAULT_SCHEDULER_QPS = 50;
/** kube-scheduler's `clientConnection.burst` default. */
export const DEFAULT_SCHEDULER_BURST = 100;

/** A client's limits: `qps` null is `apiQPS: unlimited`. */
export interface ApiClientLimits {
  qps: number | null;
  burst: number;
  /** Request latency per call; null is none. */
  latency: Distribution | null;
}

/** Float token times are rounded up to the clock's millisecond; this absorbs float noise. */
const ROUND_SLACK = 1e-6;

export class ApiClient {
  /** API calls made, events included. */
  calls = 0;
  /** Calls that found a token at once. */
  unthrottled = 0;
  /** The waits for a token (ms) of the calls that waited, in call order. */
  readonly throttleWaits: number[] = [];
  private readonly bucket: TokenBucket | null;
  private lastReservation = Number.NEGATIVE_INFINITY;
  private cursor: SimTime;
  private inSync = false;
  private batchStart: SimTime | null = null;
  private batchEnd: SimTime = 0;

  constructor(
    readonly name: string,
    private readonly sim: Simulator,
    limits: ApiClientLimits,
    private readonly latencyStream: RandomStream | null,
    private readonly latency: Distribution | null = limits.latency,
  ) {
    this.bucket = limits.qps === null ? null : new TokenBucket(limits.qps, limits.burst, sim.now());
    this.cursor = sim.now();
  }

  /** The worker starts a sync now. */
  startSync(): void {
    this.inSync = true;
    this.cursor = this.sim.now();
  }

  /** The sync returned; the time its worker is free again (its last call's return). */
  endSync(): SimTime {
    this.inSync = false;
    return this.cursor;
  }

  /** The time a call made now by this client's caller is issued. */
  issueTime(): SimTime {
    return this.inSync ? this.cursor : this.sim.now();
  }

  /** Make one call (the worker's when in a sync); returns when it returns. */
  call(): SimTime {
    const issued = this.batchStart ?? this.issueTime();
    const done = this.request(issued);
    if (this.batchStart !== null) this.batchEnd = Math.max(this.batchEnd, done);
    else if (this.inSync) this.cursor = done;
    return done;
  }

  /** Calls made by `calls` run concurrently; the worker goes on when the slowest returns. */
  parallel<T>(calls: () => T): T {
    if (this.batchStart !== null) return calls();
    this.batchStart = this.issueTime();
    this.batchEnd = this.batchStart;
    try {
      return calls();
    } finally {
      if (this.inSync) this.cursor = this.batchEnd;
      this.batchStart = null;
    }
  }

  /** A call the worker does not wait for (an event), issued at `issued`; returns when it returns. */
  request(issued: SimTime): SimTime {
    this.calls++;
    let start = issued;
    if (this.bucket !== null) {
      const at = Math.max(issued, this.lastReservation);
      this.lastReservation = at;
      start = Math.max(issued, Math.ceil(this.bucket.reserve(at) - ROUND_SLACK));
    }
    if (start > issued) this.throttleWaits.push(start - issued);
    else this.unthrottled++;
    if (this.latency === null || this.latencyStream === null) return start;
    return start + Math.max(0, Math.round(sampleMillis(this.latency, this.latencyStream)));
  }

  /** Whether a call returning at `done` has returned already: {@link land} applies it at once. */
  landsNow(done: SimTime): boolean {
    return done <= this.sim.now();
  }

  /** Apply a write's effect when its call returns at `done`: now, or by an event then. */
  land(done: SimTime, effect: () => void): void {
    if (done <= this.sim.now()) effect();
    else this.sim.at(done, Priority.action, effect);
  }
}
