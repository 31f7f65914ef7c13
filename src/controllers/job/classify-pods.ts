/**
 * classifyPods: the pod-list answers syncJob starts from, in one walk of the Job's pods. It
 * stands for upstream's `controller.FilterActivePods`, `countReadyPods`,
 * `controller.CountTerminatingPods` and `getNewFinishedPods` (job_controller.go), which each walk
 * the list again; test/helpers/upstream-pod-filters.ts keeps those as the reference, and a
 * property checks that classifyPods equals them on random pod sets.
 */
import type { Job, Pod } from "../../k8s/types.js";
import type { JobControllerDeps } from "./deps.js";
import { hasValidIndex, isIndexedJob } from "./indexed.js";
import type { SyncJobCtx } from "./manage-job.js";
import type { PodTally } from "./pod-tally.js";
import {
  appendTo,
  hasJobTrackingFinalizer,
  isPodReady,
  NO_PODS,
  onlyReplaceFailedPods,
} from "./pod-utils.js";

/** The pod-list answers syncJob starts from (see `classifyPods`). */
export interface PodClassification {
  /** `filterActivePods`; NOT_LISTED when classified from a tally (only `active` is known). */
  activePods: readonly Pod[];
  /** `len(activePods)`. */
  active: number;
  /** `countReadyPods(activePods)`. */
  ready: number;
  /** `countTerminatingPods`. */
  terminating: number;
  /** `SyncJobCtx.finishedPodsWithFinalizer`. */
  finishedWithFinalizer: readonly Pod[];
  /** `newFinishedPods` for Succeeded pods. */
  newSucceeded: readonly Pod[];
  /** `newFinishedPods` for `isPodFailed` pods. */
  newFailed: readonly Pod[];
}

/**
 * filterActivePods, countReadyPods, countTerminatingPods and upstream's two
 * `getValidPodsWithFilter` calls (new Succeeded and new failed pods: finalizer still on, not in
 * the uncounted list, no finalizer removal in flight), in one walk of `pods`; every list keeps
 * listing order. It also lists the finished pods trackJobStatusAndRemoveFinalizers may count.
 * The phase split mirrors the predicates: active = not terminal and not being
 * deleted; terminating = not terminal and being deleted; `isPodFailed` = Failed, or (unless only
 * failed pods are replaced) being deleted and not Succeeded.
 */
export function classifyPods(
  job: Job,
  pods: readonly Pod[],
  gates: JobControllerDeps["gates"],
  uncounted: SyncJobCtx["uncounted"],
  expectedRmFinalizers: ReadonlySet<string>,
): PodClassification {
  const indexed = isIndexedJob(job);
  const completions = job.spec.completions ?? 0;
  const deletingCountsAsFailed = !onlyReplaceFailedPods(job, gates);
  let activePods: Pod[] | null = null;
  let newSucceeded: Pod[] | null = null;
  let newFailed: Pod[] | null = null;
  let finishedWithFinalizer: Pod[] | null = null;
  let ready = 0;
  let terminating = 0;
  for (let i = 0; i < pods.length; i++) {
    const p = pods[i]!;
    const phase = p.status.phase;
    if (phase === "Succeeded") {
      if (!hasJobTrackingFinalizer(p) || expectedRmFinalizers.has(p.metadata.uid)) continue;
      finishedWithFinalizer = appendTo(finishedWithFinalizer, p);
      if (isNewFinished(p, uncounted.succeeded, indexed, completions))
        newSucceeded = appendTo(newSucceeded, p);
      continue;
    }
    if (phase !== "Failed") {
      if (p.metadata.deletionTimestamp === null) {
        activePods = appendTo(activePods, p);
        if (isPodReady(p)) ready++;
        continue;
      }
      terminating++;
      if (!deletingCountsAsFailed) continue;
    }
    if (!hasJobTrackingFinalizer(p) || expectedRmFinalizers.has(p.metadata.uid)) continue;
    finishedWithFinalizer = appendTo(finishedWithFinalizer, p);
    if (isNewFinished(p, uncounted.failed, indexed, completions)) newFailed = appendTo(newFailed, p);
  }
  return {
    activePods: activePods ?? NO_PODS,
    active: activePods?.length ?? 0,
    ready,
    terminating,
    finishedWithFinalizer: finishedWithFinalizer ?? NO_PODS,
    newSucceeded: newSucceeded ?? NO_PODS,
    newFailed: newFailed ?? NO_PODS,
  };
}

/**
 * The rest of upstream `getValidPodsWithFilter`'s test, once the phase matched and the pod is
 * known to carry the finalizer with no removal in flight.
 */
function isNewFinished(
  p: Pod,
  uncounted: ReadonlySet<string>,
  indexed: boolean,
  completions: number,
): boolean {
  if (uncounted.has(p.metadata.uid)) return false;
  // Indexed Jobs never count pods without a valid index below completions.
  return !indexed || hasValidIndex(p, completions);
}

/**
 * classifyPods' answers from a Job's tally: the counts as kept, and the finished-pod lists from
 * classifyPods over the tally's finished pods alone. Those lists are the same as over every pod:
 * a pod enters them only if it is terminal or being deleted and carries the tracking finalizer,
 * which is what the tally keeps, in the same listing order. The active pods are not listed
 * (`activePods` is NOT_LISTED): a sync that needs them lists every pod instead.
 */
export function classifyTallied(
  job: Job,
  tally: PodTally,
  gates: JobControllerDeps["gates"],
  uncounted: SyncJobCtx["uncounted"],
  expectedRmFinalizers: ReadonlySet<string>,
): PodClassification {
  const c = classifyPods(job, tally.finishedPods(), gates, uncounted, expectedRmFinalizers);
  c.activePods = NOT_LISTED;
  c.active = tally.active;
  c.ready = tally.ready;
  c.terminating = tally.terminating;
  return c;
}

/**
 * The pod list of a sync that has only counts. Reading it is a fault of jobsim (a sync that
 * needs the list must list the pods before its first write): it throws rather than answer wrong.
 */
export const NOT_LISTED: readonly Pod[] = new Proxy(Object.freeze([] as Pod[]), {
  get(): never {
    throw new Error("internal: a sync classified from pod counts read the pod list");
  },
});
