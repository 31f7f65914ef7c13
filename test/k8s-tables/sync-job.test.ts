/**
 * Ported from kubernetes/kubernetes pkg/controller/job/job_controller_test.go:
 * TestControllerSyncJob (NonIndexed cases), TestSyncJobPastDeadline, TestSingleJobFailedCondition,
 * TestSyncJobComplete, TestJobBackoffForOnFailure, TestJobBackoffOnRestartPolicyNever,
 * including the Indexed cases of TestControllerSyncJob. The policy tables live in
 * pod-failure-policy.test.ts, success-policy.test.ts and per-index-backoff-policy.test.ts.
 */
import { describe, expect, it } from "vitest";
import type { BackoffRecord } from "../../src/controllers/job/backoff.js";
import { syncJob } from "../../src/controllers/job/sync-job.js";
import type { Millis } from "../../src/engine/time.js";
import type { EventType } from "../../src/k8s/events.js";
import { defaultFeatureGates, type FeatureGates } from "../../src/k8s/feature-gates.js";
import { buildPodFromTemplate } from "../../src/k8s/pod-control.js";
import type {
  CompletionMode,
  JobStatus,
  PodFailurePolicy,
  PodPhase,
  PodReplacementPolicy,
  RestartPolicy,
} from "../../src/k8s/types.js";
import {
  buildPod,
  type CondSummary,
  cond,
  condAt,
  FAR_PAST,
  JOB_KEY,
  legacyGates,
  newJob,
  newTestController,
  podsByCount,
  podsWithIndexes,
  REFERENCE_TIME,
  seconds,
  summarize,
  withGates,
} from "../helpers/job-builders.js";

interface SyncJobCase {
  // job setup
  parallelism: number;
  completions: number | null;
  backoffLimit?: number;
  deleting?: boolean;
  suspend?: boolean;
  restartPolicy?: RestartPolicy;
  podReplacementPolicy?: PodReplacementPolicy;
  podFailurePolicy?: PodFailurePolicy;
  completionMode?: CompletionMode;
  activeDeadlineSeconds?: number;
  /** startTime = now − startedAgo; unset: startTime null. */
  startedAgo?: Millis;
  initialStatus?: Partial<JobStatus>;
  existingConditions?: CondSummary[];
  backoffRecord?: BackoffRecord;
  pendingCreations?: number;
  pendingDeletions?: number;
  podControllerError?: boolean;
  podLimit?: number;

  // pod setup
  pendingPods?: number;
  activePods?: number;
  readyPods?: number;
  succeededPods?: number;
  failedPods?: number;
  terminatingPods?: number;
  /** One pod per entry, one container with that restart count, in phase `podPhase`. */
  restartCounts?: number[];
  /** Indexed pods as "<index>:<S|F|R|P>", after the pods by count (`podsWithIndexes`). */
  indexedPods?: string[];
  podPhase?: PodPhase;

  // expectations (unset counts are 0, unset lists empty)
  expectedCreations?: number;
  expectedCreateCalls?: number;
  expectedDeletions?: number;
  expectedPodPatches?: number;
  expectedActive?: number;
  expectedReady?: number;
  expectedSucceeded?: number;
  expectedFailed?: number;
  /** Default: 0 with the PRP gate on, null with it off. */
  expectedTerminating?: number | null;
  expectedConditions?: CondSummary[];
  /** "now": set/reset to now; "kept": unchanged; null: unset. Unchecked when undefined. */
  expectedStartTime?: "now" | "kept" | null;
  /** Unchecked when undefined. */
  expectedRequeue?: Millis | null;
  expectedError?: boolean;
  expectedEvents?: [EventType, string, string][];
  /** Indexes of created pods, in creation order. Unchecked when undefined. */
  expectedCreatedIndexes?: number[];
  /** generateName and hostname of created pods. Unchecked when undefined. */
  expectedGenerateNames?: string[];
  expectedHostnames?: string[];
  /** Unchecked when undefined. */
  expectedCompletedIndexes?: string;

  // features
  gates?: Partial<FeatureGates>;
}

const PRP = { JobPodReplacementPolicy: true };
const MANAGED_BY = { JobManagedBy: true };
const BL = "BackoffLimitExceeded";
const BL_MSG = "Job has reached the specified backoff limit";
const DL = "DeadlineExceeded";
const DL_MSG = "Job was active longer than specified deadline";
const CR = "CompletionsReached";
const CR_MSG = "Reached expected number of succeeded pods";
const COMPLETED: [EventType, string, string] = ["Normal", "Completed", "Job completed"];
const FAILED_BL: [EventType, string, string] = ["Warning", BL, BL_MSG];
const FAILED_DL: [EventType, string, string] = ["Warning", DL, DL_MSG];

function runCase(tc: SyncJobCase, baseGates: FeatureGates): void {
  const gates = withGates(baseGates, tc.gates);
  const h = newTestController(gates, REFERENCE_TIME, tc.backoffRecord);
  const now = h.clock.now();
  const job = newJob({
    parallelism: tc.parallelism,
    completions: tc.completions,
    backoffLimit: tc.backoffLimit ?? 6,
    suspend: tc.suspend ?? false,
    restartPolicy: tc.restartPolicy ?? "Never",
    activeDeadlineSeconds: tc.activeDeadlineSeconds ?? null,
    podReplacementPolicy: tc.podReplacementPolicy,
    podFailurePolicy: tc.podFailurePolicy ?? null,
    completionMode: tc.completionMode ?? "NonIndexed",
  });
  if (tc.deleting) job.metadata.deletionTimestamp = now;
  if (tc.startedAgo !== undefined) job.status.startTime = now - tc.startedAgo;
  Object.assign(job.status, tc.initialStatus);
  job.status.conditions = (tc.existingConditions ?? []).map((c) => condAt(c, now - seconds(60)));
  if (tc.pendingCreations) h.deps.expectations.expectCreations(JOB_KEY, tc.pendingCreations);
  if (tc.pendingDeletions) h.deps.expectations.expectDeletions(JOB_KEY, tc.pendingDeletions);
  if (tc.podControllerError) h.podControl.err = new Error("fake error");
  if (tc.podLimit) h.podControl.createLimit = tc.podLimit;
  const pods = tc.restartCounts
    ? tc.restartCounts.map((n, i) => {
        const b = buildPod()
          .name(`pod-${i}`)
          .job(job)
          .phase(tc.podPhase ?? "Running")
          .restartCount(n);
        return (tc.podPhase === "Succeeded" || tc.podPhase === "Failed" ? b.finishedAt(FAR_PAST) : b).build();
      })
    : podsByCount(job, {
        pending: tc.pendingPods,
        active: tc.activePods,
        ready: tc.readyPods,
        succeeded: tc.succeededPods,
        failed: tc.failedPods,
        terminating: tc.terminatingPods,
      }).concat(podsWithIndexes(job, tc.indexedPods ?? []));
  const initial = structuredClone(job);

  const result = syncJob(h.deps, JOB_KEY, structuredClone(job), pods);

  // Like upstream, assert on the last status written, or the unchanged Job if none was.
  const actual = h.writes.at(-1) ?? initial;
  expect({
    created: h.podControl.creates.length,
    deleted: h.podControl.deletePodNames.length,
    patches: h.podControl.patches.length,
    active: actual.status.active,
    ready: actual.status.ready,
    succeeded: actual.status.succeeded,
    failed: actual.status.failed,
    terminating: actual.status.terminating,
    conditions: summarize(actual.status.conditions),
    error: result.error !== null,
    events: h.recorder.events.map((e) => [e.type, e.reason, e.message]),
  }).toEqual({
    created: tc.expectedCreations ?? 0,
    deleted: tc.expectedDeletions ?? 0,
    patches: tc.expectedPodPatches ?? 0,
    active: tc.expectedActive ?? 0,
    ready: tc.expectedReady ?? 0,
    succeeded: tc.expectedSucceeded ?? 0,
    failed: tc.expectedFailed ?? 0,
    terminating:
      tc.expectedTerminating !== undefined
        ? tc.expectedTerminating
        : gates.JobPodReplacementPolicy
          ? 0
          : null,
    conditions: tc.expectedConditions ?? [],
    error: tc.expectedError ?? false,
    events: tc.expectedEvents ?? [],
  });
  const creates = h.podControl.creates;
  if (tc.expectedCreatedIndexes !== undefined)
    expect(creates.map((c) => c.index)).toEqual(tc.expectedCreatedIndexes);
  if (tc.expectedGenerateNames !== undefined)
    expect(creates.map((c) => c.generateName)).toEqual(tc.expectedGenerateNames);
  if (tc.expectedHostnames !== undefined) {
    const built = creates.map((c) => buildPodFromTemplate(job, c.template, c.index, c.annotations, now));
    expect(built.map((p) => p.spec.hostname)).toEqual(tc.expectedHostnames);
  }
  if (tc.expectedCompletedIndexes !== undefined)
    expect(actual.status.completedIndexes).toBe(tc.expectedCompletedIndexes);
  if (tc.expectedCreateCalls !== undefined) expect(h.podControl.createCallCount).toBe(tc.expectedCreateCalls);
  if (tc.expectedRequeue !== undefined) expect(result.requeueAfter).toBe(tc.expectedRequeue);
  if (tc.expectedStartTime !== undefined) {
    const want = { now, kept: initial.status.startTime, null: null }[String(tc.expectedStartTime) as "now"];
    expect(actual.status.startTime).toBe(want);
  }
  const complete = actual.status.conditions.find((c) => c.type === "Complete");
  expect(actual.status.completionTime).toBe(
    complete ? complete.lastTransitionTime : initial.status.completionTime,
  );
}

function runTable(name: string, cases: Record<string, SyncJobCase>, gates: FeatureGates): void {
  describe(name, () => {
    it.each(Object.entries(cases))("%s", (_, tc) => runCase(tc, gates));
  });
}

// TestControllerSyncJob: PRP, SuccessPolicy and ManagedBy off unless listed ("legacy").
const testControllerSyncJob: Record<string, SyncJobCase> = {
  "job start": {
    parallelism: 2,
    completions: 5,
    backoffLimit: 6,
    expectedCreations: 2,
    expectedActive: 2,
    expectedStartTime: "now",
  },
  "WQ job start": {
    parallelism: 2,
    completions: null,
    backoffLimit: 6,
    expectedCreations: 2,
    expectedActive: 2,
  },
  "pending pods": { parallelism: 2, completions: 5, pendingPods: 2, expectedActive: 2 },
  "correct # of pods": {
    parallelism: 3,
    completions: 5,
    activePods: 3,
    readyPods: 2,
    expectedActive: 3,
    expectedReady: 2,
  },
  "too few active pods": {
    parallelism: 2,
    completions: 5,
    activePods: 1,
    succeededPods: 1,
    expectedCreations: 1,
    expectedActive: 2,
    expectedSucceeded: 1,
    expectedPodPatches: 1,
  },
  "too few active pods and active back-off": {
    parallelism: 1,
    completions: 1,
    backoffLimit: 6,
    startedAgo: 0,
    backoffRecord: { failuresAfterLastSuccess: 1, lastFailureTime: REFERENCE_TIME },
    expectedCreations: 0,
    expectedActive: 0,
    expectedRequeue: seconds(10),
  },
  "too few active pods and no back-offs": {
    parallelism: 1,
    completions: 1,
    backoffRecord: { failuresAfterLastSuccess: 0, lastFailureTime: REFERENCE_TIME },
    expectedCreations: 1,
    expectedActive: 1,
    expectedRequeue: null,
  },
  "too few active pods with a dynamic job": {
    parallelism: 2,
    completions: null,
    activePods: 1,
    expectedCreations: 1,
    expectedActive: 2,
  },
  "too few active pods, with controller error": {
    parallelism: 2,
    completions: 5,
    activePods: 1,
    succeededPods: 1,
    podControllerError: true,
    expectedCreations: 1,
    expectedActive: 1,
    expectedSucceeded: 0,
    expectedPodPatches: 1,
    expectedError: true,
  },
  "too many active pods": {
    parallelism: 2,
    completions: 5,
    activePods: 3,
    expectedDeletions: 1,
    expectedActive: 2,
    expectedPodPatches: 1,
  },
  "too many active pods; PodReplacementPolicy enabled": {
    parallelism: 2,
    completions: 5,
    activePods: 3,
    gates: PRP,
    expectedDeletions: 1,
    expectedActive: 2,
    expectedPodPatches: 1,
    expectedTerminating: 1,
  },
  "count ready pods when too many active pods": {
    parallelism: 2,
    completions: 5,
    activePods: 3,
    readyPods: 3,
    expectedDeletions: 1,
    expectedActive: 2,
    expectedReady: 2,
    expectedPodPatches: 1,
  },
  "failed + succeed pods: reset backoff delay": {
    parallelism: 2,
    completions: 5,
    activePods: 1,
    succeededPods: 1,
    failedPods: 1,
    expectedCreations: 1,
    expectedActive: 2,
    expectedSucceeded: 1,
    expectedFailed: 1,
    expectedPodPatches: 2,
  },
  "new failed pod": {
    parallelism: 2,
    completions: 5,
    activePods: 1,
    failedPods: 1,
    expectedCreations: 1,
    expectedActive: 2,
    expectedFailed: 1,
    expectedPodPatches: 1,
  },
  "no new pod; possible finalizer update of failed pod": {
    parallelism: 1,
    completions: 1,
    initialStatus: { active: 1, failed: 1 },
    activePods: 1,
    expectedCreations: 0,
    expectedActive: 1,
    expectedFailed: 1,
    expectedPodPatches: 0,
  },
  "only new failed pod with controller error": {
    parallelism: 2,
    completions: 5,
    activePods: 1,
    failedPods: 1,
    podControllerError: true,
    expectedCreations: 1,
    expectedActive: 1,
    expectedFailed: 0,
    expectedPodPatches: 1,
    expectedError: true,
  },
  "job finish": {
    parallelism: 2,
    completions: 5,
    succeededPods: 5,
    expectedSucceeded: 5,
    expectedPodPatches: 5,
    expectedConditions: [cond("Complete", "True")],
    expectedEvents: [COMPLETED],
  },
  "WQ job finishing": {
    parallelism: 2,
    completions: null,
    activePods: 1,
    succeededPods: 1,
    expectedActive: 1,
    expectedSucceeded: 1,
    expectedPodPatches: 1,
  },
  "WQ job all finished despite one failure": {
    parallelism: 2,
    completions: null,
    succeededPods: 1,
    failedPods: 1,
    expectedSucceeded: 1,
    expectedFailed: 1,
    expectedPodPatches: 2,
    expectedConditions: [cond("Complete", "True")],
    expectedEvents: [COMPLETED],
  },
  "more active pods than parallelism": {
    parallelism: 2,
    completions: 5,
    activePods: 10,
    expectedDeletions: 8,
    expectedActive: 2,
    expectedPodPatches: 8,
  },
  "more active pods than remaining completions": {
    parallelism: 3,
    completions: 4,
    activePods: 3,
    succeededPods: 2,
    expectedDeletions: 1,
    expectedActive: 2,
    expectedSucceeded: 2,
    expectedPodPatches: 3,
  },
  "deleting job": {
    parallelism: 2,
    completions: 5,
    deleting: true,
    pendingPods: 1,
    activePods: 1,
    succeededPods: 1,
    expectedActive: 2,
    expectedSucceeded: 1,
    expectedPodPatches: 3,
  },
  "limited pods": {
    parallelism: 100,
    completions: 200,
    podLimit: 10,
    expectedCreations: 10,
    expectedCreateCalls: 15,
    expectedActive: 10,
    expectedError: true,
  },
  "too many job failures": {
    parallelism: 2,
    completions: 5,
    backoffLimit: 0,
    deleting: true,
    failedPods: 1,
    expectedFailed: 1,
    expectedPodPatches: 1,
    expectedConditions: [cond("Failed", "True", BL, BL_MSG)],
    expectedEvents: [FAILED_BL],
  },
  "job failures, unsatisfied expectations": {
    parallelism: 2,
    completions: 5,
    backoffLimit: 0,
    deleting: true,
    failedPods: 1,
    pendingCreations: 1,
    expectedFailed: 1,
    expectedPodPatches: 1,
  },
  "count ready pods when job fails": {
    parallelism: 2,
    completions: 3,
    backoffLimit: 0,
    activePods: 2,
    readyPods: 2,
    failedPods: 1,
    expectedDeletions: 2,
    expectedFailed: 3,
    expectedReady: 0,
    expectedPodPatches: 3,
    expectedConditions: [cond("Failed", "True", BL, BL_MSG)],
    expectedEvents: [FAILED_BL],
  },
  "WQ job: recreate pods when failed": {
    parallelism: 1,
    completions: null,
    podReplacementPolicy: "Failed",
    activePods: 1,
    failedPods: 1,
    terminatingPods: 1,
    gates: PRP,
    expectedCreations: 0,
    expectedActive: 1,
    expectedFailed: 1,
    expectedTerminating: 1,
    expectedPodPatches: 1,
  },
  "WQ job: turn on PodReplacementPolicy but not set PodReplacementPolicy": {
    parallelism: 1,
    completions: 1,
    activePods: 1,
    failedPods: 1,
    terminatingPods: 1,
    gates: PRP,
    expectedCreations: 0,
    expectedActive: 1,
    expectedFailed: 2,
    expectedTerminating: 1,
    expectedPodPatches: 2,
  },
  "more terminating pods than parallelism": {
    parallelism: 1,
    completions: 1,
    podReplacementPolicy: "Failed",
    activePods: 2,
    terminatingPods: 4,
    gates: PRP,
    expectedDeletions: 1,
    expectedActive: 1,
    expectedTerminating: 5,
    expectedPodPatches: 1,
  },
  // Repro for https://github.com/kubernetes/kubernetes/issues/122235
  "more terminating pods than parallelism; PodFailurePolicy used": {
    parallelism: 1,
    completions: 1,
    podFailurePolicy: { rules: [] },
    activePods: 2,
    terminatingPods: 4,
    expectedDeletions: 1,
    expectedActive: 1,
    expectedTerminating: null,
    expectedPodPatches: 1,
  },
  // Indexed cases.
  "indexed job start": {
    parallelism: 2,
    completions: 5,
    completionMode: "Indexed",
    expectedCreations: 2,
    expectedCreatedIndexes: [0, 1],
    expectedGenerateNames: ["foobar-0-", "foobar-1-"],
    expectedHostnames: ["foobar-0", "foobar-1"],
    expectedActive: 2,
  },
  "indexed job with some pods deleted, podReplacementPolicy Failed": {
    parallelism: 2,
    completions: 5,
    completionMode: "Indexed",
    podReplacementPolicy: "Failed",
    terminatingPods: 1,
    gates: PRP,
    expectedCreations: 1,
    expectedCreatedIndexes: [0],
    expectedActive: 1,
    expectedTerminating: 1,
  },
  "indexed job with some pods deleted, podReplacementPolicy TerminatingOrFailed": {
    parallelism: 2,
    completions: 5,
    completionMode: "Indexed",
    podReplacementPolicy: "TerminatingOrFailed",
    terminatingPods: 1,
    gates: PRP,
    expectedCreations: 2,
    expectedCreatedIndexes: [0, 1],
    expectedActive: 2,
    expectedTerminating: 1,
    expectedPodPatches: 1,
    expectedFailed: 0,
  },
  "indexed job completed": {
    parallelism: 2,
    completions: 3,
    backoffLimit: 6,
    completionMode: "Indexed",
    indexedPods: ["0:S", "1:F", "1:S", "2:S"],
    expectedSucceeded: 3,
    expectedFailed: 1,
    expectedCompletedIndexes: "0-2",
    expectedPodPatches: 4,
    expectedConditions: [cond("Complete", "True")],
    expectedEvents: [COMPLETED],
  },
  "indexed job failed": {
    parallelism: 2,
    completions: 3,
    backoffLimit: 0,
    completionMode: "Indexed",
    indexedPods: ["0:S", "1:F", "2:R"],
    expectedDeletions: 1,
    expectedSucceeded: 1,
    expectedFailed: 2,
    expectedCompletedIndexes: "0",
    expectedPodPatches: 3,
    expectedConditions: [cond("Failed", "True", BL, BL_MSG)],
    expectedEvents: [FAILED_BL],
  },
  "count terminating pods when indexed job fails and PodReplacementPolicy enabled": {
    parallelism: 2,
    completions: 3,
    backoffLimit: 0,
    completionMode: "Indexed",
    indexedPods: ["0:S", "1:F", "2:R"],
    gates: PRP,
    expectedDeletions: 1,
    expectedSucceeded: 1,
    expectedFailed: 2,
    expectedTerminating: 1,
    expectedCompletedIndexes: "0",
    expectedPodPatches: 3,
    expectedConditions: [cond("FailureTarget", "True", BL, BL_MSG)],
  },
  "indexed job repeated completed index": {
    parallelism: 2,
    completions: 3,
    completionMode: "Indexed",
    indexedPods: ["0:S", "1:S", "1:S"],
    expectedCreations: 1,
    expectedCreatedIndexes: [2],
    expectedActive: 1,
    expectedSucceeded: 2,
    expectedCompletedIndexes: "0,1",
    expectedPodPatches: 3,
  },
  "indexed job some running and completed pods": {
    parallelism: 8,
    completions: 20,
    completionMode: "Indexed",
    indexedPods: ["0:R", "2:S", "3:P", "4:S", "5:S", "7:S", "8:S", "9:S"],
    expectedCreations: 6,
    expectedCreatedIndexes: [1, 6, 10, 11, 12, 13],
    expectedActive: 8,
    expectedSucceeded: 6,
    expectedCompletedIndexes: "2,4,5,7-9",
    expectedPodPatches: 6,
  },
  "indexed job some failed pods": {
    parallelism: 3,
    completions: 4,
    completionMode: "Indexed",
    indexedPods: ["0:F", "1:P", "2:F"],
    expectedCreations: 2,
    expectedCreatedIndexes: [0, 2],
    expectedActive: 3,
    expectedFailed: 2,
    expectedPodPatches: 2,
  },
  "indexed job some pods without index": {
    parallelism: 2,
    completions: 5,
    completionMode: "Indexed",
    activePods: 1,
    succeededPods: 1,
    failedPods: 1,
    indexedPods: ["invalid:R", "invalid:S", "invalid:F", "invalid:P", "0:S", "1:R", "2:R"],
    expectedDeletions: 3,
    expectedCreations: 0,
    expectedActive: 2,
    expectedSucceeded: 1,
    expectedFailed: 0,
    expectedCompletedIndexes: "0",
    expectedPodPatches: 8,
  },
  "indexed job repeated indexes": {
    parallelism: 5,
    completions: 5,
    completionMode: "Indexed",
    succeededPods: 1,
    failedPods: 1,
    indexedPods: ["invalid:R", "0:S", "1:R", "2:R", "2:P"],
    expectedDeletions: 2,
    expectedCreations: 0,
    expectedActive: 2,
    expectedSucceeded: 1,
    expectedCompletedIndexes: "0",
    expectedPodPatches: 5,
  },
  "indexed job with indexes outside of range": {
    parallelism: 2,
    completions: 5,
    completionMode: "Indexed",
    indexedPods: ["0:S", "5:R", "6:S", "7:P", "8:F"],
    expectedDeletions: 2,
    expectedCreations: 0,
    expectedActive: 0,
    expectedSucceeded: 1,
    expectedFailed: 0,
    expectedCompletedIndexes: "0",
    expectedPodPatches: 5,
  },
  // Suspend cases.
  "suspending a job with satisfied expectations": {
    parallelism: 2,
    completions: 4,
    suspend: true,
    activePods: 2,
    expectedDeletions: 2,
    expectedActive: 0,
    expectedPodPatches: 2,
    expectedFailed: 0,
    expectedStartTime: null,
    expectedConditions: [cond("Suspended", "True", "JobSuspended", "Job suspended")],
    expectedEvents: [["Normal", "Suspended", "Job suspended"]],
  },
  "suspending a job with satisfied expectations; PodReplacementPolicy enabled": {
    parallelism: 2,
    completions: 4,
    suspend: true,
    activePods: 2,
    gates: PRP,
    expectedDeletions: 2,
    expectedActive: 0,
    expectedPodPatches: 2,
    expectedTerminating: 2,
    expectedConditions: [cond("Suspended", "True", "JobSuspended", "Job suspended")],
    expectedEvents: [["Normal", "Suspended", "Job suspended"]],
  },
  "suspending a job with unsatisfied expectations": {
    parallelism: 2,
    completions: 4,
    suspend: true,
    activePods: 3,
    pendingDeletions: 1,
    expectedDeletions: 0,
    expectedActive: 3,
  },
  "resuming a suspended job": {
    parallelism: 2,
    completions: 4,
    startedAgo: seconds(120),
    existingConditions: [cond("Suspended", "True", "JobSuspended", "Job suspended")],
    expectedCreations: 2,
    expectedActive: 2,
    expectedStartTime: "now",
    expectedConditions: [cond("Suspended", "False", "JobResumed", "Job resumed")],
    expectedEvents: [["Normal", "Resumed", "Job resumed"]],
  },
  "suspending a deleted job": {
    parallelism: 2,
    completions: 4,
    suspend: true,
    deleting: true,
    activePods: 2,
    expectedDeletions: 0,
    expectedActive: 2,
    expectedPodPatches: 2,
  },
  "backoff limit exceeded; JobManagedBy enabled": {
    parallelism: 2,
    completions: 3,
    backoffLimit: 0,
    completionMode: "Indexed",
    indexedPods: ["0:S", "1:F", "2:R"],
    gates: MANAGED_BY,
    expectedDeletions: 1,
    expectedSucceeded: 1,
    expectedFailed: 2,
    expectedCompletedIndexes: "0",
    expectedPodPatches: 3,
    // ManagedBy alone keeps status.terminating unset (PRP off) but delays the terminal condition.
    expectedTerminating: null,
    expectedConditions: [cond("FailureTarget", "True", BL, BL_MSG)],
  },
};

// TestSyncJobPastDeadline: legacy gates unless listed.
const testSyncJobPastDeadline: Record<string, SyncJobCase> = {
  "activeDeadlineSeconds less than single pod execution": {
    parallelism: 1,
    completions: 1,
    backoffLimit: 6,
    activeDeadlineSeconds: 10,
    startedAgo: seconds(15),
    activePods: 1,
    expectedDeletions: 1,
    expectedFailed: 1,
    expectedPodPatches: 1,
    expectedConditions: [cond("Failed", "True", DL, DL_MSG)],
    expectedEvents: [FAILED_DL],
  },
  "activeDeadlineSeconds bigger than single pod execution": {
    parallelism: 1,
    completions: 2,
    activeDeadlineSeconds: 10,
    startedAgo: seconds(15),
    activePods: 1,
    succeededPods: 1,
    expectedDeletions: 1,
    expectedSucceeded: 1,
    expectedFailed: 1,
    expectedPodPatches: 2,
    expectedConditions: [cond("Failed", "True", DL, DL_MSG)],
    expectedEvents: [FAILED_DL],
  },
  "activeDeadlineSeconds times-out before any pod starts": {
    parallelism: 1,
    completions: 1,
    activeDeadlineSeconds: 10,
    startedAgo: seconds(10),
    expectedCreations: 0,
    expectedConditions: [cond("Failed", "True", DL, DL_MSG)],
    expectedEvents: [FAILED_DL],
  },
  "activeDeadlineSeconds with backofflimit reach": {
    parallelism: 1,
    completions: 1,
    backoffLimit: 0,
    activeDeadlineSeconds: 1,
    startedAgo: seconds(10),
    failedPods: 1,
    expectedFailed: 1,
    expectedPodPatches: 1,
    expectedConditions: [cond("Failed", "True", BL, BL_MSG)],
    expectedEvents: [FAILED_BL],
  },
  "activeDeadlineSeconds is not triggered when Job is suspended": {
    parallelism: 1,
    completions: 2,
    suspend: true,
    activeDeadlineSeconds: 10,
    startedAgo: seconds(15),
    expectedStartTime: "kept",
    expectedRequeue: null,
    expectedConditions: [cond("Suspended", "True", "JobSuspended", "Job suspended")],
    expectedEvents: [["Normal", "Suspended", "Job suspended"]],
  },
  "activeDeadlineSeconds exceeded; JobPodReplacementPolicy enabled": {
    parallelism: 1,
    completions: 2,
    activeDeadlineSeconds: 10,
    startedAgo: seconds(15),
    activePods: 1,
    succeededPods: 1,
    gates: PRP,
    expectedDeletions: 1,
    expectedSucceeded: 1,
    expectedFailed: 1,
    expectedTerminating: 1,
    expectedPodPatches: 2,
    expectedConditions: [cond("FailureTarget", "True", DL, DL_MSG)],
  },
  "activeDeadlineSeconds exceeded and backofflimit reached; JobManagedBy enabled": {
    parallelism: 1,
    completions: 1,
    backoffLimit: 0,
    activeDeadlineSeconds: 1,
    startedAgo: seconds(10),
    failedPods: 1,
    gates: MANAGED_BY,
    expectedFailed: 1,
    expectedPodPatches: 1,
    expectedTerminating: null,
    expectedConditions: [cond("FailureTarget", "True", BL, BL_MSG), cond("Failed", "True", BL, BL_MSG)],
    expectedEvents: [FAILED_BL],
  },
};

// TestJobBackoffForOnFailure (1.31 era): PRP per case, ManagedBy off, SuccessPolicy on.
const onFailureGates = withGates(defaultFeatureGates, {
  JobPodReplacementPolicy: false,
  JobManagedBy: false,
});
const onFailure = { restartPolicy: "OnFailure" as const };
const testJobBackoffForOnFailure: Record<string, SyncJobCase> = {
  "backoffLimit 0 should have 1 pod active": {
    ...onFailure,
    parallelism: 1,
    completions: 1,
    backoffLimit: 0,
    restartCounts: [0],
    podPhase: "Running",
    expectedActive: 1,
  },
  "backoffLimit 1 with restartCount 1 and podRunning should have 0 pod active": {
    ...onFailure,
    parallelism: 1,
    completions: 1,
    backoffLimit: 1,
    restartCounts: [1],
    podPhase: "Running",
    expectedDeletions: 1,
    expectedFailed: 1,
    expectedPodPatches: 1,
    expectedConditions: [cond("Failed", "True", BL, BL_MSG)],
    expectedEvents: [FAILED_BL],
  },
  "backoffLimit 1 with restartCount 1 and podPending should have 0 pod active": {
    ...onFailure,
    parallelism: 1,
    completions: 1,
    backoffLimit: 1,
    restartCounts: [1],
    podPhase: "Pending",
    expectedDeletions: 1,
    expectedFailed: 1,
    expectedPodPatches: 1,
    expectedConditions: [cond("Failed", "True", BL, BL_MSG)],
    expectedEvents: [FAILED_BL],
  },
  "too many job failures with podRunning - multiple pods": {
    ...onFailure,
    parallelism: 2,
    completions: 5,
    backoffLimit: 2,
    restartCounts: [1, 1],
    podPhase: "Running",
    expectedDeletions: 2,
    expectedFailed: 2,
    expectedPodPatches: 2,
    expectedConditions: [cond("Failed", "True", BL, BL_MSG)],
    expectedEvents: [FAILED_BL],
  },
  "not enough failures": {
    ...onFailure,
    parallelism: 2,
    completions: 5,
    backoffLimit: 3,
    restartCounts: [1, 1],
    podPhase: "Running",
    expectedActive: 2,
  },
  "suspending a job": {
    ...onFailure,
    parallelism: 2,
    completions: 4,
    backoffLimit: 6,
    suspend: true,
    restartCounts: [1, 1],
    podPhase: "Running",
    expectedDeletions: 2,
    expectedPodPatches: 2,
    expectedConditions: [cond("Suspended", "True", "JobSuspended", "Job suspended")],
    expectedEvents: [["Normal", "Suspended", "Job suspended"]],
  },
  "finished job": {
    ...onFailure,
    parallelism: 2,
    completions: 4,
    backoffLimit: 6,
    suspend: true,
    restartCounts: [1, 1, 2, 0],
    podPhase: "Succeeded",
    expectedSucceeded: 4,
    expectedPodPatches: 4,
    expectedConditions: [cond("Complete", "True", CR, CR_MSG)],
    expectedEvents: [COMPLETED],
  },
  "finished job; JobPodReplacementPolicy enabled": {
    ...onFailure,
    parallelism: 2,
    completions: 4,
    backoffLimit: 6,
    suspend: true,
    restartCounts: [1, 1, 2, 0],
    podPhase: "Succeeded",
    gates: PRP,
    expectedSucceeded: 4,
    expectedPodPatches: 4,
    expectedConditions: [
      cond("SuccessCriteriaMet", "True", CR, CR_MSG),
      cond("Complete", "True", CR, CR_MSG),
    ],
    expectedEvents: [COMPLETED],
  },
  "too many job failures with podRunning - multiple pods; JobPodReplacementPolicy enabled": {
    ...onFailure,
    parallelism: 2,
    completions: 5,
    backoffLimit: 2,
    restartCounts: [1, 1],
    podPhase: "Running",
    gates: PRP,
    expectedDeletions: 2,
    expectedFailed: 2,
    expectedPodPatches: 2,
    expectedTerminating: 2,
    expectedConditions: [cond("FailureTarget", "True", BL, BL_MSG)],
  },
};

// TestJobBackoffOnRestartPolicyNever: that version's default gates (delayed terminal conditions).
const testJobBackoffOnRestartPolicyNever: Record<string, SyncJobCase> = {
  "not enough failures with backoffLimit 1 - single pod": {
    parallelism: 1,
    completions: 1,
    backoffLimit: 1,
    failedPods: 1,
    expectedCreations: 1,
    expectedActive: 1,
    expectedFailed: 1,
    expectedPodPatches: 1,
  },
  "too many failures with backoffLimit 1 - single pod": {
    parallelism: 1,
    completions: 1,
    backoffLimit: 1,
    failedPods: 2,
    expectedFailed: 2,
    expectedPodPatches: 2,
    expectedConditions: [cond("FailureTarget", "True", BL, BL_MSG), cond("Failed", "True", BL, BL_MSG)],
    expectedEvents: [FAILED_BL],
  },
  "not enough failures with backoffLimit 6 - multiple pods": {
    parallelism: 2,
    completions: 2,
    backoffLimit: 6,
    activePods: 1,
    failedPods: 6,
    expectedCreations: 1,
    expectedActive: 2,
    expectedFailed: 6,
    expectedPodPatches: 6,
  },
  "too many failures with backoffLimit 6 - multiple pods": {
    parallelism: 2,
    completions: 2,
    backoffLimit: 6,
    failedPods: 7,
    expectedFailed: 7,
    expectedPodPatches: 7,
    expectedConditions: [cond("FailureTarget", "True", BL, BL_MSG), cond("Failed", "True", BL, BL_MSG)],
    expectedEvents: [FAILED_BL],
  },
};

// upstream newSuccessCondition, for each gate combination it reads: the type comes from
// delayTerminalCondition (JobPodReplacementPolicy or JobManagedBy), the CompletionsReached
// reason and message from JobSuccessPolicy alone. Complete copies SuccessCriteriaMet's.
const metCR = cond("SuccessCriteriaMet", "True", CR, CR_MSG);
const completeCR = cond("Complete", "True", CR, CR_MSG);
const finishNonIndexed = {
  parallelism: 2,
  completions: 3,
  succeededPods: 3,
  expectedSucceeded: 3,
  expectedPodPatches: 3,
  expectedEvents: [COMPLETED],
};
const finishIndexed = {
  parallelism: 2,
  completions: 3,
  completionMode: "Indexed" as const,
  indexedPods: ["0:S", "1:S", "2:S"],
  expectedSucceeded: 3,
  expectedCompletedIndexes: "0-2",
  expectedPodPatches: 3,
  expectedEvents: [COMPLETED],
};
const finishWorkQueue = {
  parallelism: 2,
  completions: null,
  succeededPods: 1,
  failedPods: 1,
  expectedSucceeded: 1,
  expectedFailed: 1,
  expectedPodPatches: 2,
  expectedEvents: [COMPLETED],
};
const SUCCESS_POLICY_OFF = { JobSuccessPolicy: false };
const NOT_DELAYED = { JobPodReplacementPolicy: false, JobManagedBy: false };
const newSuccessConditionCases: Record<string, SyncJobCase> = {
  "NonIndexed job reaches completions; 1.34 defaults": {
    ...finishNonIndexed,
    expectedConditions: [metCR, completeCR],
  },
  "Indexed job reaches completions; 1.34 defaults": {
    ...finishIndexed,
    expectedConditions: [metCR, completeCR],
  },
  "WQ job: one success and no pod left; 1.34 defaults": {
    ...finishWorkQueue,
    expectedConditions: [metCR, completeCR],
  },
  "NonIndexed job reaches completions; terminal conditions not delayed": {
    ...finishNonIndexed,
    gates: NOT_DELAYED,
    expectedTerminating: null,
    expectedConditions: [completeCR],
  },
  "Indexed job reaches completions; terminal conditions not delayed": {
    ...finishIndexed,
    gates: NOT_DELAYED,
    expectedTerminating: null,
    expectedConditions: [completeCR],
  },
  "NonIndexed job reaches completions; JobSuccessPolicy disabled": {
    ...finishNonIndexed,
    gates: SUCCESS_POLICY_OFF,
    expectedConditions: [cond("SuccessCriteriaMet", "True"), cond("Complete", "True")],
  },
  "Indexed job reaches completions; JobSuccessPolicy disabled": {
    ...finishIndexed,
    gates: SUCCESS_POLICY_OFF,
    expectedConditions: [cond("SuccessCriteriaMet", "True"), cond("Complete", "True")],
  },
  "NonIndexed job reaches completions; JobSuccessPolicy disabled, only JobManagedBy delays": {
    ...finishNonIndexed,
    gates: { ...SUCCESS_POLICY_OFF, JobPodReplacementPolicy: false },
    expectedTerminating: null,
    expectedConditions: [cond("SuccessCriteriaMet", "True"), cond("Complete", "True")],
  },
  "Indexed job reaches completions; JobSuccessPolicy disabled, terminal conditions not delayed": {
    ...finishIndexed,
    gates: { ...SUCCESS_POLICY_OFF, ...NOT_DELAYED },
    expectedTerminating: null,
    expectedConditions: [cond("Complete", "True")],
  },
};

runTable("TestControllerSyncJob", testControllerSyncJob, legacyGates);
runTable("newSuccessCondition", newSuccessConditionCases, defaultFeatureGates);
runTable("TestSyncJobPastDeadline", testSyncJobPastDeadline, legacyGates);
runTable("TestJobBackoffForOnFailure", testJobBackoffForOnFailure, onFailureGates);
runTable("TestJobBackoffOnRestartPolicyNever", testJobBackoffOnRestartPolicyNever, defaultFeatureGates);

describe("TestSingleJobFailedCondition", () => {
  it("updates the existing Failed=False condition in place instead of appending", () => {
    const h = newTestController(legacyGates);
    const job = newJob({ parallelism: 1, completions: 1, backoffLimit: 6, activeDeadlineSeconds: 10 });
    job.status.startTime = REFERENCE_TIME - seconds(15);
    job.status.conditions = [condAt(cond("Failed", "False", DL, DL_MSG), REFERENCE_TIME - seconds(60))];
    syncJob(h.deps, JOB_KEY, job, []);
    const actual = h.writes.at(-1)!;
    expect(h.podControl.deletePodNames).toEqual([]);
    expect(summarize(actual.status.conditions)).toEqual([cond("Failed", "True", DL, DL_MSG)]);
    expect(actual.status.conditions[0]!.lastTransitionTime).toBe(REFERENCE_TIME);
  });
});

describe("TestSyncJobComplete", () => {
  it("leaves a finished Job untouched", () => {
    const h = newTestController(legacyGates);
    const job = newJob();
    job.status.conditions = [condAt(cond("Complete", "True"), REFERENCE_TIME)];
    const result = syncJob(h.deps, JOB_KEY, job, podsByCount(job, { active: 1 }));
    expect(result).toEqual({ requeueAfter: null, error: null, statusChanged: false });
    expect(h.writes).toEqual([]);
    expect(job.status.conditions).toHaveLength(1);
    expect(
      h.podControl.creates.length + h.podControl.deletePodNames.length + h.podControl.patches.length,
    ).toBe(0);
  });
});

// jobsim additions (not upstream cases): behaviour the spec states that the tables above don't pin.
describe("syncJob seams and requeues", () => {
  it("requeues at the active deadline when not yet past it (activeDeadlineSeconds)", () => {
    const h = newTestController();
    const job = newJob({ activeDeadlineSeconds: 10 });
    job.status.startTime = REFERENCE_TIME - seconds(4);
    const result = syncJob(h.deps, JOB_KEY, job, podsByCount(job, { active: 1 }));
    expect(result.requeueAfter).toBe(seconds(6));
  });

  it("writes active 0 while creation is held back by backoff, even with running pods (upstream quirk)", () => {
    const h = newTestController(defaultFeatureGates, REFERENCE_TIME, {
      failuresAfterLastSuccess: 2,
      lastFailureTime: REFERENCE_TIME - seconds(5),
    });
    const job = newJob({ parallelism: 2, completions: 2 });
    const result = syncJob(h.deps, JOB_KEY, job, podsByCount(job, { active: 1 }));
    expect(result.requeueAfter).toBe(seconds(15));
    expect(h.podControl.creates).toEqual([]);
    expect(h.writes.at(-1)!.status.active).toBe(0);
  });

  it("saves the new backoff record when it flushes status", () => {
    const h = newTestController();
    const job = newJob({ parallelism: 1, completions: 2 });
    const failed = buildPod()
      .name("f")
      .job(job)
      .phase("Failed")
      .finishedAt(REFERENCE_TIME - seconds(3))
      .build();
    const result = syncJob(h.deps, JOB_KEY, job, [failed]);
    expect(h.deps.backoffStore.get(JOB_KEY)).toEqual({
      failuresAfterLastSuccess: 1,
      lastFailureTime: REFERENCE_TIME - seconds(3),
    });
    expect(result).toEqual({ requeueAfter: seconds(7), error: null, statusChanged: true });
  });

  it("leaves a Job managed by another controller alone", () => {
    const h = newTestController();
    const job = newJob();
    job.spec.managedBy = "example.com/other";
    expect(syncJob(h.deps, JOB_KEY, job, [])).toEqual({
      requeueAfter: null,
      error: null,
      statusChanged: false,
    });
    expect(h.podControl.createCallCount).toBe(0);
  });

  it("drops expectations and the backoff record of a deleted Job", () => {
    const h = newTestController(defaultFeatureGates, REFERENCE_TIME, {
      failuresAfterLastSuccess: 1,
      lastFailureTime: 0,
    });
    h.deps.expectations.expectCreations(JOB_KEY, 3);
    syncJob(h.deps, JOB_KEY, undefined, []);
    expect(h.deps.expectations.getExpectations(JOB_KEY)).toBeUndefined();
    expect(h.deps.backoffStore.get(JOB_KEY)).toBeUndefined();
  });

  it("declares Complete only after the surplus pods finished terminating (delayed mode)", () => {
    const h = newTestController();
    const job = newJob({ parallelism: 2, completions: 1 });
    const pods = podsByCount(job, { succeeded: 1, terminating: 1 });
    syncJob(h.deps, JOB_KEY, job, pods);
    expect(summarize(h.writes.at(-1)!.status.conditions)).toEqual([
      cond("SuccessCriteriaMet", "True", CR, CR_MSG),
    ]);
    const next = structuredClone(h.writes.at(-1)!);
    h.clock.step(seconds(30));
    const gone = pods
      .filter((p) => p.metadata.name.startsWith("succeeded"))
      .map((p) => ({ ...p, metadata: { ...p.metadata, finalizers: [] } }));
    syncJob(h.deps, JOB_KEY, next, gone);
    const done = h.writes.at(-1)!;
    expect(summarize(done.status.conditions)).toEqual([
      cond("SuccessCriteriaMet", "True", CR, CR_MSG),
      cond("Complete", "True", CR, CR_MSG),
    ]);
    expect(done.status.completionTime).toBe(REFERENCE_TIME + seconds(30));
  });
});
