import { emptyJobStatus } from "../../src/k8s/job-factory.js";
/**
 * Builders for Job controller tests, in the style of upstream job_controller_test.go
 * (`newJob`, `buildPod()...`, `setPodsStatuses`, `controller.FakePodControl`).
 * Times are fixed: the reference instant is upstream backoff_utils_test.go's 2009-11-10 23:00 UTC.
 */

import type { BackoffRecord } from "../../src/controllers/job/backoff.js";
import { BackoffStore } from "../../src/controllers/job/backoff.js";
import type { JobControllerDeps } from "../../src/controllers/job/deps.js";
import { type SyncJobResult, syncJob } from "../../src/controllers/job/sync-job.js";
import { FakeClock } from "../../src/engine/clock.js";
import { type Millis, parseInstant, type SimTime } from "../../src/engine/time.js";
import { MemoryRecorder } from "../../src/k8s/events.js";
import { ControllerExpectations, UIDTrackingExpectations } from "../../src/k8s/expectations.js";
import { defaultFeatureGates, type FeatureGates } from "../../src/k8s/feature-gates.js";
import type { PodControl } from "../../src/k8s/pod-control.js";
import {
  type CompletionMode,
  type ConditionStatus,
  type ContainerStatus,
  JOB_COMPLETION_INDEX_ANNOTATION,
  JOB_INDEX_FAILURE_COUNT_ANNOTATION,
  JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION,
  JOB_TRACKING_FINALIZER,
  type Job,
  type JobCondition,
  type JobConditionType,
  type JobStatus,
  type Pod,
  type PodFailurePolicy,
  type PodPhase,
  type PodReplacementPolicy,
  type PodTemplateSpec,
  type RestartPolicy,
  type SuccessPolicy,
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
  backoffLimitPerIndex?: number | null;
  maxFailedIndexes?: number | null;
  successPolicy?: SuccessPolicy | null;
}

/** upstream `newJob`: Job "foobar" in "default", selector foo=bar, restartPolicy Never. */
export function newJob(o: NewJobOptions = {}): Job {
  const template: PodTemplateSpec = {
    metadata: { labels: { foo: "bar" }, annotations: {} },
    spec: {
      restartPolicy: o.restartPolicy ?? "Never",
      containers: [
        {
          name: "main",
          env: [],
          image: "foo/bar",
          resources: { requests: {}, limits: {} },
          restartPolicy: null,
        },
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
      backoffLimitPerIndex: o.backoffLimitPerIndex ?? null,
      maxFailedIndexes: o.maxFailedIndexes ?? null,
      podFailurePolicy: o.podFailurePolicy ?? null,
      successPolicy: o.successPolicy ?? null,
      suspend: o.suspend ?? false,
      ttlSecondsAfterFinished: null,
      podReplacementPolicy: o.podReplacementPolicy ?? (o.podFailurePolicy ? "Failed" : "TerminatingOrFailed"),
      manualSelector: false,
      selector: { matchLabels: { foo: "bar" } },
      managedBy: null,
      template,
    },
    status: emptyJobStatus(),
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

  /** UID only (upstream's `.uid(...)`); `asMyPods` then names the pod. */
  uid(uid: string): this {
    this.pod.metadata.uid = uid;
    return this;
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
  /** The completion-index annotation, verbatim (so invalid values can be tested). */
  index(ix: string): this {
    this.pod.metadata.annotations[JOB_COMPLETION_INDEX_ANNOTATION] = ix;
    return this;
  }
  /** The `job-index-failure-count` annotation. */
  indexFailureCount(n: string): this {
    this.pod.metadata.annotations[JOB_INDEX_FAILURE_COUNT_ANNOTATION] = n;
    return this;
  }
  /** The `job-index-ignored-failure-count` annotation. */
  indexIgnoredFailureCount(n: string): this {
    this.pod.metadata.annotations[JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION] = n;
    return this;
  }
  /** Adds a pod condition (e.g. DisruptionTarget=True). */
  condition(type: string, status: ConditionStatus = "True", at: SimTime = REFERENCE_TIME): this {
    this.pod.status.conditions.push({ type, status, reason: null, lastTransitionTime: at });
    return this;
  }
  /** Adds a named app container status; `exitCode` null = still running. */
  container(name: string, exitCode: number | null, finishedAt: SimTime | null = null): this {
    this.pod.status.containerStatuses.push(containerStatus(name, exitCode, finishedAt));
    return this;
  }
  /** Adds a named init container status; `exitCode` null = still running. */
  initContainer(name: string, exitCode: number | null, finishedAt: SimTime | null = null): this {
    this.pod.status.initContainerStatuses.push(containerStatus(name, exitCode, finishedAt));
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

function containerStatus(name: string, exitCode: number | null, finishedAt: SimTime | null): ContainerStatus {
  return {
    name,
    restartCount: 0,
    ready: false,
    state: {
      waiting: null,
      running: exitCode === null ? { startedAt: REFERENCE_TIME } : null,
      terminated: exitCode === null ? null : { exitCode, reason: "", startedAt: null, finishedAt },
    },
    lastTerminated: null,
  };
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

const PHASE_LETTERS: Record<string, PodPhase> = { S: "Succeeded", F: "Failed", R: "Running", P: "Pending" };

/**
 * upstream `setPodsStatusesWithIndexes`: one pod per `"<index>:<S|F|R|P>"` entry, named
 * `indexed-<position>` (UID = name). The index text is stored verbatim ("invalid" stays
 * invalid); `"none:R"` gives a pod without the annotation. Terminated pods finished at FAR_PAST.
 */
export function podsWithIndexes(job: Job, specs: readonly string[]): Pod[] {
  return specs.map((spec, i) => {
    const [ix, letter] = spec.split(":") as [string, string];
    const phase = PHASE_LETTERS[letter];
    if (phase === undefined) throw new Error(`podsWithIndexes: unknown phase letter in "${spec}"`);
    const b = buildPod().name(`indexed-${i}`).job(job).phase(phase);
    if (ix !== "none") b.index(ix);
    if (phase === "Succeeded" || phase === "Failed") b.finishedAt(FAR_PAST);
    return b.build();
  });
}

/** A create call the fake recorded. */
export interface RecordedCreate {
  template: PodTemplateSpec;
  generateName: string;
  index: number | null;
  annotations: Record<string, string>;
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

  createPod(
    _job: Job,
    template: PodTemplateSpec,
    generateName: string,
    index: number | null,
    extraAnnotations: Record<string, string> = {},
  ): Error | null {
    this.createCallCount++;
    if (this.createLimit !== 0 && this.createCallCount > this.createLimit) {
      return new Error(
        `not creating pod, limit ${this.createLimit} already reached (create call ${this.createCallCount})`,
      );
    }
    this.creates.push({ template, generateName, index, annotations: { ...extraAnnotations } });
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

/** One syncJob call on a prepared Job and pods (the body of upstream's table loops). */
export interface SyncOnceInput {
  job: Job;
  pods: readonly Pod[];
  gates: FeatureGates;
  backoff?: BackoffRecord;
}

/** What `syncOnce` observed. */
export interface SyncOnceOutput {
  h: TestController;
  result: SyncJobResult;
  /** The last status written, or the unchanged Job if none was (as upstream asserts). */
  actual: Job;
}

/** Run syncJob once with fresh fakes; the inputs are not mutated. */
export function syncOnce(input: SyncOnceInput): SyncOnceOutput {
  const h = newTestController(input.gates, REFERENCE_TIME, input.backoff);
  const initial = structuredClone(input.job);
  const result = syncJob(h.deps, JOB_KEY, structuredClone(input.job), structuredClone([...input.pods]));
  return { h, result, actual: h.writes.at(-1) ?? initial };
}

/**
 * Names pods `mypod-<i>` like upstream's policy tables (UID = name unless already set to
 * something else), and gives them a zero-like creation time (FAR_PAST), as Go test pods have.
 */
export function asMyPods(pods: readonly PodBuilder[]): Pod[] {
  return pods.map((b, i) => {
    const p = b.build();
    const name = `mypod-${i}`;
    if (p.metadata.uid === "pod") p.metadata.uid = name;
    p.metadata.name = name;
    p.metadata.creationTimestamp = FAR_PAST;
    return p;
  });
}

/**
 * A row of upstream's policy tables (TestSyncJobWithJobPodFailurePolicy, …SuccessPolicy,
 * …BackoffLimitPerIndex): a Job, `mypod-<i>` pods, the expected status. Unset counts are 0,
 * unset conditions empty; the other expectations are unchecked when undefined.
 */
export interface PolicyCase {
  // job setup
  job: NewJobOptions;
  status?: Partial<JobStatus>;
  conditions?: CondSummary[];
  backoff?: BackoffRecord;
  // pod setup
  pods: PodBuilder[];
  // expectations
  wantConditions?: CondSummary[];
  wantActive?: number;
  wantFailed?: number;
  wantSucceeded?: number;
  wantTerminating?: number | null;
  wantCompletedIndexes?: string;
  wantFailedIndexes?: string | null;
  wantCreatedIndexes?: number[];
  wantCreatedAnnotations?: Record<string, string>[];
  wantDeleted?: number;
  wantRequeue?: Millis | null;
  // features
  gates?: Partial<FeatureGates>;
}

/** Run one PolicyCase and assert it. `expect` is passed in to keep vitest out of src-like helpers. */
export function runPolicyCase(
  tc: PolicyCase,
  baseGates: FeatureGates,
  expectFn: (actual: unknown) => { toEqual(expected: unknown): void },
): SyncOnceOutput {
  const job = newJob(tc.job);
  job.status.startTime = REFERENCE_TIME;
  Object.assign(job.status, tc.status);
  job.status.conditions = (tc.conditions ?? []).map((c) => condAt(c, REFERENCE_TIME - 60_000));
  const out = syncOnce({
    job,
    pods: asMyPods(tc.pods),
    gates: withGates(baseGates, tc.gates),
    backoff: tc.backoff,
  });
  const { actual, h, result } = out;
  const got: Record<string, unknown> = {
    conditions: summarize(actual.status.conditions),
    active: actual.status.active,
    failed: actual.status.failed,
    succeeded: actual.status.succeeded,
  };
  const want: Record<string, unknown> = {
    conditions: tc.wantConditions ?? [],
    active: tc.wantActive ?? 0,
    failed: tc.wantFailed ?? 0,
    succeeded: tc.wantSucceeded ?? 0,
  };
  const optional = (key: string, wanted: unknown, value: unknown) => {
    if (wanted === undefined) return;
    want[key] = wanted;
    got[key] = value;
  };
  optional("terminating", tc.wantTerminating, actual.status.terminating);
  optional("completedIndexes", tc.wantCompletedIndexes, actual.status.completedIndexes);
  optional("failedIndexes", tc.wantFailedIndexes, actual.status.failedIndexes);
  optional(
    "createdIndexes",
    tc.wantCreatedIndexes,
    h.podControl.creates.map((c) => c.index),
  );
  optional(
    "createdAnnotations",
    tc.wantCreatedAnnotations,
    h.podControl.creates.map((c) => c.annotations),
  );
  optional("deleted", tc.wantDeleted, h.podControl.deletePodNames.length);
  optional("requeue", tc.wantRequeue, result.requeueAfter);
  expectFn(got).toEqual(want);
  return out;
}
