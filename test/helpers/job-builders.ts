/**
 * Builders for Job controller tests, in the style of upstream job_controller_test.go
 * (`newJob`, `buildPod()...`, `setPodsStatuses`, `controller.FakePodControl`).
 * Times are fixed: the reference instant is upstream backoff_utils_test.go's 2009-11-10 23:00 UTC.
 */

import type { BackoffRecord } from "../../src/controllers/job/backoff.js";
import { BackoffStore } from "../../src/controllers/job/backoff.js";
import { defaultFeatureGates, type FeatureGates } from "../../src/controllers/job/feature-gates.js";
import type { JobControllerDeps } from "../../src/controllers/job/sync-job.js";
import { FakeClock } from "../../src/engine/clock.js";
import { type Millis, parseInstant, type SimTime } from "../../src/engine/time.js";
import { MemoryRecorder } from "../../src/k8s/events.js";
import { ControllerExpectations, UIDTrackingExpectations } from "../../src/k8s/expectations.js";
import type { PodControl } from "../../src/k8s/pod-control.js";
import {
  type CompletionMode,
  type ConditionStatus,
  JOB_TRACKING_FINALIZER,
  type Job,
  type JobCondition,
  type JobConditionType,
  type Pod,
  type PodFailurePolicy,
  type PodPhase,
  type PodReplacementPolicy,
  type PodTemplateSpec,
  type RestartPolicy,
} from "../../src/k8s/types.js";

/** 2009-11-10T23:00:00Z, the fixed "now" of upstream's backoff tests. */
export const REFERENCE_TIME: SimTime = parseInstant("2009-11-10T23:00:00Z")!;
/** 0001-01-01T00:00:01Z: upstream's finish time of terminated test pods; backoff long expired. */
export const FAR_PAST: SimTime = parseInstant("0001-01-01T00:00:01Z")!;
/** The key of the Job `newJob` builds. */
export const JOB_KEY = "default/foobar";

/** Options of `newJob`; unset fields take upstream's test defaults. */
export interface NewJobOptions {
  parallelism?: number;
  /** null: a work-queue Job. */
  completions?: number | null;
  backoffLimit?: number;
  completionMode?: CompletionMode;
  restartPolicy?: RestartPolicy;
  activeDeadlineSeconds?: number | null;
  suspend?: boolean;
  podReplacementPolicy?: PodReplacementPolicy;
  podFailurePolicy?: PodFailurePolicy | null;
}

/** upstream `newJob`: Job "foobar" in "default", selector foo=bar, restartPolicy Never. */
export function newJob(o: NewJobOptions = {}): Job {
  const template: PodTemplateSpec = {
    metadata: { labels: { foo: "bar" }, annotations: {} },
    spec: {
      restartPolicy: o.restartPolicy ?? "Never",
      containers: [
        { name: "main", image: "foo/bar", resources: { requests: {}, limits: {} }, restartPolicy: null },
      ],
      initContainers: [],
      terminationGracePeriodSeconds: 30,
      activeDeadlineSeconds: null,
      priorityClassName: null,
      hostname: null,
      subdomain: null,
      nodeName: null,
    },
  };
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name: "foobar",
      namespace: "default",
      uid: "foobar-uid",
      resourceVersion: 1,
      generation: 1,
      creationTimestamp: REFERENCE_TIME,
      deletionTimestamp: null,
      deletionGracePeriodSeconds: null,
      labels: { foo: "bar" },
      annotations: {},
      finalizers: [],
      ownerReferences: [],
    },
    spec: {
      parallelism: o.parallelism ?? 1,
      completions: o.completions === undefined ? 1 : o.completions,
      completionMode: o.completionMode ?? "NonIndexed",
      activeDeadlineSeconds: o.activeDeadlineSeconds ?? null,
      backoffLimit: o.backoffLimit ?? 6,
      backoffLimitPerIndex: null,
      maxFailedIndexes: null,
      podFailurePolicy: o.podFailurePolicy ?? null,
      successPolicy: null,
      suspend: o.suspend ?? false,
      ttlSecondsAfterFinished: null,
      podReplacementPolicy: o.podReplacementPolicy ?? (o.podFailurePolicy ? "Failed" : "TerminatingOrFailed"),
      manualSelector: false,
      selector: { matchLabels: { foo: "bar" } },
      managedBy: null,
      template,
    },
    status: {
      startTime: null,
      completionTime: null,
      active: 0,
      ready: 0,
      terminating: null,
      succeeded: 0,
      failed: 0,
      completedIndexes: "",
      failedIndexes: null,
      uncountedTerminatedPods: { succeeded: [], failed: [] },
      conditions: [],
    },
  };
}

/** Fluent pod builder, like upstream's `buildPod()`. Every pod gets the tracking finalizer. */
export class PodBuilder {
  private readonly pod: Pod;

  constructor() {
    this.pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name: "pod",
        namespace: "default",
        uid: "pod",
        resourceVersion: 1,
        generation: 1,
        creationTimestamp: REFERENCE_TIME,
        deletionTimestamp: null,
        deletionGracePeriodSeconds: null,
        labels: { foo: "bar" },
        annotations: {},
        finalizers: [JOB_TRACKING_FINALIZER],
        ownerReferences: [],
      },
      spec: newJob().spec.template.spec,
      status: {
        phase: "Pending",
        reason: null,
        message: null,
        startTime: null,
        conditions: [],
        containerStatuses: [],
        initContainerStatuses: [],
      },
    };
  }

  /** Name and UID (the UID is the name, for readable assertions). */
  name(name: string): this {
    this.pod.metadata.name = name;
    this.pod.metadata.uid = name;
    return this;
  }
  /** Controller owner reference to `job` and its labels. */
  job(job: Job): this {
    this.pod.metadata.namespace = job.metadata.namespace;
    this.pod.metadata.labels = { ...job.spec.template.metadata.labels };
    this.pod.metadata.ownerReferences = [
      {
        apiVersion: "batch/v1",
        kind: "Job",
        name: job.metadata.name,
        uid: job.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ];
    return this;
  }
  phase(phase: PodPhase): this {
    this.pod.status.phase = phase;
    return this;
  }
  /** Ready condition with the given status, transitioned at `at`. */
  ready(ready: boolean, at: SimTime = REFERENCE_TIME): this {
    const others = this.pod.status.conditions.filter((c) => c.type !== "Ready");
    const status: ConditionStatus = ready ? "True" : "False";
    this.pod.status.conditions = [...others, { type: "Ready", status, reason: null, lastTransitionTime: at }];
    return this;
  }
  deletionTimestamp(t: SimTime, gracePeriodSeconds: number | null = null): this {
    this.pod.metadata.deletionTimestamp = t;
    this.pod.metadata.deletionGracePeriodSeconds = gracePeriodSeconds;
    return this;
  }
  creationTimestamp(t: SimTime): this {
    this.pod.metadata.creationTimestamp = t;
    return this;
  }
  nodeName(node: string | null): this {
    this.pod.spec.nodeName = node;
    return this;
  }
  trackingFinalizer(on: boolean): this {
    this.pod.metadata.finalizers = on ? [JOB_TRACKING_FINALIZER] : [];
    return this;
  }
  /** Adds a container status terminated at `t` (null = terminated with a zero finishedAt). */
  finishedAt(t: SimTime | null, exitCode = 0): this {
    this.pod.status.containerStatuses.push({
      name: `c${this.pod.status.containerStatuses.length}`,
      restartCount: 0,
      ready: false,
      state: {
        waiting: null,
        running: null,
        terminated: { exitCode, reason: "", startedAt: null, finishedAt: t },
      },
      lastTerminated: null,
    });
    return this;
  }
  /** Adds a running container status with this restart count. */
  restartCount(n: number): this {
    this.pod.status.containerStatuses.push({
      name: `c${this.pod.status.containerStatuses.length}`,
      restartCount: n,
      ready: false,
      state: { waiting: null, running: { startedAt: REFERENCE_TIME }, terminated: null },
      lastTerminated: null,
    });
    return this;
  }
  build(): Pod {
    return structuredClone(this.pod);
  }
}

/** Start a pod builder. */
export function buildPod(): PodBuilder {
  return new PodBuilder();
}

/** Pod counts by state, as upstream's `setPodsStatuses` takes them. */
export interface PodCounts {
  pending?: number;
  /** Running pods; the first `ready` of them are Ready. */
  active?: number;
  ready?: number;
  succeeded?: number;
  failed?: number;
  /** Running pods with a deletionTimestamp. */
  terminating?: number;
}

/**
 * upstream `setPodsStatuses`: pods named `<state>-<i>` (UID = name). Terminated pods finished
 * at FAR_PAST, so no pod-failure backoff is pending.
 */
export function podsByCount(job: Job, c: PodCounts): Pod[] {
  const out: Pod[] = [];
  const make = (prefix: string, n: number, f: (b: PodBuilder, i: number) => PodBuilder) => {
    for (let i = 0; i < n; i++) out.push(f(buildPod().name(`${prefix}-${i}`).job(job), i).build());
  };
  make("pending", c.pending ?? 0, (b) => b.phase("Pending"));
  make("running", c.active ?? 0, (b, i) => b.phase("Running").ready(i < (c.ready ?? 0)));
  make("succeeded", c.succeeded ?? 0, (b) => b.phase("Succeeded").finishedAt(FAR_PAST));
  make("failed", c.failed ?? 0, (b) => b.phase("Failed").finishedAt(FAR_PAST));
  make("terminating", c.terminating ?? 0, (b) => b.phase("Running").deletionTimestamp(REFERENCE_TIME));
  return out;
}

/** A create call the fake recorded. */
export interface RecordedCreate {
  template: PodTemplateSpec;
  generateName: string;
  index: number | null;
}

/**
 * upstream `controller.FakePodControl`: records every call; `err` fails all calls (after
 * recording them, as upstream does); `createLimit` > 0 rejects creates beyond that many calls
 * (those are not recorded as creates).
 */
export class FakePodControl implements PodControl {
  err: Error | null = null;
  createLimit = 0;
  createCallCount = 0;
  readonly creates: RecordedCreate[] = [];
  readonly deletePodNames: string[] = [];
  /** Names of pods whose finalizer removal was attempted. */
  readonly patches: string[] = [];

  createPod(_job: Job, template: PodTemplateSpec, generateName: string, index: number | null): Error | null {
    this.createCallCount++;
    if (this.createLimit !== 0 && this.createCallCount > this.createLimit) {
      return new Error(
        `not creating pod, limit ${this.createLimit} already reached (create call ${this.createCallCount})`,
      );
    }
    this.creates.push({ template, generateName, index });
    return this.err;
  }
  deletePod(_namespace: string, name: string): Error | null {
    this.deletePodNames.push(name);
    return this.err;
  }
  removeTrackingFinalizer(pod: Pod): Error | null {
    this.patches.push(pod.metadata.name);
    return this.err;
  }
}

/** Condition literal for expectations; timestamps are not compared. */
export interface CondSummary {
  type: JobConditionType;
  status: ConditionStatus;
  reason: string;
  message: string;
}

/** A condition summary (`reason`/`message` default to ""). */
export function cond(
  type: JobConditionType,
  status: ConditionStatus,
  reason = "",
  message = "",
): CondSummary {
  return { type, status, reason, message };
}

/** A full condition at `at`, for seeding a Job's status. */
export function condAt(c: CondSummary, at: SimTime): JobCondition {
  return { ...c, lastProbeTime: at, lastTransitionTime: at };
}

/** Strip timestamps for comparison. */
export function summarize(conditions: readonly JobCondition[]): CondSummary[] {
  return conditions.map(({ type, status, reason, message }) => ({ type, status, reason, message }));
}

/** The wiring of a syncJob test: fakes plus the status writes they captured. */
export interface TestController {
  clock: FakeClock;
  podControl: FakePodControl;
  recorder: MemoryRecorder;
  deps: JobControllerDeps;
  /** Copies of every Job passed to updateJobStatus, in order. */
  writes: Job[];
}

/** Deps for syncJob with fakes; `gates` default to 1.34. */
export function newTestController(
  gates: FeatureGates = defaultFeatureGates,
  now: SimTime = REFERENCE_TIME,
  backoff?: BackoffRecord,
): TestController {
  const clock = new FakeClock(now);
  const podControl = new FakePodControl();
  const recorder = new MemoryRecorder();
  const writes: Job[] = [];
  const backoffStore = new BackoffStore();
  if (backoff) backoffStore.update(JOB_KEY, backoff);
  const deps: JobControllerDeps = {
    clock,
    podControl,
    expectations: new ControllerExpectations(clock),
    finalizerExpectations: new UIDTrackingExpectations(),
    backoffStore,
    gates,
    recorder,
    updateJobStatus: (job) => {
      writes.push(structuredClone(job));
      return null;
    },
  };
  return { clock, podControl, recorder, deps, writes };
}

/** Gates with every listed override applied. */
export function withGates(base: FeatureGates, overrides: Partial<FeatureGates> = {}): FeatureGates {
  return { ...base, ...overrides };
}

/** TestControllerSyncJob's legacy mode: PRP, SuccessPolicy and ManagedBy off. */
export const legacyGates: FeatureGates = withGates(defaultFeatureGates, {
  JobPodReplacementPolicy: false,
  JobSuccessPolicy: false,
  JobManagedBy: false,
});

/** Shorthand for durations in tables. */
export const seconds = (n: number): Millis => n * 1000;
