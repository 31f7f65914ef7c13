/**
 * Copies of API objects. The store is copy-on-write: every write stores a new object, so a
 * watch handler can compare the old and new versions and controllers never mutate the cache.
 * Hand-written rather than structuredClone because pod writes sit on the hot path.
 */
import type { CronJob, Job, JobStatus, ObjectMeta, Pod } from "./types.js";

/**
 * Labels, annotations and owner references are shared between versions: the simulator treats
 * them as immutable values (a writer that changes them assigns a new object), which keeps pod
 * writes, the hottest path, cheap.
 */
function cloneMeta(m: ObjectMeta, shareFinalizers = false): ObjectMeta {
  // An explicit literal, not a spread: V8 builds it with a fixed shape, much faster.
  return {
    name: m.name,
    namespace: m.namespace,
    uid: m.uid,
    resourceVersion: m.resourceVersion,
    generation: m.generation,
    creationTimestamp: m.creationTimestamp,
    deletionTimestamp: m.deletionTimestamp,
    deletionGracePeriodSeconds: m.deletionGracePeriodSeconds,
    labels: m.labels,
    annotations: m.annotations,
    finalizers: shareFinalizers ? m.finalizers : m.finalizers.slice(),
    ownerReferences: m.ownerReferences,
  };
}

/**
 * A new version of a Pod for a writer to change. Everything below metadata and status (spec,
 * finalizers, conditions, container statuses) is shared: API objects are immutable values
 * here, and writers assign new arrays and objects instead of changing them. Pod writes are the
 * hottest path, and objects that outlive a young-generation GC are what it costs.
 */
export function clonePod(p: Pod): Pod {
  return {
    apiVersion: p.apiVersion,
    kind: p.kind,
    metadata: cloneMeta(p.metadata, true),
    // The spec is shared: writers that change it (binding) assign a new object.
    spec: p.spec,
    status: {
      phase: p.status.phase,
      reason: p.status.reason,
      message: p.status.message,
      startTime: p.status.startTime,
      conditions: p.status.conditions,
      containerStatuses: p.status.containerStatuses,
      initContainerStatuses: p.status.initContainerStatuses,
    },
  };
}

/** No UIDs: frozen, so the versions that share it cannot change it. */
const NO_UIDS = Object.freeze([]) as readonly string[] as string[];
/** Nothing uncounted, as most stored Job versions have it (every finished Job). */
const NOTHING_UNCOUNTED: JobStatus["uncountedTerminatedPods"] = Object.freeze({
  succeeded: NO_UIDS,
  failed: NO_UIDS,
});

/**
 * A copy of a JobStatus a writer may change (conditions are replaced, never changed in place).
 * `stored`: a version for the store, which nobody changes: nothing uncounted is then the frozen
 * shared value instead of two new empty lists.
 */
export function cloneJobStatus(s: JobStatus, stored = false): JobStatus {
  const u = s.uncountedTerminatedPods;
  return {
    startTime: s.startTime,
    completionTime: s.completionTime,
    active: s.active,
    ready: s.ready,
    terminating: s.terminating,
    succeeded: s.succeeded,
    failed: s.failed,
    completedIndexes: s.completedIndexes,
    failedIndexes: s.failedIndexes,
    uncountedTerminatedPods:
      stored && u.succeeded.length === 0 && u.failed.length === 0
        ? NOTHING_UNCOUNTED
        : { succeeded: u.succeeded.slice(), failed: u.failed.slice() },
    conditions: s.conditions.slice(),
  };
}

/**
 * A new version of a Job for a writer to change. The spec is shared: specs are immutable
 * values here, and a writer that changes one (a patch) assigns a new object.
 */
export function cloneJob(j: Job): Job {
  return {
    apiVersion: j.apiVersion,
    kind: j.kind,
    metadata: cloneMeta(j.metadata),
    spec: j.spec,
    status: cloneJobStatus(j.status),
  };
}

/**
 * A new version of a Job with a copy of `status` (a status write: nothing else of the old one is
 * copied, and its finalizers, which a status write does not change, are shared). An empty
 * `uncountedTerminatedPods` is the frozen shared one: 100,000 finished Jobs keep no empty lists
 * of their own, and a writer works on a copy ({@link copyJobForStatusSync}), whose lists are its own.
 */
export function cloneJobWithStatus(j: Job, status: JobStatus): Job {
  return {
    apiVersion: j.apiVersion,
    kind: j.kind,
    metadata: cloneMeta(j.metadata, true),
    spec: j.spec,
    status: cloneJobStatus(status, true),
  };
}

function cloneCronJobStatus(s: CronJob["status"]): CronJob["status"] {
  return {
    active: s.active.slice(),
    lastScheduleTime: s.lastScheduleTime,
    lastSuccessfulTime: s.lastSuccessfulTime,
  };
}

/** A new version of a CronJob with a copy of `status` (a status write). */
export function cloneCronJobWithStatus(c: CronJob, status: CronJob["status"]): CronJob {
  return {
    apiVersion: c.apiVersion,
    kind: c.kind,
    metadata: cloneMeta(c.metadata),
    // Specs and object references are immutable values here (writers assign new ones).
    spec: c.spec,
    status: cloneCronJobStatus(status),
  };
}

/**
 * A working copy for a controller sync that writes only the status: metadata and spec are
 * immutable values here, so only the status is copied.
 */
export function copyJobForStatusSync(j: Job): Job {
  return {
    apiVersion: j.apiVersion,
    kind: j.kind,
    metadata: j.metadata,
    spec: j.spec,
    status: cloneJobStatus(j.status),
  };
}

/** {@link copyJobForStatusSync} for a CronJob. */
export function copyCronJobForStatusSync(c: CronJob): CronJob {
  return {
    apiVersion: c.apiVersion,
    kind: c.kind,
    metadata: c.metadata,
    spec: c.spec,
    status: cloneCronJobStatus(c.status),
  };
}

/** Deep copy of a CronJob (the job template is shared). */
export function cloneCronJob(c: CronJob): CronJob {
  return cloneCronJobWithStatus(c, c.status);
}
