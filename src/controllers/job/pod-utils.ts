/**
 * Pod classification for the Job controller (active, succeeded, failed, terminating) and the
 * `ActivePods` deletion order manageJob removes pods in,
 * after upstream job_controller.go and pkg/controller/controller_utils.go.
 */

import type { FeatureGates } from "../../k8s/feature-gates.js";
import { JOB_TRACKING_FINALIZER, type Job, type Pod, type PodPhase } from "../../k8s/types.js";

/** True for Succeeded and Failed. */
export function isPodTerminal(pod: Pod): boolean {
  return pod.status.phase === "Succeeded" || pod.status.phase === "Failed";
}

/** upstream `controller.IsPodActive`: not terminal and not being deleted. */
export function isPodActive(pod: Pod): boolean {
  return !isPodTerminal(pod) && pod.metadata.deletionTimestamp === null;
}

/** upstream `controller.IsPodTerminating`: being deleted and not yet terminal. */
export function isPodTerminating(pod: Pod): boolean {
  return !isPodTerminal(pod) && pod.metadata.deletionTimestamp !== null;
}

/** upstream `podutil.IsPodReady`: condition Ready=True. */
export function isPodReady(pod: Pod): boolean {
  // A plain loop: this runs for every pod in every sync.
  const conditions = pod.status.conditions;
  for (let i = 0; i < conditions.length; i++) {
    const c = conditions[i]!;
    if (c.type === "Ready") return c.status === "True";
  }
  return false;
}

/** upstream `hasJobTrackingFinalizer`. */
export function hasJobTrackingFinalizer(pod: Pod): boolean {
  return pod.metadata.finalizers.includes(JOB_TRACKING_FINALIZER);
}

/**
 * upstream `onlyReplaceFailedPods`: replace a pod only once it is Failed, not while it
 * terminates. True with `podReplacementPolicy: Failed` (gate on) or any pod failure policy.
 */
export function onlyReplaceFailedPods(job: Job, gates: FeatureGates): boolean {
  if (gates.JobPodReplacementPolicy && job.spec.podReplacementPolicy === "Failed") return true;
  return job.spec.podFailurePolicy !== null;
}

/**
 * upstream `trackTerminatingPods`: count terminating pods when PRP or ManagedBy is on (status
 * field, delayed terminal conditions) or when a pod failure policy makes us wait for them.
 */
export function trackTerminatingPods(job: Job, gates: FeatureGates): boolean {
  return gates.JobPodReplacementPolicy || gates.JobManagedBy || job.spec.podFailurePolicy !== null;
}

/**
 * upstream `isPodFailed`: phase Failed; or, unless only failed pods are replaced, a pod being
 * deleted that did not succeed (orphans deleted by PodGC never reach Failed).
 */
export function isPodFailed(pod: Pod, job: Job, gates: FeatureGates): boolean {
  if (pod.status.phase === "Failed") return true;
  if (onlyReplaceFailedPods(job, gates)) return false;
  return pod.metadata.deletionTimestamp !== null && pod.status.phase !== "Succeeded";
}

/** Phases not listed (terminal ones) rank 0, as a missing key of Go's `podPhaseToOrdinal` does. */
const PHASE_ORDINAL: Record<PodPhase, number> = {
  Pending: 0,
  Unknown: 1,
  Running: 2,
  Succeeded: 0,
  Failed: 0,
};

function readyTime(pod: Pod): number | null {
  const c = pod.status.conditions.find((x) => x.type === "Ready" && x.status === "True");
  return c === undefined ? null : c.lastTransitionTime;
}

/** upstream `maxContainerRestarts` (app containers only, as in the source read). */
export function maxContainerRestarts(pod: Pod): number {
  let max = 0;
  for (const c of pod.status.containerStatuses) max = Math.max(max, c.restartCount);
  return max;
}

/**
 * upstream `controller.ActivePods.Less` as a comparator; pods sorted first are deleted first:
 * unscheduled < scheduled; Pending < Unknown < Running; not ready < ready; ready for less time
 * first; higher max restart count first; newer first. jobsim adds a final tie-break by name
 * (then UID) so the order is total.
 */
export function compareActivePods(a: Pod, b: Pod): number {
  const aNode = a.spec.nodeName ?? "";
  const bNode = b.spec.nodeName ?? "";
  if (aNode !== bNode && (aNode === "" || bNode === "")) return aNode === "" ? -1 : 1;
  const phase = PHASE_ORDINAL[a.status.phase] - PHASE_ORDINAL[b.status.phase];
  if (phase !== 0) return phase;
  const aReady = isPodReady(a);
  const bReady = isPodReady(b);
  if (aReady !== bReady) return aReady ? 1 : -1;
  if (aReady && bReady) {
    const ta = readyTime(a);
    const tb = readyTime(b);
    // Later ready transition = ready for less time = deleted first.
    if (ta !== tb && ta !== null && tb !== null) return tb - ta;
  }
  const restarts = maxContainerRestarts(b) - maxContainerRestarts(a);
  if (restarts !== 0) return restarts;
  const created = b.metadata.creationTimestamp - a.metadata.creationTimestamp;
  if (created !== 0) return created;
  return compareStrings(a.metadata.name, b.metadata.name) || compareStrings(a.metadata.uid, b.metadata.uid);
}

/** A copy of `pods` in deletion order. */
export function sortActivePods(pods: readonly Pod[]): Pod[] {
  return [...pods].sort(compareActivePods);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The shared empty pod list of syncs with nothing to report; frozen, never mutated. */
export const NO_PODS: readonly Pod[] = Object.freeze([]);

/** `list` with `x` pushed, creating it on first use (so empty results allocate nothing). */
export function appendTo<T>(list: T[] | null, x: T): T[] {
  if (list === null) return [x];
  list.push(x);
  return list;
}

/** `set` with `x` added, creating it on first use. */
export function addTo<T>(set: Set<T> | null, x: T): Set<T> {
  if (set === null) return new Set([x]);
  set.add(x);
  return set;
}
