/**
 * Tunables and fixed strings of the Job controller, each named after its upstream symbol in
 * kubernetes/kubernetes pkg/controller/job/job_controller.go or pkg/controller/controller_utils.go.
 */
import { MINUTE, type Millis, SECOND } from "../../engine/time.js";

/** `DefaultJobPodFailureBackOff`: base of the pod re-creation backoff after pod failures. */
export const DefaultJobPodFailureBackOff: Millis = 10 * SECOND;
/** `MaxJobPodFailureBackOff`: cap of that backoff. The docs say 6 min; the code says 10 min and wins. */
export const MaxJobPodFailureBackOff: Millis = 10 * MINUTE;
/** `syncJobBatchPeriod`: delay batching syncs triggered by pod events and status updates. */
export const syncJobBatchPeriod: Millis = SECOND;
/** `DefaultJobApiBackOff`: first per-Job workqueue retry delay after a sync error. */
export const DefaultJobApiBackOff: Millis = SECOND;
/** `MaxJobApiBackOff`: cap of the per-Job workqueue retry delay. */
export const MaxJobApiBackOff: Millis = MINUTE;
/** `MaxPodCreateDeletePerSync`: most pod creations (and, separately, deletions) per sync. */
export const MaxPodCreateDeletePerSync = 500;
/** `MaxUncountedPods`: most UIDs in `status.uncountedTerminatedPods`; bounds finalizer removals per sync. */
export const MaxUncountedPods = 500;
/** `controller.SlowStartInitialBatchSize`: first batch of pod creations; later batches double. */
export const SlowStartInitialBatchSize = 1;

/** `batch.JobReasonBackoffLimitExceeded`. */
export const JobReasonBackoffLimitExceeded = "BackoffLimitExceeded";
/** `batch.JobReasonDeadlineExceeded`. */
export const JobReasonDeadlineExceeded = "DeadlineExceeded";
/** `batch.JobReasonPodFailurePolicy`. */
export const JobReasonPodFailurePolicy = "PodFailurePolicy";
/** `batch.JobReasonMaxFailedIndexesExceeded`. */
export const JobReasonMaxFailedIndexesExceeded = "MaxFailedIndexesExceeded";
/** `batch.JobReasonFailedIndexes`. */
export const JobReasonFailedIndexes = "FailedIndexes";
/** `batch.JobReasonSuccessPolicy`. */
export const JobReasonSuccessPolicy = "SuccessPolicy";
/** `batch.JobReasonCompletionsReached`: normal completion, when JobSuccessPolicy is on. */
export const JobReasonCompletionsReached = "CompletionsReached";
/** Reason of `Suspended=True` (a literal in syncJob). */
export const JobReasonSuspended = "JobSuspended";
/** Reason of `Suspended=False` (a literal in syncJob). */
export const JobReasonResumed = "JobResumed";

/** Message paired with BackoffLimitExceeded. */
export const MessageBackoffLimitExceeded = "Job has reached the specified backoff limit";
/** Message paired with DeadlineExceeded. */
export const MessageDeadlineExceeded = "Job was active longer than specified deadline";
/** Message paired with MaxFailedIndexesExceeded. */
export const MessageMaxFailedIndexesExceeded =
  "Job has exceeded the specified maximal number of failed indexes";
/** Message paired with FailedIndexes. */
export const MessageFailedIndexes = "Job has failed indexes";
/** Message paired with CompletionsReached (a literal in `newSuccessCondition`). */
export const MessageCompletionsReached = "Reached expected number of succeeded pods";
/** Message of `Suspended=True` and of the `Suspended` event. */
export const MessageSuspended = "Job suspended";
/** Message of `Suspended=False` and of the `Resumed` event. */
export const MessageResumed = "Job resumed";
/** Message of the `Completed` event (`recordJobFinished`). */
export const MessageCompleted = "Job completed";
/** Message of the `TooManySucceededPods` warning (`recordJobFinished`). */
export const MessageTooManySucceededPods = "Too many succeeded pods running after completion count reached";
