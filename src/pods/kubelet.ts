import { Priority } from "../engine/priorities.js";
import type { EventHandle, Simulator } from "../engine/simulator.js";
import type { Millis, SimTime } from "../engine/time.js";
import { SECOND } from "../engine/time.js";
import { ChurnMap } from "../k8s/churn-collections.js";
import { controllerOf } from "../k8s/owners.js";
import type { ApiStore, StoreListener, WatchType } from "../k8s/store.js";
import type { ContainerStateTerminated, Job, Pod, PodCondition, PodSpec } from "../k8s/types.js";
import { JOB_COMPLETION_INDEX_ANNOTATION } from "../k8s/types.js";
import { exponentialMillis, sampleMillis } from "../rand/distributions.js";
import type { RandomStream, RandomStreams } from "../rand/streams.js";
import type { Distribution, SimulationSpec, Workload } from "../scenario/types.js";
import { type Cluster, type PodDemand, podDemand } from "./cluster.js";
import { type Worker, WorkQueues } from "./work-queue.js";
import { type AttemptOutcome, decideAttempt, findWorkload } from "./workload-model.js";

/** CrashLoopBackOff after the first restart: 10 s doubling (kubelet's backOffPeriod). */
export const KUBELET_RESTART_BACKOFF_BASE: Millis = 10 * SECOND;
/** Cap of the restart backoff (kubelet's MaxContainerBackOff). */
export const KUBELET_RESTART_BACKOFF_MAX: Millis = 300 * SECOND;
/** A container that ran this long resets its restart backoff (kubelet's backoff reset window). */
export const KUBELET_RESTART_BACKOFF_RESET: Millis = 600 * SECOND;

/** Outcomes of work-queue attempts (the time is the queue's, not the outcome's). */
const DRAINED: AttemptOutcome = {
  after: 0,
  exitCode: 0,
  reason: "Completed",
  disruption: false,
  container: null,
};
const EVICTED: AttemptOutcome = {
  after: 0,
  exitCode: 143,
  reason: "Error",
  disruption: true,
  container: null,
};
const HOUR_MS = 3_600_000;

/** Told about every attempt's end, for wasted-work accounting. */
export interface AttemptObserver {
  attemptEnded(pod: Pod, startedAt: SimTime, endedAt: SimTime, succeeded: boolean): void;
}

interface PodsOfJob {
  job: Job | null;
  jobName: string;
  jobKey: string;
  /** For NonIndexed pods; Indexed pods are not cached. */
  attemptKey: string;
  workload: Workload | null;
  demand: ReturnType<typeof podDemand>;
}

interface PodRuntime {
  namespace: string;
  name: string;
  /** Stream-name stem: `<ns>/<job>/<index or ->`. */
  attemptKey: string;
  /** `<ns>/<job>`. */
  jobKey: string;
  workload: Workload | null;
  index: number | null;
  bound: boolean;
  running: boolean;
  attemptStartedAt: SimTime;
  timer: EventHandle | null;
  crashes: number;
  /** Set for a work-queue pod: its attempts drain the Job's queue (work-queue.ts). */
  worker: Worker | null;
  /** Work-queue pods: when the workload's per-pod eviction strikes this attempt. */
  evictAt: SimTime;
  /** Being stopped gracefully after a deletion. */
  stopping: boolean;
}

function condition(
  type: string,
  status: "True" | "False",
  at: SimTime,
  reason: string | null = null,
): PodCondition {
  return { type, status, reason, lastTransitionTime: at };
}

/** Set conditions (by type; unchanged statuses keep their transition time) in one new array. */
function setConditions(pod: Pod, ...updates: PodCondition[]): void {
  // A new array: pod versions share their arrays (see clonePod).
  let list: PodCondition[] | null = null;
  for (const c of updates) {
    const current = list ?? pod.status.conditions;
    let i = -1;
    for (let k = 0; k < current.length; k++) {
      if (current[k]!.type === c.type) {
        i = k;
        break;
      }
    }
    if (i >= 0 && current[i]!.status === c.status) continue;
    list ??= pod.status.conditions.slice();
    if (i < 0) list.push(c);
    else list[i] = c;
  }
  if (list !== null) pod.status.conditions = list;
}

/**
 * The node side: binds pods to capacity, starts them after `podStartup`, runs attempts as the
 * workload model decides, restarts in place under OnFailure with CrashLoopBackOff, and stops
 * deleted pods after `podShutdown` (capped by the grace period). Every write goes through the
 * store at the `podTransition` priority, never inside another write.
 */
export class Kubelet implements StoreListener {
  private readonly runtimes = new ChurnMap<string, PodRuntime>();
  /** Attempts started, per Job (`ns/name`) and completion index (docs/scenario-format.md). */
  private readonly attemptCounters = new ChurnMap<string, Map<number, number>>();
  /** Jobs (`ns/name`) that had a pod no workload matched, in first-seen order. */
  readonly unmatchedJobs = new Set<string>();
  /** Jobs (`ns/name`) with a pod no node of `cluster.nodes` can ever hold, and that pod's demand. */
  readonly unschedulableJobs = new Map<string, PodDemand>();
  /** The work queues of work-queue Jobs. */
  readonly workQueues: WorkQueues;

  constructor(
    private readonly sim: Simulator,
    private readonly store: ApiStore,
    private readonly cluster: Cluster,
    private readonly streams: RandomStreams,
    private readonly spec: SimulationSpec,
    private readonly observer: AttemptObserver | null = null,
  ) {
    this.workQueues = new WorkQueues(streams);
  }

  /** A deleted Job's attempt numbering ends with it (a new Job of that name starts at 0). */
  onJob(type: WatchType, _old: Job | null, job: Job): void {
    if (type !== "DELETED") return;
    this.attemptCounters.delete(`${job.metadata.namespace}/${job.metadata.name}`);
    this.perJob.delete(job.metadata.uid);
  }

  onPod(type: WatchType, oldObj: Pod | null, pod: Pod): void {
    // Runtimes are keyed by UID: an existing string, so Map lookups don't hash a new key.
    const key = pod.metadata.uid;
    if (type === "ADDED") {
      this.sim.after(0, Priority.podTransition, this.admitAdded, pod);
    } else if (!this.runtimes.has(key)) {
      // Not (or no longer) on the node: nothing for the kubelet to do.
      return;
    } else if (type === "MODIFIED") {
      if (oldObj?.metadata.deletionTimestamp === null && pod.metadata.deletionTimestamp !== null) {
        this.sim.after(0, Priority.podTransition, () => this.kill(key));
      }
    } else {
      this.sim.after(0, Priority.podTransition, this.stopDeleted, key);
    }
  }

  // Shared handlers scheduled with the pod (or its key) as argument: no closure per pod.
  private readonly admitAdded = (pod: unknown): void => {
    this.admit((pod as Pod).metadata.uid, pod as Pod);
  };
  private readonly stopDeleted = (key: unknown): void => {
    const rt = this.runtimes.get(key as string);
    if (rt) this.stop(key as string, rt);
  };

  /** What every pod of a NonIndexed Job shares (same template), computed once per Job UID. */
  private readonly perJob = new ChurnMap<string, PodsOfJob>();

  private podsOfJob(pod: Pod, index: number | null): PodsOfJob {
    const owner = controllerOf(pod);
    // Indexed pods differ by their index label, which a workload may match on: not cached.
    const cached = owner && index === null ? this.perJob.get(owner.uid) : undefined;
    if (cached) return cached;
    const namespace = pod.metadata.namespace;
    const jobName = owner?.name ?? pod.metadata.name;
    const job = this.store.getJob(namespace, jobName);
    const cronJob = job?.metadata.ownerReferences.find((r) => r.kind === "CronJob")?.name ?? null;
    const shared: PodsOfJob = {
      job: job ?? null,
      jobName,
      jobKey: `${namespace}/${jobName}`,
      attemptKey: `${namespace}/${jobName}/${index ?? "-"}`,
      workload: findWorkload(this.spec.workloads, { job: jobName, cronJob, labels: pod.metadata.labels }),
      demand: podDemand(pod.spec, this.spec.cluster.priorityClasses ?? {}),
    };
    if (owner && index === null) this.perJob.set(owner.uid, shared);
    return shared;
  }

  private admit(key: string, pod: Pod): void {
    const current = this.store.getPod(pod.metadata.namespace, pod.metadata.name);
    if (!current || current.metadata.deletionTimestamp !== null) return;
    const rawIndex = pod.metadata.annotations[JOB_COMPLETION_INDEX_ANNOTATION];
    const index = rawIndex === undefined ? null : Number(rawIndex);
    const { job, jobName, jobKey, attemptKey, workload, demand } = this.podsOfJob(current, index);
    const rt: PodRuntime = {
      namespace: pod.metadata.namespace,
      name: pod.metadata.name,
      attemptKey,
      jobKey,
      workload,
      index,
      bound: false,
      running: false,
      attemptStartedAt: 0,
      timer: null,
      crashes: 0,
      worker: null,
      evictAt: Number.POSITIVE_INFINITY,
      stopping: false,
    };
    const wq = rt.workload?.workQueue;
    if (wq !== undefined && job) {
      const { uid, namespace, name, creationTimestamp } = job.metadata;
      rt.worker = this.workQueues.join(key, { uid, namespace, name, createdAt: creationTimestamp }, wq);
    }
    this.runtimes.set(key, rt);
    if (rt.workload === null) this.unmatchedJobs.add(`${pod.metadata.namespace}/${jobName}`);
    if (this.cluster.request(key, demand) !== null) this.bind(key, rt);
    else if (!this.unschedulableJobs.has(rt.jobKey) && !this.cluster.canEverFit(demand))
      this.unschedulableJobs.set(rt.jobKey, demand);
  }

  private bind(key: string, rt: PodRuntime): void {
    rt.bound = true;
    const node = this.cluster.nodeOf(key);
    const startup = this.sample(this.spec.cluster.podStartup, `startup/${rt.namespace}/${rt.name}`);
    const now = this.sim.now();
    if (startup === 0) {
      this.write(rt, (p) => {
        this.markBound(p, now, node);
        this.markRunning(p, now);
      });
      this.startAttempt(key, rt);
      return;
    }
    this.write(rt, (p) => this.markBound(p, now, node));
    rt.timer = this.sim.after(startup, Priority.podTransition, () => {
      rt.timer = null;
      const at = this.sim.now();
      this.write(rt, (p) => this.markRunning(p, at));
      this.startAttempt(key, rt);
    });
  }

  /** Bound specs by unbound spec and node: pods of one template on one node share one. */
  private readonly boundSpecs = new WeakMap<PodSpec, Map<string, PodSpec>>();

  private boundSpec(spec: PodSpec, node: string): PodSpec {
    let byNode = this.boundSpecs.get(spec);
    if (byNode === undefined) {
      byNode = new Map();
      this.boundSpecs.set(spec, byNode);
    }
    let bound = byNode.get(node);
    if (bound === undefined) {
      bound = { ...spec, nodeName: node };
      byNode.set(node, bound);
    }
    return bound;
  }

  private markBound(p: Pod, now: SimTime, node: string): void {
    p.spec = this.boundSpec(p.spec, node);
    p.status.startTime = now;
    setConditions(p, condition("PodScheduled", "True", now));
    // The kubelet reports container statuses once it has the pod.
    p.status.containerStatuses = p.spec.containers.map((c) => ({
      name: c.name,
      restartCount: 0,
      ready: false,
      state: { waiting: { reason: "ContainerCreating" }, running: null, terminated: null },
      lastTerminated: null,
    }));
  }

  private markRunning(p: Pod, now: SimTime): void {
    p.status.phase = "Running";
    setConditions(
      p,
      condition("Initialized", "True", now),
      condition("ContainersReady", "True", now),
      condition("Ready", "True", now),
    );
    p.status.containerStatuses = p.status.containerStatuses.map((cs) => ({
      ...cs,
      ready: true,
      state: { waiting: null, running: { startedAt: now }, terminated: null },
    }));
  }

  private startAttempt(key: string, rt: PodRuntime): void {
    let perIndex = this.attemptCounters.get(rt.jobKey);
    if (!perIndex) {
      perIndex = new Map();
      this.attemptCounters.set(rt.jobKey, perIndex);
    }
    const slot = rt.index ?? -1;
    const n = perIndex.get(slot) ?? 0;
    perIndex.set(slot, n + 1);
    if (rt.worker !== null) {
      this.startWork(key, rt, n);
      return;
    }
    const outcome = decideAttempt(rt.workload, n, rt.index, this.streams.get(`pod/${rt.attemptKey}/${n}`));
    rt.running = true;
    rt.attemptStartedAt = this.sim.now();
    const pod = this.store.getPod(rt.namespace, rt.name)!;
    if (pod.spec.activeDeadlineSeconds !== null && pod.status.startTime !== null) {
      // The kubelet fails a pod past its own activeDeadlineSeconds (reason DeadlineExceeded).
      const deadline = pod.status.startTime + pod.spec.activeDeadlineSeconds * SECOND - this.sim.now();
      if (outcome.after === null || outcome.after >= deadline) {
        rt.timer = this.sim.after(Math.max(0, deadline), Priority.podTransition, () =>
          this.deadline(key, rt),
        );
        return;
      }
    }
    if (outcome.after === null) return;
    rt.timer = this.sim.after(outcome.after, Priority.podTransition, () => this.endAttempt(key, rt, outcome));
  }

  private endAttempt(key: string, rt: PodRuntime, outcome: AttemptOutcome): void {
    rt.timer = null;
    rt.running = false;
    const now = this.sim.now();
    const pod = this.store.getPod(rt.namespace, rt.name)!;
    const ok = outcome.exitCode === 0 && !outcome.disruption;
    this.observer?.attemptEnded(pod, rt.attemptStartedAt, now, ok);
    const target = outcome.container ?? pod.spec.containers[0]!.name;
    const terminated = (name: string): ContainerStateTerminated => ({
      exitCode: name === target ? outcome.exitCode : 0,
      reason: name === target ? outcome.reason : "Completed",
      startedAt: rt.attemptStartedAt,
      finishedAt: now,
    });
    if (!ok && !outcome.disruption && pod.spec.restartPolicy === "OnFailure") {
      this.restartInPlace(key, rt, terminated(target), target, now);
      return;
    }
    this.write(rt, (p) => {
      p.status.phase = ok ? "Succeeded" : "Failed";
      if (outcome.disruption) {
        p.status.reason = "Evicted";
        setConditions(p, condition("DisruptionTarget", "True", now, "EvictionByEvictionAPI"));
      }
      this.markStopped(p, now, terminated);
    });
    this.freeSlot(key, rt);
  }

  private restartInPlace(
    key: string,
    rt: PodRuntime,
    last: ContainerStateTerminated,
    container: string,
    now: SimTime,
  ): void {
    if (now - rt.attemptStartedAt >= KUBELET_RESTART_BACKOFF_RESET) rt.crashes = 0;
    const delay =
      rt.crashes === 0
        ? 0
        : Math.min(KUBELET_RESTART_BACKOFF_BASE * 2 ** (rt.crashes - 1), KUBELET_RESTART_BACKOFF_MAX);
    rt.crashes++;
    this.write(rt, (p) => {
      setConditions(p, condition("ContainersReady", "False", now), condition("Ready", "False", now));
      p.status.containerStatuses = p.status.containerStatuses.map((cs) =>
        cs.name !== container
          ? cs
          : {
              ...cs,
              restartCount: cs.restartCount + 1,
              lastTerminated: last,
              ready: false,
              state: { waiting: { reason: "CrashLoopBackOff" }, running: null, terminated: null },
            },
      );
    });
    rt.timer = this.sim.after(delay, Priority.podTransition, () => {
      rt.timer = null;
      const at = this.sim.now();
      this.write(rt, (p) => this.markRunning(p, at));
      this.startAttempt(key, rt);
    });
  }

  /** When the kubelet fails this pod for its `activeDeadlineSeconds` (Infinity: never). */
  private podDeadline(rt: PodRuntime): SimTime {
    const pod = this.store.getPod(rt.namespace, rt.name);
    if (!pod || pod.spec.activeDeadlineSeconds === null || pod.status.startTime === null) {
      return Number.POSITIVE_INFINITY;
    }
    return pod.status.startTime + pod.spec.activeDeadlineSeconds * SECOND;
  }

  private deadline(key: string, rt: PodRuntime): void {
    rt.timer = null;
    const now = this.sim.now();
    const pod = this.store.getPod(rt.namespace, rt.name)!;
    this.observer?.attemptEnded(pod, rt.attemptStartedAt, now, false);
    rt.running = false;
    this.write(rt, (p) => {
      p.status.phase = "Failed";
      p.status.reason = "DeadlineExceeded";
      p.status.message = `Pod was active on the node longer than the specified deadline`;
      this.markStopped(p, now, () => ({
        exitCode: 137,
        reason: "Error",
        startedAt: rt.attemptStartedAt,
        finishedAt: now,
      }));
    });
    this.freeSlot(key, rt);
  }

  private kill(key: string): void {
    const rt = this.runtimes.get(key);
    const pod = rt && this.store.getPod(rt.namespace, rt.name);
    if (!rt || !pod || pod.status.phase === "Succeeded" || pod.status.phase === "Failed") return;
    if (!rt.bound) {
      this.cluster.withdraw(key);
      this.runtimes.delete(key);
      if (rt.worker !== null) this.workQueues.leave(key);
      return;
    }
    if (rt.timer !== null) this.sim.cancel(rt.timer);
    rt.timer = null;
    // A worker stops taking items on SIGTERM; its item goes back to the queue.
    if (rt.worker !== null) rt.worker.queue.nack(rt.worker);
    const grace =
      (pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds) * SECOND;
    if (!rt.running) {
      // Still starting (or waiting to restart): nothing to stop gracefully.
      this.write(rt, (p) => {
        p.status.phase = "Failed";
        this.markStopped(p, this.sim.now(), null);
      });
      this.freeSlot(key, rt);
      return;
    }
    const shutdown = this.sample(this.spec.cluster.podShutdown, `shutdown/${rt.namespace}/${rt.name}`);
    const killed = shutdown >= grace;
    rt.stopping = true;
    rt.timer = this.sim.after(Math.min(shutdown, grace), Priority.podTransition, () => {
      rt.timer = null;
      rt.running = false;
      const now = this.sim.now();
      this.observer?.attemptEnded(pod, rt.attemptStartedAt, now, false);
      // SIGTERM honoured (143) or SIGKILL at the end of the grace period (137).
      this.write(rt, (p) => {
        p.status.phase = "Failed";
        this.markStopped(p, now, () => ({
          exitCode: killed ? 137 : 143,
          reason: "Error",
          startedAt: rt.attemptStartedAt,
          finishedAt: now,
        }));
      });
      this.freeSlot(key, rt);
    });
  }

  private markStopped(
    p: Pod,
    now: SimTime,
    terminated: ((name: string) => ContainerStateTerminated) | null,
  ): void {
    setConditions(p, condition("ContainersReady", "False", now), condition("Ready", "False", now));
    p.status.containerStatuses = p.status.containerStatuses.map((cs) => ({
      ...cs,
      ready: false,
      state: terminated ? { waiting: null, running: null, terminated: terminated(cs.name) } : cs.state,
    }));
  }

  private freeSlot(key: string, rt: PodRuntime): void {
    this.runtimes.delete(key);
    if (rt.worker !== null) this.workQueues.leave(key);
    if (!rt.bound) return;
    rt.bound = false;
    for (const next of this.cluster.release(key)) {
      const nextRt = this.runtimes.get(next);
      if (nextRt) this.bind(next, nextRt);
    }
  }

  /** A work-queue attempt: draw its eviction clock, then take items until done. */
  private startWork(key: string, rt: PodRuntime, attempt: number): void {
    rt.running = true;
    const now = this.sim.now();
    rt.attemptStartedAt = now;
    const perHour = rt.workload?.disruption?.perHour ?? 0;
    rt.evictAt =
      perHour > 0
        ? now + exponentialMillis(HOUR_MS / perHour, this.streams.get(`pod/${rt.attemptKey}/${attempt}`))
        : Number.POSITIVE_INFINITY;
    // Next instant, not now: a pod finding the queue empty must not end inside its own binding.
    rt.timer = this.sim.after(0, Priority.podTransition, () => {
      rt.timer = null;
      this.nextItem(key, rt);
    });
  }

  /** Take the next item (or exit 0 on an empty queue) and schedule its end. */
  private nextItem(key: string, rt: PodRuntime): void {
    const w = rt.worker!;
    const now = this.sim.now();
    if (!w.queue.take(w)) {
      this.endAttempt(key, rt, DRAINED);
      return;
    }
    const deadlineAt = this.podDeadline(rt);
    if (deadlineAt < now + w.after && deadlineAt <= rt.evictAt) {
      // The pod's own activeDeadlineSeconds ends it mid-item: the item goes back to the queue.
      rt.timer = this.sim.after(deadlineAt - now, Priority.podTransition, () => {
        w.queue.nack(w);
        this.deadline(key, rt);
      });
      return;
    }
    if (rt.evictAt < now + w.after) {
      rt.timer = this.sim.after(rt.evictAt - now, Priority.podTransition, () => this.evict(key, rt));
      return;
    }
    rt.timer = this.sim.after(w.after, Priority.podTransition, () => {
      rt.timer = null;
      if (w.crash) {
        w.queue.nack(w);
        const code = w.queue.spec.itemFailure?.exitCode ?? 1;
        this.endAttempt(key, rt, {
          after: 0,
          exitCode: code,
          reason: code === 137 ? "OOMKilled" : "Error",
          disruption: false,
          container: null,
        });
        return;
      }
      w.queue.ack(w, this.sim.now());
      this.nextItem(key, rt);
    });
  }

  /** Evict a running pod now: Failed with DisruptionTarget=True. */
  private evict(key: string, rt: PodRuntime): void {
    if (rt.timer !== null) this.sim.cancel(rt.timer);
    rt.timer = null;
    if (rt.worker !== null) rt.worker.queue.nack(rt.worker);
    this.endAttempt(key, rt, EVICTED);
  }

  /**
   * A disruption burst: evict round(fraction × running pods) chosen with `rng` (running pods in
   * admission order, then a partial Fisher-Yates shuffle). Returns how many were evicted.
   */
  evictFraction(fraction: number, rng: RandomStream): number {
    const candidates: string[] = [];
    for (const [key, rt] of this.runtimes.entries()) if (rt.running && !rt.stopping) candidates.push(key);
    const k = Math.min(candidates.length, Math.round(fraction * candidates.length));
    for (let i = 0; i < k; i++) {
      const j = i + rng.int(candidates.length - i);
      const chosen = candidates[j]!;
      candidates[j] = candidates[i]!;
      candidates[i] = chosen;
    }
    for (let i = 0; i < k; i++) {
      const rt = this.runtimes.get(candidates[i]!);
      // An earlier eviction of this burst may have bound others, never stopped this one.
      if (rt?.running) this.evict(candidates[i]!, rt);
    }
    return k;
  }

  private stop(key: string, rt: PodRuntime): void {
    if (rt.timer !== null) this.sim.cancel(rt.timer);
    rt.timer = null;
    rt.running = false;
    if (!rt.bound) this.cluster.withdraw(key);
    this.freeSlot(key, rt);
  }

  /** A constant needs no stream; creating one per pod would cost more than the pod. */
  private sample(dist: Distribution, streamName: string): Millis {
    return dist.kind === "constant" ? dist.value : sampleMillis(dist, this.streams.get(streamName));
  }

  private write(rt: PodRuntime, mutate: (p: Pod) => void): void {
    this.store.updatePod(rt.namespace, rt.name, mutate);
  }
}
