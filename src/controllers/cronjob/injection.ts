/**
 * The CronJob controller's only ways to act on the API (upstream injection.go): Job reads and
 * writes through {@link JobControl}, CronJob reads and status writes through
 * {@link CronJobControl}. Fakes for tests record every call and fail on demand.
 */

import type { SimTime } from "../../engine/time.js";
import { StatusError } from "../../k8s/api-errors.js";
import { cloneCronJob, cloneJob } from "../../k8s/clone.js";
import type { CronJob, Job } from "../../k8s/types.js";

/** How dependents of a deleted object are treated (metav1.DeletionPropagation). */
export type DeletionPropagation = "Background" | "Foreground" | "Orphan";

/** upstream `jobControlInterface`. Results are the object, or the API error. */
export interface JobControl {
  /** GET from the API server (not the informer); NotFound when absent. */
  getJob(namespace: string, name: string): Job | Error;
  /** Create; an AlreadyExists error when the name is taken. Returns the stored object. */
  createJob(namespace: string, job: Job): Job | Error;
  /** Delete; the controller always passes "Background" (upstream `realJobControl.DeleteJob`). */
  deleteJob(namespace: string, name: string, propagation: DeletionPropagation): Error | null;
}

/** upstream `cjControlInterface`. */
export interface CronJobControl {
  /** GET the CronJob fresh from the API server, bypassing the informer. */
  getCronJob(namespace: string, name: string): CronJob | Error;
  /** Write the status subresource (an update, not a patch). */
  updateStatus(cj: CronJob): CronJob | Error;
}

/**
 * What the controller decided about one nominal schedule instant (docs/report-contract.md,
 * "Schedule outcomes").
 */
export type ScheduleDecision = "created" | "forbidden" | "missedDeadline" | "superseded" | "suspended";

/**
 * Told about schedule instants as the controller decides on them. `cj` is the sync's working
 * copy (read it, do not keep it). The same instant can be reported more than once, and with
 * different decisions over time; the report applies the contract's precedence. When each fires:
 * - `created`: a Job was created for `scheduledTime` (`job` = the API's answer), or an existing
 *   Job of ours was adopted after AlreadyExists (`job` = that Job);
 * - `superseded` / `missedDeadline`: just before `created`, every instant strictly between the
 *   previous LST (else creationTimestamp) and `scheduledTime`, walked with the schedule's Next:
 *   `missedDeadline` when it lies at or before now − startingDeadlineSeconds, else `superseded`;
 * - `forbidden`: Forbid blocked the due instant because status.active is not empty;
 * - `missedDeadline` also when startingDeadlineSeconds is set and no instant is eligible: the
 *   most recent instant since LST ignoring the window, if any (one per sync, cheap), and for
 *   upstream's unreachable too-late branch;
 * - `suspended`: a sync found the CronJob suspended; the instant the sync would otherwise have
 *   considered (most recent within the window), if any. Instants that pass while suspended with
 *   no sync (suspended CronJobs are not requeued) are not reported: the report must derive them
 *   from the suspend history, and that outranks the superseded/missedDeadline the resume emits.
 * Nothing is emitted on create errors (a retry follows), for a Job owned by someone else, or
 * for an instant already handled. Only computed when the callback is set.
 */
export type ScheduleDecisionCallback = (
  cj: CronJob,
  scheduledTime: SimTime,
  decision: ScheduleDecision,
  job?: Job,
) => void;

/** A NotFound error worded as the API server words it. */
export function jobNotFound(name: string): StatusError {
  return new StatusError("NotFound", `jobs.batch "${name}" not found`);
}

/** A recorded delete call. */
export interface DeleteCall {
  namespace: string;
  name: string;
  propagation: DeletionPropagation;
}

/**
 * upstream `fakeJobControl`: `getJob` answers with `jobsByName`, else with `job` whatever the
 * name (as upstream's fake does), else NotFound. Creates and deletes are recorded.
 */
export class FakeJobControl implements JobControl {
  job: Job | null = null;
  readonly jobsByName = new Map<string, Job>();
  getErr: Error | null = null;
  createErr: Error | null = null;
  deleteErr: Error | null = null;
  readonly created: Job[] = [];
  readonly deleted: DeleteCall[] = [];
  readonly gets: string[] = [];
  private uidCounter = 0;

  getJob(namespace: string, name: string): Job | Error {
    this.gets.push(`${namespace}/${name}`);
    if (this.getErr !== null) return this.getErr;
    const j = this.jobsByName.get(name) ?? this.job;
    return j === null ? jobNotFound(name) : cloneJob(j);
  }

  createJob(namespace: string, job: Job): Job | Error {
    if (this.createErr !== null) return this.createErr;
    const stored = cloneJob(job);
    stored.metadata.namespace = namespace;
    // Like upstream's fake, keep the request's creationTimestamp (the scheduled time).
    stored.metadata.uid = `test-uid-${++this.uidCounter}`;
    this.created.push(stored);
    return cloneJob(stored);
  }

  deleteJob(namespace: string, name: string, propagation: DeletionPropagation): Error | null {
    if (this.deleteErr !== null) return this.deleteErr;
    this.deleted.push({ namespace, name, propagation });
    return null;
  }
}

/** upstream `fakeCJControl`: `getCronJob` returns a copy of `cronJob`; status writes are recorded. */
export class FakeCronJobControl implements CronJobControl {
  cronJob: CronJob | null = null;
  getErr: Error | null = null;
  updateErr: Error | null = null;
  readonly updates: CronJob[] = [];
  readonly gets: string[] = [];

  getCronJob(namespace: string, name: string): CronJob | Error {
    this.gets.push(`${namespace}/${name}`);
    if (this.getErr !== null) return this.getErr;
    if (this.cronJob === null) return new StatusError("NotFound", `cronjobs.batch "${name}" not found`);
    return cloneCronJob(this.cronJob);
  }

  updateStatus(cj: CronJob): CronJob | Error {
    if (this.updateErr !== null) return this.updateErr;
    const copy = cloneCronJob(cj);
    this.updates.push(copy);
    return cloneCronJob(copy);
  }
}
