import { parseSchedule } from "../cron/index.js";
import type { FeatureGates } from "../k8s/feature-gates.js";
/**
 * batch/v1 CronJob manifests: defaulting and validation as upstream `SetDefaults_CronJob` and
 * `ValidateCronJobCreate` do on create (the 52-character name, no TZ inside the schedule). The
 * job template is read as a Job spec.
 */
import type { CronJobManifest, CronJobSpec } from "../k8s/types.js";
import { type Diagnostics, k8sError } from "./errors.js";
import { readImportedCronJobState } from "./imported-state.js";
import { readJobSpec, readManifestMeta } from "./job-manifest.js";
import {
  expectObject,
  fieldError,
  readBool,
  readEnum,
  readInt,
  readSeconds,
  readStr,
  readStringMap,
  warnUnknownFields,
} from "./k8s-fields.js";
import type { YValue } from "./yaml-source.js";

/**
 * CronJob names leave 11 characters of a Job name's 63 for the `-<scheduled time>` suffix
 * (upstream `ValidateCronJobCreate`).
 */
export const MAX_CRONJOB_NAME = 52;

const CRONJOB_SPEC_FIELDS = [
  "schedule",
  "timeZone",
  "startingDeadlineSeconds",
  "concurrencyPolicy",
  "suspend",
  "jobTemplate",
  "successfulJobsHistoryLimit",
  "failedJobsHistoryLimit",
];

/** Fields of a CronJob spec the API server accepts; load.ts checks patches against them. */
export const CRONJOB_SPEC_FIELD_NAMES: readonly string[] = CRONJOB_SPEC_FIELDS;

/** Read, default and validate a whole CronJob document (`apiVersion`/`kind` already checked). */
export function readCronJobManifest(
  d: Diagnostics,
  v: YValue,
  gates: FeatureGates,
): CronJobManifest | undefined {
  const before = d.errorCount;
  const meta = readManifestMeta(d, v, MAX_CRONJOB_NAME);
  const spec = readCronJobSpec(d, v.get("spec"), gates);
  const imported = readImportedCronJobState(d, v);
  if (meta === undefined || spec === undefined || d.errorCount > before) return undefined;
  const manifest: CronJobManifest = { apiVersion: "batch/v1", kind: "CronJob", metadata: meta, spec };
  if (imported !== undefined) manifest.imported = imported;
  return manifest;
}

function readCronJobSpec(d: Diagnostics, v: YValue, gates: FeatureGates): CronJobSpec | undefined {
  const before = d.errorCount;
  if (v.isUnset) {
    fieldError(d, v, k8sError.required());
    return undefined;
  }
  if (!expectObject(d, v)) return undefined;
  warnUnknownFields(d, v, CRONJOB_SPEC_FIELDS);

  const scheduleV = v.get("schedule");
  const schedule = readStr(d, scheduleV) ?? "";
  if (schedule.trim() === "" && (scheduleV.isUnset || typeof scheduleV.scalar === "string")) {
    fieldError(d, scheduleV, k8sError.required());
  } else if (schedule !== "") {
    const problem = validateScheduleSyntax(schedule);
    if (problem !== null) fieldError(d, scheduleV, k8sError.invalid(schedule, problem));
    // On create, any TZ in the schedule is refused (since 1.29); the controller builds its own prefix.
    if (schedule.includes("TZ")) {
      fieldError(
        d,
        scheduleV,
        k8sError.invalid(schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"),
      );
    }
  }

  const tzV = v.get("timeZone");
  const timeZone = readStr(d, tzV);
  if (timeZone !== null) {
    const problem = timeZoneProblem(timeZone);
    if (problem !== null) fieldError(d, tzV, k8sError.invalid(timeZone, problem));
  }
  const startingDeadlineSeconds = readSeconds(d, v.get("startingDeadlineSeconds"));
  const concurrencyPolicy =
    readEnum(d, v.get("concurrencyPolicy"), ["Allow", "Forbid", "Replace"] as const) ?? "Allow";
  const suspend = readBool(d, v.get("suspend")) ?? false;
  const successfulJobsHistoryLimit = readInt(d, v.get("successfulJobsHistoryLimit")) ?? 3;
  const failedJobsHistoryLimit = readInt(d, v.get("failedJobsHistoryLimit")) ?? 1;

  const tmplV = v.get("jobTemplate");
  let jobTemplate: CronJobSpec["jobTemplate"] | undefined;
  if (expectObject(d, tmplV)) {
    const metaV = tmplV.get("metadata");
    expectObject(d, metaV);
    const labels = readStringMap(d, metaV.get("labels"), true);
    const annotations = readStringMap(d, metaV.get("annotations"), false);
    const spec = readJobSpec(d, tmplV.get("spec"), gates, { jobName: null, inCronJob: true });
    if (spec !== undefined) jobTemplate = { metadata: { labels, annotations }, spec };
  }
  if (jobTemplate === undefined || d.errorCount > before) return undefined;
  return {
    schedule,
    timeZone,
    startingDeadlineSeconds,
    concurrencyPolicy,
    suspend,
    successfulJobsHistoryLimit,
    failedJobsHistoryLimit,
    jobTemplate,
  };
}

const TZ_PART_RE = /^[A-Za-z.\-_0-9+]{1,14}$/;

/** True when `zone` is an IANA zone the runtime knows (Intl is our tz database). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Why `spec.timeZone` is refused (upstream `validateTimeZone`), or null when it is fine. */
export function timeZoneProblem(zone: string): string | null {
  if (zone === "") return "timeZone must be nil or non-empty string";
  for (const part of zone.split("/")) {
    if (part === "." || part === ".." || part.startsWith("-") || !TZ_PART_RE.test(part)) {
      return `unknown time zone ${zone}`;
    }
  }
  if (zone.toLowerCase() === "local") {
    return "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones";
  }
  return isKnownTimeZone(zone) ? null : `unknown time zone ${zone}`;
}

/**
 * Why robfig/cron v3 `ParseStandard` would refuse `schedule`, in its words, or null: the
 * API server's validation runs the same parser the controller uses (src/cron).
 */
export function validateScheduleSyntax(schedule: string): string | null {
  const parsed = parseSchedule(schedule);
  return parsed.ok ? null : parsed.message;
}
