import type { Clock } from "../../engine/clock.js";
import { StatusError } from "../../k8s/api-errors.js";
import { cloneCronJob, cloneJob } from "../../k8s/clone.js";
import { jobFromManifest } from "../../k8s/job-factory.js";
import { controllerOf } from "../../k8s/owners.js";
import type { ApiStore } from "../../k8s/store.js";
import type { CronJob, Job } from "../../k8s/types.js";
import { isJobFinished } from "../job/conditions.js";
import type { CronJobControl, DeletionPropagation, JobControl } from "./injection.js";

/**
 * JobControl against the simulated API server: a create plays the API server (UID, generated
 * selector and labels, owner reference kept), as `kubectl create` of the controller's request
 * would. Counts deletions of unfinished Jobs (only Replace deletes those) for the report.
 */
export class StoreJobControl implements JobControl {
  /** Jobs deleted while still running: ConcurrencyPolicy Replace at work. */
  replaced = 0;

  constructor(
    private readonly store: ApiStore,
    private readonly clock: Clock,
  ) {}

  getJob(namespace: string, name: string): Job | Error {
    const job = this.store.getJob(namespace, name);
    return job ? cloneJob(job) : new StatusError("NotFound", `jobs.batch "${name}" not found`);
  }

  createJob(_namespace: string, request: Job): Job | Error {
    const owner = controllerOf(request);
    const job = jobFromManifest(request, this.store.newUid(), this.clock.now(), owner);
    const created = this.store.createJob(job);
    return created instanceof StatusError ? created : cloneJob(created);
  }

  deleteJob(namespace: string, name: string, propagation: DeletionPropagation): Error | null {
    const job = this.store.getJob(namespace, name);
    if (job && !isJobFinished(job)) this.replaced++;
    return this.store.deleteJob(namespace, name, propagation);
  }
}

/** CronJobControl against the simulated API server. */
export class StoreCronJobControl implements CronJobControl {
  constructor(private readonly store: ApiStore) {}

  getCronJob(namespace: string, name: string): CronJob | Error {
    const cj = this.store.getCronJob(namespace, name);
    return cj ? cloneCronJob(cj) : new StatusError("NotFound", `cronjobs.batch "${name}" not found`);
  }

  /** Returns the stored object itself (read it, do not change it): the sync only checks for an error. */
  updateStatus(cj: CronJob): CronJob | Error {
    return this.store.updateCronJobStatus(cj);
  }
}
