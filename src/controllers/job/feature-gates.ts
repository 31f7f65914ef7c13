/**
 * The feature gates the Job controller reads. upstream reads a process-global
 * `feature.DefaultFeatureGate`; jobsim passes the gates in, so one run can compare modes.
 */
import { JOB_CONTROLLER_NAME, type Job } from "../../k8s/types.js";

/** The Job-related feature gates (kubernetes/kubernetes pkg/features). */
export interface FeatureGates {
  JobPodReplacementPolicy: boolean;
  JobSuccessPolicy: boolean;
  JobManagedBy: boolean;
  JobBackoffLimitPerIndex: boolean;
  JobPodFailurePolicy: boolean;
  ElasticIndexedJob: boolean;
  PodIndexLabel: boolean;
}

/** Kubernetes 1.34 defaults: every gate on. */
export const defaultFeatureGates: Readonly<FeatureGates> = Object.freeze({
  JobPodReplacementPolicy: true,
  JobSuccessPolicy: true,
  JobManagedBy: true,
  JobBackoffLimitPerIndex: true,
  JobPodFailurePolicy: true,
  ElasticIndexedJob: true,
  PodIndexLabel: true,
});

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
