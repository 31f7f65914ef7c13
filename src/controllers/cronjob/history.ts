/**
 * History cleanup (successful/failedJobsHistoryLimit; upstream `cleanupFinishedJobs`,
 * `removeOldestJobs`, `deleteJob`, `byJobStartTime`). Runs first in every sync, even when the
 * CronJob is suspended or its schedule is invalid, so a CronJob that cannot create Jobs (quota)
 * still sheds finished ones.
 */
import type { EventRecorder } from "../../k8s/events.js";
import type { CronJob, Job } from "../../k8s/types.js";
import { Message, Reason } from "./constants.js";
import type { JobControl } from "./injection.js";
import { deleteFromActiveList, finishedCondition } from "./utils.js";

/** What cleanup needs from the controller's dependencies. */
export interface HistoryDeps {
  jobControl: JobControl;
  recorder: EventRecorder;
}

/**
 * upstream `byJobStartTime`: oldest `status.startTime` first, Jobs without one after all
 * others, ties (both unset included) by name. A total order: names are unique per namespace.
 */
export function compareByJobStartTime(a: Job, b: Job): number {
  const sa = a.status.startTime;
  const sb = b.status.startTime;
  if (sa !== sb) {
    if (sa === null) return 1;
    if (sb === null) return -1;
    return sa - sb;
  }
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/**
 * upstream `deleteJob`: delete with Background propagation; on success drop the Job from
 * status.active and record Normal SuccessfulDelete, on failure Warning FailedDelete.
 * Returns whether the Job was deleted (the status then needs writing).
 */
export function deleteJob(deps: HistoryDeps, cj: CronJob, job: Job): boolean {
  const err = deps.jobControl.deleteJob(job.metadata.namespace, job.metadata.name, "Background");
  if (err !== null) {
    deps.recorder.event(cj, "Warning", Reason.FailedDelete, Message.failedDelete(err.message));
    return false;
  }
  deleteFromActiveList(cj, job.metadata.uid);
  deps.recorder.event(cj, "Normal", Reason.SuccessfulDelete, Message.successfulDelete(job.metadata.name));
  return true;
}

function isSortedByJobStartTime(jobs: readonly Job[]): boolean {
  for (let i = 1; i < jobs.length; i++) if (compareByJobStartTime(jobs[i - 1]!, jobs[i]!) > 0) return false;
  return true;
}

/** upstream `removeOldestJobs`: delete the oldest `jobs.length - limit`; a failure does not stop the loop. */
function removeOldestJobs(deps: HistoryDeps, cj: CronJob, jobs: Job[], limit: number): boolean {
  const toDelete = jobs.length - limit;
  if (toDelete <= 0) return false;
  // Usually already in order (the lister gives creation order): the order is total, so
  // sorting a sorted array is a no-op, and checking is cheaper than sorting.
  if (!isSortedByJobStartTime(jobs)) jobs.sort(compareByJobStartTime);
  let changed = false;
  for (let i = 0; i < toDelete; i++) {
    if (deleteJob(deps, cj, jobs[i]!)) changed = true;
  }
  return changed;
}

/**
 * upstream `cleanupFinishedJobs`: keep at most `successfulJobsHistoryLimit` Complete and
 * `failedJobsHistoryLimit` Failed Jobs among `jobs` (the owned Jobs from the lister, Jobs being
 * deleted included). Running Jobs are never touched. Returns whether the status changed.
 */
export function cleanupFinishedJobs(deps: HistoryDeps, cj: CronJob, jobs: readonly Job[]): boolean {
  // Both limits are always set after defaulting (3 and 1), so upstream's nil checks vanish.
  const successfulLimit = cj.spec.successfulJobsHistoryLimit;
  const failedLimit = cj.spec.failedJobsHistoryLimit;
  // Count first: the lists are only built when some limit is exceeded (removeOldestJobs does
  // nothing otherwise).
  let nSucceeded = 0;
  let nFailed = 0;
  for (let i = 0; i < jobs.length; i++) {
    const condition = finishedCondition(jobs[i]!);
    if (condition === "Complete") nSucceeded++;
    else if (condition === "Failed") nFailed++;
  }
  if (nSucceeded <= successfulLimit && nFailed <= failedLimit) return false;
  const succeeded: Job[] = [];
  const failed: Job[] = [];
  for (const job of jobs) {
    const condition = finishedCondition(job);
    if (condition === "Complete") succeeded.push(job);
    else if (condition === "Failed") failed.push(job);
  }
  const a = removeOldestJobs(deps, cj, succeeded, successfulLimit);
  const b = removeOldestJobs(deps, cj, failed, failedLimit);
  return a || b;
}
