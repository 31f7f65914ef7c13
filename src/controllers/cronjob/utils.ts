/**
 * Pure helpers of the CronJob controller (upstream pkg/controller/cronjob/utils.go): the
 * schedule arithmetic (`mostRecentScheduleTime`, `nextScheduleTime`, `nextScheduleTimeDuration`),
 * active-list edits, the Job the controller creates (`getJobFromTemplate2`) and the finished
 * checks (`IsJobFinished`). Every function takes `now` as a parameter.
 */

import { loadLocationError, next, type ParseResult, parseSchedule, type Schedule } from "../../cron/index.js";
import type { Millis, SimTime } from "../../engine/time.js";
import { secondsToMillis } from "../../engine/time.js";
import type { EventRecorder } from "../../k8s/events.js";
import { emptyJobStatus } from "../../k8s/job-factory.js";
import { controllerOf } from "../../k8s/owners.js";
import {
  CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION,
  type CronJob,
  type Job,
  type JobConditionType,
  type ObjectReference,
} from "../../k8s/types.js";
import {
  ERR_SCHEDULE_GAP,
  Message,
  NEXT_SCHEDULE_DELTA,
  Reason,
  TOO_MANY_MISSED_LIMIT,
} from "./constants.js";
import { getJobName, scheduledTimestampAnnotation } from "./naming.js";

/** upstream `missedSchedulesType`: none, few (1..100) or many (> 100) estimated misses. */
export type MissedSchedules = "none" | "few" | "many";

/** Result of {@link mostRecentScheduleTime}. */
export interface MostRecentSchedule {
  /** LST, else creationTimestamp; with the SDS window applied when asked for. */
  earliest: SimTime;
  /** The most recent instant ≤ now after `earliest`, or null (none, or the estimate overshot). */
  mostRecent: SimTime | null;
  missed: MissedSchedules;
  /** `missed === "many"`: the > 100 flag (upstream calls the SDS check `tooLate`; not this). */
  tooMany: boolean;
  /** The estimate n of instants in [t1, now] (0 when fewer than two instants passed). */
  estimatedMissed: number;
  /** ERR_SCHEDULE_GAP for impossible schedules (Next gave robfig's zero time), else null. */
  error: string | null;
}

/**
 * upstream `mostRecentScheduleTime`, literally: t1 = Next(earliest), t2 = Next(t1); past
 * t2 it estimates n = ⌊(now − t1) / round(t2 − t1)⌋ + 1 and walks from t1 + (n − 2)·gap. For
 * irregular schedules that start point can land after the true most recent instant, and then
 * `mostRecent` is null although instants were missed (upstream test "another complex schedule").
 *
 * @param zone the controller's zone, for schedules without their own location.
 */
export function mostRecentScheduleTime(
  cj: CronJob,
  now: SimTime,
  schedule: Schedule,
  includeStartingDeadlineSeconds: boolean,
  zone = "UTC",
): MostRecentSchedule {
  let earliest = cj.status.lastScheduleTime ?? cj.metadata.creationTimestamp;
  const sds = cj.spec.startingDeadlineSeconds;
  if (includeStartingDeadlineSeconds && sds !== null) {
    const deadline = now - secondsToMillis(sds);
    if (deadline > earliest) earliest = deadline;
  }
  const t1 = next(schedule, earliest, zone);
  if (t1 !== null && now < t1) return mostRecentResult(earliest, null, "none", 0, null);
  const t2 = t1 === null ? null : next(schedule, t1, zone);
  if (t2 !== null && now < t2) return mostRecentResult(earliest, t1, "none", 0, null);
  // robfig returns the zero time when nothing matches within 5 years ("59 23 31 2 *"); upstream
  // then sees a gap < 1 s. A null on either side is that case.
  if (t1 === null || t2 === null) return mostRecentResult(earliest, null, "none", 0, ERR_SCHEDULE_GAP);
  // Go: int64(t2.Sub(t1).Round(time.Second).Seconds()), half away from zero; positive here.
  const gap = Math.round((t2 - t1) / 1000);
  if (gap < 1) return mostRecentResult(earliest, null, "none", 0, ERR_SCHEDULE_GAP);
  const elapsed = Math.trunc((now - t1) / 1000);
  const n = Math.trunc(elapsed / gap) + 1;
  let mostRecent: SimTime | null = null;
  for (
    let t = next(schedule, t1 + (n - 2) * gap * 1000, zone);
    t !== null && t <= now;
    t = next(schedule, t, zone)
  ) {
    mostRecent = t;
  }
  const missed: MissedSchedules = n > TOO_MANY_MISSED_LIMIT ? "many" : n > 0 ? "few" : "none";
  return mostRecentResult(earliest, mostRecent, missed, n, null);
}

function mostRecentResult(
  earliest: SimTime,
  mostRecent: SimTime | null,
  missed: MissedSchedules,
  estimatedMissed: number,
  error: string | null,
): MostRecentSchedule {
  return { earliest, mostRecent, missed, tooMany: missed === "many", estimatedMissed, error };
}

/** Go's zero time (0001-01-01T00:00:00Z), what robfig's Next returns for "never". */
const GO_ZERO_TIME: SimTime = -62_135_596_800_000;
/** Go's minimum time.Duration in ms: `Sub` saturates there. */
const GO_MIN_DURATION: Millis = -9_223_372_036_854;

/**
 * upstream `nextScheduleTimeDuration`: Next(anchor) + 100 ms − now, without the SDS
 * window. Anchor: now on error; mostRecent if any; else earliest when nothing was missed, now
 * when the estimate overshot. On the error path Next is the zero time and the result a huge
 * negative duration, which a queue treats as "now".
 */
export function nextScheduleTimeDuration(
  cj: CronJob,
  now: SimTime,
  schedule: Schedule,
  zone = "UTC",
): Millis {
  const r = mostRecentScheduleTime(cj, now, schedule, false, zone);
  let anchor: SimTime;
  if (r.error !== null) anchor = now;
  else if (r.mostRecent !== null) anchor = r.mostRecent;
  else anchor = r.missed === "none" ? r.earliest : now;
  const n = next(schedule, anchor, zone) ?? GO_ZERO_TIME;
  return Math.max(n + NEXT_SCHEDULE_DELTA - now, GO_MIN_DURATION);
}

/** Result of {@link nextScheduleTime}. */
export interface NextScheduleTime {
  scheduledTime: SimTime | null;
  error: string | null;
}

/**
 * upstream `nextScheduleTime`: the most recent unmet instant within the SDS window. When
 * more than 100 were missed it records Warning TooManyMissedTimes and still returns the instant.
 */
export function nextScheduleTime(
  cj: CronJob,
  now: SimTime,
  schedule: Schedule,
  recorder: EventRecorder,
  zone = "UTC",
): NextScheduleTime {
  const r = mostRecentScheduleTime(cj, now, schedule, true, zone);
  if (r.mostRecent === null || r.mostRecent > now) return { scheduledTime: null, error: r.error };
  if (r.tooMany) recorder.event(cj, "Warning", Reason.TooManyMissedTimes, Message.tooManyMissedTimes);
  return { scheduledTime: r.mostRecent, error: r.error };
}

/** upstream `inActiveList`: a reference with this UID is in status.active. */
export function inActiveList(cj: CronJob, uid: string): boolean {
  const active = cj.status.active;
  for (let i = 0; i < active.length; i++) if (active[i]!.uid === uid) return true;
  return false;
}

/** upstream `inActiveListByName`: a reference with this namespace and name is in status.active. */
export function inActiveListByName(cj: CronJob, namespace: string, name: string): boolean {
  const active = cj.status.active;
  for (let i = 0; i < active.length; i++) {
    const r = active[i]!;
    if (r.name === name && r.namespace === namespace) return true;
  }
  return false;
}

/** upstream `deleteFromActiveList`: drop references with this UID (assigns a new array). */
export function deleteFromActiveList(cj: CronJob, uid: string): void {
  cj.status.active = cj.status.active.filter((r) => r.uid !== uid);
}

/** upstream `getRef` for a Job. */
export function jobReference(job: Job): ObjectReference {
  return { kind: "Job", namespace: job.metadata.namespace, name: job.metadata.name, uid: job.metadata.uid };
}

/** upstream `getFinishedStatus` / `jobutil.FinishedCondition`: the first Complete/Failed=True. */
export function getFinishedStatus(job: Job): { finished: boolean; condition: JobConditionType | null } {
  const condition = finishedCondition(job);
  return { finished: condition !== null, condition };
}

/**
 * {@link getFinishedStatus} as one value: the type of the first Complete/Failed=True condition,
 * null when the Job is not finished (no result object per call on the hot path).
 */
export function finishedCondition(job: Job): JobConditionType | null {
  const conditions = job.status.conditions;
  for (let i = 0; i < conditions.length; i++) {
    const c = conditions[i]!;
    if ((c.type === "Complete" || c.type === "Failed") && c.status === "True") return c.type;
  }
  return null;
}

/** upstream `jobutil.IsJobFinished`: a Complete or Failed condition with status True. */
export function isJobFinished(job: Job): boolean {
  return finishedCondition(job) !== null;
}

/** upstream `jobutil.IsJobSucceeded`: some Complete condition is True. */
export function isJobSucceeded(job: Job): boolean {
  const conditions = job.status.conditions;
  for (let i = 0; i < conditions.length; i++) {
    const c = conditions[i]!;
    if (c.type === "Complete" && c.status === "True") return true;
  }
  return false;
}

/** metav1 `IsControlledBy`: the controller reference carries the owner's UID. */
export function isControlledBy(job: Job, cj: CronJob): boolean {
  return controllerOf(job)?.uid === cj.metadata.uid;
}

/**
 * upstream `getJobsToBeReconciled`: the Jobs in the CronJob's namespace whose controller
 * reference has the CronJob's name (kind, UID and labels are not checked, as upstream). Input order kept.
 */
export function getJobsToBeReconciled(cj: CronJob, jobs: readonly Job[]): readonly Job[] {
  const { namespace, name } = cj.metadata;
  let out: Job[] | null = null; // copied only from the first Job left out: usually all match
  for (let i = 0; i < jobs.length; i++) {
    const j = jobs[i]!;
    const keep = j.metadata.namespace === namespace && controllerOf(j)?.name === name;
    if (out !== null) {
      if (keep) out.push(j);
    } else if (!keep) {
      out = jobs.slice(0, i);
    }
  }
  return out ?? jobs;
}

/**
 * upstream `getJobFromTemplate2`: the Job request for `scheduledTime`. No UID: the API
 * server assigns it (and, in jobsim, the selector: see `jobFromManifest`). Returns an Error when
 * `spec.timeZone` cannot be loaded, as upstream's `time.LoadLocation` does.
 */
export function getJobFromTemplate2(cj: CronJob, scheduledTime: SimTime): Job | Error {
  const tz = cj.spec.timeZone ?? "";
  const tzError = loadLocationError(tz);
  if (tzError !== null) return new Error(tzError);
  const template = cj.spec.jobTemplate;
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name: getJobName(cj, scheduledTime),
      namespace: cj.metadata.namespace,
      uid: "",
      resourceVersion: 0,
      generation: 0,
      // Upstream sends the scheduled time; the API server overwrites it (fakes keep it).
      creationTimestamp: scheduledTime,
      deletionTimestamp: null,
      deletionGracePeriodSeconds: null,
      labels: { ...template.metadata.labels },
      annotations: {
        ...template.metadata.annotations,
        [CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION]: scheduledTimestampAnnotation(cj, scheduledTime),
      },
      finalizers: [],
      ownerReferences: [
        {
          apiVersion: "batch/v1",
          kind: "CronJob",
          name: cj.metadata.name,
          uid: cj.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    // The template is immutable here; the API server (jobFromManifest) builds the stored spec.
    spec: template.spec,
    status: emptyJobStatus(),
  };
}

/**
 * upstream `formatSchedule`: a schedule containing "TZ" is used as written (Warning
 * UnsupportedSchedule when a recorder is given; the update handler passes none); else
 * `TZ=<timeZone> <schedule>` when timeZone is set and loads; else the schedule as written.
 */
export function formatSchedule(cj: CronJob, recorder: EventRecorder | null): string {
  const { schedule, timeZone } = cj.spec;
  if (schedule.includes("TZ")) {
    recorder?.event(cj, "Warning", Reason.UnsupportedSchedule, Message.unsupportedSchedule(schedule));
    return schedule;
  }
  if (timeZone !== null && loadLocationError(timeZone) === null) return `TZ=${timeZone} ${schedule}`;
  return schedule;
}

const parsed = new Map<string, ParseResult>();

/**
 * `cron.ParseStandard`, memoised per text: parse results are immutable, and reusing the same
 * schedule object also reuses `next`'s compiled tables. Few distinct texts exist per run.
 */
export function parseStandard(text: string): ParseResult {
  let r = parsed.get(text);
  if (r === undefined) {
    r = parseSchedule(text);
    parsed.set(text, r);
  }
  return r;
}
