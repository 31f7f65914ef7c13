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

/** A copy of `labels` with the uid placeholder replaced by `uid` (a loop: one is made per Job). */
function fillLabels(labels: Labels, uid: string): Labels {
  const out: Labels = {};
  for (const k of Object.keys(labels)) {
    const value = labels[k] === CONTROLLER_UID_PLACEHOLDER ? uid : labels[k]!;
    // A `__proto__` key is data, as Object.fromEntries would make it.
    if (k === "__proto__")
      Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
    else out[k] = value;
  }
  return out;
}

/** Replace the uid placeholder in generated labels and selector with the real uid (a copy). */
export function withControllerUid(spec: JobSpec, uid: string): JobSpec {
  return {
    ...spec,
    selector: { matchLabels: fillLabels(spec.selector.matchLabels, uid) },
    template: {
      ...spec.template,
      metadata: { ...spec.template.metadata, labels: fillLabels(spec.template.metadata.labels, uid) },
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
  const source = manifest.spec;
  if (source.manualSelector)
    return newJob(manifest.metadata, withControllerUid(source, uid), uid, now, owner);
  // What withControllerUid then the generated labels and selector give, made once: the
  // selector is the generated one whatever the manifest's was.
  const name = manifest.metadata.name;
  const labels = fillLabels(source.template.metadata.labels, uid);
  labels[LEGACY_LABEL_CONTROLLER_UID] ??= uid;
  labels[LEGACY_LABEL_JOB_NAME] ??= name;
  labels[LABEL_CONTROLLER_UID] ??= uid;
  labels[LABEL_JOB_NAME] ??= name;
  const spec: JobSpec = {
    ...source,
    selector: { matchLabels: { [LABEL_CONTROLLER_UID]: uid } },
    template: { metadata: { ...source.template.metadata, labels }, spec: source.template.spec },
  };
  return newJob(manifest.metadata, spec, uid, now, owner);
}

function newJob(
  meta: ManifestMeta,
  spec: JobSpec,
  uid: string,
  now: SimTime,
  owner: OwnerReference | null,
): Job {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: objectMetaFromManifest(meta, uid, now, owner),
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
