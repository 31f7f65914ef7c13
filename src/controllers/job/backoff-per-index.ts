/**
 * Backoff limit per index (`spec.backoffLimitPerIndex`), after upstream indexed_job_utils.go (failure-count
 * annotations, failed indexes, delayed finalizer removal) and backoff_utils.go
 * (`getRemainingTimePerIndex`) and job_controller.go (`getPodCreationInfoForIndependentIndexes`).
 */
import type { Clock } from "../../engine/clock.js";
import type { Millis } from "../../engine/time.js";
import type { FeatureGates } from "../../k8s/feature-gates.js";
import {
  JOB_INDEX_FAILURE_COUNT_ANNOTATION,
  JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION,
  type Job,
  type Pod,
} from "../../k8s/types.js";
import { getFinishedTime, getRemainingTimeForFailuresCount } from "./backoff.js";
import {
  getCompletionIndex,
  getIndexes,
  hasValidIndex,
  intervalsHas,
  type OrderedIntervals,
} from "./indexed.js";
import { matchPodFailurePolicy } from "./pod-failure-policy.js";
import { isPodFailed } from "./pod-utils.js";

const MAX_INT32 = 2147483647;

/** upstream `hasBackoffLimitPerIndex`: the gate is on and the field is set. */
export function hasBackoffLimitPerIndex(job: Job, gates: FeatureGates): boolean {
  return gates.JobBackoffLimitPerIndex && job.spec.backoffLimitPerIndex !== null;
}

/** upstream `parseInt32`: 0 for anything unparsable, negative, or beyond int32. */
function parseInt32(value: string | undefined): number {
  if (value === undefined || !/^[+-]?\d+$/.test(value)) return 0;
  const n = Number(value);
  return n < 0 || n > MAX_INT32 ? 0 : n;
}

/** upstream `getIndexFailureCount`: the `job-index-failure-count` annotation, 0 if unusable. */
export function getIndexFailureCount(pod: Pod): number {
  return parseInt32(pod.metadata.annotations[JOB_INDEX_FAILURE_COUNT_ANNOTATION]);
}

/** upstream `parseIndexFailureIgnoreCountAnnotation`. */
export function getIndexIgnoredFailureCount(pod: Pod): number {
  return parseInt32(pod.metadata.annotations[JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION]);
}

/** upstream `getIndexAbsoluteFailureCount`: counted plus ignored failures. */
export function getIndexAbsoluteFailureCount(pod: Pod): number {
  return getIndexFailureCount(pod) + getIndexIgnoredFailureCount(pod);
}

/**
 * upstream `getNewIndexFailureCounts`: the counts for the pod replacing `podBeingReplaced`:
 * its counted (or, if an Ignore rule matched, ignored) count plus one; 0/0 for a first pod.
 */
export function getNewIndexFailureCounts(
  job: Job,
  podBeingReplaced: Pod | undefined,
  gates: FeatureGates,
): { failureCount: number; ignoredFailureCount: number } {
  if (podBeingReplaced === undefined) return { failureCount: 0, ignoredFailureCount: 0 };
  let failureCount = getIndexFailureCount(podBeingReplaced);
  let ignoredFailureCount = getIndexIgnoredFailureCount(podBeingReplaced);
  if (matchPodFailurePolicy(job.spec.podFailurePolicy, podBeingReplaced, gates).countFailed) failureCount++;
  else ignoredFailureCount++;
  return { failureCount, ignoredFailureCount };
}

/**
 * upstream `addIndexFailureCountAnnotation`: the annotations a new pod of the index carries;
 * the ignored count only when positive.
 */
export function indexFailureCountAnnotations(
  job: Job,
  podBeingReplaced: Pod | undefined,
  gates: FeatureGates,
): Record<string, string> {
  const c = getNewIndexFailureCounts(job, podBeingReplaced, gates);
  const out: Record<string, string> = { [JOB_INDEX_FAILURE_COUNT_ANNOTATION]: String(c.failureCount) };
  if (c.ignoredFailureCount > 0)
    out[JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION] = String(c.ignoredFailureCount);
  return out;
}

/**
 * upstream `isIndexFailed`: the pod failed and either matched a FailIndex rule, or its failure
 * counts and its index failure count already reached `backoffLimitPerIndex`.
 */
export function isIndexFailed(job: Job, pod: Pod, gates: FeatureGates): boolean {
  if (!isPodFailed(pod, job, gates)) return false;
  let counted = true;
  if (job.spec.podFailurePolicy !== null) {
    const m = matchPodFailurePolicy(job.spec.podFailurePolicy, pod, gates);
    if (m.action === "FailIndex") return true;
    counted = m.countFailed;
  }
  return counted && getIndexFailureCount(pod) >= (job.spec.backoffLimitPerIndex ?? 0);
}

/** What `getPodsWithDelayedDeletionPerIndex` reads from the sync context. */
export interface DelayedDeletionInput {
  job: Job;
  pods: readonly Pod[];
  activePods: readonly Pod[];
  succeededIndexes: OrderedIntervals;
  failedIndexes: OrderedIntervals | null;
  /** upstream `getValidPodsWithFilter`'s test: the pod is not counted yet. */
  isUncounted: (pod: Pod) => boolean;
}

/**
 * upstream `getPodsWithDelayedDeletionPerIndex`: per index that is neither succeeded, failed nor
 * active, the latest failed pod (highest absolute failure count, later finish time on ties),
 * whose finalizer stays until its replacement exists so the replacement can read its counts.
 */
export function getPodsWithDelayedDeletionPerIndex(
  input: DelayedDeletionInput,
  gates: FeatureGates,
): Map<number, Pod> {
  const { job } = input;
  const completions = job.spec.completions ?? 0;
  const activeIndexes = getIndexes(input.activePods);
  const out = new Map<number, Pod>();
  for (const p of input.pods) {
    if (!input.isUncounted(p) || !hasValidIndex(p, completions) || !isPodFailed(p, job, gates)) continue;
    const ix = getCompletionIndex(p);
    if (intervalsHas(input.succeededIndexes, ix) || activeIndexes.has(ix)) continue;
    if (input.failedIndexes !== null && intervalsHas(input.failedIndexes, ix)) continue;
    const last = out.get(ix);
    // Listing order decides exact ties, as upstream's loop does.
    if (
      last === undefined ||
      (getIndexAbsoluteFailureCount(last) <= getIndexAbsoluteFailureCount(p) &&
        getFinishedTime(p) >= getFinishedTime(last))
    ) {
      out.set(ix, p);
    }
  }
  return out;
}

/**
 * upstream `getRemainingTimePerIndex`: the backoff of an index whose last failed pod is
 * `lastFailedPod`, with `n = counted + ignored + 1` failures since that pod's finish time.
 */
export function getRemainingTimePerIndex(
  clock: Clock,
  base: Millis,
  cap: Millis,
  lastFailedPod: Pod | undefined,
): Millis {
  if (lastFailedPod === undefined) return 0;
  const failures = getIndexAbsoluteFailureCount(lastFailedPod) + 1;
  return getRemainingTimeForFailuresCount(clock, base, cap, failures, getFinishedTime(lastFailedPod));
}

/**
 * upstream `getPodCreationInfoForIndependentIndexes`: the indexes whose backoff expired; if
 * none, an empty list and the smallest remaining delay.
 */
export function getPodCreationInfoForIndependentIndexes(
  clock: Clock,
  base: Millis,
  cap: Millis,
  indexesToAdd: readonly number[],
  podsWithDelayedDeletionPerIndex: ReadonlyMap<number, Pod>,
): { indexes: number[]; remaining: Millis } {
  const now: number[] = [];
  let minRemaining: Millis | null = null;
  for (const ix of indexesToAdd) {
    const remaining = getRemainingTimePerIndex(clock, base, cap, podsWithDelayedDeletionPerIndex.get(ix));
    if (remaining === 0) now.push(ix);
    else if (minRemaining === null || remaining < minRemaining) minRemaining = remaining;
  }
  if (now.length > 0) return { indexes: now, remaining: 0 };
  return { indexes: now, remaining: minRemaining ?? 0 };
}
