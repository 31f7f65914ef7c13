import type { Simulator } from "../../engine/simulator.js";
import { StatusError } from "../../k8s/api-errors.js";
import type { ApiClient } from "../../k8s/client/api-client.js";
import { BusyKeys } from "../../k8s/client/busy-keys.js";
import { cloneJobWithStatus, copyJobForStatusSync } from "../../k8s/clone.js";
import type { EventRecorder } from "../../k8s/events.js";
import { ControllerExpectations, UIDTrackingExpectations } from "../../k8s/expectations.js";
import type { FeatureGates } from "../../k8s/feature-gates.js";
import type { InformerHandlers } from "../../k8s/informer.js";
import { controllerOf } from "../../k8s/owners.js";
import type { PodControl } from "../../k8s/pod-control.js";
import { type QueueKey, type QueueWorkers, RateLimitingQueue } from "../../k8s/rate-limited-queue.js";
import type { ApiStore, WatchType } from "../../k8s/store.js";
import type { Job, Pod } from "../../k8s/types.js";
import { JOB_TRACKING_FINALIZER } from "../../k8s/types.js";
import { BackoffStore } from "./backoff.js";
import { isJobFinished } from "./conditions.js";
import { DefaultJobApiBackOff, MaxJobApiBackOff, syncJobBatchPeriod } from "./constants.js";
import type { JobControllerDeps } from "./deps.js";
import { type JobPods, podsForJob } from "./job-pods.js";
import { PodTallies, type PodTally } from "./pod-tally.js";
import { syncJob } from "./sync-job.js";

/**
 * The Job controller's wiring (upstream `job_controller.go` `Controller`): informer handlers
 * enqueue Job keys, immediately or batched by `syncJobBatchPeriod`; a worker runs `syncJob` on
 * a copy of the Job and its pods, then forgets the key or re-queues it (rate-limited on error,
 * or after the delay the sync asked for). In-memory state (expectations, backoff records) is
 * lost when the controller restarts, as upstream's is. Its writes go through the job-controller
 * API client: a sync whose calls wait for tokens keeps its key busy until the last returns.
 */
export class JobController implements InformerHandlers {
  readonly queue: RateLimitingQueue;
  private deps: JobControllerDeps;
  /** Keys whose last sync's calls return later than now: the worker holding them is busy. */
  private readonly busy = new BusyKeys();
  /** Pod counts of the Jobs being synced, kept from the store's pod writes. */
  private readonly tallies = new PodTallies();
  /** The pods of the Job being synced (one sync runs at a time). */
  private readonly jobPods: SyncedJobPods;

  constructor(
    private readonly sim: Simulator,
    private readonly store: ApiStore,
    podControl: PodControl,
    recorder: EventRecorder,
    gates: FeatureGates,
    /** `--concurrent-job-syncs` workers and their sync time; null: syncs take no time. */
    workers: QueueWorkers | null = null,
    /** The job-controller's API client; absent: calls take no time (tests). */
    private readonly client: ApiClient | null = null,
  ) {
    this.queue = new RateLimitingQueue(
      sim,
      (key) => this.processKey(key),
      { base: DefaultJobApiBackOff, max: MaxJobApiBackOff },
      workers,
    );
    store.subscribe(this.tallies);
    this.jobPods = new SyncedJobPods(store, this.tallies);
    this.deps = {
      clock: sim,
      podControl,
      recorder,
      gates,
      expectations: new ControllerExpectations(sim),
      finalizerExpectations: new UIDTrackingExpectations(),
      backoffStore: new BackoffStore(),
      updateJobStatus: (job) => {
        const done = client?.call() ?? sim.now();
        if (client !== null && done > sim.now()) {
          // The write lands later; syncJob goes on changing `job`, so send a copy.
          const sent = cloneJobWithStatus(job, job.status);
          client.land(done, () => store.updateJobStatus(sent));
          return null;
        }
        const result = store.updateJobStatus(job);
        return result instanceof StatusError ? result : null;
      },
    };
  }

  /** A fresh process: empty expectations and backoff records, every Job synced (relist). */
  restart(): void {
    this.queue.clear();
    this.busy.clear();
    this.deps = {
      ...this.deps,
      expectations: new ControllerExpectations(this.sim),
      finalizerExpectations: new UIDTrackingExpectations(),
      backoffStore: new BackoffStore(),
    };
    for (const job of this.store.listJobs())
      this.queue.add(this.queue.key(job.metadata.namespace, job.metadata.name));
  }

  onJob(type: WatchType, oldObj: Job | null, job: Job): void {
    const { namespace, name } = job.metadata;
    const key = this.queue.key(namespace, name);
    if (type === "MODIFIED" && oldObj !== null && oldObj.metadata.generation === job.metadata.generation) {
      this.queue.addAfter(key, syncJobBatchPeriod);
      return;
    }
    this.queue.add(key);
    // Its pods' events came first (the store deletes them before the Job), so nothing asks
    // for this key again.
    if (type === "DELETED") this.queue.forgetKey(namespace, name);
  }

  /** Per-Job state held now (for tests that check finished Jobs release theirs). */
  retainedState(): {
    queueKeys: number;
    expectations: number;
    finalizerExpectations: number;
    backoffRecords: number;
    podTallies: number;
  } {
    return {
      queueKeys: this.queue.cachedKeys,
      expectations: this.deps.expectations.size,
      finalizerExpectations: this.deps.finalizerExpectations?.size ?? 0,
      backoffRecords: this.deps.backoffStore.size,
      podTallies: this.tallies.size,
    };
  }

  private controllerJobKey(pod: Pod): QueueKey | null {
    const ref = controllerOf(pod);
    return ref?.kind === "Job" ? this.queue.key(pod.metadata.namespace, ref.name) : null;
  }

  onPod(type: WatchType, oldObj: Pod | null, pod: Pod): void {
    const queueKey = this.controllerJobKey(pod);
    if (queueKey === null) return;
    const key = queueKey.key;
    const expectations = this.deps.expectations;
    if (type === "ADDED") {
      if (pod.metadata.deletionTimestamp !== null) expectations.deletionObserved(key);
      else expectations.creationObserved(key);
    } else if (type === "MODIFIED") {
      // upstream updatePod: a pod marked for deletion counts as deleted for expectations.
      if (
        oldObj !== null &&
        oldObj.metadata.deletionTimestamp === null &&
        pod.metadata.deletionTimestamp !== null
      ) {
        expectations.deletionObserved(key);
      }
      if (!pod.metadata.finalizers.includes(JOB_TRACKING_FINALIZER)) {
        this.deps.finalizerExpectations?.finalizerRemovalObserved(key, pod.metadata.uid);
      }
    } else {
      this.deps.finalizerExpectations?.finalizerRemovalObserved(key, pod.metadata.uid);
      expectations.deletionObserved(key);
    }
    this.queue.addAfter(queueKey, syncJobBatchPeriod);
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
    const cached = this.store.getJob(key.namespace, key.name);
    // A finished Job is only looked at (syncJob returns at once), so it needs no copy. syncJob
    // writes only the status: the copy shares metadata and spec with the cached object.
    const job = cached && !isJobFinished(cached) ? copyJobForStatusSync(cached) : cached;
    const result = syncJob(this.deps, key.key, job, cached ? this.jobPods.of(cached) : NO_JOB_PODS);
    // A finished Job's syncs change nothing: its key leaves the cache once idle (a later pod
    // event makes an equal one), so 100,000 finished Jobs keep no queue state.
    if (cached !== undefined && job === cached && isJobFinished(cached))
      this.queue.forgetKey(key.namespace, key.name);
    if (result.error !== null) {
      this.queue.addRateLimited(key);
      return;
    }
    this.queue.forget(key);
    if (result.requeueAfter !== null) this.queue.addAfter(key, result.requeueAfter);
  }
}

/** Lists the pods of the Job being synced from the store, and hands out its pod tally. */
class SyncedJobPods implements JobPods {
  private job: Job | null = null;
  private readonly listJob = (): readonly Pod[] => this.list();

  constructor(
    private readonly store: ApiStore,
    private readonly tallies: PodTallies,
  ) {}

  /** This source, for `job`'s sync. */
  of(job: Job): JobPods {
    this.job = job;
    return this;
  }

  list(): readonly Pod[] {
    return podsForJob(this.store, this.job!);
  }

  tally(): PodTally | null {
    const job = this.job!;
    return job.spec.parallelism < TALLY_MIN_PARALLELISM ? null : this.tallies.of(job, this.listJob);
  }
}

/**
 * Jobs this parallel or more keep a pod tally. Keeping one costs about what a sync's walk of
 * fifty-odd pods does (each pod write updates it); measured on 100 Jobs of parallelism 20 a
 * tally cost more than it saved, on one Job of parallelism 1,000 it saved nine tenths of the
 * controller's time. Either way the syncs are the same.
 */
export const TALLY_MIN_PARALLELISM = 64;

/** The pods of a Job that is gone. */
const NO_JOB_PODS: readonly Pod[] = Object.freeze([]);
