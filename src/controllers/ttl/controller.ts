/**
 * The TTL-after-finished controller (upstream pkg/controller/ttlafterfinished
 * `ttlafterfinished_controller.go` `Controller`): deletes finished Jobs whose
 * `ttlSecondsAfterFinished` has run out, with Foreground propagation so their pods go first.
 */
import type { Simulator } from "../../engine/simulator.js";
import { SECOND, type SimTime } from "../../engine/time.js";
import { StatusError } from "../../k8s/api-errors.js";
import type { ApiClient } from "../../k8s/client/api-client.js";
import { BusyKeys } from "../../k8s/client/busy-keys.js";
import type { InformerHandlers } from "../../k8s/informer.js";
import {
  type QueueKey,
  type QueueWorkers,
  type RateLimit,
  RateLimitingQueue,
} from "../../k8s/rate-limited-queue.js";
import type { ApiStore, WatchType } from "../../k8s/store.js";
import type { Job } from "../../k8s/types.js";
import { needsCleanup, timeLeft } from "./time-left.js";

// ---- Constants, each named after its upstream symbol ----

/**
 * client-go `workqueue.DefaultTypedControllerRateLimiter`'s per-item exponential part
 * (5 ms doubling to 1000 s), the limiter upstream's `New` gives the "ttl_jobs_to_delete" queue.
 * Its overall 10 qps token bucket is not modelled.
 */
export const ttlQueueRateLimit: RateLimit = { base: 5, max: 1000 * SECOND };

/**
 * `metav1.DeletePropagationForeground`, the policy `processJob` deletes with: the garbage
 * collector removes the pods (blockOwnerDeletion) before the Job object.
 */
export const ttlDeletePropagation = "Foreground";

/**
 * Finished Jobs with a TTL are queued by the Job add/update handlers; the worker re-checks the
 * cached Job, then a fresh read, and either deletes it (TTL expired) or re-queues it after the
 * time left. Nothing is kept between syncs but the queue, so a restart only has to relist.
 */
export class TTLAfterFinishedController implements InformerHandlers {
  /** The "ttl_jobs_to_delete" work queue; exposed so an outage can clear it. */
  readonly queue: RateLimitingQueue;
  private readonly busy = new BusyKeys();

  constructor(
    private readonly sim: Simulator,
    private readonly store: ApiStore,
    /** `--concurrent-ttl-after-finished-syncs` workers and their sync time; null: syncs take no time. */
    workers: QueueWorkers | null = null,
    /** The ttl-after-finished-controller's API client; absent: calls take no time. */
    private readonly client: ApiClient | null = null,
  ) {
    this.queue = new RateLimitingQueue(sim, (key) => this.processJob(key), ttlQueueRateLimit, workers);
  }

  /** A fresh process: queue emptied, then every Job offered again, as a new informer's initial list. */
  restart(): void {
    this.queue.clear();
    this.busy.clear();
    for (const job of this.store.listJobs()) this.enqueueIfNeeded(job);
  }

  /** upstream `addJob`/`updateJob` (same filter); there is no delete handler upstream. */
  onJob(type: WatchType, _oldObj: Job | null, job: Job): void {
    if (type === "DELETED") {
      // Not a handler upstream has: it only lets the queue drop the key once it is idle.
      this.queue.forgetKey(job.metadata.namespace, job.metadata.name);
      return;
    }
    this.enqueueIfNeeded(job);
  }

  private enqueueIfNeeded(job: Job): void {
    if (job.metadata.deletionTimestamp === null && needsCleanup(job)) {
      this.queue.add(this.queue.key(job.metadata.namespace, job.metadata.name));
    }
  }

  /** upstream `processNextWorkItem` + `handleErr`: forget on success, rate-limited retry on error. */
  private processJob(key: QueueKey): void {
    // A key whose DELETE has not returned yet is synced again once it has.
    if (!this.busy.ready(this.queue, key, this.sim.now())) return;
    const err = this.syncJob(key);
    if (err === null) this.queue.forget(key);
    else this.queue.addRateLimited(key);
  }

  /** upstream `processJob`. */
  private syncJob(key: QueueKey): Error | null {
    const { namespace, name } = key;
    // Gone already (deleted by someone else, or by us on an earlier pass): nothing to do.
    const cached = this.store.getJob(namespace, name);
    if (cached === undefined) return null;
    const expired = this.processTTL(key, cached);
    if (expired instanceof Error) return expired;
    if (expired === null) return null;

    // upstream re-GETs the Job from the API server because the lister's TTL may be stale. The
    // store is the API server here; the read is kept so the re-check below stays visible.
    // The GET and then the DELETE are calls of the ttl-after-finished-controller's client: the
    // DELETE is sent when the GET returned, and lands when it returns itself.
    const read = this.client?.request(this.sim.now()) ?? this.sim.now();
    const fresh = this.store.getJob(namespace, name);
    if (fresh === undefined) return null;
    const freshExpired = this.processTTL(key, fresh);
    if (freshExpired instanceof Error) return freshExpired;
    if (freshExpired === null) return null;
    const done = this.client?.request(read) ?? read;

    // The UID precondition upstream sends always holds: the GET above and this DELETE happen at
    // one instant with nothing in between.
    if (done > this.sim.now()) {
      this.busy.busyUntil(key, done, this.sim.now());
      this.client?.land(done, () => this.store.deleteJob(namespace, name, ttlDeletePropagation));
      return null;
    }
    const err = this.store.deleteJob(namespace, name, ttlDeletePropagation);
    // NotFound: upstream retries, and the retry ends at the lister's NotFound; same outcome.
    if (err instanceof StatusError && err.reason === "NotFound") return null;
    return err;
  }

  /**
   * upstream `processTTL`: the expiry instant when the TTL has run out; null when the Job is
   * being deleted, needs no cleanup, or is not due yet (then re-queued after the time left).
   */
  private processTTL(key: QueueKey, job: Job): SimTime | null | Error {
    if (job.metadata.deletionTimestamp !== null || !needsCleanup(job)) return null;
    const t = timeLeft(job, this.sim.now());
    if (t instanceof Error) return t;
    if (t.timeLeft <= 0) return t.expireAt;
    this.queue.addAfter(key, t.timeLeft);
    return null;
  }
}
