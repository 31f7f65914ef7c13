/**
 * The batch/v1 Job and CronJob and core/v1 Pod fields the simulator models, with Kubernetes'
 * own field names. Times are SimTime (integer ms) instead of RFC 3339 strings; `null` stands for
 * an unset optional field after defaulting.
 */
import type { SimTime } from "../engine/time.js";

export type Labels = Record<string, string>;

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller: boolean;
  blockOwnerDeletion: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace: string;
  uid: string;
  resourceVersion: number;
  generation: number;
  creationTimestamp: SimTime;
  deletionTimestamp: SimTime | null;
  deletionGracePeriodSeconds: number | null;
  labels: Labels;
  annotations: Labels;
  finalizers: string[];
  ownerReferences: OwnerReference[];
}

/** Metadata as written in a manifest, before the API server assigns identity. */
export interface ManifestMeta {
  name: string;
  namespace: string;
  labels: Labels;
  annotations: Labels;
}

export interface ResourceRequests {
  cpu?: number; // cores
  memory?: number; // bytes
}

/** A container environment variable: a literal value or a `valueFrom` source (kept as written). */
export interface EnvVar {
  name: string;
  value: string | null;
  valueFrom: Record<string, unknown> | null;
}

export interface Container {
  name: string;
  env: EnvVar[];
  image: string | null;
  resources: { requests: ResourceRequests; limits: ResourceRequests };
  /** `restartPolicy: Always` on an init container makes it a sidecar. */
  restartPolicy: string | null;
}

export type RestartPolicy = "Never" | "OnFailure" | "Always";

export interface PodSpec {
  restartPolicy: RestartPolicy;
  containers: Container[];
  initContainers: Container[];
  terminationGracePeriodSeconds: number;
  activeDeadlineSeconds: number | null;
  priorityClassName: string | null;
  hostname: string | null;
  subdomain: string | null;
  /** Set when the pod is bound to capacity ("scheduled"). */
  nodeName: string | null;
}

export interface PodTemplateSpec {
  metadata: { labels: Labels; annotations: Labels };
  spec: PodSpec;
}

export interface LabelSelector {
  matchLabels: Labels;
}

export type PodFailurePolicyAction = "FailJob" | "Ignore" | "Count" | "FailIndex";

export interface PodFailurePolicyRule {
  action: PodFailurePolicyAction;
  onExitCodes: { containerName: string | null; operator: "In" | "NotIn"; values: number[] } | null;
  onPodConditions: { type: string; status: "True" | "False" | "Unknown" }[] | null;
}

export interface PodFailurePolicy {
  rules: PodFailurePolicyRule[];
}

export interface SuccessPolicyRule {
  succeededIndexes: string | null;
  succeededCount: number | null;
}

export interface SuccessPolicy {
  rules: SuccessPolicyRule[];
}

export type CompletionMode = "NonIndexed" | "Indexed";
export type PodReplacementPolicy = "TerminatingOrFailed" | "Failed";

export interface JobSpec {
  parallelism: number;
  /** null: a work-queue Job (success of any pod ends it once all pods stop). */
  completions: number | null;
  completionMode: CompletionMode;
  activeDeadlineSeconds: number | null;
  backoffLimit: number;
  backoffLimitPerIndex: number | null;
  maxFailedIndexes: number | null;
  podFailurePolicy: PodFailurePolicy | null;
  successPolicy: SuccessPolicy | null;
  suspend: boolean;
  ttlSecondsAfterFinished: number | null;
  podReplacementPolicy: PodReplacementPolicy;
  manualSelector: boolean;
  selector: LabelSelector;
  managedBy: string | null;
  template: PodTemplateSpec;
}

export type ConditionStatus = "True" | "False" | "Unknown";
export type JobConditionType = "Suspended" | "FailureTarget" | "Failed" | "SuccessCriteriaMet" | "Complete";

export interface JobCondition {
  type: JobConditionType;
  status: ConditionStatus;
  reason: string;
  message: string;
  lastProbeTime: SimTime;
  lastTransitionTime: SimTime;
}

export interface UncountedTerminatedPods {
  succeeded: string[];
  failed: string[];
}

export interface JobStatus {
  startTime: SimTime | null;
  completionTime: SimTime | null;
  active: number;
  ready: number;
  /** null when the JobPodReplacementPolicy gate is off. */
  terminating: number | null;
  succeeded: number;
  failed: number;
  completedIndexes: string;
  failedIndexes: string | null;
  uncountedTerminatedPods: UncountedTerminatedPods;
  conditions: JobCondition[];
}

export interface Job {
  apiVersion: "batch/v1";
  kind: "Job";
  metadata: ObjectMeta;
  spec: JobSpec;
  status: JobStatus;
}

/** A Job as the scenario declares it: defaulted and validated, not yet created. */
export interface JobManifest {
  apiVersion: "batch/v1";
  kind: "Job";
  metadata: ManifestMeta;
  spec: JobSpec;
}

export type PodPhase = "Pending" | "Running" | "Succeeded" | "Failed" | "Unknown";

export interface ContainerStateTerminated {
  exitCode: number;
  reason: string;
  startedAt: SimTime | null;
  finishedAt: SimTime | null;
}

export interface ContainerStatus {
  name: string;
  restartCount: number;
  ready: boolean;
  state: {
    waiting: { reason: string } | null;
    running: { startedAt: SimTime } | null;
    terminated: ContainerStateTerminated | null;
  };
  lastTerminated: ContainerStateTerminated | null;
}

export interface PodCondition {
  type: string;
  status: ConditionStatus;
  reason: string | null;
  lastTransitionTime: SimTime;
}

export interface PodStatus {
  phase: PodPhase;
  reason: string | null;
  message: string | null;
  startTime: SimTime | null;
  conditions: PodCondition[];
  containerStatuses: ContainerStatus[];
  initContainerStatuses: ContainerStatus[];
}

export interface Pod {
  apiVersion: "v1";
  kind: "Pod";
  metadata: ObjectMeta;
  spec: PodSpec;
  status: PodStatus;
}

export type ConcurrencyPolicy = "Allow" | "Forbid" | "Replace";

export interface CronJobSpec {
  schedule: string;
  timeZone: string | null;
  startingDeadlineSeconds: number | null;
  concurrencyPolicy: ConcurrencyPolicy;
  suspend: boolean;
  successfulJobsHistoryLimit: number;
  failedJobsHistoryLimit: number;
  jobTemplate: { metadata: { labels: Labels; annotations: Labels }; spec: JobSpec };
}

export interface ObjectReference {
  kind: string;
  namespace: string;
  name: string;
  uid: string;
}

export interface CronJobStatus {
  active: ObjectReference[];
  lastScheduleTime: SimTime | null;
  lastSuccessfulTime: SimTime | null;
}

export interface CronJob {
  apiVersion: "batch/v1";
  kind: "CronJob";
  metadata: ObjectMeta;
  spec: CronJobSpec;
  status: CronJobStatus;
}

export interface CronJobManifest {
  apiVersion: "batch/v1";
  kind: "CronJob";
  metadata: ManifestMeta;
  spec: CronJobSpec;
  /** Set for a CronJob exported from a live cluster with its history (scenario/imported-state.ts). */
  imported?: ImportedCronJobState;
}

/**
 * What an exported CronJob remembers of its history. The simulation starts with the CronJob as
 * it was exported, as the controller would find it after a kube-controller-manager restart.
 */
export interface ImportedCronJobState {
  creationTimestamp: SimTime | null;
  lastScheduleTime: SimTime | null;
  lastSuccessfulTime: SimTime | null;
}

/** Well-known names, as upstream spells them. */
export const JOB_TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";
export const LABEL_CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
export const LABEL_JOB_NAME = "batch.kubernetes.io/job-name";
export const LEGACY_LABEL_CONTROLLER_UID = "controller-uid";
export const LEGACY_LABEL_JOB_NAME = "job-name";
export const JOB_COMPLETION_INDEX_ANNOTATION = "batch.kubernetes.io/job-completion-index";
export const JOB_INDEX_FAILURE_COUNT_ANNOTATION = "batch.kubernetes.io/job-index-failure-count";
export const JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION =
  "batch.kubernetes.io/job-index-ignored-failure-count";
export const CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION = "batch.kubernetes.io/cronjob-scheduled-timestamp";
export const JOB_CONTROLLER_NAME = "kubernetes.io/job-controller";
