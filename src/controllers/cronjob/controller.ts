import type { Simulator } from "../../engine/simulator.js";
import type { SimTime } from "../../engine/time.js";
import type { ApiClient } from "../../k8s/client/api-client.js";
import { BusyKeys } from "../../k8s/client/busy-keys.js";
import type { EventRecorder } from "../../k8s/events.js";
import type { InformerHandlers } from "../../k8s/informer.js";
import { controllerOf } from "../../k8s/owners.js";
import { type QueueKey, type QueueWorkers, RateLimitingQueue } from "../../k8s/rate-limited-queue.js";
import type { ApiStore, WatchType } from "../../k8s/store.js";
import type { CronJob, Job } from "../../k8s/types.js";
import type { ScheduleDecisionCallback } from "./injection.js";
import { StoreCronJobControl, StoreJobControl } from "./store-control.js";
import { type CronJobControllerDeps, requeueAfterCronJobUpdate, syncCronJobKey } from "./sync-cronjob.js";
import { getJobsToBeReconciled } from "./utils.js";

/** client-go DefaultControllerRateLimiter's per-item part: 5 ms doubling to 1000 s. */
const RATE_LIMIT = { base: 5, max: 1_000_000 };

function controllerCronJob(queue: RateLimitingQueue, job: Job): QueueKey | null {
  const ref = controllerOf(job);
  return ref?.kind === "CronJob" ? queue.key(job.metadata.namespace, ref.name) : null;
}

/**
 * The CronJob controller's wiring (upstream `cronjob_controllerv2.go` `ControllerV2`): CronJob
 * and Job events enqueue the CronJob key, a worker runs `syncCronJobKey` and re-queues it after
 * the delay the sync returns (Forget + AddAfter), or rate-limited on error.
 */
export class CronJobController implements InformerHandlers {
  readonly queue: RateLimitingQueue;
  readonly jobControl: StoreJobControl;
  private readonly deps: CronJobControllerDeps;
  private readonly busy = new BusyKeys();

  constructor(
    private readonly sim: Simulator,
    private readonly store: ApiStore,
    recorder: EventRecorder,
    controllerZone: string,
    onScheduleDecision?: ScheduleDecisionCallback,
    /** Instants before this are not reported to `onScheduleDecision` (the simulation's start). */
    reportDecisionsFrom?: SimTime,
    /** `--concurrent-cron-job-syncs` workers and their sync time; null: syncs take no time. */
    workers: QueueWorkers | null = null,
    /** The cronjob-controller's API client; absent: calls are not counted. */
    private readonly client: ApiClient | null = null,
  ) {
    this.queue = new RateLimitingQueue(sim, (key) => this.processKey(key), RATE_LIMIT, workers);
    this.jobControl = new StoreJobControl(store, sim, client);
    this.deps = {
      jobControl: this.jobControl,
      cronJobControl: new StoreCronJobControl(store, sim, client),
      recorder,
      controllerZone,
      ...(onScheduleDecision ? { onScheduleDecision } : {}),
      ...(reportDecisionsFrom === undefined ? {} : { reportDecisionsFrom }),
    };
  }

  /** A fresh process after an outage: the queue is gone, every CronJob is synced (relist). */
  restart(): void {
    this.queue.clear();
    this.busy.clear();
    for (const cj of this.store.listCronJobs())
      this.queue.add(this.queue.key(cj.metadata.namespace, cj.metadata.name));
  }

  onCronJob(type: WatchType, oldObj: CronJob | null, cj: CronJob): void {
    const key = this.queue.key(cj.metadata.namespace, cj.metadata.name);
    if (type !== "MODIFIED" || oldObj === null) {
      this.queue.add(key);
      if (type === "DELETED") this.queue.forgetKey(cj.metadata.namespace, cj.metadata.name);
      return;
    }
    const delay = requeueAfterCronJobUpdate(this.deps, oldObj, cj, this.sim.now());
    if (delay !== null) this.queue.addAfter(key, delay);
  }

  onJob(type: WatchType, oldObj: Job | null, job: Job): void {
    if (
      type === "MODIFIED" &&
      oldObj !== null &&
      oldObj.metadata.resourceVersion === job.metadata.resourceVersion
    ) {
      return;
    }
    const key = controllerCronJob(this.queue, job);
    if (key !== null) this.queue.add(key);
  }

  /**
   * A key's sync starts no earlier than its previous sync's last call returned: upstream's
   * worker blocks in each call, and the queue hands a key to one worker at a time.
   */
  private processKey(key: QueueKey): void {
    this.busy.process(this.queue, key, this.sim.now(), this.client, this.syncKey);
  }

  /** `sync` bound once, so a turn allocates no closure. */
  private readonly syncKey = (key: QueueKey): void => this.sync(key);

  private sync(key: QueueKey): void {
    const cached = this.store.getCronJob(key.namespace, key.name);
    const jobs = cached
      ? getJobsToBeReconciled(cached, this.store.jobsControlledBy(cached.metadata.uid))
      : [];
    const result = syncCronJobKey(this.deps, cached, jobs, this.sim.now());
    if (result.error !== null) {
      this.queue.addRateLimited(key);
      return;
    }
    this.queue.forget(key);
    if (result.requeueAfter !== null) this.queue.addAfter(key, Math.max(0, result.requeueAfter));
  }
}
