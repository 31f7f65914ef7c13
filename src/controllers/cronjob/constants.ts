/**
 * Tunables, event reasons and event messages of the CronJob controller (controller v2), as
 * upstream pkg/controller/cronjob spells them.
 */
import type { Millis } from "../../engine/time.js";

/**
 * upstream `nextScheduleDelta`: the pad added to every requeue. The controller wakes 100 ms
 * after the nominal instant so that a small NTP skew between this process and the one that
 * stamped the times cannot make the sync run just before the instant and find nothing due.
 */
export const NEXT_SCHEDULE_DELTA: Millis = 100;

/**
 * More than this many estimated missed instants is "many" (upstream `manyMissed`; the
 * "somewhat arbitrarily picked 100" of `mostRecentScheduleTime`). In v2 it only adds the
 * TooManyMissedTimes warning; the most recent instant still runs (upstream `nextScheduleTime`).
 */
export const TOO_MANY_MISSED_LIMIT = 100;

/** The event source component. */
export const CRONJOB_CONTROLLER_COMPONENT = "cronjob-controller";

/** Event reasons, by name. */
export const Reason = {
  SuccessfulCreate: "SuccessfulCreate",
  SuccessfulDelete: "SuccessfulDelete",
  SawCompletedJob: "SawCompletedJob",
  MissingJob: "MissingJob",
  JobAlreadyActive: "JobAlreadyActive",
  UnexpectedJob: "UnexpectedJob",
  TooManyMissedTimes: "TooManyMissedTimes",
  UnsupportedSchedule: "UnsupportedSchedule",
  UnparseableSchedule: "UnparseableSchedule",
  InvalidSchedule: "InvalidSchedule",
  UnknownTimeZone: "UnknownTimeZone",
  FailedGet: "FailedGet",
  FailedDelete: "FailedDelete",
  FailedCreate: "FailedCreate",
  MissSchedule: "MissSchedule",
  UnParseableCronJobSchedule: "UnParseableCronJobSchedule",
} as const;

/** Go's `%q` for the ASCII strings these messages quote (JSON escaping agrees there). */
const q = (s: string): string => JSON.stringify(s);

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad2 = (n: number): string => String(n).padStart(2, "0");

/** Go's `t.UTC().Format(time.RFC1123Z)`: `Thu, 19 May 2016 10:00:00 +0000`. */
export function formatRFC1123ZUTC(t: number): string {
  const d = new Date(t);
  return (
    `${DAYS[d.getUTCDay()]}, ${pad2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000`
  );
}

/** Event messages, character for character as upstream formats them. */
export const Message = {
  successfulCreate: (job: string): string => `Created job ${job}`,
  successfulDelete: (job: string): string => `Deleted job ${job}`,
  sawCompletedJob: (job: string, condition: string): string =>
    `Saw completed job: ${job}, condition: ${condition}`,
  missingJob: (job: string): string => `Active job went missing: ${job}`,
  jobAlreadyActive: "Not starting job because prior execution is running and concurrency policy is Forbid",
  unexpectedJob: (job: string): string => `Saw a job that the controller did not create or forgot: ${job}`,
  tooManyMissedTimes:
    "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew",
  unsupportedSchedule: (schedule: string): string =>
    `CRON_TZ or TZ used in schedule ${q(schedule)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`,
  unparseableSchedule: (schedule: string, err: string): string =>
    `unparseable schedule: ${q(schedule)} : ${err}`,
  invalidSchedule: (schedule: string, err: string): string => `invalid schedule: ${schedule} : ${err}`,
  unknownTimeZone: (zone: string, err: string): string => `invalid timeZone: ${q(zone)}: ${err}`,
  failedGet: (err: string): string => `Get job: ${err}`,
  failedDelete: (err: string): string => `Deleted job: ${err}`,
  failedCreate: (err: string): string => `Error creating job: ${err}`,
  missSchedule: (scheduled: number): string =>
    `Missed scheduled time to start a job: ${formatRFC1123ZUTC(scheduled)}`,
  unparseableCronJobSchedule: (schedule: string): string => `unparseable schedule for cronjob: ${schedule}`,
} as const;

/** upstream `mostRecentScheduleTime`'s error for impossible schedules (no instant, or a zero gap). */
export const ERR_SCHEDULE_GAP = "time difference between two schedules is less than 1 second";
