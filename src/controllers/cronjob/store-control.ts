import type { Clock } from "../../engine/clock.js";
import { StatusError } from "../../k8s/api-errors.js";
import type { ApiClient } from "../../k8s/client/api-client.js";
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
 * Each call is one of the cronjob-controller's client (client/api-client.ts): issued when the
 * worker's previous call returned, after its token, and a write lands in the store when it
 * returns. Reads see the store as it is at the sync's instant.
 */
export class StoreJobControl implements JobControl {
  /** Jobs deleted while still running: ConcurrencyPolicy Replace at work. */
  replaced = 0;

  constructor(
    private readonly store: ApiStore,
    private readonly clock: Clock,
    private readonly client: ApiClient | null = null,
  ) {}

  getJob(namespace: string, name: string): Job | Error {
    this.client?.call();
    const job = this.store.getJob(namespace, name);
    return job ? cloneJob(job) : new StatusError("NotFound", `jobs.batch "${name}" not found`);
  }

  /**
   * The Job the API server returns is the one the sync puts in status.active, as upstream's
   * `CreateJob` result is. A create that returns later lands then (its creationTimestamp is
   * that instant); AlreadyExists is answered from the store now: the name is deterministic and
   * only this CronJob's worker, busy until the call returns, creates it.
   */
  createJob(_namespace: string, request: Job): Job | Error {
    const now = this.clock.now();
    const done = this.client?.call() ?? now;
    const owner = controllerOf(request);
    const job = jobFromManifest(request, this.store.newUid(), done, owner);
    if (done <= now) {
      const created = this.store.createJob(job);
      return created instanceof StatusError ? created : cloneJob(created);
    }
    const { namespace, name } = request.metadata;
    if (this.store.getJob(namespace, name) !== undefined)
      return new StatusError("AlreadyExists", `jobs.batch "${name}" already exists`);
    const returned = cloneJob(job);
    this.client?.land(done, () => this.store.createJob(job));
    return returned;
  }

  deleteJob(namespace: string, name: string, propagation: DeletionPropagation): Error | null {
    const now = this.clock.now();
    const done = this.client?.call() ?? now;
    const job = this.store.getJob(namespace, name);
    if (done <= now || job === undefined) {
      if (job && !isJobFinished(job)) this.replaced++;
      return this.store.deleteJob(namespace, name, propagation);
    }
    // Lands when the call returns; the Job may have finished by then (Replace counts it if not).
    this.client?.land(done, () => {
      const at = this.store.getJob(namespace, name);
      if (at && !isJobFinished(at)) this.replaced++;
      this.store.deleteJob(namespace, name, propagation);
    });
    return null;
  }
}

/** CronJobControl against the simulated API server. */
export class StoreCronJobControl implements CronJobControl {
  constructor(
    private readonly store: ApiStore,
    private readonly clock: Clock,
    private readonly client: ApiClient | null = null,
  ) {}

  getCronJob(namespace: string, name: string): CronJob | Error {
    this.client?.call();
    const cj = this.store.getCronJob(namespace, name);
    return cj ? cloneCronJob(cj) : new StatusError("NotFound", `cronjobs.batch "${name}" not found`);
  }

  /**
   * Returns the stored object itself (read it, do not change it): the sync only checks for an
   * error. A write that returns later lands then, as the copy sent now.
   */
  updateStatus(cj: CronJob): CronJob | Error {
    const now = this.clock.now();
    const done = this.client?.call() ?? now;
    if (done <= now) return this.store.updateCronJobStatus(cj);
    const sent = cloneCronJob(cj);
    this.client?.land(done, () => this.store.updateCronJobStatus(sent));
    return cj;
  }
}
