/**
 * syncJob: one reconcile of one Job, after upstream job_controller.go `syncJob`. The
 * policies live in sibling files like upstream's: indexed.ts, pod-failure-policy.ts,
 * success-policy.ts, backoff-per-index.ts; finalizer counting in tracking.ts.
 */
import { type Millis, type SimTime, secondsToMillis } from "../../engine/time.js";
import { EMPTY_UIDS } from "../../k8s/expectations.js";
import type { Job, JobCondition, Pod } from "../../k8s/types.js";
import {
  getPodsWithDelayedDeletionPerIndex,
  hasBackoffLimitPerIndex,
  isIndexFailed,
} from "./backoff-per-index.js";
import { classifyPods, classifyTallied, NOT_LISTED } from "./classify-pods.js";
import {
  ensureJobConditionStatus,
  findConditionByType,
  hasSuccessCriteriaMetCondition,
  isJobFinished,
  newCondition,
  newFailedConditionForFailureTarget,
} from "./conditions.js";
import * as C from "./constants.js";
import type { JobControllerDeps } from "./deps.js";
import { delayTerminalCondition, managedByExternalController } from "./feature-gates.js";
import {
  calculateFailedIndexes,
  calculateSucceededIndexes,
  intervalsTotal,
  isIndexedJob,
  type OrderedIntervals,
} from "./indexed.js";
import type { JobPods } from "./job-pods.js";
import { deleteActivePods, manageJob, type SyncJobCtx, wantActive } from "./manage-job.js";
import { matchPodFailurePolicy } from "./pod-failure-policy.js";
import type { PodTally } from "./pod-tally.js";
import { hasJobTrackingFinalizer, isPodFailed, trackTerminatingPods } from "./pod-utils.js";
import { matchSuccessPolicy } from "./success-policy.js";
import { trackJobStatusAndRemoveFinalizers } from "./tracking.js";

/** What one sync asks of its caller. */
export interface SyncJobResult {
  /** Earliest re-sync requested (pod-failure backoff, activeDeadlineSeconds), or null. */
  requeueAfter: Millis | null;
  /** Non-null: the caller re-queues with the per-Job API backoff (1 s doubling to 60 s). */
  error: Error | null;
  /** At least one status write was issued and accepted. */
  statusChanged: boolean;
}

const NOOP: SyncJobResult = { requeueAfter: null, error: null, statusChanged: false };

/**
 * Reconcile the Job at `key`. `job` is a private deep copy (undefined when deleted) that this
 * function mutates; `pods` are the pods whose controller reference is this Job, listed, or a
 * source that lists them on demand and may keep their counts (job-pods.ts).
 */
export function syncJob(
  deps: JobControllerDeps,
  key: string,
  job: Job | undefined,
  pods: readonly Pod[] | JobPods,
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
    // A finished Job is never synced past this point again, so its expectations are never
    // read: drop them when they are settled (upstream keeps them until the Job is deleted;
    // a settled record behaves as a missing one, so nothing but memory changes).
    deps.expectations.deleteSatisfied(key);
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

  // Read expectations before looking at pods: a pod observed afterwards is not yet in `pods`.
  const satisfiedExpectations = deps.expectations.satisfiedExpectations(key);
  const now = clock.now();
  const uncountedStatus = job.status.uncountedTerminatedPods;
  const uncounted =
    uncountedStatus.succeeded.length + uncountedStatus.failed.length === 0
      ? NO_UNCOUNTED
      : { succeeded: uidSet(uncountedStatus.succeeded), failed: uidSet(uncountedStatus.failed) };
  const expectedRmFinalizers = deps.finalizerExpectations?.getExpectedUIDs(key) ?? EMPTY_UIDS;
  // One pass over the pods for filterActivePods, countReadyPods, countTerminatingPods and both
  // newFinishedPods lists (upstream walks the list once per question; the answers are the same),
  // or, in the steady state, the Job's pod tally and its finished pods only.
  const tally = isJobPods(pods) && mayUseCounts(job, uncounted) ? pods.tally() : null;
  let ctx =
    tally === null
      ? newSyncJobCtx(deps, job, key, listOf(pods), uncounted, expectedRmFinalizers)
      : newSyncJobCtx(deps, job, key, NOT_LISTED, uncounted, expectedRmFinalizers, tally);

  if (job.status.startTime === null && !job.spec.suspend) job.status.startTime = now;

  // Nothing has been written yet: a sync that needs more than counts lists the pods now, and
  // sees them as they were when it started.
  if (tally !== null && !countsSuffice(deps, ctx))
    ctx = newSyncJobCtx(deps, job, key, listOf(pods), uncounted, expectedRmFinalizers);
  let active = ctx.active;

  let requeueAfter: Millis | null = null;
  let manageJobErr: Error | null = null;

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
      ctx.finishedCondition = newFailureCondition(
        gates,
        C.JobReasonBackoffLimitExceeded,
        C.MessageBackoffLimitExceeded,
        now,
      );
    } else if (pastActiveDeadline(job, deps)) {
      ctx.finishedCondition = newFailureCondition(
        gates,
        C.JobReasonDeadlineExceeded,
        C.MessageDeadlineExceeded,
        now,
      );
    } else if (ads !== null && !job.spec.suspend && job.status.startTime !== null) {
      requeueAfter = secondsToMillis(ads) - clock.since(job.status.startTime);
    }
  }
  if (isIndexedJob(job)) decideIndexed(deps, ctx, now);

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
      ctx.finishedCondition = newSuccessCondition(gates, now);
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
 * The context of one sync from the Job's pods: classified from `pods`, or, given a tally, from
 * its counts and finished pods (`pods` then is NOT_LISTED and must not be read).
 */
function newSyncJobCtx(
  deps: JobControllerDeps,
  job: Job,
  key: string,
  pods: readonly Pod[],
  uncounted: SyncJobCtx["uncounted"],
  expectedRmFinalizers: ReadonlySet<string>,
  tally: PodTally | null = null,
): SyncJobCtx {
  const { gates } = deps;
  const c =
    tally === null
      ? classifyPods(job, pods, gates, uncounted, expectedRmFinalizers)
      : classifyTallied(job, tally, gates, uncounted, expectedRmFinalizers);
  const { newSucceeded, newFailed } = c;
  // Nothing below mutates the pod list, so the context shares the caller's array.
  return {
    job,
    key,
    pods,
    activePods: c.activePods,
    active: c.active,
    finishedPodsWithFinalizer: c.finishedWithFinalizer,
    finishedCondition: null,
    succeeded: job.status.succeeded + newSucceeded.length + uncounted.succeeded.size,
    failed: job.status.failed + nonIgnoredFailedCount(job, newFailed, gates) + uncounted.failed.size,
    // Pure: saved only when status is flushed.
    newBackoffRecord: deps.backoffStore.newBackoffRecord(key, newSucceeded, newFailed),
    expectedRmFinalizers,
    uncounted,
    terminating: trackTerminatingPods(job, gates) ? c.terminating : null,
    ready: c.ready,
    prevSucceededIndexes: NO_INTERVALS,
    succeededIndexes: NO_INTERVALS,
    failedIndexes: null,
    podsWithDelayedDeletionPerIndex: NO_DELAYED_PODS,
  };
}

function isJobPods(pods: readonly Pod[] | JobPods): pods is JobPods {
  return !Array.isArray(pods);
}

function listOf(pods: readonly Pod[] | JobPods): readonly Pod[] {
  return isJobPods(pods) ? pods.list() : pods;
}

/**
 * Whether a sync of `job` may run on counts, before they are known: a NonIndexed Job without a
 * pod failure policy or OnFailure restarts, not being deleted or suspended, with nothing in
 * uncountedTerminatedPods. The others read pods beyond the counts (indexes, failure messages,
 * restart counts, deletions, the finalizers of uncounted pods).
 */
function mayUseCounts(job: Job, uncounted: SyncJobCtx["uncounted"]): boolean {
  return (
    !isIndexedJob(job) &&
    job.spec.podFailurePolicy === null &&
    job.spec.template.spec.restartPolicy !== "OnFailure" &&
    job.metadata.deletionTimestamp === null &&
    !job.spec.suspend &&
    uncounted === NO_UNCOUNTED
  );
}

/**
 * Whether this sync, with the counts known, stays in the steady state where syncJob reads no pod
 * list: no finished condition to reach (none pending, backoffLimit and activeDeadlineSeconds not
 * passed, completions not reached), so trackJobStatusAndRemoveFinalizers looks only at finished
 * pods; and no active pod to delete, so manageJob only counts.
 */
function countsSuffice(deps: JobControllerDeps, ctx: SyncJobCtx): boolean {
  const { job } = ctx;
  if (hasSuccessCriteriaMetCondition(job, deps.gates) !== undefined) return false;
  if (findConditionByType(job.status.conditions, "FailureTarget")?.status === "True") return false;
  if (ctx.failed > job.spec.backoffLimit || pastActiveDeadline(job, deps)) return false;
  const completions = job.spec.completions;
  if (completions === null ? ctx.succeeded > 0 : ctx.succeeded >= completions) return false;
  return ctx.active <= wantActive(job, ctx.active, ctx.succeeded);
}

/**
 * Suspended condition and events (the suspend/resume branch of upstream `syncJob`); only in a
 * sync where manageJob ran and the Job is not completing. Resuming resets startTime, so
 * activeDeadlineSeconds counts continuous active time.
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

/** Shared empties for the common sync with nothing to track; never mutated. */
const NO_INTERVALS: OrderedIntervals = Object.freeze([]);
const NO_UNCOUNTED: SyncJobCtx["uncounted"] = Object.freeze({ succeeded: EMPTY_UIDS, failed: EMPTY_UIDS });
const NO_DELAYED_PODS: ReadonlyMap<number, Pod> = new Map<number, Pod>();

/** A membership set of `uids`, or the shared empty set. */
function uidSet(uids: readonly string[]): ReadonlySet<string> {
  return uids.length === 0 ? EMPTY_UIDS : new Set(uids);
}

/** upstream's failure condition: FailureTarget first when terminal conditions are delayed. */
function newFailureCondition(
  gates: JobControllerDeps["gates"],
  reason: string,
  message: string,
  now: SimTime,
): JobCondition {
  return newCondition(
    delayTerminalCondition(gates) ? "FailureTarget" : "Failed",
    "True",
    reason,
    message,
    now,
  );
}

/**
 * upstream `newSuccessCondition`: completions reached. SuccessCriteriaMet first when terminal
 * conditions are delayed (Complete follows with the same reason and message), Complete directly
 * otherwise. The reason and message are set only with the JobSuccessPolicy gate on: upstream
 * added them with that feature and left a gate-off Job's conditions as they were, without them.
 */
function newSuccessCondition(gates: JobControllerDeps["gates"], now: SimTime): JobCondition {
  const type = delayTerminalCondition(gates) ? "SuccessCriteriaMet" : "Complete";
  return gates.JobSuccessPolicy
    ? newCondition(type, "True", C.JobReasonCompletionsReached, C.MessageCompletionsReached, now)
    : newCondition(type, "True", "", "", now);
}

/**
 * The Indexed part of the finished-condition decision (upstream syncJob, after the deadline
 * check): succeeded and failed indexes, MaxFailedIndexesExceeded, FailedIndexes, the pods
 * whose finalizer removal waits for a replacement, then the success policy.
 */
function decideIndexed(deps: JobControllerDeps, ctx: SyncJobCtx, now: SimTime): void {
  const { job } = ctx;
  const { gates } = deps;
  const notCounted = (p: Pod) => hasJobTrackingFinalizer(p) && !ctx.expectedRmFinalizers.has(p.metadata.uid);
  const succeeded = calculateSucceededIndexes(job, ctx.pods, hasJobTrackingFinalizer);
  ctx.prevSucceededIndexes = succeeded.prev;
  ctx.succeededIndexes = succeeded.result;
  ctx.succeeded = intervalsTotal(ctx.succeededIndexes);
  const completions = job.spec.completions ?? 0;
  if (hasBackoffLimitPerIndex(job, gates)) {
    ctx.failedIndexes = calculateFailedIndexes(job, ctx.pods, hasJobTrackingFinalizer, (p) =>
      isIndexFailed(job, p, gates),
    );
    const failedCount = intervalsTotal(ctx.failedIndexes);
    if (ctx.finishedCondition === null) {
      if (job.spec.maxFailedIndexes !== null && failedCount > job.spec.maxFailedIndexes) {
        ctx.finishedCondition = newFailureCondition(
          gates,
          C.JobReasonMaxFailedIndexesExceeded,
          C.MessageMaxFailedIndexesExceeded,
          now,
        );
      } else if (failedCount > 0 && failedCount + ctx.succeeded >= completions) {
        ctx.finishedCondition = newFailureCondition(
          gates,
          C.JobReasonFailedIndexes,
          C.MessageFailedIndexes,
          now,
        );
      }
    }
    ctx.podsWithDelayedDeletionPerIndex = getPodsWithDelayedDeletionPerIndex(
      {
        job,
        pods: ctx.pods,
        activePods: ctx.activePods,
        succeededIndexes: ctx.succeededIndexes,
        failedIndexes: ctx.failedIndexes,
        isUncounted: notCounted,
      },
      gates,
    );
  }
  if (ctx.finishedCondition === null) {
    const message = matchSuccessPolicy(job.spec.successPolicy, completions, ctx.succeededIndexes, gates);
    if (message !== null) {
      ctx.finishedCondition = newCondition(
        "SuccessCriteriaMet",
        "True",
        C.JobReasonSuccessPolicy,
        message,
        now,
      );
    }
  }
}

/** upstream `nonIgnoredFailedPodsCount`: failures matched by an Ignore rule don't count. */
function nonIgnoredFailedCount(job: Job, failed: readonly Pod[], gates: JobControllerDeps["gates"]): number {
  if (job.spec.podFailurePolicy === null) return failed.length;
  return failed.filter((p) => matchPodFailurePolicy(job.spec.podFailurePolicy, p, gates).countFailed).length;
}

/** upstream `getFailJobMessage`: the first failed pod (listing order) matching a FailJob rule. */
function failJobMessage(job: Job, pods: readonly Pod[], deps: JobControllerDeps): string | null {
  if (job.spec.podFailurePolicy === null) return null;
  for (const p of pods) {
    if (!isPodFailed(p, job, deps.gates)) continue;
    const m = matchPodFailurePolicy(job.spec.podFailurePolicy, p, deps.gates).message;
    if (m !== null) return m;
  }
  return null;
}

/**
 * upstream `pastBackoffLimitOnFailure`: with restartPolicy OnFailure, the summed restart
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

/** upstream `pastActiveDeadline`: inclusive; never while suspended. */
export function pastActiveDeadline(job: Job, deps: Pick<JobControllerDeps, "clock">): boolean {
  const ads = job.spec.activeDeadlineSeconds;
  if (ads === null || job.status.startTime === null || job.spec.suspend) return false;
  return deps.clock.since(job.status.startTime) >= secondsToMillis(ads);
}

function earliest(a: Millis | null, b: Millis | null): Millis | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}
