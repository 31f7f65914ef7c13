/**
 * manageJob: bring the number of active pods to what the Job wants, after upstream
 * job_controller.go `manageJob`, `activePodsForRemoval`, `deleteJobPods`, `deleteActivePods`.
 */
import type { Clock } from "../../engine/clock.js";
import type { Millis } from "../../engine/time.js";
import { hasNamespaceTerminatingCause, isNotFound } from "../../k8s/api-errors.js";
import type { ControllerExpectations } from "../../k8s/expectations.js";
import type { FeatureGates } from "../../k8s/feature-gates.js";
import { inParallel, type PodControl } from "../../k8s/pod-control.js";
import type { Job, JobCondition, Pod } from "../../k8s/types.js";
import { type BackoffRecord, getRemainingTime } from "./backoff.js";
import {
  getPodCreationInfoForIndependentIndexes,
  hasBackoffLimitPerIndex,
  indexFailureCountAnnotations,
} from "./backoff-per-index.js";
import {
  DefaultJobPodFailureBackOff,
  MaxJobPodFailureBackOff,
  MaxPodCreateDeletePerSync,
  SlowStartInitialBatchSize,
  syncJobBatchPeriod,
} from "./constants.js";
import {
  duplicatedIndexPodsForRemoval,
  firstPendingIndexes,
  isIndexedJob,
  type OrderedIntervals,
  podGenerateNameWithIndex,
} from "./indexed.js";
import {
  hasJobTrackingFinalizer,
  isPodReady,
  isPodTerminating,
  NO_PODS,
  onlyReplaceFailedPods,
  sortActivePods,
} from "./pod-utils.js";

/** upstream `syncJobCtx`: what syncJob computed from the pod list, shared with manageJob. */
export interface SyncJobCtx {
  job: Job;
  key: string;
  /** Pods controlled by the Job, in listing order. */
  pods: readonly Pod[];
  activePods: readonly Pod[];
  /** `activePods.length`, the one thing a sync on pod counts knows of them. */
  active: number;
  /**
   * The pods of `pods` that are Succeeded or failed (`isPodFailed`) and still carry the tracking
   * finalizer with no removal in flight, in listing order. Unless the Job is being deleted or is
   * finishing, only these can lose their finalizer. Absent: not computed; read `pods`.
   */
  finishedPodsWithFinalizer?: readonly Pod[];
  finishedCondition: JobCondition | null;
  succeeded: number;
  failed: number;
  newBackoffRecord: BackoffRecord;
  /** UIDs whose finalizer removal is issued but not yet observed. */
  expectedRmFinalizers: ReadonlySet<string>;
  /** `status.uncountedTerminatedPods` as it was at the start of the sync. */
  uncounted: { succeeded: ReadonlySet<string>; failed: ReadonlySet<string> };
  /** Terminating pods; null when not tracked (`trackTerminatingPods`). */
  terminating: number | null;
  ready: number;
  /** Indexed: indexes in `status.completedIndexes` at the start of the sync. */
  prevSucceededIndexes: OrderedIntervals;
  /** Indexed: prev plus indexes of newly succeeded pods (upstream `succeededIndexes`). */
  succeededIndexes: OrderedIntervals;
  /** Indexed with per-index backoff: failed indexes; null otherwise. */
  failedIndexes: OrderedIntervals | null;
  /** Per-index backoff: the failed pod per index whose finalizer waits for its replacement. */
  podsWithDelayedDeletionPerIndex: ReadonlyMap<number, Pod>;
}

/** The parts of the controller manageJob uses. */
export interface ManageJobDeps {
  clock: Clock;
  podControl: PodControl;
  expectations: ControllerExpectations;
  gates: FeatureGates;
}

/** What manageJob reports back to syncJob. */
export interface ManageJobResult {
  /** Active pods after this sync's creations/deletions (0 while held back by backoff: see below). */
  active: number;
  error: Error | null;
  /** Re-sync requested (pod-failure backoff), or null. */
  requeueAfter: Millis | null;
}

/** upstream (inline in `manageJob`): how many pods should be active. */
export function wantActive(job: Job, active: number, succeeded: number): number {
  if (job.spec.completions === null) {
    // Work queue: once a pod succeeded, let the rest run out; create nothing more.
    return succeeded > 0 ? active : job.spec.parallelism;
  }
  return Math.max(0, Math.min(job.spec.parallelism, job.spec.completions - succeeded));
}

/**
 * upstream `activePodsForRemoval`: for Indexed Jobs every active pod with no valid index or an
 * index ≥ completions and all but the best pod of each repeated index (even beyond
 * `rmAtLeast`); then, if still short of `rmAtLeast`, the remaining pods in deletion order.
 */
export function activePodsForRemoval(job: Job, pods: readonly Pod[], rmAtLeast: number): readonly Pod[] {
  // The common sync: NonIndexed, nothing to remove.
  if (rmAtLeast <= 0 && !isIndexedJob(job)) return NO_PODS;
  let rm: Pod[] = [];
  let left: readonly Pod[] = pods;
  if (isIndexedJob(job)) ({ rm, left } = duplicatedIndexPodsForRemoval(pods, job.spec.completions ?? 0));
  if (rm.length < rmAtLeast) rm = rm.concat(sortActivePods(left).slice(0, rmAtLeast - rm.length));
  return rm;
}

/** Result of a batch of pod deletions. */
export interface DeleteResult {
  deletedReady: number;
  deleted: number;
  error: Error | null;
}

/**
 * upstream `deleteJobPods`: strip the tracking finalizer, then DELETE, so these pods are never
 * counted as failed. A failed call lowers the deletion expectation; NotFound is not a failure.
 */
export function deleteJobPods(
  deps: ManageJobDeps,
  job: Job,
  key: string,
  pods: readonly Pod[],
): DeleteResult {
  let deleted = pods.length;
  let deletedReady = 0;
  let error: Error | null = null;
  const failDelete = (err: Error) => {
    deps.expectations.deletionObserved(key);
    if (!isNotFound(err)) {
      deleted--;
      error ??= err;
    }
  };
  // upstream deleteJobPods: one goroutine per pod.
  inParallel(deps.podControl, () => {
    for (const pod of pods) {
      if (hasJobTrackingFinalizer(pod)) {
        const err = deps.podControl.removeTrackingFinalizer(pod);
        if (err !== null) {
          failDelete(new Error(`removing completion finalizer: ${err.message}`, { cause: err }));
          continue;
        }
      }
      const err = deps.podControl.deletePod(job.metadata.namespace, pod.metadata.name, job);
      if (err !== null) failDelete(err);
      // upstream counts the pod as a deleted ready pod even when DELETE failed; kept as is.
      if (isPodReady(pod)) deletedReady++;
    }
  });
  return { deletedReady, deleted, error };
}

/**
 * upstream `deleteActivePods`: DELETE only (finalizers kept, no expectations), used when the Job
 * has met a finished condition; these pods are then counted as failed (or not, for success).
 */
export function deleteActivePods(podControl: PodControl, job: Job, pods: readonly Pod[]): DeleteResult {
  let deleted = pods.length;
  let deletedReady = 0;
  let error: Error | null = null;
  inParallel(podControl, () => {
    for (const pod of pods) {
      const err = podControl.deletePod(job.metadata.namespace, pod.metadata.name, job);
      if (err !== null && !isNotFound(err)) {
        deleted--;
        error ??= err;
      }
      if (isPodReady(pod)) deletedReady++;
    }
  });
  return { deletedReady, deleted, error };
}

/**
 * upstream `manageJob`: delete surplus (or all, when suspended) active pods, or create missing
 * ones in slow-start batches; never both in one sync. Mutates `ctx.ready` and `ctx.terminating`.
 */
export function manageJob(deps: ManageJobDeps, ctx: SyncJobCtx): ManageJobResult {
  const { job, key } = ctx;
  let active = ctx.active;

  if (job.spec.suspend) {
    const toDelete = activePodsForRemoval(job, ctx.activePods, active);
    return deleteAndReport(deps, ctx, active, toDelete);
  }

  const want = wantActive(job, active, ctx.succeeded);
  const rmAtLeast = Math.max(active - want, 0);
  const forRemoval = activePodsForRemoval(job, ctx.activePods, rmAtLeast);
  const toDelete =
    forRemoval.length > MaxPodCreateDeletePerSync
      ? forRemoval.slice(0, MaxPodCreateDeletePerSync)
      : forRemoval;
  if (toDelete.length > 0) {
    // Deletion takes precedence; creations wait for a later sync (upstream comment in manageJob).
    return deleteAndReport(deps, ctx, active, toDelete);
  }

  // onlyReplaceFailedPods implies trackTerminatingPods, so ctx.terminating is set then.
  const terminating = onlyReplaceFailedPods(job, deps.gates) ? (ctx.terminating ?? 0) : 0;
  let diff = want - terminating - active;
  if (diff <= 0) return { active, error: null, requeueAfter: null };

  const perIndex = hasBackoffLimitPerIndex(job, deps.gates);
  // With backoffLimitPerIndex the global record is ignored; each index has its own delay.
  const remaining = perIndex
    ? 0
    : getRemainingTime(
        deps.clock,
        ctx.newBackoffRecord,
        DefaultJobPodFailureBackOff,
        MaxJobPodFailureBackOff,
      );
  if (remaining > 0) return heldBackByBackoff(remaining);
  diff = Math.min(diff, MaxPodCreateDeletePerSync);
  // Indexed: the index of each pod to create, consumed in order; NonIndexed: none.
  let indexes: readonly number[] | null = null;
  if (isIndexedJob(job)) {
    const completions = job.spec.completions ?? 0;
    const pending = firstPendingIndexes(
      {
        activePods: ctx.activePods,
        terminatingPods: onlyReplaceFailedPods(job, deps.gates) ? ctx.pods.filter(isPodTerminating) : null,
        succeededIndexes: ctx.succeededIndexes,
        failedIndexes: ctx.failedIndexes,
      },
      diff,
      completions,
    );
    let chosen = pending;
    if (perIndex) {
      const info = getPodCreationInfoForIndependentIndexes(
        deps.clock,
        DefaultJobPodFailureBackOff,
        MaxJobPodFailureBackOff,
        pending,
        ctx.podsWithDelayedDeletionPerIndex,
      );
      if (info.remaining > 0) return heldBackByBackoff(info.remaining);
      chosen = info.indexes;
    }
    indexes = chosen;
    diff = chosen.length;
  }
  deps.expectations.expectCreations(key, diff);
  active += diff;
  // A NonIndexed pod's generateName, made once for the batch.
  const generateName = `${job.metadata.name}-`;
  let error: Error | null = null;
  let next = 0;
  for (
    let batchSize = Math.min(diff, SlowStartInitialBatchSize);
    diff > 0;
    batchSize = Math.min(2 * batchSize, diff)
  ) {
    let batchFailed = false;
    // A batch's creations run concurrently; the next batch starts when the slowest returns.
    inParallel(deps.podControl, () => {
      for (let i = 0; i < batchSize; i++) {
        const index = indexes === null ? null : (indexes[next++] ?? null);
        const err = createPod(deps, ctx, generateName, index, perIndex);
        if (err === null) continue;
        // The namespace is going away; every later create would fail the same way.
        if (hasNamespaceTerminatingCause(err)) continue;
        deps.expectations.creationObserved(key);
        active--;
        batchFailed = true;
        error ??= err;
      }
    });
    const skipped = diff - batchSize;
    if (batchFailed && skipped > 0) {
      // Slow start: skip the pods never attempted; a later sync retries them.
      active -= skipped;
      deps.expectations.lowerExpectations(key, skipped, 0);
      break;
    }
    diff -= batchSize;
  }
  return { active, error, requeueAfter: null };
}

/**
 * Quirk kept from upstream: the early return while creation is held back by backoff reports 0
 * active pods, so status.active is written as 0 for this sync even if pods are running (see the
 * README's fidelity notes).
 */
function heldBackByBackoff(remaining: Millis): ManageJobResult {
  return { active: 0, error: null, requeueAfter: Math.max(remaining, syncJobBatchPeriod) };
}

/** The extra annotations of a pod that has none; shared and frozen. */
const NO_ANNOTATIONS: Record<string, string> = Object.freeze({});

/**
 * One create call. NonIndexed pods get `generateName` (`<job>-`); Indexed pods get
 * `<job>-<index>-` (the pod control adds the index annotation, label and hostname) and, with
 * per-index backoff, the failure counts carried over from the failed pod they replace.
 */
function createPod(
  deps: ManageJobDeps,
  ctx: SyncJobCtx,
  generateName: string,
  index: number | null,
  perIndex: boolean,
): Error | null {
  const { job } = ctx;
  if (index === null)
    return deps.podControl.createPod(job, job.spec.template, generateName, null, NO_ANNOTATIONS);
  const annotations = perIndex
    ? indexFailureCountAnnotations(job, ctx.podsWithDelayedDeletionPerIndex.get(index), deps.gates)
    : NO_ANNOTATIONS;
  return deps.podControl.createPod(
    job,
    job.spec.template,
    podGenerateNameWithIndex(job.metadata.name, index),
    index,
    annotations,
  );
}

function deleteAndReport(
  deps: ManageJobDeps,
  ctx: SyncJobCtx,
  active: number,
  pods: readonly Pod[],
): ManageJobResult {
  deps.expectations.expectDeletions(ctx.key, pods.length);
  const r = deleteJobPods(deps, ctx.job, ctx.key, pods);
  if (ctx.terminating !== null) ctx.terminating += r.deleted;
  ctx.ready -= r.deletedReady;
  return { active: active - r.deleted, error: r.error, requeueAfter: null };
}
