/**
 * Pod-failure backoff: how long to wait before re-creating pods after failures
 * (upstream pkg/controller/job/backoff_utils.go).
 */
import type { Clock } from "../../engine/clock.js";
import { type Millis, SECOND, type SimTime } from "../../engine/time.js";
import type { Pod } from "../../k8s/types.js";

/** upstream `backoffRecord`, without the key (the store holds it). */
export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime: SimTime | null;
}

/**
 * upstream `backoffStore`: records keyed by Job key ("ns/name"), in controller memory only, so
 * a controller restart forgets every backoff (kubernetes issue #114650).
 */
export class BackoffStore {
  private readonly records = new Map<string, BackoffRecord>();

  /** The stored record, or undefined. */
  get(key: string): BackoffRecord | undefined {
    const r = this.records.get(key);
    return r === undefined ? undefined : { ...r };
  }

  /** `updateBackoffRecord`: store a copy of `record` under `key`. */
  update(key: string, record: BackoffRecord): void {
    this.records.set(key, { ...record });
  }

  /** `removeBackoffRecord`: drop the key (Job finished or deleted). */
  remove(key: string): void {
    this.records.delete(key);
  }

  /**
   * `newBackoffRecord`: the record after this sync's new finished pods (§4.1). Does not save it;
   * syncJob saves it when it flushes status.
   */
  newBackoffRecord(
    key: string,
    newSucceededPods: readonly Pod[],
    newFailedPods: readonly Pod[],
  ): BackoffRecord {
    return newBackoffRecord(this.get(key), newSucceededPods, newFailedPods);
  }
}

/** The §4.1 update rule, as a pure function of the previous record and the new finished pods. */
export function newBackoffRecord(
  previous: BackoffRecord | undefined,
  newSucceededPods: readonly Pod[],
  newFailedPods: readonly Pod[],
): BackoffRecord {
  const record: BackoffRecord = previous
    ? { ...previous }
    : { failuresAfterLastSuccess: 0, lastFailureTime: null };
  const succeeded = sortByFinishedTime(newSucceededPods);
  const failed = sortByFinishedTime(newFailedPods);
  if (succeeded.length === 0) {
    if (failed.length === 0) return record;
    record.failuresAfterLastSuccess += failed.length;
    record.lastFailureTime = getFinishedTime(failed[failed.length - 1]!);
    return record;
  }
  record.failuresAfterLastSuccess = 0;
  record.lastFailureTime = null;
  const lastSuccessTime = getFinishedTime(succeeded[succeeded.length - 1]!);
  // Walk failures newest first; only those strictly after the last success count.
  for (let i = failed.length - 1; i >= 0; i--) {
    const failedTime = getFinishedTime(failed[i]!);
    if (failedTime <= lastSuccessTime) break;
    if (record.lastFailureTime === null) record.lastFailureTime = failedTime;
    record.failuresAfterLastSuccess += 1;
  }
  return record;
}

/** upstream `sortByFinishedTime` (a `sort.Slice`, unstable); we tie-break by pod name. */
function sortByFinishedTime(pods: readonly Pod[]): Pod[] {
  return [...pods].sort(
    (a, b) =>
      getFinishedTime(a) - getFinishedTime(b) ||
      (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0),
  );
}

/**
 * upstream `getFinishedTime` (§4.2): the latest container `finishedAt` if every container
 * terminated with a set time; else Ready=False's lastTransitionTime; else
 * `deletionTimestamp − deletionGracePeriodSeconds`; else `creationTimestamp`.
 * Only app containers are read, as in the controller source read (the spec notes a newer test
 * that also counts init containers; upstream code wins here).
 */
export function getFinishedTime(pod: Pod): SimTime {
  const fromContainers = finishTimeFromContainers(pod);
  if (fromContainers !== null) return fromContainers;
  const ready = pod.status.conditions.find((c) => c.type === "Ready");
  if (ready !== undefined && ready.status === "False") return ready.lastTransitionTime;
  if (pod.metadata.deletionTimestamp !== null) {
    return pod.metadata.deletionTimestamp - (pod.metadata.deletionGracePeriodSeconds ?? 0) * SECOND;
  }
  return pod.metadata.creationTimestamp;
}

function finishTimeFromContainers(pod: Pod): SimTime | null {
  let finish: SimTime | null = null;
  for (const cs of pod.status.containerStatuses) {
    const t = cs.state.terminated?.finishedAt ?? null;
    if (t === null) return null;
    if (finish === null || finish < t) finish = t;
  }
  return finish;
}

/**
 * upstream `getRemainingTimeForFailuresCount` (§4.3): `base` doubled per failure after the first,
 * stopping at `cap`, minus the time since the last failure; never negative.
 */
export function getRemainingTimeForFailuresCount(
  clock: Clock,
  base: Millis,
  cap: Millis,
  failuresCount: number,
  lastFailureTime: SimTime | null,
): Millis {
  if (failuresCount === 0 || lastFailureTime === null) return 0;
  let backoff = base;
  for (let i = 1; i < failuresCount; i++) {
    backoff *= 2;
    if (backoff >= cap) {
      backoff = cap;
      break;
    }
  }
  const elapsed = clock.since(lastFailureTime);
  return backoff < elapsed ? 0 : backoff - elapsed;
}

/** upstream `backoffRecord.getRemainingTime`: the delay before pods may be created again. */
export function getRemainingTime(clock: Clock, record: BackoffRecord, base: Millis, cap: Millis): Millis {
  return getRemainingTimeForFailuresCount(
    clock,
    base,
    cap,
    record.failuresAfterLastSuccess,
    record.lastFailureTime,
  );
}
