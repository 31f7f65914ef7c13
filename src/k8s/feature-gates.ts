/**
 * The Job-related feature gates (kubernetes/kubernetes pkg/features): one type for the API
 * server's validation (the scenario loader drops fields of a disabled gate) and the Job
 * controller. upstream reads a process-global `feature.DefaultFeatureGate`; jobsim passes the
 * gates in, so one run can compare modes.
 */

/** The gates a scenario may set, in the order reports list them. */
export const KNOWN_FEATURE_GATES = [
  "JobPodReplacementPolicy",
  "JobSuccessPolicy",
  "JobManagedBy",
  "JobBackoffLimitPerIndex",
  "JobPodFailurePolicy",
  "ElasticIndexedJob",
  "PodIndexLabel",
] as const;

export type FeatureGate = (typeof KNOWN_FEATURE_GATES)[number];

export type FeatureGates = Record<FeatureGate, boolean>;

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

export function isFeatureGate(name: string): name is FeatureGate {
  return (KNOWN_FEATURE_GATES as readonly string[]).includes(name);
}
