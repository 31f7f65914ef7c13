/**
 * Work-queue Jobs ("fine parallel processing using a work queue"): one shared queue per Job,
 * created with the workload's `items`. Each running pod of the Job takes one item at a time;
 * a pod that finds the queue empty exits 0. A pod that stops while holding an item (a crash,
 * an eviction, a deletion) returns it to the queue, as an un-acked message is redelivered.
 *
 * Item outcomes come from the stream `workqueue/<ns>/<job>/<item>`, so they do not depend on
 * which pod takes the item; a returned item continues its own stream on the next try.
 */

import { ChurnMap } from "../collections/churn-collections.js";
import type { Millis, SimTime } from "../engine/time.js";
import { millisToSeconds } from "../engine/time.js";
import { bernoulli, sampleMillis } from "../rand/distributions.js";
import type { RandomStream, StreamFactory } from "../rand/streams.js";
import type { WorkQueueSpec } from "../scenario/types.js";

/** One pod's view of its Job's queue; reused across the pod's attempts and items. */
export class Worker {
  /** The item held now; -1 when none. */
  item = -1;
  /** Time the held item takes (to its crash point when `crash`). */
  after: Millis = 0;
  /** The held item makes the pod crash after `after`. */
  crash = false;
  /** Items this pod finished. */
  processed = 0;
  rng: RandomStream | null = null;

  constructor(readonly queue: JobWorkItems) {}
}

/** The queue of one Job. */
export class JobWorkItems {
  /** Items finished (acked). */
  processed = 0;
  /** When the last item was finished; null while any is left. */
  drainedAt: SimTime | null = null;
  private nextFresh = 0;
  /** Returned items, taken before fresh ones (redelivered first). */
  private readonly returned: number[] = [];
  /** Streams of returned items, so their next try continues them rather than replaying. */
  private readonly retryStreams = new ChurnMap<number, RandomStream>();

  constructor(
    readonly namespace: string,
    readonly job: string,
    /** The Job's creation: drain time counts from here. */
    readonly createdAt: SimTime,
    readonly spec: WorkQueueSpec,
    private readonly streams: StreamFactory,
  ) {}

  /** Items never finished yet (queued or held). */
  get remaining(): number {
    return this.spec.items - this.processed;
  }

  /**
   * Give `w` the next item, setting its `item`, `after` and `crash`; false when the queue is
   * empty. Draws per try, in this order: failure coin, item time, crash point.
   */
  take(w: Worker): boolean {
    let item: number;
    if (this.returned.length > 0) item = this.returned.pop()!;
    else if (this.nextFresh < this.spec.items) item = this.nextFresh++;
    else return false;
    let rng = this.retryStreams.get(item);
    if (rng !== undefined) this.retryStreams.delete(item);
    else rng = this.streams.get(`workqueue/${this.namespace}/${this.job}/${item}`);
    const crash = bernoulli(this.spec.itemFailure?.probability ?? 0, rng);
    const time = sampleMillis(this.spec.itemDuration, rng);
    const point = rng.next();
    w.item = item;
    w.rng = rng;
    w.crash = crash;
    w.after = crash ? Math.round(time * point) : time;
    return true;
  }

  /** `w` finished its item at `now`. */
  ack(w: Worker, now: SimTime): void {
    if (w.item < 0) return;
    w.item = -1;
    w.rng = null;
    w.processed++;
    this.processed++;
    if (this.processed === this.spec.items) this.drainedAt = now;
  }

  /** `w` stopped before finishing its item: the item goes back to the queue. */
  nack(w: Worker): void {
    if (w.item < 0) return;
    this.returned.push(w.item);
    if (w.rng !== null) this.retryStreams.set(w.item, w.rng);
    w.item = -1;
    w.rng = null;
  }
}

/** The queues of a run, keyed by Job UID, and the workers keyed by pod UID. */
export class WorkItemQueues {
  /** Every queue in creation order. */
  readonly queues: JobWorkItems[] = [];
  private readonly byJob = new ChurnMap<string, JobWorkItems>();
  private readonly workers = new ChurnMap<string, Worker>();

  constructor(private readonly streams: StreamFactory) {}

  /** The worker of pod `podUid`, joining its Job's queue (created on the first pod). */
  join(
    podUid: string,
    job: { uid: string; namespace: string; name: string; createdAt: SimTime },
    spec: WorkQueueSpec,
  ): Worker {
    let w = this.workers.get(podUid);
    if (w !== undefined) return w;
    let q = this.byJob.get(job.uid);
    if (q === undefined) {
      q = new JobWorkItems(job.namespace, job.name, job.createdAt, spec, this.streams);
      this.byJob.set(job.uid, q);
      this.queues.push(q);
    }
    w = new Worker(q);
    this.workers.set(podUid, w);
    return w;
  }

  /** Items pod `podUid` finished, while it is on the node; undefined for other pods. */
  itemsOf(podUid: string): number | undefined {
    return this.workers.get(podUid)?.processed;
  }

  /** The pod left the node: its held item (if any) goes back, and it is forgotten. */
  leave(podUid: string): void {
    const w = this.workers.get(podUid);
    if (w === undefined) return;
    w.queue.nack(w);
    this.workers.delete(podUid);
  }
}

/** Per-Job figures: items, processed, drainSeconds (Job creation → last item; null if not drained). */
export interface WorkQueueFigures {
  items: number;
  processed: number;
  drainSeconds: number | null;
}

/**
 * The `workQueue` summary section: totals over all queues (drainSeconds the longest drain, null
 * when any queue was left undrained), and the same figures per Job under `jobs["<ns>/<name>"]`.
 * Null when the run had no work-queue Job.
 */
export function workQueueSummary(
  queues: readonly JobWorkItems[],
): (WorkQueueFigures & { jobs: Record<string, WorkQueueFigures> }) | null {
  if (queues.length === 0) return null;
  let items = 0;
  let processed = 0;
  let drain: number | null = 0;
  const jobs: Record<string, WorkQueueFigures> = {};
  for (const q of queues) {
    items += q.spec.items;
    processed += q.processed;
    const d = q.drainedAt === null ? null : millisToSeconds(q.drainedAt - q.createdAt);
    drain = d === null || drain === null ? null : Math.max(drain, d);
    jobs[`${q.namespace}/${q.job}`] = { items: q.spec.items, processed: q.processed, drainSeconds: d };
  }
  return { items, processed, drainSeconds: drain, jobs };
}
