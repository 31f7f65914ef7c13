/** Job conditions: constructors, look-ups and in-place updates (upstream job_controller.go, util/utils.go). */
import type { SimTime } from "../../engine/time.js";
import type { FeatureGates } from "../../k8s/feature-gates.js";
import type { ConditionStatus, Job, JobCondition, JobConditionType } from "../../k8s/types.js";
import { delayTerminalCondition } from "./feature-gates.js";

/** upstream `newCondition`: both timestamps are `now`. */
export function newCondition(
  type: JobConditionType,
  status: ConditionStatus,
  reason: string,
  message: string,
  now: SimTime,
): JobCondition {
  return { type, status, reason, message, lastProbeTime: now, lastTransitionTime: now };
}

/** upstream `findConditionByType`: the first condition of that type, whatever its status. */
export function findConditionByType(
  list: readonly JobCondition[],
  type: JobConditionType,
): JobCondition | undefined {
  // Plain loops in this file: they run several times per sync, and a closure per call adds up.
  for (let i = 0; i < list.length; i++) if (list[i]!.type === type) return list[i];
  return undefined;
}

/** True when a condition of that type has status True. */
export function hasConditionTrue(job: Job, type: JobConditionType): boolean {
  const list = job.status.conditions;
  for (let i = 0; i < list.length; i++) {
    const c = list[i]!;
    if (c.type === type && c.status === "True") return true;
  }
  return false;
}

/** upstream `util.IsJobFinished`: Complete=True or Failed=True. */
export function isJobFinished(job: Job): boolean {
  return hasConditionTrue(job, "Complete") || hasConditionTrue(job, "Failed");
}

/**
 * upstream `ensureJobConditionStatus`, mutating `job.status.conditions`: overwrite an existing
 * condition of the type in place when status, reason or message differ; append otherwise, but
 * never append a fresh False condition ("going from nothing to false is meaningless").
 * Returns whether the list changed.
 */
export function ensureJobConditionStatus(
  job: Job,
  type: JobConditionType,
  status: ConditionStatus,
  reason: string,
  message: string,
  now: SimTime,
): boolean {
  const list = job.status.conditions;
  let i = 0;
  while (i < list.length && list[i]!.type !== type) i++;
  if (i < list.length) {
    const c = list[i]!;
    if (c.status === status && c.reason === reason && c.message === message) return false;
    list[i] = newCondition(type, status, reason, message, now);
    return true;
  }
  if (status === "False") return false;
  list.push(newCondition(type, status, reason, message, now));
  return true;
}

/** upstream `newFailedConditionForFailureTarget`: Failed=True with the target's reason and message. */
export function newFailedConditionForFailureTarget(target: JobCondition, now: SimTime): JobCondition {
  return newCondition("Failed", "True", target.reason, target.message, now);
}

/**
 * Whether SuccessCriteriaMet is in use: the success-policy gate, or delayed terminal conditions
 * (normal completion goes through SuccessCriteriaMet then). upstream success_policy.go checks
 * `JobSuccessPolicy || delayTerminalCondition()`.
 */
function successCriteriaMetInUse(gates: FeatureGates): boolean {
  return gates.JobSuccessPolicy || delayTerminalCondition(gates);
}

/** upstream `hasSuccessCriteriaMetCondition`: the SuccessCriteriaMet=True condition, when in use. */
export function hasSuccessCriteriaMetCondition(job: Job, gates: FeatureGates): JobCondition | undefined {
  if (!successCriteriaMetInUse(gates)) return undefined;
  const c = findConditionByType(job.status.conditions, "SuccessCriteriaMet");
  return c !== undefined && c.status === "True" ? c : undefined;
}

/** upstream `isSuccessCriteriaMetCondition`: in use, and `cond` is SuccessCriteriaMet=True. */
export function isSuccessCriteriaMetCondition(cond: JobCondition | null, gates: FeatureGates): boolean {
  return (
    successCriteriaMetInUse(gates) &&
    cond !== null &&
    cond.type === "SuccessCriteriaMet" &&
    cond.status === "True"
  );
}

/** upstream `jobSuspended`. */
export function jobSuspended(job: Job): boolean {
  return job.spec.suspend;
}
