/**
 * syncJob: one reconcile of one Job (§3.3), after upstream job_controller.go `syncJob`.
 * NonIndexed Jobs only for now; pod failure policy, success policy, Indexed Jobs and per-index
 * backoff are seams marked "Seam (issue N)" that answer "no match".
 */
import { type Millis, SECOND } from "../../engine/time.js";
import type { EventRecorder } from "../../k8s/events.js";
import type { UIDTrackingExpectations } from "../../k8s/expectations.js";
import { isNotFound } from "../../k8s/pod-control.js";
import type { Job, JobCondition, Pod } from "../../k8s/types.js";
import type { BackoffStore } from "./backoff.js";
import {
  ensureJobConditionStatus,
  findConditionByType,
  hasSuccessCriteriaMetCondition,
  isJobFinished,
  isSuccessCriteriaMetCondition,
  newCondition,
  newFailedConditionForFailureTarget,
} from "./conditions.js";
import * as C from "./constants.js";
import { delayTerminalCondition, managedByExternalController } from "./feature-gates.js";
import { deleteActivePods, type ManageJobDeps, manageJob, type SyncJobCtx } from "./manage-job.js";
import {
  countReadyPods,
  countTerminatingPods,
  filterActivePods,
  hasJobTrackingFinalizer,
  isPodFailed,
  trackTerminatingPods,
} from "./pod-utils.js";

/** Everything syncJob touches besides the Job and its pods. */
export interface JobControllerDeps extends ManageJobDeps {
  backoffStore: BackoffStore;
  recorder: EventRecorder;
  /**
   * UpdateStatus of the Job; an Error means the write failed. The implementation must store a
   * copy: syncJob keeps mutating the object it passes.
   */
  updateJobStatus(job: Job): Error | null;
  /**
   * Finalizer removals issued but not yet observed (upstream `finalizerExpectations`). Optional
   * so tests can omit it; the controller must pass one, and its pod-update handler must call
   * `finalizerRemovalObserved`, or a lagging informer can make a pod count twice.
   */
  finalizerExpectations?: UIDTrackingExpectations;
}

/** What one sync asks of its caller. */
export interface SyncJobResult {
  /** Earliest re-sync requested (pod-failure backoff, activeDeadlineSeconds), or null. */
  requeueAfter: Millis | null;
  /** Non-null: the caller re-queues with the per-Job API backoff (1 s doubling to 60 s). */
  error: Error | null;
  /** At least one status write was issued and accepted. */
  statusChanged: boolean;
}

/** upstream's `matchPodFailurePolicy` result. */
export interface PodFailurePolicyMatch {
  /** FailJob message, or null. */
  message: string | null;
  /** Whether the failure counts toward backoffLimit (false for Ignore). */
  countFailed: boolean;
}

/** Seam (issue: pod failure policy): replaced by pod-failure-policy.ts; today nothing matches. */
export function matchPodFailurePolicy(_job: Job, _pod: Pod): PodFailurePolicyMatch {
  return { message: null, countFailed: true };
}

const NOOP: SyncJobResult = { requeueAfter: null, error: null, statusChanged: false };

/**
 * Reconcile the Job at `key`. `job` is a private deep copy (undefined when deleted) that this
 * function mutates; `pods` are the pods whose controller reference is this Job.
 */
export function syncJob(
  deps: JobControllerDeps,
  key: string,
  job: Job | undefined,
  pods: readonly Pod[],
): SyncJobResult {
  const { clock, gates } = deps;
  if (job === undefined) {
    deps.expectations.deleteExpectations(key);
    deps.finalizerExpectations?.deleteExpectations(key);
    deps.backoffStore.remove(key);
    return NOOP;
  }
  // Another controller owns it; checked again here because the queue may hold an older key.
  if (managedByExternalController(job, gates) !== null) return NOOP;
  if (isJobFinished(job)) {
    deps.backoffStore.remove(key);
    return NOOP;
  }
  const mode: string = job.spec.completionMode;
  if (mode !== "NonIndexed" && mode !== "Indexed") {
    deps.recorder.event(
      job,
      "Warning",
      "UnknownCompletionMode",
      "Skipped Job sync because completion mode is unknown",
    );
    return NOOP;
  }
  if (mode === "Indexed") {
    // Seam (issue 3): Indexed Jobs (index selection, completedIndexes, per-index backoff).
    return { ...NOOP, error: new Error(`job ${key}: Indexed completion mode is not implemented yet`) };
  }

  // Read expectations before looking at pods: a pod observed afterwards is not yet in `pods`.
  const satisfiedExpectations = deps.expectations.satisfiedExpectations(key);
  const now = clock.now();
  const activePods = filterActivePods(pods);
  const uncountedStatus = job.status.uncountedTerminatedPods;
  const ctx: SyncJobCtx = {
    job,
    key,
    pods: [...pods],
    activePods,
    finishedCondition: null,
    succeeded: 0,
    failed: 0,
    newBackoffRecord: { failuresAfterLastSuccess: 0, lastFailureTime: null },
    expectedRmFinalizers: deps.finalizerExpectations?.getExpectedUIDs(key) ?? new Set(),
    uncounted: { succeeded: new Set(uncountedStatus.succeeded), failed: new Set(uncountedStatus.failed) },
    terminating: trackTerminatingPods(job, gates) ? countTerminatingPods(pods) : null,
    ready: countReadyPods(activePods),
  };
  let active = activePods.length;
  const newSucceeded = newFinishedPods(ctx, ctx.uncounted.succeeded, (p) => p.status.phase === "Succeeded");
  const newFailed = newFinishedPods(ctx, ctx.uncounted.failed, (p) => isPodFailed(p, job, gates));
  ctx.succeeded = job.status.succeeded + newSucceeded.length + ctx.uncounted.succeeded.size;
  ctx.failed = job.status.failed + nonIgnoredFailedCount(job, newFailed) + ctx.uncounted.failed.size;

  if (job.status.startTime === null && !job.spec.suspend) job.status.startTime = now;
  ctx.newBackoffRecord = deps.backoffStore.newBackoffRecord(key, newSucceeded, newFailed);

  let requeueAfter: Millis | null = null;
  let manageJobErr: Error | null = null;
  const newFailure = (reason: string, message: string): JobCondition =>
    newCondition(delayTerminalCondition(gates) ? "FailureTarget" : "Failed", "True", reason, message, now);

  // An existing SuccessCriteriaMet wins over every failure criterion.
  ctx.finishedCondition = hasSuccessCriteriaMetCondition(job, gates) ?? null;
  if (ctx.finishedCondition === null) {
    const target = findConditionByType(job.status.conditions, "FailureTarget");
    if (target !== undefined && target.status === "True") {
      ctx.finishedCondition = newFailedConditionForFailureTarget(target, now);
    } else {
      const message = failJobMessage(job, ctx.pods, deps);
      // FailJob always goes through FailureTarget, whatever the gates.
      if (message !== null) {
        ctx.finishedCondition = newCondition(
          "FailureTarget",
          "True",
          C.JobReasonPodFailurePolicy,
          message,
          now,
        );
      }
    }
  }
  if (ctx.finishedCondition === null) {
    const ads = job.spec.activeDeadlineSeconds;
    if (ctx.failed > job.spec.backoffLimit || pastBackoffLimitOnFailure(job, ctx.pods)) {
      ctx.finishedCondition = newFailure(C.JobReasonBackoffLimitExceeded, C.MessageBackoffLimitExceeded);
    } else if (pastActiveDeadline(job, deps)) {
      ctx.finishedCondition = newFailure(C.JobReasonDeadlineExceeded, C.MessageDeadlineExceeded);
    } else if (ads !== null && !job.spec.suspend && job.status.startTime !== null) {
      requeueAfter = ads * SECOND - clock.since(job.status.startTime);
    }
  }
  // Seam (issue 3): Indexed succeeded/failed indexes, MaxFailedIndexesExceeded, FailedIndexes
  // and the success policy (SuccessCriteriaMet) are decided here.

  let suspendCondChanged = false;
  if (ctx.finishedCondition !== null) {
    const r = deleteActivePods(deps.podControl, job, ctx.activePods);
    if (r.deleted !== active || !satisfiedExpectations) {
      // Pods or finalizers may still be missing from our view: decide again next sync.
      ctx.finishedCondition = null;
    }
    active -= r.deleted;
    if (ctx.terminating !== null) ctx.terminating += r.deleted;
    ctx.ready -= r.deletedReady;
    manageJobErr = r.error;
  } else {
    let manageJobCalled = false;
    if (satisfiedExpectations && job.metadata.deletionTimestamp === null) {
      const m = manageJob(deps, ctx);
      active = m.active;
      manageJobErr = m.error;
      requeueAfter = earliest(requeueAfter, m.requeueAfter);
      manageJobCalled = true;
    }
    const completions = job.spec.completions;
    const complete =
      completions === null ? ctx.succeeded > 0 && active === 0 : ctx.succeeded >= completions && active === 0;
    if (complete) {
      const type = delayTerminalCondition(gates) ? "SuccessCriteriaMet" : "Complete";
      ctx.finishedCondition = newCondition(type, "True", "", "", now);
    } else if (manageJobCalled) {
      suspendCondChanged = updateSuspendedCondition(deps, job);
    }
  }

  const terminating = gates.JobPodReplacementPolicy ? ctx.terminating : null;
  const needsStatusUpdate =
    suspendCondChanged ||
    active !== job.status.active ||
    ctx.ready !== job.status.ready ||
    terminating !== job.status.terminating;
  job.status.active = active;
  job.status.ready = ctx.ready;
  job.status.terminating = terminating;

  const writes = { count: 0 };
  const trackErr = trackJobStatusAndRemoveFinalizers(deps, ctx, needsStatusUpdate, writes);
  const statusChanged = writes.count > 0;
  if (trackErr !== null) {
    return {
      requeueAfter,
      error: new Error(`tracking status: ${trackErr.message}`, { cause: trackErr }),
      statusChanged,
    };
  }
  return { requeueAfter, error: manageJobErr, statusChanged };
}

/**
 * Suspended condition and events (§3.7); only in a sync where manageJob ran and the Job is not
 * completing. Resuming resets startTime, so activeDeadlineSeconds counts continuous active time.
 */
function updateSuspendedCondition(deps: JobControllerDeps, job: Job): boolean {
  const now = deps.clock.now();
  if (job.spec.suspend) {
    const changed = ensureJobConditionStatus(
      job,
      "Suspended",
      "True",
      C.JobReasonSuspended,
      C.MessageSuspended,
      now,
    );
    if (changed) deps.recorder.event(job, "Normal", "Suspended", C.MessageSuspended);
    return changed;
  }
  const changed = ensureJobConditionStatus(
    job,
    "Suspended",
    "False",
    C.JobReasonResumed,
    C.MessageResumed,
    now,
  );
  if (changed) {
    deps.recorder.event(job, "Normal", "Resumed", C.MessageResumed);
    job.status.startTime = now;
  }
  return changed;
}

/**
 * upstream `getValidPodsWithFilter`: pods not yet counted (finalizer still on, not in the
 * uncounted list, no finalizer removal in flight) that pass `filter`, in listing order.
 */
function newFinishedPods(
  ctx: SyncJobCtx,
  uncounted: ReadonlySet<string>,
  filter: (p: Pod) => boolean,
): Pod[] {
  return ctx.pods.filter((p) => {
    const uid = p.metadata.uid;
    if (!hasJobTrackingFinalizer(p) || uncounted.has(uid) || ctx.expectedRmFinalizers.has(uid)) return false;
    return filter(p);
  });
}

/** upstream `nonIgnoredFailedPodsCount`: failures matched by an Ignore rule don't count. */
function nonIgnoredFailedCount(job: Job, failed: readonly Pod[]): number {
  if (job.spec.podFailurePolicy === null) return failed.length;
  return failed.filter((p) => matchPodFailurePolicy(job, p).countFailed).length;
}

/** upstream `getFailJobMessage`: the first failed pod (listing order) matching a FailJob rule. */
function failJobMessage(job: Job, pods: readonly Pod[], deps: JobControllerDeps): string | null {
  if (job.spec.podFailurePolicy === null) return null;
  for (const p of pods) {
    if (!isPodFailed(p, job, deps.gates)) continue;
    const m = matchPodFailurePolicy(job, p).message;
    if (m !== null) return m;
  }
  return null;
}

/**
 * upstream `pastBackoffLimitOnFailure` (§4.4): with restartPolicy OnFailure, the summed restart
 * counts of Pending/Running pods reach backoffLimit (> 0 when backoffLimit is 0).
 */
export function pastBackoffLimitOnFailure(job: Job, pods: readonly Pod[]): boolean {
  if (job.spec.template.spec.restartPolicy !== "OnFailure") return false;
  let sum = 0;
  for (const p of pods) {
    if (p.status.phase !== "Running" && p.status.phase !== "Pending") continue;
    for (const s of p.status.initContainerStatuses) sum += s.restartCount;
    for (const s of p.status.containerStatuses) sum += s.restartCount;
  }
  return job.spec.backoffLimit === 0 ? sum > 0 : sum >= job.spec.backoffLimit;
}

/** upstream `pastActiveDeadline` (§5): inclusive; never while suspended. */
export function pastActiveDeadline(job: Job, deps: Pick<JobControllerDeps, "clock">): boolean {
  const ads = job.spec.activeDeadlineSeconds;
  if (ads === null || job.status.startTime === null || job.spec.suspend) return false;
  return deps.clock.since(job.status.startTime) >= ads * SECOND;
}

function earliest(a: Millis | null, b: Millis | null): Millis | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

/**
 * upstream `trackJobStatusAndRemoveFinalizers` (§3.2): put newly finished pods' UIDs into
 * `uncountedTerminatedPods` (write #1), strip their finalizers, move the UIDs whose patch
 * succeeded into the counters (write #2), and declare the Job finished when nothing is left.
 * At most `MaxUncountedPods` UIDs per sync.
 */
function trackJobStatusAndRemoveFinalizers(
  deps: JobControllerDeps,
  ctx: SyncJobCtx,
  needsFlushIn: boolean,
  writes: { count: number },
): Error | null {
  const job = ctx.job;
  const gates = deps.gates;
  let needsFlush = needsFlushIn;
  const uidsWithFinalizer = new Set<string>();
  for (const p of ctx.pods) {
    if (hasJobTrackingFinalizer(p) && !ctx.expectedRmFinalizers.has(p.metadata.uid))
      uidsWithFinalizer.add(p.metadata.uid);
  }
  if (cleanUncountedPodsWithoutFinalizers(job, uidsWithFinalizer)) needsFlush = true;
  const podsToRemoveFinalizer: Pod[] = [];
  let reachedMaxUncountedPods = false;
  for (const pod of ctx.pods) {
    const uid = pod.metadata.uid;
    // No finalizer, or its removal is in flight: counted by an earlier sync.
    if (!hasJobTrackingFinalizer(pod) || ctx.expectedRmFinalizers.has(uid)) continue;
    const considerPodFailed = isPodFailed(pod, job, gates);
    if (!canRemoveFinalizer(ctx, pod, considerPodFailed)) continue;
    podsToRemoveFinalizer.push(pod);
    const uncounted = job.status.uncountedTerminatedPods;
    // A pod already recorded as failed stays failed even if it now reports Succeeded.
    if (pod.status.phase === "Succeeded" && !ctx.uncounted.failed.has(uid)) {
      // Seam (issue 3): Indexed Jobs record the completion index instead of the UID.
      if (!ctx.uncounted.succeeded.has(uid)) {
        needsFlush = true;
        uncounted.succeeded.push(uid);
      }
    } else if (
      considerPodFailed ||
      (ctx.finishedCondition !== null && !isSuccessCriteriaMetCondition(ctx.finishedCondition, gates))
    ) {
      // Once the Job is failing, every pod not yet terminal counts as failed.
      if (!ctx.uncounted.failed.has(uid)) {
        if (job.spec.podFailurePolicy === null || matchPodFailurePolicy(job, pod).countFailed) {
          needsFlush = true;
          uncounted.failed.push(uid);
        }
      }
    }
    if (uncounted.succeeded.length + uncounted.failed.length >= C.MaxUncountedPods) {
      // Keep status small and let other Jobs sync; pod and status events bring us back.
      reachedMaxUncountedPods = true;
      break;
    }
  }
  // Seam (issue 3): Indexed completedIndexes / failedIndexes are written here.
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
    podsToRemoveFinalizer,
    uidsWithFinalizer,
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

/**
 * upstream `canRemoveFinalizer`: the Job is being deleted or is finishing, or the pod succeeded,
 * or it failed. Seam (issue 3): per-index backoff keeps the latest failed pod's finalizer.
 */
function canRemoveFinalizer(ctx: SyncJobCtx, pod: Pod, considerPodFailed: boolean): boolean {
  if (ctx.job.metadata.deletionTimestamp !== null || ctx.finishedCondition !== null) return true;
  if (pod.status.phase === "Succeeded") return true;
  return considerPodFailed;
}

/**
 * upstream `flushUncountedAndRemoveFinalizers`: write the new uncounted UIDs (and save the
 * backoff record), patch finalizers away, then count the pods whose patch succeeded.
 */
function flushUncountedAndRemoveFinalizers(
  deps: JobControllerDeps,
  ctx: SyncJobCtx,
  podsToRemoveFinalizer: readonly Pod[],
  uidsWithFinalizer: Set<string>,
  needsFlushIn: boolean,
  writes: { count: number },
): { needsFlush: boolean; error: Error | null } {
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
      uidsWithFinalizer.delete(pod.metadata.uid);
    }
  }
  if (cleanUncountedPodsWithoutFinalizers(ctx.job, uidsWithFinalizer)) needsFlush = true;
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
  return { needsFlush, error: rmErr };
}

/**
 * upstream `cleanUncountedPodsWithoutFinalizers`: UIDs in `uncountedTerminatedPods` whose pod no
 * longer carries the finalizer (or no longer exists) move into the counters. Returns whether
 * the status changed.
 */
function cleanUncountedPodsWithoutFinalizers(job: Job, uidsWithFinalizer: ReadonlySet<string>): boolean {
  const u = job.status.uncountedTerminatedPods;
  let updated = false;
  const succeeded = u.succeeded.filter((uid) => uidsWithFinalizer.has(uid));
  if (succeeded.length !== u.succeeded.length) {
    updated = true;
    job.status.succeeded += u.succeeded.length - succeeded.length;
    u.succeeded = succeeded;
  }
  const failed = u.failed.filter((uid) => uidsWithFinalizer.has(uid));
  if (failed.length !== u.failed.length) {
    updated = true;
    job.status.failed += u.failed.length - failed.length;
    u.failed = failed;
  }
  return updated;
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

function writeStatus(deps: JobControllerDeps, job: Job, writes: { count: number }): Error | null {
  const err = deps.updateJobStatus(job);
  if (err === null) writes.count++;
  return err;
}
