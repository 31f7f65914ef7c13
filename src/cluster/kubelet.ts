import { ChurnMap } from "../collections/churn-collections.js";
import { Priority } from "../engine/priorities.js";
import type { Simulator } from "../engine/simulator.js";
import type { Millis, SimTime } from "../engine/time.js";
import { secondsToMillis } from "../engine/time.js";
import { isFinished } from "../k8s/job-finished.js";
import { controllerOf } from "../k8s/owners.js";
import type { ApiStore, StoreListener, WatchType } from "../k8s/store.js";
import type { ContainerStateTerminated, Job, Pod } from "../k8s/types.js";
import { JOB_COMPLETION_INDEX_ANNOTATION } from "../k8s/types.js";
import type { Distribution } from "../rand/distributions.js";
import { sampleMillis } from "../rand/distributions.js";
import type { RandomStream, RandomStreams } from "../rand/streams.js";
import type { SimulationSpec, Workload } from "../scenario/types.js";
import { evictPod } from "./eviction-api.js";
import { chooseVictims } from "./eviction-victims.js";
import { PodBinding } from "./pod-binding.js";
import type { PodRuntime } from "./pod-runtime.js";
import { condition, markRunning, markStopped, setConditions } from "./pod-status.js";
import { crashLoopBackOff, KUBELET_RESTART_BACKOFF_RESET } from "./restart-backoff.js";
import { type Cluster, type PodDemand, podDemand } from "./scheduler.js";
import { WorkItemAttempts } from "./work-item-attempts.js";
import { WorkItemQueues } from "./work-items.js";
import { type AttemptOutcome, decideAttempt, findWorkload } from "./workload-model.js";

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

/**
 * The node side: admits pods to the scheduler's capacity (the bind step is pod-binding.ts),
 * starts them after `podStartup`, runs attempts as the workload model decides, restarts in
 * place under OnFailure with CrashLoopBackOff, and stops deleted pods after `podShutdown` (capped by the grace period). Every write goes through the
 * store at the `podTransition` priority, never inside another write.
 */
export class Kubelet implements StoreListener {
  private readonly runtimes = new ChurnMap<string, PodRuntime>();
  /**
   * Attempts started, per Job (`ns/name`) and completion index (docs/scenario-format.md): a
   * NonIndexed Job's count is a number, an Indexed Job's a map by index (-1: no index).
   */
  private readonly attemptCounters = new ChurnMap<string, number | Map<number, number>>();
  /** Jobs (`ns/name`) that had a pod no workload matched, in first-seen order. */
  readonly unmatchedJobs = new Set<string>();
  /** Jobs (`ns/name`) with a pod no node of `cluster.nodes` can ever hold, and that pod's demand. */
  readonly unschedulableJobs = new Map<string, PodDemand>();
  /** The work queues of work-queue Jobs. */
  readonly workQueues: WorkItemQueues;
  /** Runs the attempts of work-queue pods: one item after another. */
  private readonly workItems: WorkItemAttempts;

  constructor(
    private readonly sim: Simulator,
    private readonly store: ApiStore,
    private readonly cluster: Cluster,
    private readonly streams: RandomStreams,
    private readonly spec: SimulationSpec,
    private readonly observer: AttemptObserver | null = null,
    /** The scheduler's bind step; default: binds return at once. */
    private readonly binding: PodBinding = new PodBinding(store),
  ) {
    this.workQueues = new WorkItemQueues(streams);
    this.workItems = new WorkItemAttempts(sim, streams, {
      endAttempt: (key, rt, outcome) => this.endAttempt(key, rt, outcome),
      deadline: (key, rt) => this.deadline(key, rt),
      evict: (key, rt) => this.evict(key, rt),
      podDeadline: (rt) => this.podDeadline(rt),
    });
  }

  /**
   * A deleted Job's attempt numbering ends with it (a new Job of that name starts at 0), and so
   * does a finished Job's once none of its pods is waiting, running or stopping here: a finished
   * Job creates no more pods (syncJob returns before managing them), so nothing can start
   * another attempt of it, and 100,000 finished Jobs keep no per-Job records on the node.
   */
  onJob(type: WatchType, _old: Job | null, job: Job): void {
    const { uid, namespace, name } = job.metadata;
    if (type === "DELETED" || (isFinished(job) && !this.podsOnNodeByJob.has(uid))) {
      this.releaseJob(uid, `${namespace}/${name}`);
    }
  }

  /** Drop what the kubelet keeps per Job (attempt numbering, the shared per-template record). */
  private releaseJob(uid: string, jobKey: string): void {
    this.attemptCounters.delete(jobKey);
    this.perJob.delete(uid);
  }

  /**
   * Pods per Job (owner UID) from their ADDED event until the kubelet is done with them (never
   * admitted, or stopped and off the node): the guard for releasing a finished Job's records.
   */
  private readonly podsOnNodeByJob = new ChurnMap<string, number>();

  /** Per-Job records held now (for tests that check finished Jobs release theirs). */
  get perJobRecordCount(): { attemptCounters: number; perJob: number; podsOnNodeByJob: number } {
    return {
      attemptCounters: this.attemptCounters.size,
      perJob: this.perJob.size,
      podsOnNodeByJob: this.podsOnNodeByJob.size,
    };
  }

  /** A pod of Job `jobUid` is done here; the last one of a finished Job releases its records. */
  private podLeft(jobUid: string | null, namespace: string, jobName: string): void {
    if (jobUid === null) return;
    const left = (this.podsOnNodeByJob.get(jobUid) ?? 1) - 1;
    if (left > 0) {
      this.podsOnNodeByJob.set(jobUid, left);
      return;
    }
    this.podsOnNodeByJob.delete(jobUid);
    const job = this.store.getJob(namespace, jobName);
    if (job !== undefined && job.metadata.uid === jobUid && isFinished(job)) {
      this.releaseJob(jobUid, `${namespace}/${jobName}`);
    }
  }

  onPod(type: WatchType, oldObj: Pod | null, pod: Pod): void {
    // Runtimes are keyed by UID: an existing string, so Map lookups don't hash a new key.
    const key = pod.metadata.uid;
    if (type === "ADDED") {
      const owner = controllerOf(pod);
      if (owner) this.podsOnNodeByJob.set(owner.uid, (this.podsOnNodeByJob.get(owner.uid) ?? 0) + 1);
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
    if (!current || current.metadata.deletionTimestamp !== null) {
      const owner = controllerOf(pod);
      this.podLeft(owner?.uid ?? null, pod.metadata.namespace, owner?.name ?? "");
      return;
    }
    const rawIndex = pod.metadata.annotations[JOB_COMPLETION_INDEX_ANNOTATION];
    const index = rawIndex === undefined ? null : Number(rawIndex);
    const { job, jobName, jobKey, attemptKey, workload, demand } = this.podsOfJob(current, index);
    const rt: PodRuntime = {
      namespace: pod.metadata.namespace,
      name: pod.metadata.name,
      attemptKey,
      jobKey,
      jobName,
      jobUid: controllerOf(pod)?.uid ?? null,
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

  /**
   * The scheduler chose `key`'s node (its capacity is held): its Binding is sent now and lands
   * when the call returns (pod-binding.ts); the kubelet starts the pod from then.
   */
  private bind(key: string, rt: PodRuntime): void {
    rt.bound = true;
    const node = this.cluster.nodeOf(key);
    const at = this.binding.bindReturns(this.sim.now());
    if (at <= this.sim.now()) {
      this.bound(key, rt, node);
      return;
    }
    rt.timer = this.sim.at(at, Priority.podTransition, () => {
      rt.timer = null;
      this.bound(key, rt, node);
    });
  }

  /** The pod is on `node`: the kubelet starts it after `podStartup`. */
  private bound(key: string, rt: PodRuntime, node: string): void {
    const startup = this.sample(this.spec.cluster.podStartup, "startup", rt);
    const now = this.sim.now();
    if (startup === 0) {
      this.binding.writeBound(rt.namespace, rt.name, node, now, (p) => markRunning(p, now));
      this.startAttempt(key, rt);
      return;
    }
    this.binding.writeBound(rt.namespace, rt.name, node, now);
    rt.timer = this.sim.after(startup, Priority.podTransition, () => {
      rt.timer = null;
      const at = this.sim.now();
      this.write(rt, (p) => markRunning(p, at));
      this.startAttempt(key, rt);
    });
  }

  private startAttempt(key: string, rt: PodRuntime): void {
    const n = this.nextAttempt(rt.jobKey, rt.index);
    if (rt.worker !== null) {
      this.workItems.start(key, rt, n);
      return;
    }
    const outcome = decideAttempt(rt.workload, n, rt.index, this.streams.get(`pod/${rt.attemptKey}/${n}`));
    rt.running = true;
    rt.attemptStartedAt = this.sim.now();
    const pod = this.store.getPod(rt.namespace, rt.name)!;
    if (pod.spec.activeDeadlineSeconds !== null && pod.status.startTime !== null) {
      // The kubelet fails a pod past its own activeDeadlineSeconds (reason DeadlineExceeded).
      const deadline =
        pod.status.startTime + secondsToMillis(pod.spec.activeDeadlineSeconds) - this.sim.now();
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

  /** The number of the attempt starting now for `index` of Job `jobKey` (0 for the first). */
  private nextAttempt(jobKey: string, index: number | null): number {
    const counters = this.attemptCounters.get(jobKey);
    if (index === null && typeof counters !== "object") {
      // A NonIndexed Job, the common case: a plain count, no map per Job.
      const n = counters ?? 0;
      this.attemptCounters.set(jobKey, n + 1);
      return n;
    }
    let perIndex: Map<number, number>;
    if (typeof counters === "object") perIndex = counters;
    else {
      perIndex = new Map();
      if (counters !== undefined) perIndex.set(-1, counters);
      this.attemptCounters.set(jobKey, perIndex);
    }
    const slot = index ?? -1;
    const n = perIndex.get(slot) ?? 0;
    perIndex.set(slot, n + 1);
    return n;
  }

  private endAttempt(key: string, rt: PodRuntime, outcome: AttemptOutcome): void {
    rt.timer = null;
    if (outcome.disruption) {
      // The workload's disruption is an eviction: graceful, through the Eviction API.
      this.evictGracefully(rt);
      return;
    }
    rt.running = false;
    const now = this.sim.now();
    const pod = this.store.getPod(rt.namespace, rt.name)!;
    const ok = outcome.exitCode === 0;
    this.observer?.attemptEnded(pod, rt.attemptStartedAt, now, ok);
    const target = outcome.container ?? pod.spec.containers[0]!.name;
    const terminated = (name: string): ContainerStateTerminated => ({
      exitCode: name === target ? outcome.exitCode : 0,
      reason: name === target ? outcome.reason : "Completed",
      startedAt: rt.attemptStartedAt,
      finishedAt: now,
    });
    if (!ok && pod.spec.restartPolicy === "OnFailure") {
      this.restartInPlace(key, rt, terminated(target), target, now);
      return;
    }
    this.write(rt, (p) => {
      p.status.phase = ok ? "Succeeded" : "Failed";
      markStopped(p, now, terminated);
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
    const delay = crashLoopBackOff(rt.crashes);
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
      this.write(rt, (p) => markRunning(p, at));
      this.startAttempt(key, rt);
    });
  }

  /** When the kubelet fails this pod for its `activeDeadlineSeconds` (Infinity: never). */
  private podDeadline(rt: PodRuntime): SimTime {
    const pod = this.store.getPod(rt.namespace, rt.name);
    if (!pod || pod.spec.activeDeadlineSeconds === null || pod.status.startTime === null) {
      return Number.POSITIVE_INFINITY;
    }
    return pod.status.startTime + secondsToMillis(pod.spec.activeDeadlineSeconds);
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
      markStopped(p, now, () => ({
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
      this.podLeft(rt.jobUid, rt.namespace, rt.jobName);
      return;
    }
    if (rt.timer !== null) this.sim.cancel(rt.timer);
    rt.timer = null;
    // A worker stops taking items on SIGTERM; its item goes back to the queue.
    if (rt.worker !== null) rt.worker.queue.nack(rt.worker);
    const grace = secondsToMillis(
      pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds,
    );
    if (!rt.running) {
      // Still starting (or waiting to restart): nothing to stop gracefully.
      this.write(rt, (p) => {
        p.status.phase = "Failed";
        markStopped(p, this.sim.now(), null);
      });
      this.freeSlot(key, rt);
      return;
    }
    const shutdown = this.sample(this.spec.cluster.podShutdown, "shutdown", rt);
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
        markStopped(p, now, () => ({
          exitCode: killed ? 137 : 143,
          reason: "Error",
          startedAt: rt.attemptStartedAt,
          finishedAt: now,
        }));
      });
      this.freeSlot(key, rt);
    });
  }

  private freeSlot(key: string, rt: PodRuntime): void {
    this.runtimes.delete(key);
    if (rt.worker !== null) this.workQueues.leave(key);
    this.podLeft(rt.jobUid, rt.namespace, rt.jobName);
    if (!rt.bound) return;
    rt.bound = false;
    for (const next of this.cluster.release(key)) {
      const nextRt = this.runtimes.get(next);
      if (nextRt) this.bind(next, nextRt);
    }
  }

  /** A work-queue pod's eviction strikes now: its attempt stops with the graceful deletion. */
  private evict(_key: string, rt: PodRuntime): void {
    if (rt.timer !== null) this.sim.cancel(rt.timer);
    rt.timer = null;
    this.evictGracefully(rt);
  }

  /**
   * Evict through the Eviction API: DisruptionTarget=True, then a deletion with the pod's grace
   * period; {@link kill} stops it (a work-queue pod's item goes back to its queue then).
   */
  private evictGracefully(rt: PodRuntime): void {
    rt.stopping = true;
    evictPod(this.store, rt.namespace, rt.name, null, this.sim.now());
  }

  /** The pods bound to `node` now, in admission order (`kubectl drain` evicts these). */
  podsOnNode(node: string): { namespace: string; name: string }[] {
    const out: { namespace: string; name: string }[] = [];
    for (const [key, rt] of this.runtimes.entries()) {
      if (rt.bound && this.cluster.nodeOf(key) === node) out.push({ namespace: rt.namespace, name: rt.name });
    }
    return out;
  }

  /**
   * Cordon (true) or uncordon (false) a node; false when no node has that name. An uncordoned
   * node takes the waiting pods that fit on it at once.
   */
  setUnschedulable(node: string, unschedulable: boolean): boolean {
    if (!this.cluster.setUnschedulable(node, unschedulable)) return false;
    if (unschedulable) return true;
    for (const next of this.cluster.bindAfterUncordon()) {
      const nextRt = this.runtimes.get(next);
      if (nextRt) this.bind(next, nextRt);
    }
    return true;
  }

  /**
   * A disruption burst: evict round(fraction × running pods) chosen with `rng` (running pods in
   * admission order, then a partial Fisher-Yates shuffle), each through the Eviction API with
   * its grace period. Returns how many were evicted.
   */
  evictFraction(fraction: number, rng: RandomStream): number {
    const candidates: string[] = [];
    for (const [key, rt] of this.runtimes.entries()) if (rt.running && !rt.stopping) candidates.push(key);
    const victims = chooseVictims(candidates, fraction, rng);
    for (const key of victims) {
      const rt = this.runtimes.get(key);
      if (rt?.running) this.evictGracefully(rt);
    }
    return victims.length;
  }

  private stop(key: string, rt: PodRuntime): void {
    if (rt.timer !== null) this.sim.cancel(rt.timer);
    rt.timer = null;
    rt.running = false;
    if (!rt.bound) this.cluster.withdraw(key);
    this.freeSlot(key, rt);
  }

  /**
   * A draw from `dist` for `rt`'s pod, from its stream `<what>/<namespace>/<name>`. A constant
   * needs no stream (nor its name): creating one per pod would cost more than the pod.
   */
  private sample(dist: Distribution, what: string, rt: PodRuntime): Millis {
    if (dist.kind === "constant") return dist.value;
    return sampleMillis(dist, this.streams.get(`${what}/${rt.namespace}/${rt.name}`));
  }

  private write(rt: PodRuntime, mutate: (p: Pod) => void): void {
    this.store.updatePod(rt.namespace, rt.name, mutate);
  }
}
