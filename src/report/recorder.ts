import type { Clock } from "../engine/clock.js";
import type { SimTime } from "../engine/time.js";
import type { EventRecorder, EventSubject, EventType } from "../k8s/events.js";
import type { StoreListener, WatchType } from "../k8s/store.js";
import type { Job, Pod } from "../k8s/types.js";
import { JOB_COMPLETION_INDEX_ANNOTATION } from "../k8s/types.js";
import type { AttemptObserver } from "../pods/kubelet.js";

/** What the report keeps of one Job, updated as it changes. */
export interface JobRecord {
  namespace: string;
  name: string;
  uid: string;
  cronJob: string | null;
  createdAt: SimTime;
  deletedAt: SimTime | null;
  /** The latest version seen (the final one once deleted). */
  last: Job;
  /** Failed pods not yet followed by a replacement (for `retries`). */
  unreplacedFailures: number;
  retries: number;
}

/** What the report keeps of one pod. */
export interface PodRecord {
  namespace: string;
  name: string;
  job: string;
  jobUid: string;
  index: number | null;
  createdAt: SimTime;
  startedAt: SimTime | null;
  finishedAt: SimTime | null;
  deletedAt: SimTime | null;
  phase: string;
  exitCode: number | null;
  reason: string | null;
  restarts: number;
  disrupted: boolean;
}

export interface EventRecord {
  time: SimTime;
  type: EventType;
  reason: string;
  kind: string;
  namespace: string;
  name: string;
  message: string;
}

/**
 * Watches the store (directly, with no informer lag), the kubelet's attempts and the
 * controllers' events, and keeps what the report needs. Records survive the objects: a Job
 * deleted by TTL is still reported, with its `deletedAt`.
 */
export class ReportRecorder implements StoreListener, AttemptObserver, EventRecorder {
  readonly jobs: JobRecord[] = [];
  readonly pods: PodRecord[] = [];
  readonly events: EventRecord[] = [];
  podSecondsSucceeded = 0;
  podSecondsFailed = 0;
  private readonly jobsByUid = new Map<string, JobRecord>();
  private readonly podsByUid = new Map<string, PodRecord>();

  constructor(private readonly clock: Clock) {}

  event(subject: EventSubject, type: EventType, reason: string, message: string): void {
    this.events.push({
      time: this.clock.now(),
      type,
      reason,
      kind: subject.kind,
      namespace: subject.metadata.namespace,
      name: subject.metadata.name,
      message,
    });
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
        unreplacedFailures: 0,
        retries: 0,
      };
      this.jobs.push(record);
      this.jobsByUid.set(job.metadata.uid, record);
      return;
    }
    const record = this.jobsByUid.get(job.metadata.uid);
    if (!record) return;
    record.last = job;
    if (type === "DELETED") {
      record.deletedAt = now;
      this.jobsByUid.delete(job.metadata.uid);
    }
  }

  onPod(type: WatchType, old: Pod | null, pod: Pod): void {
    const now = this.clock.now();
    if (type === "ADDED") {
      const owner = pod.metadata.ownerReferences.find((r) => r.controller);
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
      };
      this.pods.push(record);
      this.podsByUid.set(pod.metadata.uid, record);
      const job = this.jobsByUid.get(record.jobUid);
      if (job && job.unreplacedFailures > 0) {
        job.unreplacedFailures--;
        job.retries++;
      }
      return;
    }
    const record = this.podsByUid.get(pod.metadata.uid);
    if (!record) return;
    if (type === "DELETED") {
      record.deletedAt = now;
      this.podsByUid.delete(pod.metadata.uid);
      return;
    }
    const phase = pod.status.phase;
    if (record.startedAt === null && phase === "Running") record.startedAt = now;
    let restarts = 0;
    for (const cs of pod.status.containerStatuses) restarts += cs.restartCount;
    const job = this.jobsByUid.get(record.jobUid);
    if (restarts > record.restarts && job) job.retries += restarts - record.restarts;
    record.restarts = restarts;
    if (old !== null && old.status.phase !== phase && (phase === "Succeeded" || phase === "Failed")) {
      record.phase = phase;
      record.finishedAt = now;
      const main = pod.status.containerStatuses.find(
        (c) => c.state.terminated && c.state.terminated.exitCode !== 0,
      );
      const terminated = (main ?? pod.status.containerStatuses[0])?.state.terminated ?? null;
      record.exitCode = terminated?.exitCode ?? null;
      record.reason = pod.status.reason ?? terminated?.reason ?? null;
      record.disrupted = pod.status.conditions.some(
        (c) => c.type === "DisruptionTarget" && c.status === "True",
      );
      // Only failures the Job did not ask for are retried: not pods it deleted itself.
      if (phase === "Failed" && pod.metadata.deletionTimestamp === null && job) job.unreplacedFailures++;
    } else {
      record.phase = phase;
    }
  }

  attemptEnded(_pod: Pod, startedAt: SimTime, endedAt: SimTime, succeeded: boolean): void {
    const seconds = (endedAt - startedAt) / 1000;
    if (succeeded) this.podSecondsSucceeded += seconds;
    else this.podSecondsFailed += seconds;
  }
}
