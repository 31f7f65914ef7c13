/**
 * Indexed completion mode, after upstream pkg/controller/job/indexed_job_utils.go:
 * completion indexes of pods, the interval text of `completedIndexes` / `failedIndexes`, pending
 * index selection and duplicate-index removal.
 */
import { JOB_COMPLETION_INDEX_ANNOTATION, type Job, type Pod } from "../../k8s/types.js";
import { compareActivePods } from "./pod-utils.js";

/** upstream `unknownCompletionIndex`: no annotation, not an integer, or negative. */
export const UNKNOWN_COMPLETION_INDEX = -1;

/** upstream `names.MaxGeneratedNameLength` (63 − 5 random characters). */
const MAX_GENERATED_NAME_LENGTH = 58;

/** A closed range of indexes, `first ≤ last` (upstream `interval`). */
export interface Interval {
  first: number;
  last: number;
}

/** Disjoint, non-adjacent intervals in ascending order (upstream `orderedIntervals`). */
export type OrderedIntervals = readonly Interval[];

/** upstream `isIndexedJob`. */
export function isIndexedJob(job: Job): boolean {
  return job.spec.completionMode === "Indexed";
}

/**
 * Go's `strconv.Atoi` on the pieces we parse: optional sign, decimal digits only. Returns null on
 * error (including values beyond the safe-integer range, where Atoi would overflow int64 anyway).
 */
function atoi(text: string): number | null {
  if (!/^[+-]?\d+$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}

/** upstream `getCompletionIndex`: the pod's index annotation, or UNKNOWN_COMPLETION_INDEX. */
export function getCompletionIndex(pod: Pod): number {
  const v = pod.metadata.annotations[JOB_COMPLETION_INDEX_ANNOTATION];
  if (v === undefined) return UNKNOWN_COMPLETION_INDEX;
  const i = atoi(v);
  if (i === null || i < 0) return UNKNOWN_COMPLETION_INDEX;
  return i;
}

/** True when the pod has a valid index below `completions` (upstream inline checks). */
export function hasValidIndex(pod: Pod, completions: number): boolean {
  const ix = getCompletionIndex(pod);
  return ix !== UNKNOWN_COMPLETION_INDEX && ix < completions;
}

/** upstream `getIndexes`: the valid indexes of `pods`. */
export function getIndexes(pods: readonly Pod[]): Set<number> {
  const out = new Set<number>();
  for (const p of pods) {
    const ix = getCompletionIndex(p);
    if (ix !== UNKNOWN_COMPLETION_INDEX) out.add(ix);
  }
  return out;
}

/** upstream `orderedIntervals.total`: how many indexes the intervals hold. */
export function intervalsTotal(oi: OrderedIntervals): number {
  let n = 0;
  for (const iv of oi) n += iv.last - iv.first + 1;
  return n;
}

/** upstream `orderedIntervals.has`: binary search for `ix`. */
export function intervalsHas(oi: OrderedIntervals, ix: number): boolean {
  let lo = 0;
  let hi = oi.length;
  while (hi > lo) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (oi[mid]!.last >= ix) hi = mid;
    else lo = mid + 1;
  }
  return hi < oi.length && oi[hi]!.first <= ix;
}

/** upstream `orderedIntervals.merge`: the union of two ordered lists, adjacent runs joined. */
export function mergeIntervals(a: OrderedIntervals, b: OrderedIntervals): Interval[] {
  const result: Interval[] = [];
  const push = (iv: Interval) => {
    const last = result[result.length - 1];
    if (last === undefined || iv.first > last.last + 1) result.push({ first: iv.first, last: iv.last });
    else if (last.last < iv.last) last.last = iv.last;
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i]!.first < b[j]!.first) push(a[i++]!);
    else push(b[j++]!);
  }
  while (i < a.length) push(a[i++]!);
  while (j < b.length) push(b[j++]!);
  return result;
}

/** upstream `orderedIntervals.withOrderedIndexes`: add indexes given in ascending order. */
export function withOrderedIndexes(oi: OrderedIntervals, indexes: readonly number[]): Interval[] {
  return mergeIntervals(
    oi,
    indexes.map((ix) => ({ first: ix, last: ix })),
  );
}

/** Ascending list of a set of indexes (upstream `sets.List`). */
function sortedIndexes(set: ReadonlySet<number>): number[] {
  // Numbers are distinct, so the order is total without a tie-breaker.
  return [...set].sort((a, b) => a - b);
}

/**
 * upstream `orderedIntervals.String`: runs of ≥ 3 as `a-b`, runs of 2 as `a,b`,
 * singletons as the number, comma-separated.
 */
export function formatIntervals(oi: OrderedIntervals): string {
  const parts: string[] = [];
  for (const v of oi) {
    if (v.last === v.first) parts.push(String(v.first));
    else if (v.last === v.first + 1) parts.push(`${v.first},${v.last}`);
    else parts.push(`${v.first}-${v.last}`);
  }
  return parts.join(",");
}

/**
 * upstream `parseIndexesFromString`: pieces `x` or `x-y`; unparsable pieces skipped;
 * stop at the first piece starting at or past `completions`; ends clipped to `completions − 1`;
 * a piece that starts right after the previous one's end extends it. Like upstream, input that
 * is not strictly increasing yields unordered intervals (validation forbids it).
 */
export function parseIndexesFromString(text: string, completions: number): Interval[] {
  if (text === "") return [];
  const result: Interval[] = [];
  for (const piece of text.split(",")) {
    const limits = piece.split("-");
    const first = atoi(limits[0]!);
    if (first === null) continue;
    if (first >= completions) break;
    let last = first;
    if (limits.length > 1) {
      // Go's Split keeps any third part; only the second is read, as upstream does.
      const parsed = atoi(limits[1]!);
      if (parsed === null) continue;
      last = Math.min(parsed, completions - 1);
    }
    const prev = result[result.length - 1];
    if (prev !== undefined && prev.last === first - 1) prev.last = last;
    else result.push({ first, last });
  }
  return result;
}

/**
 * upstream `calculateSucceededIndexes`: `prev` parsed from `status.completedIndexes`, and
 * `result` = prev plus the indexes of Succeeded pods that still carry the finalizer.
 */
export function calculateSucceededIndexes(
  job: Job,
  pods: readonly Pod[],
  hasFinalizer: (p: Pod) => boolean,
): { prev: Interval[]; result: Interval[] } {
  const completions = job.spec.completions ?? 0;
  const prev = parseIndexesFromString(job.status.completedIndexes, completions);
  const added = new Set<number>();
  for (const p of pods) {
    if (p.status.phase === "Succeeded" && hasValidIndex(p, completions) && hasFinalizer(p)) {
      added.add(getCompletionIndex(p));
    }
  }
  return { prev, result: withOrderedIndexes(prev, sortedIndexes(added)) };
}

/**
 * upstream `calculateFailedIndexes`: `status.failedIndexes` plus the indexes of pods (still
 * carrying the finalizer) for which `isIndexFailed` holds.
 */
export function calculateFailedIndexes(
  job: Job,
  pods: readonly Pod[],
  hasFinalizer: (p: Pod) => boolean,
  isIndexFailed: (p: Pod) => boolean,
): Interval[] {
  const completions = job.spec.completions ?? 0;
  const prev =
    job.status.failedIndexes === null ? [] : parseIndexesFromString(job.status.failedIndexes, completions);
  const added = new Set<number>();
  for (const p of pods) {
    if (hasValidIndex(p, completions) && hasFinalizer(p) && isIndexFailed(p)) {
      added.add(getCompletionIndex(p));
    }
  }
  return withOrderedIndexes(prev, sortedIndexes(added));
}

/** What `firstPendingIndexes` reads from the sync context. */
export interface PendingIndexesInput {
  activePods: readonly Pod[];
  /** Indexes of terminating pods, when they block re-creation (onlyReplaceFailedPods). */
  terminatingPods: readonly Pod[] | null;
  succeededIndexes: OrderedIntervals;
  failedIndexes: OrderedIntervals | null;
}

/**
 * upstream `firstPendingIndexes`: the `count` lowest indexes below `completions` that are
 * not succeeded, not held by an active (or, when given, terminating) pod, and not failed.
 */
export function firstPendingIndexes(
  input: PendingIndexesInput,
  count: number,
  completions: number,
): number[] {
  if (count === 0) return [];
  let nonPending = withOrderedIndexes(input.succeededIndexes, sortedIndexes(getIndexes(input.activePods)));
  if (input.terminatingPods !== null) {
    nonPending = withOrderedIndexes(nonPending, sortedIndexes(getIndexes(input.terminatingPods)));
  }
  if (input.failedIndexes !== null) nonPending = mergeIntervals(nonPending, input.failedIndexes);
  const result: number[] = [];
  let candidate = 0;
  for (const iv of nonPending) {
    for (; candidate < completions && result.length < count && candidate < iv.first; candidate++) {
      result.push(candidate);
    }
    if (candidate < iv.last + 1) candidate = iv.last + 1;
  }
  for (; candidate < completions && result.length < count; candidate++) result.push(candidate);
  return result;
}

/**
 * upstream `appendDuplicatedIndexPodsForRemoval`: `rm` gets every pod without a valid index or
 * with index ≥ completions, and all but the best pod (by the ActivePods order) of each repeated
 * index; `left` gets one pod per valid index.
 */
export function duplicatedIndexPodsForRemoval(
  pods: readonly Pod[],
  completions: number,
): { rm: Pod[]; left: Pod[] } {
  const rm: Pod[] = [];
  const left: Pod[] = [];
  // upstream sorts with the unstable sort.Sort(byCompletionIndex); groups are re-sorted below,
  // so only the unknown/out-of-range pods' order depends on the tie-breaker (name, then UID).
  const byIndex = [...pods].sort(
    (a, b) =>
      getCompletionIndex(a) - getCompletionIndex(b) ||
      compareStrings(a.metadata.name, b.metadata.name) ||
      compareStrings(a.metadata.uid, b.metadata.uid),
  );
  let i = 0;
  while (i < byIndex.length) {
    const ix = getCompletionIndex(byIndex[i]!);
    if (ix >= completions) {
      rm.push(...byIndex.slice(i));
      break;
    }
    let j = i;
    while (j < byIndex.length && getCompletionIndex(byIndex[j]!) === ix) j++;
    const group = byIndex.slice(i, j);
    if (ix === UNKNOWN_COMPLETION_INDEX) {
      rm.push(...group);
    } else {
      // Sorted first = deleted first; keep the last (upstream `appendPodsWithSameIndexForRemovalAndRemaining`).
      group.sort(compareActivePods);
      rm.push(...group.slice(0, -1));
      left.push(group[group.length - 1]!);
    }
    i = j;
  }
  return { rm, left };
}

/**
 * upstream `podGenerateNameWithIndex`: `<job>-<index>-`, the job name truncated so the
 * prefix stays within 58 characters.
 */
export function podGenerateNameWithIndex(jobName: string, index: number): string {
  const suffix = `-${index}-`;
  const prefix = jobName + suffix;
  if (prefix.length <= MAX_GENERATED_NAME_LENGTH) return prefix;
  return prefix.slice(0, MAX_GENERATED_NAME_LENGTH - suffix.length) + suffix;
}

/** Byte-order comparison of two strings (Go's `<` on strings, for ASCII names). */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
