/**
 * Counting finished pods with the tracking finalizer and declaring the Job finished (the
 * terminal condition at the end of `syncJob`), after upstream job_controller.go
 * `trackJobStatusAndRemoveFinalizers` and its helpers (upstream keeps the finalizer
 * expectations in tracking_utils.go).
 */
import { isNotFound } from "../../k8s/api-errors.js";
import type { Job, JobCondition, Pod } from "../../k8s/types.js";
import { hasBackoffLimitPerIndex } from "./backoff-per-index.js";
import {
  ensureJobConditionStatus,
  hasSuccessCriteriaMetCondition,
  isSuccessCriteriaMetCondition,
  newCondition,
  newFailedConditionForFailureTarget,
} from "./conditions.js";
import * as C from "./constants.js";
import type { JobControllerDeps } from "./deps.js";
import { delayTerminalCondition } from "./feature-gates.js";
import {
  formatIntervals,
  getCompletionIndex,
  hasValidIndex,
  intervalsHas,
  intervalsTotal,
  isIndexedJob,
  UNKNOWN_COMPLETION_INDEX,
  withOrderedIndexes,
} from "./indexed.js";
import type { SyncJobCtx } from "./manage-job.js";
import { matchPodFailurePolicy } from "./pod-failure-policy.js";
import { addTo, appendTo, hasJobTrackingFinalizer, isPodFailed, NO_PODS } from "./pod-utils.js";

/** Counts accepted status writes of one sync. */
export interface WriteCounter {
  count: number;
}

/**
 * upstream `trackJobStatusAndRemoveFinalizers`: put newly finished pods' UIDs into
 * `uncountedTerminatedPods` (Indexed: succeeded pods as `completedIndexes`), write status,
 * strip their finalizers, move the UIDs whose patch succeeded into the counters, and declare the
 * Job finished when nothing is left. At most `MaxUncountedPods` entries per sync.
 */
export function trackJobStatusAndRemoveFinalizers(
  deps: JobControllerDeps,
  ctx: SyncJobCtx,
  needsFlushIn: boolean,
  writes: WriteCounter,
): Error | null {
  const job = ctx.job;
  const gates = deps.gates;
  const isIndexed = isIndexedJob(job);
  const completions = job.spec.completions ?? 0;
  let needsFlush = needsFlushIn;
  // canRemoveFinalizer holds only for finished pods unless the Job is being deleted or is
  // finishing; syncJob listed those (with the finalizer and no removal in flight), so skipping
  // the others changes nothing. Sorting that sublist gives the same order as the full sort.
  const candidates =
    ctx.finishedPodsWithFinalizer !== undefined &&
    job.metadata.deletionTimestamp === null &&
    ctx.finishedCondition === null
      ? ctx.finishedPodsWithFinalizer
      : ctx.pods;
  // upstream sorts jobCtx.pods by index (an unstable sort) "to introduce completed Indexes in
  // order"; we sort a copy, stable, ties in listing order.
  const pods = isIndexed && candidates.length > 1 ? sortByCompletionIndex(candidates) : candidates;
  // upstream builds `uidsWithFinalizer` from every pod; it is only read for the UIDs in
  // uncountedTerminatedPods, so it is built only when there are some. The later clean-up (in
  // flushUncountedAndRemoveFinalizers) needs no set of all pods: see there.
  const u = job.status.uncountedTerminatedPods;
  if (u.succeeded.length + u.failed.length > 0) {
    const uidsWithFinalizer = new Set<string>();
    for (let i = 0; i < ctx.pods.length; i++) {
      const p = ctx.pods[i]!;
      if (hasJobTrackingFinalizer(p) && !ctx.expectedRmFinalizers.has(p.metadata.uid))
        uidsWithFinalizer.add(p.metadata.uid);
    }
    if (cleanUncountedPodsWithoutFinalizers(job, uidsWithFinalizer, true)) needsFlush = true;
  }
  let podsToRemoveFinalizer: Pod[] | null = null;
  let newSucceededIndexes: number[] | null = null;
  const uncounted = job.status.uncountedTerminatedPods;
  // Once the Job is failing, every pod not yet terminal counts as failed.
  const failing =
    ctx.finishedCondition !== null && !isSuccessCriteriaMetCondition(ctx.finishedCondition, gates);
  let reachedMaxUncountedPods = false;
  for (let i = 0; i < pods.length; i++) {
    const pod = pods[i]!;
    // No finalizer, or its removal is in flight: counted by an earlier sync.
    if (!hasJobTrackingFinalizer(pod)) continue;
    const uid = pod.metadata.uid;
    if (ctx.expectedRmFinalizers.has(uid)) continue;
    const considerPodFailed = isPodFailed(pod, job, gates);
    if (!canRemoveFinalizer(deps, ctx, pod, considerPodFailed)) continue;
    podsToRemoveFinalizer = appendTo(podsToRemoveFinalizer, pod);
    // A pod already recorded as failed stays failed even if it now reports Succeeded.
    if (pod.status.phase === "Succeeded" && !ctx.uncounted.failed.has(uid)) {
      if (isIndexed) {
        // The completion index is enough to avoid recounting; no UID is tracked.
        const ix = getCompletionIndex(pod);
        if (hasValidIndex(pod, completions) && !intervalsHas(ctx.prevSucceededIndexes, ix)) {
          newSucceededIndexes = appendTo(newSucceededIndexes, ix);
          needsFlush = true;
        }
      } else if (!ctx.uncounted.succeeded.has(uid)) {
        needsFlush = true;
        uncounted.succeeded.push(uid);
      }
    } else if (considerPodFailed || failing) {
      // Indexed Jobs never count pods without a valid index.
      if (!ctx.uncounted.failed.has(uid) && (!isIndexed || hasValidIndex(pod, completions))) {
        if (matchPodFailurePolicy(job.spec.podFailurePolicy, pod, gates).countFailed) {
          needsFlush = true;
          uncounted.failed.push(uid);
        }
      }
    }
    if (
      (newSucceededIndexes?.length ?? 0) + uncounted.succeeded.length + uncounted.failed.length >=
      C.MaxUncountedPods
    ) {
      // Keep status small and let other Jobs sync; pod and status events bring us back.
      reachedMaxUncountedPods = true;
      break;
    }
  }
  if (isIndexed) {
    // Indexes arrive in ascending order because `pods` is sorted by index.
    ctx.succeededIndexes = withOrderedIndexes(ctx.succeededIndexes, newSucceededIndexes ?? []);
    const succeededText = formatIntervals(ctx.succeededIndexes);
    if (succeededText !== job.status.completedIndexes) needsFlush = true;
    // Elastic scale-down: indexes ≥ completions were dropped by parsing, so this may decrease.
    job.status.succeeded = intervalsTotal(ctx.succeededIndexes);
    job.status.completedIndexes = succeededText;
    const failedText = ctx.failedIndexes === null ? null : formatIntervals(ctx.failedIndexes);
    if (failedText !== job.status.failedIndexes) {
      job.status.failedIndexes = failedText;
      needsFlush = true;
    }
  }
  const now = deps.clock.now();
  if (ctx.finishedCondition !== null && ctx.finishedCondition.type === "FailureTarget") {
    // The interim condition is written before finalizers go, so the reason survives a crash.
    job.status.conditions.push(ctx.finishedCondition);
    needsFlush = true;
    ctx.finishedCondition = newFailedConditionForFailureTarget(ctx.finishedCondition, now);
  }
  if (isSuccessCriteriaMetCondition(ctx.finishedCondition, gates)) {
    const met = ctx.finishedCondition!;
    if (hasSuccessCriteriaMetCondition(job, gates) === undefined) {
      job.status.conditions.push(met);
      needsFlush = true;
    }
    ctx.finishedCondition = newCondition("Complete", "True", met.reason, met.message, now);
  }
  const flushed = flushUncountedAndRemoveFinalizers(
    deps,
    ctx,
    podsToRemoveFinalizer ?? NO_PODS,
    needsFlush,
    writes,
  );
  if (flushed.error !== null) return flushed.error;
  needsFlush = flushed.needsFlush;
  const jobFinished = !reachedMaxUncountedPods && enactJobFinished(deps, ctx);
  if (jobFinished) needsFlush = true;
  if (needsFlush) {
    const err = writeStatus(deps, job, writes);
    if (err !== null) return new Error(`removing uncounted pods from status: ${err.message}`, { cause: err });
    if (jobFinished) recordJobFinished(deps, job, ctx.finishedCondition!);
  }
  return null;
}

/** upstream `byCompletionIndex`, made total: pods without an index (-1) first, then listing order. */
function sortByCompletionIndex(pods: readonly Pod[]): Pod[] {
  return pods
    .map((p, i) => ({ p, i, ix: getCompletionIndex(p) }))
    .sort((a, b) => a.ix - b.ix || a.i - b.i)
    .map((x) => x.p);
}

/**
 * upstream `canRemoveFinalizer`: the Job is being deleted or is finishing, or the pod succeeded,
 * or it failed, except that with per-index backoff the latest failed pod of an index waiting
 * for its replacement keeps its finalizer (backoff-per-index.ts).
 */
function canRemoveFinalizer(
  deps: JobControllerDeps,
  ctx: SyncJobCtx,
  pod: Pod,
  considerPodFailed: boolean,
): boolean {
  if (ctx.job.metadata.deletionTimestamp !== null || ctx.finishedCondition !== null) return true;
  if (pod.status.phase === "Succeeded") return true;
  if (!considerPodFailed) return false;
  if (hasBackoffLimitPerIndex(ctx.job, deps.gates)) {
    const ix = getCompletionIndex(pod);
    if (ix !== UNKNOWN_COMPLETION_INDEX) {
      const delayed = ctx.podsWithDelayedDeletionPerIndex.get(ix);
      if (delayed !== undefined && delayed.metadata.uid === pod.metadata.uid) return false;
    }
  }
  return true;
}

/**
 * upstream `flushUncountedAndRemoveFinalizers`: write the new uncounted UIDs (and save the
 * backoff record), patch finalizers away, then count the pods whose patch succeeded.
 */
function flushUncountedAndRemoveFinalizers(
  deps: JobControllerDeps,
  ctx: SyncJobCtx,
  podsToRemoveFinalizer: readonly Pod[],
  needsFlushIn: boolean,
  writes: WriteCounter,
): FlushResult {
  let needsFlush = needsFlushIn;
  if (needsFlush) {
    const err = writeStatus(deps, ctx.job, writes);
    if (err !== null) {
      return {
        needsFlush,
        error: new Error(`adding uncounted pods to status: ${err.message}`, { cause: err }),
      };
    }
    deps.backoffStore.update(ctx.key, ctx.newBackoffRecord);
    needsFlush = false;
  }
  let rmErr: Error | null = null;
  // upstream deletes each UID whose finalizer is gone from `uidsWithFinalizer` and cleans the
  // uncounted lists against it. Every UID in those lists belongs to a pod with the finalizer and
  // no removal in flight (the first clean-up kept only such UIDs, the loop added only such), so
  // the clean-up drops exactly the UIDs whose finalizer this sync removed.
  let finalizerRemoved: Set<string> | null = null;
  if (podsToRemoveFinalizer.length > 0) {
    deps.finalizerExpectations?.expectFinalizersRemoved(
      ctx.key,
      podsToRemoveFinalizer.map((p) => p.metadata.uid),
    );
    for (const pod of podsToRemoveFinalizer) {
      const err = deps.podControl.removeTrackingFinalizer(pod);
      if (err !== null) {
        // No pod update will come for a failed patch; clear the expectation now.
        deps.finalizerExpectations?.finalizerRemovalObserved(ctx.key, pod.metadata.uid);
        if (!isNotFound(err)) {
          rmErr ??= new Error(`removing tracking finalizer: ${err.message}`, { cause: err });
          continue;
        }
      }
      finalizerRemoved = addTo(finalizerRemoved, pod.metadata.uid);
    }
  }
  if (finalizerRemoved !== null && cleanUncountedPodsWithoutFinalizers(ctx.job, finalizerRemoved, false))
    needsFlush = true;
  if (rmErr !== null && needsFlush) {
    // Record the partial progress before reporting the error.
    const err = writeStatus(deps, ctx.job, writes);
    if (err !== null) {
      return {
        needsFlush,
        error: new Error(`removing uncounted pods from status: ${err.message}`, { cause: err }),
      };
    }
  }
  if (rmErr !== null) return { needsFlush, error: rmErr };
  return needsFlush ? FLUSHED_NEEDS_FLUSH : FLUSHED;
}

/** What flushUncountedAndRemoveFinalizers returns (upstream `(needsFlush bool, err error)`). */
interface FlushResult {
  readonly needsFlush: boolean;
  readonly error: Error | null;
}
const FLUSHED: FlushResult = Object.freeze({ needsFlush: false, error: null });
const FLUSHED_NEEDS_FLUSH: FlushResult = Object.freeze({ needsFlush: true, error: null });

/**
 * upstream `cleanUncountedPodsWithoutFinalizers`: UIDs in `uncountedTerminatedPods` whose pod no
 * longer carries the finalizer (or no longer exists) move into the counters. A UID has the
 * finalizer when `uids.has(uid) === inSetHasFinalizer` (`uids` lists either the UIDs with the
 * finalizer or those whose finalizer was removed). Returns whether the status changed.
 */
function cleanUncountedPodsWithoutFinalizers(
  job: Job,
  uids: ReadonlySet<string>,
  inSetHasFinalizer: boolean,
): boolean {
  const u = job.status.uncountedTerminatedPods;
  let updated = false;
  const succeeded = keepWithFinalizer(u.succeeded, uids, inSetHasFinalizer);
  if (succeeded !== null) {
    updated = true;
    job.status.succeeded += u.succeeded.length - succeeded.length;
    u.succeeded = succeeded;
  }
  const failed = keepWithFinalizer(u.failed, uids, inSetHasFinalizer);
  if (failed !== null) {
    updated = true;
    job.status.failed += u.failed.length - failed.length;
    u.failed = failed;
  }
  return updated;
}

/** The UIDs of `list` that have the finalizer (see above), or null when that is all of them. */
function keepWithFinalizer(
  list: readonly string[],
  uids: ReadonlySet<string>,
  inSetHasFinalizer: boolean,
): string[] | null {
  let i = 0;
  while (i < list.length && uids.has(list[i]!) === inSetHasFinalizer) i++;
  if (i === list.length) return null;
  const kept = list.slice(0, i);
  for (i++; i < list.length; i++) if (uids.has(list[i]!) === inSetHasFinalizer) kept.push(list[i]!);
  return kept;
}

/**
 * upstream `enactJobFinished`: add Failed/Complete once no UID is uncounted and (delayed mode)
 * no pod is terminating. Returns whether the Job is now finished.
 */
function enactJobFinished(deps: JobControllerDeps, ctx: SyncJobCtx): boolean {
  const cond = ctx.finishedCondition;
  if (cond === null) return false;
  const job = ctx.job;
  const u = job.status.uncountedTerminatedPods;
  if (u.succeeded.length + u.failed.length > 0) return false;
  if (delayTerminalCondition(deps.gates) && (ctx.terminating ?? 0) > 0) return false;
  ensureJobConditionStatus(job, cond.type, cond.status, cond.reason, cond.message, deps.clock.now());
  if (cond.type === "Complete") job.status.completionTime = cond.lastTransitionTime;
  return true;
}

/** upstream `recordJobFinished`: the events of a finished Job. */
function recordJobFinished(deps: JobControllerDeps, job: Job, cond: JobCondition): void {
  if (cond.type === "Complete") {
    if (job.spec.completions !== null && job.status.succeeded > job.spec.completions) {
      deps.recorder.event(job, "Warning", "TooManySucceededPods", C.MessageTooManySucceededPods);
    }
    deps.recorder.event(job, "Normal", "Completed", C.MessageCompleted);
  } else {
    deps.recorder.event(job, "Warning", cond.reason, cond.message);
  }
}

function writeStatus(deps: JobControllerDeps, job: Job, writes: WriteCounter): Error | null {
  const err = deps.updateJobStatus(job);
  if (err === null) writes.count++;
  return err;
}
