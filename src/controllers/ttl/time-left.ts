/**
 * Expiry arithmetic of the TTL-after-finished controller (upstream
 * pkg/controller/ttlafterfinished/ttlafterfinished_controller.go `needsCleanup`,
 * `getFinishAndExpireTime`, `timeLeft`, `jobFinishTime`). Pure functions of the Job and `now`.
 */
import { type Millis, type SimTime, secondsToMillis } from "../../engine/time.js";
import type { Job } from "../../k8s/types.js";
import { isJobFinished } from "../job/conditions.js";

/** upstream `needsCleanup`: `ttlSecondsAfterFinished` is set and the Job is Complete or Failed. */
export function needsCleanup(job: Job): boolean {
  return job.spec.ttlSecondsAfterFinished !== null && isJobFinished(job);
}

/** When a finished Job finished and when its TTL runs out. */
export interface FinishAndExpireTime {
  finishAt: SimTime;
  expireAt: SimTime;
}

/**
 * upstream `jobFinishTime`: `lastTransitionTime` of the first Complete=True or Failed=True
 * condition, in list order (a Job never has both, but the order decides if it did).
 */
function jobFinishTime(job: Job): SimTime | Error {
  for (const c of job.status.conditions) {
    if ((c.type === "Complete" || c.type === "Failed") && c.status === "True") {
      // upstream rejects a zero metav1.Time; SimTime has no zero value, only non-integers are bad.
      if (!Number.isSafeInteger(c.lastTransitionTime)) {
        return new Error(
          `unable to find the time when the Job ${job.metadata.namespace}/${job.metadata.name} finished`,
        );
      }
      return c.lastTransitionTime;
    }
  }
  // Unreachable after needsCleanup, as upstream notes.
  return new Error(
    `unable to find the status of the finished Job ${job.metadata.namespace}/${job.metadata.name}`,
  );
}

/**
 * upstream `getFinishAndExpireTime`: `expireAt = finishAt + ttlSecondsAfterFinished`. An Error
 * ("should not be cleaned up") for a Job without TTL or not finished.
 */
export function getFinishAndExpireTime(job: Job): FinishAndExpireTime | Error {
  const ttl = job.spec.ttlSecondsAfterFinished;
  if (ttl === null || !isJobFinished(job)) {
    return new Error(`job ${job.metadata.namespace}/${job.metadata.name} should not be cleaned up`);
  }
  const finishAt = jobFinishTime(job);
  if (finishAt instanceof Error) return finishAt;
  return { finishAt, expireAt: finishAt + secondsToMillis(ttl) };
}

/** The result of `timeLeft`. */
export interface TimeLeft extends FinishAndExpireTime {
  /** `expireAt - now`; ≤ 0 means expired. */
  timeLeft: Millis;
  /**
   * The finish time is after `now` (upstream logs "Found Job finished in the future ... time
   * skew"). Nothing else changes: `timeLeft` is then simply longer than the TTL.
   */
  finishedInFuture: boolean;
}

/** upstream `timeLeft`: how long until the Job's TTL expires, seen at `now`. */
export function timeLeft(job: Job, now: SimTime): TimeLeft | Error {
  const t = getFinishAndExpireTime(job);
  if (t instanceof Error) return t;
  return { ...t, timeLeft: t.expireAt - now, finishedInFuture: t.finishAt > now };
}
