/**
 * What the Job controller's sync functions (syncJob, manageJob, trackJobStatusAndRemoveFinalizers)
 * are given besides the Job and its pods: its own home, so the sync functions that share it do
 * not import each other for a type.
 */
import type { EventRecorder } from "../../k8s/events.js";
import type { UIDTrackingExpectations } from "../../k8s/expectations.js";
import type { Job } from "../../k8s/types.js";
import type { BackoffStore } from "./backoff.js";
import type { ManageJobDeps } from "./manage-job.js";

/** Everything syncJob touches besides the Job and its pods. */
export interface JobControllerDeps extends ManageJobDeps {
  backoffStore: BackoffStore;
  recorder: EventRecorder;
  /**
   * UpdateStatus of the Job; an Error means the write failed. The implementation must store a
   * copy: syncJob keeps mutating the object it passes.
   */
  updateJobStatus(job: Job): Error | null;
  /**
   * Finalizer removals issued but not yet observed (upstream `finalizerExpectations`). Optional
   * so tests can omit it; the controller must pass one, and its pod-update handler must call
   * `finalizerRemovalObserved`, or a lagging informer can make a pod count twice.
   */
  finalizerExpectations?: UIDTrackingExpectations;
}
