import type { AttemptObserver } from "../cluster/kubelet.js";
import { ChurnMap } from "../collections/churn-collections.js";
import { Reason } from "../controllers/cronjob/constants.js";
import type { Clock } from "../engine/clock.js";
import type { SimTime } from "../engine/time.js";
import { millisToSeconds } from "../engine/time.js";
import type { EventRecorder, EventSubject, EventType } from "../k8s/events.js";
import { controllerOf } from "../k8s/owners.js";
import type { PodRef, StoreListener, WatchType } from "../k8s/store.js";
import type { ContainerStateTerminated, Job, Pod } from "../k8s/types.js";
import { JOB_COMPLETION_INDEX_ANNOTATION } from "../k8s/types.js";
import { SummaryTotals } from "./metrics.js";
import type { EventRecord, JobRecord, PodRecord } from "./records.js";
import { JobRetries } from "./retries.js";

/**
 * Where finished records go in `--summary-only` runs, instead of staying in memory: a record is
 * final when passed, and the sink keeps nothing of it (report/stream.ts writes its CSV line).
 */
export interface RowSinks {
  job(record: JobRecord): void;
  pod(record: PodRecord): void;
  event(record: EventRecord): void;
}

// Plain loops below: onPod runs on every pod write, and closures there showed in profiles.

/** The first container that exited non-zero, else the first container: its termination, if any. */
function reportedTermination(pod: Pod): ContainerStateTerminated | null {
  const statuses = pod.status.containerStatuses;
  for (const c of statuses)
    if (c.state.terminated && c.state.terminated.exitCode !== 0) return c.state.terminated;
  return statuses[0]?.state.terminated ?? null;
}

/**
 * A pod's record while the pod is stored: kept on the store's slot (`PodRef.reportEntry`), so a
 * pod write finds it without a lookup by UID, and in the recorder's list of live pods at `at`.
 */
interface LivePod {
  readonly record: PodRecord;
  readonly uid: string;
  at: number;
}

/** Holes the live list tolerates before compacting, on top of its entries (amortised O(1)). */
const LIVE_HOLES_FLOOR = 64;

function hasTrueCondition(pod: Pod, type: string): boolean {
  for (const c of pod.status.conditions) if (c.type === type && c.status === "True") return true;
  return false;
}

/**
 * Watches the store (directly, with no informer lag), the kubelet's attempts and the
 * controllers' events, and keeps what the report needs. Records survive the objects: a Job
 * deleted by TTL is still reported, with its `deletedAt`.
 *
 * A record is final when its object is deleted, or at the end of the run; it is then folded
 * into `totals`. Without sinks every record is also kept for report.json; with sinks its row is
 * written out and the record dropped, so memory follows the live objects, not the history.
 */
export class ReportRecorder implements StoreListener, AttemptObserver, EventRecorder {
  /** Every Job record in creation order (kept only without sinks). */
  readonly jobs: JobRecord[] = [];
  /** Every pod record in creation order (kept only without sinks). */
  readonly pods: PodRecord[] = [];
  /** Every event in emission order (kept only without sinks). */
  readonly events: EventRecord[] = [];
  readonly totals = new SummaryTotals();
  /** TooManyMissedTimes warnings so far (the summary's `cronjobs.tooManyMissed`). */
  tooManyMissedTimesEvents = 0;
  private readonly liveJobs = new ChurnMap<string, JobRecord>();
  /**
   * The stored pods' records in creation order, with holes where pods left (compacted when holes
   * outnumber entries): the order of a map by UID, which `finish` keeps.
   */
  private livePods: (LivePod | null)[] = [];
  private livePodCount = 0;
  /** Items a work-queue pod (by UID) finished, while it is on the node; run.ts sets it. */
  podItems: ((podUid: string) => number | undefined) | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly sinks: RowSinks | null = null,
  ) {}

  event(subject: EventSubject, type: EventType, reason: string, message: string): void {
    const record: EventRecord = {
      time: this.clock.now(),
      type,
      reason,
      kind: subject.kind,
      namespace: subject.metadata.namespace,
      name: subject.metadata.name,
      message,
    };
    if (reason === Reason.TooManyMissedTimes) this.tooManyMissedTimesEvents++;
    if (this.sinks) this.sinks.event(record);
    else this.events.push(record);
  }

  onJob(type: WatchType, _old: Job | null, job: Job): void {
    const now = this.clock.now();
    if (type === "ADDED") {
      const record: JobRecord = {
        namespace: job.metadata.namespace,
        name: job.metadata.name,
        uid: job.metadata.uid,
        cronJob: job.metadata.ownerReferences.find((r) => r.kind === "CronJob")?.name ?? null,
        createdAt: now,
        deletedAt: null,
        last: job,
        retries: new JobRetries(),
      };
      if (!this.sinks) this.jobs.push(record);
      this.liveJobs.set(job.metadata.uid, record);
      return;
    }
    const record = this.liveJobs.get(job.metadata.uid);
    if (!record) return;
    record.last = job;
    if (type === "DELETED") {
      record.deletedAt = now;
      this.liveJobs.delete(job.metadata.uid);
      this.finishJob(record);
    }
  }

  onPod(type: WatchType, old: Pod | null, pod: Pod, ref: PodRef): void {
    const now = this.clock.now();
    if (type === "ADDED") {
      const owner = controllerOf(pod);
      const rawIndex = pod.metadata.annotations[JOB_COMPLETION_INDEX_ANNOTATION];
      const record: PodRecord = {
        namespace: pod.metadata.namespace,
        name: pod.metadata.name,
        job: owner?.name ?? "",
        jobUid: owner?.uid ?? "",
        index: rawIndex === undefined ? null : Number(rawIndex),
        createdAt: now,
        startedAt: null,
        finishedAt: null,
        deletedAt: null,
        phase: pod.status.phase,
        exitCode: null,
        reason: null,
        restarts: 0,
        disrupted: false,
        deletedBeforeFinish: false,
        items: null,
        node: pod.spec.nodeName,
      };
      if (!this.sinks) this.pods.push(record);
      const live: LivePod = { record, uid: pod.metadata.uid, at: this.livePods.length };
      this.livePods.push(live);
      this.livePodCount++;
      ref.reportEntry = live;
      this.liveJobs.get(record.jobUid)?.retries.podCreated(record.index);
      return;
    }
    const live = ref.reportEntry as LivePod | null;
    if (live === null) return;
    const record = live.record;
    if (type === "DELETED") {
      record.deletedAt = now;
      // A pod that never ran (or never got a node) goes at once, with no deletionTimestamp seen.
      if (record.finishedAt === null) record.deletedBeforeFinish = true;
      ref.reportEntry = null;
      this.removeLivePod(live);
      this.finishPod(record);
      return;
    }
    const phase = pod.status.phase;
    if (record.startedAt === null && phase === "Running") record.startedAt = now;
    if (record.node === null) record.node = pod.spec.nodeName;
    if (deletedUnasked(pod) && record.finishedAt === null) record.deletedBeforeFinish = true;
    // Container statuses are replaced, never changed in place: recount only when they change.
    if (old === null || old.status.containerStatuses !== pod.status.containerStatuses) {
      let restarts = 0;
      for (const cs of pod.status.containerStatuses) restarts += cs.restartCount;
      if (restarts > record.restarts) {
        const job = this.liveJobs.get(record.jobUid);
        if (job) job.retries.restarted(restarts - record.restarts);
      }
      record.restarts = restarts;
    }
    if (old !== null && old.status.phase !== phase && (phase === "Succeeded" || phase === "Failed")) {
      const job = this.liveJobs.get(record.jobUid);
      record.phase = phase;
      record.finishedAt = now;
      const terminated = reportedTermination(pod);
      record.exitCode = terminated?.exitCode ?? null;
      record.reason = pod.status.reason ?? terminated?.reason ?? null;
      record.items = this.podItems?.(pod.metadata.uid) ?? record.items;
      record.disrupted = hasTrueCondition(pod, "DisruptionTarget");
      // Only failures the Job did not ask for are retried: not pods it deleted itself.
      if (phase === "Failed" && !deletedUnasked(pod)) job?.retries.podFailed(record.index);
    } else {
      record.phase = phase;
    }
  }

  attemptEnded(pod: Pod, startedAt: SimTime, endedAt: SimTime, succeeded: boolean): void {
    const seconds = millisToSeconds(endedAt - startedAt);
    if (succeeded) this.totals.podSecondsSucceeded += seconds;
    // Stopped because it was deleted (or ended on its own while being deleted): as its pod.
    else if (deletedUnasked(pod)) this.totals.podSecondsDeleted += seconds;
    else this.totals.podSecondsFailed += seconds;
  }

  /** End of the run: every object still alive is final as it is now. */
  finish(): void {
    for (const live of this.livePods) {
      if (live === null) continue;
      const r = live.record;
      r.items = this.podItems?.(live.uid) ?? r.items;
      this.finishPod(r);
    }
    this.livePods = [];
    this.livePodCount = 0;
    for (const r of this.liveJobs.values()) this.finishJob(r);
    this.liveJobs.clear();
  }

  /** Take `live` out of the live list, compacting it when holes outnumber its entries. */
  private removeLivePod(live: LivePod): void {
    const list = this.livePods;
    list[live.at] = null;
    const count = --this.livePodCount;
    const holes = list.length - count;
    if (holes <= LIVE_HOLES_FLOOR || holes <= count) return;
    let j = 0;
    for (const entry of list) {
      if (entry === null) continue;
      entry.at = j;
      list[j++] = entry;
    }
    list.length = j;
  }

  private finishJob(r: JobRecord): void {
    this.totals.addJob(r);
    this.sinks?.job(r);
  }

  private finishPod(r: PodRecord): void {
    this.totals.addPod(r);
    this.sinks?.pod(r);
  }
}

/**
 * A deletion the report counts as "deleted": any but an eviction. An evicted pod (deleted
 * through the Eviction API, DisruptionTarget=True) failed by a disruption, as the Job sees it.
 */
function deletedUnasked(pod: Pod): boolean {
  return pod.metadata.deletionTimestamp !== null && !hasTrueCondition(pod, "DisruptionTarget");
}
