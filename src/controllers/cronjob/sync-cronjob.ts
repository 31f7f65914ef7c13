/**
 * The CronJob controller's reconcile (controller v2, upstream cronjob_controllerv2.go `sync`
 * and `syncCronJob`), as pure functions of (deps, CronJob copy, owned Jobs, now) that act only
 * through the injected controls and return the next wake-up.
 */

import { loadLocationError, next, type Schedule } from "../../cron/index.js";
import type { Millis, SimTime } from "../../engine/time.js";
import { secondsToMillis } from "../../engine/time.js";
import { hasNamespaceTerminatingCause, isAlreadyExists, isNotFound } from "../../k8s/api-errors.js";
import { copyCronJobForStatusSync } from "../../k8s/clone.js";
import type { EventRecorder } from "../../k8s/events.js";
import type { CronJob, Job } from "../../k8s/types.js";
import { Message, Reason } from "./constants.js";
import { cleanupFinishedJobs, deleteJob } from "./history.js";
import type { CronJobControl, JobControl, ScheduleDecisionCallback } from "./injection.js";
import { getJobName } from "./naming.js";
import {
  deleteFromActiveList,
  finishedCondition,
  formatSchedule,
  getJobFromTemplate2,
  inActiveList,
  inActiveListByName,
  isControlledBy,
  isJobSucceeded,
  jobReference,
  mostRecentScheduleTime,
  nextScheduleTime,
  nextScheduleTimeDuration,
  parseStandard,
} from "./utils.js";

/** The controller's dependencies (upstream `ControllerV2` fields, minus queue and listers). */
export interface CronJobControllerDeps {
  jobControl: JobControl;
  cronJobControl: CronJobControl;
  recorder: EventRecorder;
  /** kube-controller-manager's local zone, for schedules without timeZone or TZ=; default UTC. */
  controllerZone?: string;
  onScheduleDecision?: ScheduleDecisionCallback;
  /**
   * Instants passed over before this are not reported to `onScheduleDecision`: a CronJob
   * imported from a live cluster may have missed years of them before the simulation began.
   */
  reportDecisionsFrom?: SimTime;
}

/** What one syncCronJob asks of its caller. */
export interface SyncCronJobResult {
  /** Wake-up delay (may be ≤ 0: "now"), or null for no requeue. */
  requeueAfter: Millis | null;
  /** The status must be written (the caller writes it once, with cleanup's changes). */
  updateStatus: boolean;
  error: Error | null;
  /**
   * The object the sync ended on: the argument, or the fresh API copy it switched to (a quirk of
   * upstream `syncCronJob`). Upstream's `sync` writes the status of its own copy (the argument)
   * regardless.
   */
  cronJob: CronJob;
}

function reportCreated(
  deps: CronJobControllerDeps,
  cj: CronJob,
  sched: Schedule,
  zone: string,
  baseline: SimTime,
  scheduledTime: SimTime,
  now: SimTime,
  job: Job,
): void {
  const cb = deps.onScheduleDecision;
  if (cb === undefined) return;
  const sds = cj.spec.startingDeadlineSeconds;
  const windowStart = sds === null ? Number.NEGATIVE_INFINITY : now - secondsToMillis(sds);
  const from = Math.max(baseline, (deps.reportDecisionsFrom ?? Number.NEGATIVE_INFINITY) - 1);
  for (let t = next(sched, from, zone); t !== null && t < scheduledTime; t = next(sched, t, zone)) {
    cb(cj, t, t <= windowStart ? "missedDeadline" : "superseded");
  }
  cb(cj, scheduledTime, "created", job);
}

/** The sync's result (upstream's multiple return values). */
function done(
  requeueAfter: Millis | null,
  updateStatus: boolean,
  cronJob: CronJob,
  error: Error | null = null,
): SyncCronJobResult {
  return { requeueAfter, updateStatus, error, cronJob };
}

/** upstream's closing `nextScheduleTimeDuration` requeue: wake up 100 ms after the next instant. */
function requeue(
  cj: CronJob,
  now: SimTime,
  sched: Schedule,
  zone: string,
  updateStatus: boolean,
): SyncCronJobResult {
  return done(nextScheduleTimeDuration(cj, now, sched, zone), updateStatus, cj);
}

/** Up to this many owned Jobs, a linear scan replaces the set of their UIDs. */
const FEW_CHILDREN = 8;

/** Whether a Job with this UID is among `jobs`. */
function hasJobWithUid(jobs: readonly Job[], uid: string): boolean {
  for (let i = 0; i < jobs.length; i++) if (jobs[i]!.metadata.uid === uid) return true;
  return false;
}

/**
 * upstream `syncCronJob`, step by step: reconcile status.active with the owned `jobs`,
 * then decide whether an instant is due and act on it through the controls. Mutates `cronJob`
 * (the caller's copy). At most one Job is created per call.
 */
export function syncCronJob(
  deps: CronJobControllerDeps,
  cronJob: CronJob,
  jobs: readonly Job[],
  now: SimTime,
): SyncCronJobResult {
  const { recorder, jobControl } = deps;
  const zone = deps.controllerZone ?? "UTC";
  let cj = cronJob;
  let updateStatus = false;

  // Phase A, step 1: owned Jobs against status.active. upstream's `childrenJobs` set of UIDs
  // is only built for many Jobs; a scan of `jobs` answers the same for the usual few.
  const children = jobs.length > FEW_CHILDREN ? new Set(jobs.map((j) => j.metadata.uid)) : null;
  for (let i = 0; i < jobs.length; i++) {
    const j = jobs[i]!;
    const found = inActiveList(cj, j.metadata.uid);
    const condition = finishedCondition(j);
    const finished = condition !== null;
    if (!found && !finished) {
      // The informer's CronJob may lag our own status write: ask the API server.
      const fresh = deps.cronJobControl.getCronJob(cj.metadata.namespace, cj.metadata.name);
      if (fresh instanceof Error) return done(null, updateStatus, cj, fresh);
      if (inActiveList(fresh, j.metadata.uid)) {
        cj = fresh; // upstream continues on the fresh copy
        continue;
      }
      recorder.event(cj, "Warning", Reason.UnexpectedJob, Message.unexpectedJob(j.metadata.name));
    } else if (finished) {
      if (found) {
        deleteFromActiveList(cj, j.metadata.uid);
        recorder.event(
          cj,
          "Normal",
          Reason.SawCompletedJob,
          Message.sawCompletedJob(j.metadata.name, condition),
        );
        updateStatus = true;
      }
      if (isJobSucceeded(j)) {
        const completion = j.status.completionTime;
        if (cj.status.lastSuccessfulTime === null) {
          cj.status.lastSuccessfulTime = completion; // may stay null (no completionTime)
          updateStatus = true;
        }
        if (completion !== null && completion > (cj.status.lastSuccessfulTime ?? completion)) {
          cj.status.lastSuccessfulTime = completion;
          updateStatus = true;
        }
      }
    }
  }

  // Step 2: active references the lister does not know; the API decides (slow informer).
  const active = cj.status.active; // deleteFromActiveList assigns a new array
  for (let i = 0; i < active.length; i++) {
    const ref = active[i]!;
    if (children !== null ? children.has(ref.uid) : hasJobWithUid(jobs, ref.uid)) continue;
    const got = jobControl.getJob(ref.namespace, ref.name);
    if (got instanceof Error) {
      if (!isNotFound(got)) return done(null, updateStatus, cj, got);
      recorder.event(cj, "Normal", Reason.MissingJob, Message.missingJob(ref.name));
      deleteFromActiveList(cj, ref.uid);
      updateStatus = true;
    }
  }

  // Step 3: being deleted: only the status changes above.
  if (cj.metadata.deletionTimestamp !== null) return done(null, updateStatus, cj);

  // Phase B, step 4.
  const tz = cj.spec.timeZone;
  const tzError = tz === null ? null : loadLocationError(tz);
  if (tz !== null && tzError !== null) {
    recorder.event(cj, "Warning", Reason.UnknownTimeZone, Message.unknownTimeZone(tz, tzError));
    return done(null, updateStatus, cj);
  }

  // Step 5: suspended: no event, no requeue.
  if (cj.spec.suspend) {
    if (deps.onScheduleDecision !== undefined) {
      const p = parseStandard(formatSchedule(cj, null));
      const latest = p.ok ? mostRecentScheduleTime(cj, now, p.schedule, true, zone).mostRecent : null;
      if (latest !== null) deps.onScheduleDecision(cj, latest, "suspended");
    }
    return done(null, updateStatus, cj);
  }

  // Step 6.
  const parsed = parseStandard(formatSchedule(cj, recorder));
  if (!parsed.ok) {
    recorder.event(
      cj,
      "Warning",
      Reason.UnparseableSchedule,
      Message.unparseableSchedule(cj.spec.schedule, parsed.message),
    );
    return done(null, updateStatus, cj);
  }
  const sched = parsed.schedule;

  // Steps 7–8.
  const { scheduledTime, error } = nextScheduleTime(cj, now, sched, recorder, zone);
  if (error !== null) {
    recorder.event(cj, "Warning", Reason.InvalidSchedule, Message.invalidSchedule(cj.spec.schedule, error));
    return done(null, updateStatus, cj);
  }
  const sds = cj.spec.startingDeadlineSeconds;
  if (scheduledTime === null) {
    if (deps.onScheduleDecision !== undefined && sds !== null) {
      const missed = mostRecentScheduleTime(cj, now, sched, false, zone).mostRecent;
      if (missed !== null) deps.onScheduleDecision(cj, missed, "missedDeadline");
    }
    return requeue(cj, now, sched, zone, updateStatus);
  }

  // Step 9: unreachable in practice (step 7 already applied the window); kept as upstream has it.
  if (sds !== null && scheduledTime + secondsToMillis(sds) < now) {
    recorder.event(cj, "Warning", Reason.MissSchedule, Message.missSchedule(scheduledTime));
    deps.onScheduleDecision?.(cj, scheduledTime, "missedDeadline");
    return requeue(cj, now, sched, zone, updateStatus);
  }

  // Step 10: already handled.
  const ns = cj.metadata.namespace;
  if (
    inActiveListByName(cj, ns, getJobName(cj, scheduledTime)) ||
    cj.status.lastScheduleTime === scheduledTime
  ) {
    return requeue(cj, now, sched, zone, updateStatus);
  }

  // Step 11: Forbid sees only status.active; LST does not move, so the instant stays eligible.
  if (cj.spec.concurrencyPolicy === "Forbid" && cj.status.active.length > 0) {
    recorder.event(cj, "Normal", Reason.JobAlreadyActive, Message.jobAlreadyActive);
    deps.onScheduleDecision?.(cj, scheduledTime, "forbidden");
    return requeue(cj, now, sched, zone, updateStatus);
  }

  // Step 12: Replace deletes every active Job first (deleteJob reassigns the array we iterate).
  if (cj.spec.concurrencyPolicy === "Replace") {
    for (const ref of cj.status.active) {
      const job = jobControl.getJob(ref.namespace, ref.name);
      if (job instanceof Error) {
        recorder.event(cj, "Warning", Reason.FailedGet, Message.failedGet(job.message));
        return done(null, updateStatus, cj, job);
      }
      if (!deleteJob(deps, cj, job)) {
        const err = new Error(`could not replace job ${job.metadata.namespace}/${job.metadata.name}`);
        return done(null, updateStatus, cj, err);
      }
      updateStatus = true;
    }
  }

  // Step 13: create; the deterministic name makes a retry collide instead of duplicating.
  const request = getJobFromTemplate2(cj, scheduledTime);
  if (request instanceof Error) return done(null, updateStatus, cj, request);
  let job = jobControl.createJob(ns, request);
  let adopted = false;
  if (job instanceof Error) {
    if (hasNamespaceTerminatingCause(job)) return done(null, updateStatus, cj, job);
    if (!isAlreadyExists(job)) {
      recorder.event(cj, "Warning", Reason.FailedCreate, Message.failedCreate(job.message));
      return done(null, updateStatus, cj, job);
    }
    const existing = jobControl.getJob(request.metadata.namespace, request.metadata.name);
    if (existing instanceof Error) return done(null, updateStatus, cj, existing);
    // Someone else's Job: assume its owner keeps the status; no requeue (as upstream).
    if (!isControlledBy(existing, cj)) return done(null, updateStatus, cj);
    if (inActiveList(cj, existing.metadata.uid)) return done(null, updateStatus, cj);
    // Ours but missing from active: we created it and the status write was lost. Adopt, no event.
    job = existing;
    adopted = true;
  }
  if (!adopted)
    recorder.event(cj, "Normal", Reason.SuccessfulCreate, Message.successfulCreate(job.metadata.name));

  // Step 14.
  const baseline = cj.status.lastScheduleTime ?? cj.metadata.creationTimestamp;
  cj.status.active = [...cj.status.active, jobReference(job)];
  cj.status.lastScheduleTime = scheduledTime;
  updateStatus = true;
  reportCreated(deps, cj, sched, zone, baseline, scheduledTime, now, job);
  return requeue(cj, now, sched, zone, updateStatus);
}

/** What one outer sync asks of the work queue: AddRateLimited on error, else AddAfter when set. */
export interface SyncResult {
  requeueAfter: Millis | null;
  error: Error | null;
}

/**
 * upstream `ControllerV2.sync` for one key: `cached` is the informer's CronJob
 * (undefined = NotFound), `jobs` its owned Jobs (see `getJobsToBeReconciled`). Works on a copy:
 * history cleanup first, then syncCronJob with the same Job list, then one status write.
 */
export function syncCronJobKey(
  deps: CronJobControllerDeps,
  cached: CronJob | undefined,
  jobs: readonly Job[],
  now: SimTime,
): SyncResult {
  if (cached === undefined) return { requeueAfter: null, error: null };
  // upstream's `cronJob.DeepCopy()`: cleanup and syncCronJob change only the status.
  const copy = copyCronJobForStatusSync(cached);
  const cleaned = cleanupFinishedJobs(deps, copy, jobs);
  const r = syncCronJob(deps, copy, jobs, now);
  // Upstream writes its own copy, even when syncCronJob switched to a fresh one, so
  // changes made after the switch can be lost.
  if (cleaned || r.updateStatus) {
    const written = deps.cronJobControl.updateStatus(copy);
    if (written instanceof Error) return { requeueAfter: null, error: written };
  }
  if (r.requeueAfter !== null) return { requeueAfter: r.requeueAfter, error: null };
  return { requeueAfter: null, error: r.error };
}

/**
 * upstream `updateCronJob` handler: after a schedule or timeZone change, the delay to the
 * next instant of the new schedule (null = do not enqueue, after Warning
 * UnParseableCronJobSchedule); after any other update 0 (enqueue now).
 */
export function requeueAfterCronJobUpdate(
  deps: { recorder: EventRecorder; controllerZone?: string },
  oldCj: CronJob,
  cur: CronJob,
  now: SimTime,
): Millis | null {
  if (oldCj.spec.schedule === cur.spec.schedule && oldCj.spec.timeZone === cur.spec.timeZone) return 0;
  const p = parseStandard(formatSchedule(cur, null));
  if (!p.ok) {
    deps.recorder.event(
      cur,
      "Warning",
      Reason.UnParseableCronJobSchedule,
      Message.unparseableCronJobSchedule(cur.spec.schedule),
    );
    return null;
  }
  return nextScheduleTimeDuration(cur, now, p.schedule, deps.controllerZone ?? "UTC");
}
