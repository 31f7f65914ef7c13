/**
 * manageJob: bring the number of active pods to what the Job wants (§3.4, §3.5), after upstream
 * job_controller.go `manageJob`, `activePodsForRemoval`, `deleteJobPods`, `deleteActivePods`.
 */
import type { Clock } from "../../engine/clock.js";
import type { Millis } from "../../engine/time.js";
import type { ControllerExpectations } from "../../k8s/expectations.js";
import { isNotFound, NamespaceTerminatingError, type PodControl } from "../../k8s/pod-control.js";
import type { Job, JobCondition, Pod } from "../../k8s/types.js";
import { type BackoffRecord, getRemainingTime } from "./backoff.js";
import {
  DefaultJobPodFailureBackOff,
  MaxJobPodFailureBackOff,
  MaxPodCreateDeletePerSync,
  SlowStartInitialBatchSize,
  syncJobBatchPeriod,
} from "./constants.js";
import type { FeatureGates } from "./feature-gates.js";
import { hasJobTrackingFinalizer, isPodReady, onlyReplaceFailedPods, sortActivePods } from "./pod-utils.js";

/** upstream `syncJobCtx`: what syncJob computed from the pod list, shared with manageJob. */
export interface SyncJobCtx {
  job: Job;
  key: string;
  /** Pods controlled by the Job, in listing order. */
  pods: Pod[];
  activePods: Pod[];
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

/** §3.4 upstream (inline in manageJob): how many pods should be active. */
export function wantActive(job: Job, active: number, succeeded: number): number {
  if (job.spec.completions === null) {
    // Work queue: once a pod succeeded, let the rest run out; create nothing more.
    return succeeded > 0 ? active : job.spec.parallelism;
  }
  return Math.max(0, Math.min(job.spec.parallelism, job.spec.completions - succeeded));
}

/**
 * upstream `activePodsForRemoval`: the first `rmAtLeast` active pods in deletion order.
 * Seam (issue 3): Indexed Jobs first remove pods with invalid or duplicated indexes.
 */
export function activePodsForRemoval(_job: Job, pods: readonly Pod[], rmAtLeast: number): Pod[] {
  if (rmAtLeast <= 0) return [];
  return sortActivePods(pods).slice(0, rmAtLeast);
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
  for (const pod of pods) {
    const err = podControl.deletePod(job.metadata.namespace, pod.metadata.name, job);
    if (err !== null && !isNotFound(err)) {
      deleted--;
      error ??= err;
    }
    if (isPodReady(pod)) deletedReady++;
  }
  return { deletedReady, deleted, error };
}

/**
 * upstream `manageJob`: delete surplus (or all, when suspended) active pods, or create missing
 * ones in slow-start batches; never both in one sync. Mutates `ctx.ready` and `ctx.terminating`.
 */
export function manageJob(deps: ManageJobDeps, ctx: SyncJobCtx): ManageJobResult {
  const { job, key } = ctx;
  let active = ctx.activePods.length;

  if (job.spec.suspend) {
    const toDelete = activePodsForRemoval(job, ctx.activePods, active);
    return deleteAndReport(deps, ctx, active, toDelete);
  }

  const want = wantActive(job, active, ctx.succeeded);
  const rmAtLeast = Math.max(active - want, 0);
  const toDelete = activePodsForRemoval(job, ctx.activePods, rmAtLeast).slice(0, MaxPodCreateDeletePerSync);
  if (toDelete.length > 0) {
    // Deletion takes precedence; creations wait for a later sync (upstream comment in manageJob).
    return deleteAndReport(deps, ctx, active, toDelete);
  }

  // onlyReplaceFailedPods implies trackTerminatingPods, so ctx.terminating is set then.
  const terminating = onlyReplaceFailedPods(job, deps.gates) ? (ctx.terminating ?? 0) : 0;
  let diff = want - terminating - active;
  if (diff <= 0) return { active, error: null, requeueAfter: null };

  // Seam (issue 3): with backoffLimitPerIndex the global record is ignored.
  const remaining = getRemainingTime(
    deps.clock,
    ctx.newBackoffRecord,
    DefaultJobPodFailureBackOff,
    MaxJobPodFailureBackOff,
  );
  if (remaining > 0) {
    // Quirk kept from upstream: this early return reports 0 active pods, so status.active is
    // written as 0 for this sync even if pods are running (spec §3.5, §14).
    return { active: 0, error: null, requeueAfter: Math.max(remaining, syncJobBatchPeriod) };
  }
  diff = Math.min(diff, MaxPodCreateDeletePerSync);
  // Seam (issue 3): Indexed Jobs pick the `diff` lowest pending indexes here.
  const indexes: (number | null)[] = new Array<number | null>(diff).fill(null);
  deps.expectations.expectCreations(key, diff);
  active += diff;
  const generateName = `${job.metadata.name}-`;
  let error: Error | null = null;
  for (
    let batchSize = Math.min(diff, SlowStartInitialBatchSize);
    diff > 0;
    batchSize = Math.min(2 * batchSize, diff)
  ) {
    let batchFailed = false;
    for (let i = 0; i < batchSize; i++) {
      const index = indexes.shift() ?? null;
      const err = deps.podControl.createPod(job, job.spec.template, generateName, index, {});
      if (err === null) continue;
      // The namespace is going away; every later create would fail the same way.
      if (err instanceof NamespaceTerminatingError) continue;
      deps.expectations.creationObserved(key);
      active--;
      batchFailed = true;
      error ??= err;
    }
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

function deleteAndReport(deps: ManageJobDeps, ctx: SyncJobCtx, active: number, pods: Pod[]): ManageJobResult {
  deps.expectations.expectDeletions(ctx.key, pods.length);
  const r = deleteJobPods(deps, ctx.job, ctx.key, pods);
  if (ctx.terminating !== null) ctx.terminating += r.deleted;
  ctx.ready -= r.deletedReady;
  return { active: active - r.deleted, error: r.error, requeueAfter: null };
}
