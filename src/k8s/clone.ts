/**
 * Copies of API objects. The store is copy-on-write: every write stores a new object, so a
 * watch handler can compare the old and new versions and controllers never mutate the cache.
 * Hand-written rather than structuredClone because pod writes sit on the hot path.
 */
import type { ContainerStatus, CronJob, Job, ObjectMeta, Pod, PodCondition } from "./types.js";

function cloneMeta(m: ObjectMeta): ObjectMeta {
  return {
    ...m,
    labels: { ...m.labels },
    annotations: { ...m.annotations },
    finalizers: m.finalizers.slice(),
    ownerReferences: m.ownerReferences.map((r) => ({ ...r })),
  };
}

function cloneContainerStatus(s: ContainerStatus): ContainerStatus {
  return {
    ...s,
    state: {
      waiting: s.state.waiting && { ...s.state.waiting },
      running: s.state.running && { ...s.state.running },
      terminated: s.state.terminated && { ...s.state.terminated },
    },
    lastTerminated: s.lastTerminated && { ...s.lastTerminated },
  };
}

function cloneConditions(c: PodCondition[]): PodCondition[] {
  return c.map((x) => ({ ...x }));
}

/** Deep copy of a Pod's mutable parts; containers in the spec are shared (immutable). */
export function clonePod(p: Pod): Pod {
  return {
    apiVersion: p.apiVersion,
    kind: p.kind,
    metadata: cloneMeta(p.metadata),
    spec: { ...p.spec },
    status: {
      ...p.status,
      conditions: cloneConditions(p.status.conditions),
      containerStatuses: p.status.containerStatuses.map(cloneContainerStatus),
      initContainerStatuses: p.status.initContainerStatuses.map(cloneContainerStatus),
    },
  };
}

/** Deep copy of a Job (the pod template is shared: it is immutable in the simulator). */
export function cloneJob(j: Job): Job {
  return {
    apiVersion: j.apiVersion,
    kind: j.kind,
    metadata: cloneMeta(j.metadata),
    spec: { ...j.spec, selector: { matchLabels: { ...j.spec.selector.matchLabels } } },
    status: {
      ...j.status,
      uncountedTerminatedPods: {
        succeeded: j.status.uncountedTerminatedPods.succeeded.slice(),
        failed: j.status.uncountedTerminatedPods.failed.slice(),
      },
      conditions: j.status.conditions.map((c) => ({ ...c })),
    },
  };
}

/** Deep copy of a CronJob (the job template is shared). */
export function cloneCronJob(c: CronJob): CronJob {
  return {
    apiVersion: c.apiVersion,
    kind: c.kind,
    metadata: cloneMeta(c.metadata),
    spec: { ...c.spec },
    status: { ...c.status, active: c.status.active.map((r) => ({ ...r })) },
  };
}
