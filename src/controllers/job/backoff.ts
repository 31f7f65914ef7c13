/**
 * Pod-failure backoff: how long to wait before re-creating pods after failures
 * (upstream pkg/controller/job/backoff_utils.go).
 */

import { ChurnMap } from "../../collections/churn-collections.js";
import type { Clock } from "../../engine/clock.js";
import { type Millis, type SimTime, secondsToMillis } from "../../engine/time.js";
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
  private readonly records = new ChurnMap<string, BackoffRecord>();

  /** The stored record, or undefined. */
  get(key: string): BackoffRecord | undefined {
    const r = this.records.get(key);
    return r === undefined ? undefined : { ...r };
  }

  /** `updateBackoffRecord`: store a copy of `record` under `key`. */
  update(key: string, record: BackoffRecord): void {
    this.records.set(key, { ...record });
  }

  /** Keys with a record (for tests that check finished Jobs release theirs). */
  get size(): number {
    return this.records.size;
  }

  /** `removeBackoffRecord`: drop the key (Job finished or deleted). */
  remove(key: string): void {
    this.records.delete(key);
  }

  /**
   * upstream `newBackoffRecord`: the record after this sync's new finished pods. Does not save it;
   * syncJob saves it when it flushes status.
   */
  newBackoffRecord(
    key: string,
    newSucceededPods: readonly Pod[],
    newFailedPods: readonly Pod[],
  ): BackoffRecord {
    // newBackoffRecord copies the stored record; no defensive copy needed here.
    return newBackoffRecord(this.records.get(key), newSucceededPods, newFailedPods);
  }
}

/**
 * The update rule of upstream `newBackoffRecord`, as a pure function of the previous record and
 * the new finished pods.
 * upstream sorts both lists by finished time (`sortByFinishedTime`) and reads the newest
 * success, then walks failures newest first while they are strictly after it. Only finished
 * times are read, so the maximum success time and a count of the later failures give the same
 * record without sorting (ties between pods cannot change a time).
 */
export function newBackoffRecord(
  previous: BackoffRecord | undefined,
  newSucceededPods: readonly Pod[],
  newFailedPods: readonly Pod[],
): BackoffRecord {
  const record: BackoffRecord = previous
    ? {
        failuresAfterLastSuccess: previous.failuresAfterLastSuccess,
        lastFailureTime: previous.lastFailureTime,
      }
    : { failuresAfterLastSuccess: 0, lastFailureTime: null };
  if (newSucceededPods.length === 0) {
    if (newFailedPods.length === 0) return record;
    record.failuresAfterLastSuccess += newFailedPods.length;
    record.lastFailureTime = maxFinishedTime(newFailedPods);
    return record;
  }
  record.failuresAfterLastSuccess = 0;
  record.lastFailureTime = null;
  const lastSuccessTime = maxFinishedTime(newSucceededPods);
  // Failures strictly after the last success count; the newest of them is the last failure.
  for (let i = 0; i < newFailedPods.length; i++) {
    const failedTime = getFinishedTime(newFailedPods[i]!);
    if (failedTime <= lastSuccessTime) continue;
    if (record.lastFailureTime === null || record.lastFailureTime < failedTime)
      record.lastFailureTime = failedTime;
    record.failuresAfterLastSuccess += 1;
  }
  return record;
}

/** The latest finished time of non-empty `pods` (the last one after upstream `sortByFinishedTime`). */
function maxFinishedTime(pods: readonly Pod[]): SimTime {
  let max = getFinishedTime(pods[0]!);
  for (let i = 1; i < pods.length; i++) {
    const t = getFinishedTime(pods[i]!);
    if (t > max) max = t;
  }
  return max;
}

/**
 * upstream `getFinishedTime`: the latest container `finishedAt` if every container
 * terminated with a set time; else Ready=False's lastTransitionTime; else
 * `deletionTimestamp − deletionGracePeriodSeconds`; else `creationTimestamp`.
 * Only app containers are read, as in the controller source read (the spec notes a newer test
 * that also counts init containers; upstream code wins here).
 */
export function getFinishedTime(pod: Pod): SimTime {
  const fromContainers = finishTimeFromContainers(pod);
  if (fromContainers !== null) return fromContainers;
  const conditions = pod.status.conditions;
  for (let i = 0; i < conditions.length; i++) {
    const c = conditions[i]!;
    if (c.type !== "Ready") continue;
    if (c.status === "False") return c.lastTransitionTime;
    break;
  }
  if (pod.metadata.deletionTimestamp !== null) {
    return pod.metadata.deletionTimestamp - secondsToMillis(pod.metadata.deletionGracePeriodSeconds ?? 0);
  }
  return pod.metadata.creationTimestamp;
}

function finishTimeFromContainers(pod: Pod): SimTime | null {
  let finish: SimTime | null = null;
  const statuses = pod.status.containerStatuses;
  for (let i = 0; i < statuses.length; i++) {
    const t = statuses[i]!.state.terminated?.finishedAt ?? null;
    if (t === null) return null;
    if (finish === null || finish < t) finish = t;
  }
  return finish;
}

/**
 * upstream `getRemainingTimeForFailuresCount`: `base` doubled per failure after the first,
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
