import type { SimTime } from "../engine/time.js";
import {
  type CronJob,
  type CronJobManifest,
  type CronJobSpec,
  type Job,
  type JobSpec,
  type JobStatus,
  LABEL_CONTROLLER_UID,
  LABEL_JOB_NAME,
  type Labels,
  LEGACY_LABEL_CONTROLLER_UID,
  LEGACY_LABEL_JOB_NAME,
  type ManifestMeta,
  type ObjectMeta,
  type OwnerReference,
} from "./types.js";

/**
 * Stands in for the Job's uid in generated labels and the selector: the uid is assigned when the
 * store creates the Job, which replaces it (`withControllerUid`). Not a valid label value on
 * purpose, so a forgotten replacement is easy to spot.
 */
export const CONTROLLER_UID_PLACEHOLDER = "$(controller-uid)";

/** Replace the uid placeholder in generated labels and selector with the real uid (a copy). */
export function withControllerUid(spec: JobSpec, uid: string): JobSpec {
  const fill = (labels: Labels): Labels =>
    Object.fromEntries(
      Object.entries(labels).map(([k, val]) => [k, val === CONTROLLER_UID_PLACEHOLDER ? uid : val]),
    );
  return {
    ...spec,
    selector: { matchLabels: fill(spec.selector.matchLabels) },
    template: {
      ...spec.template,
      metadata: { ...spec.template.metadata, labels: fill(spec.template.metadata.labels) },
    },
  };
}

/** A JobStatus as a new Job has it. */
export function emptyJobStatus(): JobStatus {
  return {
    startTime: null,
    completionTime: null,
    active: 0,
    ready: 0,
    terminating: null,
    succeeded: 0,
    failed: 0,
    completedIndexes: "",
    failedIndexes: null,
    uncountedTerminatedPods: { succeeded: [], failed: [] },
    conditions: [],
  };
}

/** ObjectMeta as the API server fills it in for a new object. */
function objectMetaFromManifest(
  meta: ManifestMeta,
  uid: string,
  now: SimTime,
  owner: OwnerReference | null,
): ObjectMeta {
  return {
    name: meta.name,
    namespace: meta.namespace,
    uid,
    resourceVersion: 0,
    generation: 1,
    creationTimestamp: now,
    deletionTimestamp: null,
    deletionGracePeriodSeconds: null,
    labels: { ...meta.labels },
    annotations: { ...meta.annotations },
    finalizers: [],
    ownerReferences: owner ? [owner] : [],
  };
}

/**
 * The Job object the API server would store for a manifest: identity assigned, and (without
 * `manualSelector`) the registry's generated selector and template labels
 * (`pkg/registry/batch/job/strategy.go` `generateSelector`).
 */
export function jobFromManifest(
  manifest: { metadata: ManifestMeta; spec: JobSpec },
  uid: string,
  now: SimTime,
  owner: OwnerReference | null = null,
): Job {
  // The loader generates the selector with a placeholder where the UID goes.
  const spec: JobSpec = withControllerUid(manifest.spec, uid);
  if (!spec.manualSelector) {
    const name = manifest.metadata.name;
    const labels = { ...spec.template.metadata.labels };
    labels[LEGACY_LABEL_CONTROLLER_UID] ??= uid;
    labels[LEGACY_LABEL_JOB_NAME] ??= name;
    labels[LABEL_CONTROLLER_UID] ??= uid;
    labels[LABEL_JOB_NAME] ??= name;
    spec.template = { metadata: { ...spec.template.metadata, labels }, spec: spec.template.spec };
    spec.selector = { matchLabels: { [LABEL_CONTROLLER_UID]: uid } };
  }
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: objectMetaFromManifest(manifest.metadata, uid, now, owner),
    spec,
    status: emptyJobStatus(),
  };
}

/** The CronJob object the API server would store for a manifest: identity assigned, empty status. */
export function cronJobFromManifest(
  manifest: { metadata: ManifestMeta; spec: CronJobSpec },
  uid: string,
  now: SimTime,
): CronJob {
  return {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: objectMetaFromManifest(manifest.metadata, uid, now, null),
    spec: manifest.spec,
    status: { active: [], lastScheduleTime: null, lastSuccessfulTime: null },
  };
}

/**
 * The CronJob as it stood in the live cluster it was exported from: its creationTimestamp and
 * the lastScheduleTime / lastSuccessfulTime of its status (status.active is not kept: the Jobs
 * it names are not simulated). Without imported state, as {@link cronJobFromManifest}.
 */
export function restoredCronJob(manifest: CronJobManifest, uid: string, now: SimTime): CronJob {
  const cj = cronJobFromManifest(manifest, uid, now);
  const state = manifest.imported;
  if (state === undefined) return cj;
  cj.metadata.creationTimestamp = state.creationTimestamp ?? now;
  cj.status.lastScheduleTime = state.lastScheduleTime;
  cj.status.lastSuccessfulTime = state.lastSuccessfulTime;
  return cj;
}
