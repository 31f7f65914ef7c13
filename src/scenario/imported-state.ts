/**
 * What a manifest exported from a live cluster (`kubectl get cronjobs,jobs -o yaml`) brings
 * besides its spec, and what jobsim keeps of it. A declared CronJob is the object as it stands
 * in the cluster at `spec.start`: its `metadata.creationTimestamp` and `status.lastScheduleTime`
 * / `status.lastSuccessfulTime` seed the CronJob controller as they would after a
 * kube-controller-manager restart (upstream `mostRecentScheduleTime` starts from
 * lastScheduleTime, else creationTimestamp). A Job starts afresh: its status and every other
 * server-set field (uid, resourceVersion, managedFields, ownerReferences, ...) is ignored.
 */
import { formatInstant, parseInstant, type SimTime } from "../engine/time.js";
import type { CronJobManifest, ImportedCronJobState, JobManifest } from "../k8s/types.js";
import { LABEL_CONTROLLER_UID, LEGACY_LABEL_CONTROLLER_UID } from "../k8s/types.js";
import { type Diagnostics, k8sError } from "./errors.js";
import { fieldError } from "./k8s-fields.js";
import type { Reader, YValue } from "./yaml-source.js";

/** An RFC 3339 `metav1.Time` field: null when unset; undefined (and reported) when malformed. */
function readTime(d: Diagnostics, v: YValue): SimTime | null | undefined {
  if (v.isUnset) return null;
  const text = v.scalar;
  const t = typeof text === "string" ? parseInstant(text.trim()) : undefined;
  if (t === undefined) {
    fieldError(
      d,
      v,
      k8sError.invalid(text ?? v.describe(), 'must be an RFC 3339 time such as "2026-03-01T02:00:00Z"'),
    );
  }
  return t;
}

/**
 * A CronJob document's `metadata.creationTimestamp`, `status.lastScheduleTime` and
 * `status.lastSuccessfulTime`; undefined when the document has none of them (a CronJob as
 * written in a repository) or one is malformed (reported).
 */
export function readImportedCronJobState(d: Diagnostics, v: YValue): ImportedCronJobState | undefined {
  const status = v.get("status");
  if (!status.isUnset && status.kind !== "map") {
    fieldError(d, status, k8sError.invalid(status.scalar ?? status.describe(), "must be an object"));
    return undefined;
  }
  const creationTimestamp = readTime(d, v.get("metadata").get("creationTimestamp"));
  const lastScheduleTime = readTime(d, status.get("lastScheduleTime"));
  const lastSuccessfulTime = readTime(d, status.get("lastSuccessfulTime"));
  if (creationTimestamp === undefined || lastScheduleTime === undefined || lastSuccessfulTime === undefined)
    return undefined;
  if (creationTimestamp === null && lastScheduleTime === null && lastSuccessfulTime === null)
    return undefined;
  return { creationTimestamp, lastScheduleTime, lastSuccessfulTime };
}

/**
 * The simulation starts with the CronJob as exported, so its history must lie before
 * `spec.start`: a later timestamp would be an instant the controller remembers but the
 * simulation never reaches (usually `spec.start` left at its default).
 */
export function checkImportedTimes(
  d: Diagnostics,
  v: YValue,
  state: ImportedCronJobState,
  start: SimTime,
): void {
  const fields: [YValue, SimTime | null][] = [
    [v.get("metadata").get("creationTimestamp"), state.creationTimestamp],
    [v.get("status").get("lastScheduleTime"), state.lastScheduleTime],
    [v.get("status").get("lastSuccessfulTime"), state.lastSuccessfulTime],
  ];
  for (const [site, t] of fields) {
    if (t !== null && t > start) {
      fieldError(
        d,
        site,
        `is after spec.start (${formatInstant(start)}): the simulation starts with the CronJob as exported; set spec.start to the time of the export or later`,
      );
    }
  }
}

/** True when a Job document carries a non-empty `status` (exported from a live cluster). */
export function carriesStatus(v: YValue): boolean {
  const status = v.get("status");
  return status.kind === "map" && status.entries().length > 0;
}

/**
 * A Job exported mid-run is created afresh at `spec.start` (its pods, counts and conditions are
 * the live cluster's, not the simulation's): one warning for all such Jobs. `withStatus`: the
 * sites for which carriesStatus is true, found while each document was read.
 */
export function warnJobStatuses(
  r: Reader,
  jobs: readonly JobManifest[],
  sites: readonly YValue[],
  withStatus: ReadonlySet<YValue>,
): void {
  const names: string[] = [];
  let first: YValue | undefined;
  sites.forEach((v, i) => {
    if (!withStatus.has(v)) return;
    first ??= v.get("status");
    names.push(`${jobs[i]!.metadata.namespace}/${jobs[i]!.metadata.name}`);
  });
  if (first === undefined) return;
  const n = names.length;
  r.warn(
    first,
    `${n} Job${n === 1 ? " carries" : "s carry"} a status from a live cluster (${firstFew(names)}); jobsim starts ${n === 1 ? "it" : "them"} afresh at spec.start`,
  );
}

/**
 * Jobs that a CronJob of the scenario controls (`ownerReferences`, as in a `kubectl get
 * cronjobs,jobs -o yaml` dump) are its history in the live cluster. The CronJob controller
 * would adopt them as its active or finished Jobs; jobsim cannot rebuild their pods and
 * progress, so they are left out (removed from `jobs` and `sites`), with one warning, and the
 * CronJob starts with no active Job.
 */
export function dropJobsOwnedByCronJobs(
  r: Reader,
  jobs: JobManifest[],
  sites: YValue[],
  cronJobs: readonly CronJobManifest[],
): void {
  // No CronJob, no Job to drop: not a reason to read every Job document again.
  if (cronJobs.length === 0) return;
  const owners = new Set(cronJobs.map((c) => `${c.metadata.namespace}/${c.metadata.name}`));
  const dropped: string[] = [];
  let first: YValue | undefined;
  for (let i = jobs.length - 1; i >= 0; i--) {
    const job = jobs[i]!;
    const owner = cronJobOwner(sites[i]!);
    if (owner === null || !owners.has(`${job.metadata.namespace}/${owner}`)) continue;
    first = sites[i]!.get("metadata").get("ownerReferences");
    dropped.unshift(`${job.metadata.namespace}/${job.metadata.name}`);
    jobs.splice(i, 1);
    sites.splice(i, 1);
  }
  if (first === undefined) return;
  const n = dropped.length;
  r.warn(
    first,
    `skipped ${n} Job${n === 1 ? "" : "s"} owned by a CronJob of the scenario (${firstFew(dropped)}): a CronJob starts without the Jobs it ran in the live cluster`,
  );
}

/**
 * The uid of a selector the API server generated (upstream registry `generateSelector`):
 * `matchLabels` holding only `batch.kubernetes.io/controller-uid` (and the legacy
 * `controller-uid`, as clusters before 1.27 wrote it), all with one value that the pod template
 * labels repeat and the Job's `metadata.uid` (`metadataUid`), when set, agrees with. Null for
 * any other selector (and under `manualSelector: true`, which the caller checks first).
 */
export function generatedSelectorUid(spec: YValue, metadataUid: unknown): string | null {
  const selector = spec.get("selector");
  if (selector.kind !== "map") return null;
  if (selector.entries().some(({ key }) => key !== "matchLabels")) return null;
  const match = selector.get("matchLabels").entries();
  const uidKeys = [LABEL_CONTROLLER_UID, LEGACY_LABEL_CONTROLLER_UID];
  if (match.length === 0 || match.some(({ key }) => !uidKeys.includes(key))) return null;
  const uid = match[0]!.value.scalar;
  if (typeof uid !== "string" || uid === "") return null;
  if (match.some(({ value }) => value.scalar !== uid)) return null;
  if (metadataUid !== undefined && metadataUid !== null && metadataUid !== uid) return null;
  const labels = spec.get("template").get("metadata").get("labels");
  for (const key of uidKeys) {
    const label = labels.entry(key);
    if (!label.isUnset && label.scalar !== uid) return null;
  }
  return uid;
}

/** The name of the CronJob that controls a Job document (`ownerReferences`, same namespace), or null. */
function cronJobOwner(job: YValue): string | null {
  for (const ref of job.get("metadata").get("ownerReferences").items()) {
    const name = ref.get("name").scalar;
    if (
      ref.get("kind").scalar === "CronJob" &&
      ref.get("controller").scalar === true &&
      typeof name === "string"
    )
      return name;
  }
  return null;
}

/** `a, b, c and 2 more`: the first few of a list, for folded warnings. */
export function firstFew(names: readonly string[], few = 3): string {
  const shown = names.slice(0, few).join(", ");
  return names.length > few ? `${shown} and ${names.length - few} more` : shown;
}
