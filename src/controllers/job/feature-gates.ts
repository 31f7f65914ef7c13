/** What the Job controller derives from the feature gates (the gates: k8s/feature-gates.ts). */
import type { FeatureGates } from "../../k8s/feature-gates.js";
import { JOB_CONTROLLER_NAME, type Job } from "../../k8s/types.js";

/**
 * upstream `delayTerminalCondition`: with either gate on, Failed/Complete wait for the pods to
 * finish terminating, behind the interim FailureTarget/SuccessCriteriaMet conditions.
 */
export function delayTerminalCondition(gates: FeatureGates): boolean {
  return gates.JobManagedBy || gates.JobPodReplacementPolicy;
}

/** upstream `managedByExternalController`: the other controller's name, or null if ours. */
export function managedByExternalController(job: Job, gates: FeatureGates): string | null {
  const name = job.spec.managedBy;
  if (gates.JobManagedBy && name !== null && name !== JOB_CONTROLLER_NAME) return name;
  return null;
}
