/**
 * The pod-write seam of the Job controller (kubernetes pkg/controller `PodControlInterface`,
 * reduced to what the Job controller calls). Calls are synchronous; an `Error` return means the
 * API call failed. The store-backed implementation lives elsewhere; tests use a fake.
 */
import type { SimTime } from "../engine/time.js";
import {
  type Container,
  type ContainerStatus,
  type EnvVar,
  JOB_COMPLETION_INDEX_ANNOTATION,
  JOB_TRACKING_FINALIZER,
  type Job,
  type OwnerReference,
  type Pod,
  type PodCondition,
  type PodTemplateSpec,
} from "./types.js";

/** The environment variable Indexed pods get (upstream `JobCompletionIndexEnvName`). */
export const JOB_COMPLETION_INDEX_ENV = "JOB_COMPLETION_INDEX";

/** Writes the Job controller makes to pods. */
export interface PodControl {
  /**
   * Create one pod from `template` for `job`. The implementation names it (`generateName` + 5
   * random characters), assigns a UID, and builds the rest with `buildPodFromTemplate`. It also
   * records the `SuccessfulCreate` event ("Created pod: <name>").
   */
  createPod(
    job: Job,
    template: PodTemplateSpec,
    generateName: string,
    index: number | null,
    extraAnnotations: Record<string, string>,
  ): Error | null;
  /** DELETE the pod (sets deletionTimestamp); records `SuccessfulDelete` ("Deleted pod: <name>"). */
  deletePod(namespace: string, name: string, job: Job): Error | null;
  /** Patch the `batch.kubernetes.io/job-tracking` finalizer out of the pod. */
  removeTrackingFinalizer(pod: Pod): Error | null;
  /**
   * Make the calls `calls` makes concurrently (upstream's goroutines per pod) and go on when
   * the slowest returns. Absent: calls take no time (test fakes).
   */
  parallel?<T>(calls: () => T): T;
}

/** Options of `buildPodFromTemplate`. */
export interface BuildPodOptions {
  /** `PodIndexLabel` gate: also put the completion index in a label. */
  podIndexLabel: boolean;
  /** `controllerRefs(job)` made once for all the Job's pods; absent: made for this pod. */
  ownerReferences?: OwnerReference[];
}

/**
 * The owner references of a pod the Job creates: one controller reference to the Job. Pod
 * versions share such lists as immutable values (clone.ts), so one list serves every pod of the
 * Job; it is frozen, and a writer that changes a pod's references assigns a new list.
 */
export function controllerRefs(job: Job): OwnerReference[] {
  const ref: OwnerReference = Object.freeze({
    apiVersion: "batch/v1",
    kind: "Job",
    name: job.metadata.name,
    uid: job.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  });
  return Object.freeze([ref]) as OwnerReference[];
}

/**
 * A new pod's lists, the same for every pod: frozen and shared, since pod versions treat their
 * lists as immutable values (clone.ts) and writers assign new ones.
 */
const TRACKING_FINALIZER_ONLY = Object.freeze([JOB_TRACKING_FINALIZER]) as string[];
const NO_CONDITIONS = Object.freeze([]) as unknown as PodCondition[];
const NO_CONTAINER_STATUSES = Object.freeze([]) as unknown as ContainerStatus[];
const DEFAULT_OPTIONS: BuildPodOptions = { podIndexLabel: true };

/**
 * Build the pod a create call would send, minus `name` and `uid` (left empty for the caller):
 * template labels/annotations/spec, the tracking finalizer, a controller owner reference to the
 * Job, and for an Indexed pod the index annotation (and label) and `hostname = <job>-<index>`
 * (upstream `addCompletionIndexAnnotation`, `addCompletionIndexLabel`, `manageJob`).
 */
export function buildPodFromTemplate(
  job: Job,
  template: PodTemplateSpec,
  index: number | null,
  extraAnnotations: Record<string, string>,
  now: SimTime,
  options: BuildPodOptions = DEFAULT_OPTIONS,
): Pod {
  // Label and annotation maps are immutable values here: share the template's unless this pod
  // adds to them (an index, or per-index failure counts).
  const own = index !== null || hasKeys(extraAnnotations);
  const labels = own ? { ...template.metadata.labels } : template.metadata.labels;
  const annotations = own
    ? { ...template.metadata.annotations, ...extraAnnotations }
    : template.metadata.annotations;
  // Specs and containers are immutable values in the simulator (writers assign new objects):
  // a NonIndexed pod shares the template's spec, an Indexed one gets a shallow copy to change.
  const spec = index === null ? template.spec : { ...template.spec };
  if (index !== null) {
    annotations[JOB_COMPLETION_INDEX_ANNOTATION] = String(index);
    if (options.podIndexLabel) labels[JOB_COMPLETION_INDEX_ANNOTATION] = String(index);
    spec.hostname = `${job.metadata.name}-${index}`;
    // upstream addCompletionIndexEnvVariables: every container gets JOB_COMPLETION_INDEX from
    // the downward API (the label with PodIndexLabel, else the annotation), unless it has one.
    const source = options.podIndexLabel ? "labels" : "annotations";
    const env: EnvVar = {
      name: JOB_COMPLETION_INDEX_ENV,
      value: null,
      valueFrom: { fieldRef: { fieldPath: `metadata.${source}['${JOB_COMPLETION_INDEX_ANNOTATION}']` } },
    };
    const withIndex = (c: Container): Container =>
      c.env.some((e) => e.name === JOB_COMPLETION_INDEX_ENV) ? c : { ...c, env: [...c.env, env] };
    spec.containers = spec.containers.map(withIndex);
    spec.initContainers = spec.initContainers.map(withIndex);
  }
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: "",
      namespace: job.metadata.namespace,
      uid: "",
      resourceVersion: 0,
      generation: 1,
      creationTimestamp: now,
      deletionTimestamp: null,
      deletionGracePeriodSeconds: null,
      labels,
      annotations,
      finalizers: TRACKING_FINALIZER_ONLY,
      ownerReferences: options.ownerReferences ?? controllerRefs(job),
    },
    spec,
    status: {
      phase: "Pending",
      reason: null,
      message: null,
      startTime: null,
      conditions: NO_CONDITIONS,
      containerStatuses: NO_CONTAINER_STATUSES,
      initContainerStatuses: NO_CONTAINER_STATUSES,
    },
  };
}

/** `Object.keys(record).length > 0` without building the list of keys. */
function hasKeys(record: Record<string, string>): boolean {
  for (const _ in record) return true;
  return false;
}

/** Run `calls` through `podControl.parallel` when it has one (see there). */
export function inParallel<T>(podControl: PodControl, calls: () => T): T {
  return podControl.parallel ? podControl.parallel(calls) : calls();
}
