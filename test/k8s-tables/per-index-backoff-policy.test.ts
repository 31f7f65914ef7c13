/**
 * Ported from kubernetes/kubernetes pkg/controller/job/job_controller_test.go
 * `TestSyncJobWithJobBackoffLimitPerIndex`: Indexed, parallelism 2,
 * completions 2, backoffLimit MaxInt32, backoffLimitPerIndex 1, delayed terminal conditions,
 * unless a case says otherwise. `count` = the job-index-failure-count annotation.
 */
import { describe, expect, it } from "vitest";
import { defaultFeatureGates } from "../../src/k8s/feature-gates.js";
import {
  JOB_INDEX_FAILURE_COUNT_ANNOTATION as COUNT,
  JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION as IGNORED,
  type PodFailurePolicyAction,
  type PodFailurePolicyRule,
} from "../../src/k8s/types.js";
import {
  buildPod,
  type CondSummary,
  cond,
  legacyGates,
  type NewJobOptions,
  type PolicyCase,
  REFERENCE_TIME,
  runPolicyCase,
  seconds,
  withGates,
} from "../helpers/job-builders.js";

const MAX_INT32 = 2147483647;
const base: NewJobOptions = {
  completionMode: "Indexed",
  parallelism: 2,
  completions: 2,
  backoffLimit: MAX_INT32,
  backoffLimitPerIndex: 1,
};
const exitRule = (action: PodFailurePolicyAction, code: number): PodFailurePolicyRule => ({
  action,
  onExitCodes: { containerName: null, operator: "In", values: [code] },
  onPodConditions: null,
});
const failed = (reason: string, message: string): CondSummary[] => [
  cond("FailureTarget", "True", reason, message),
  cond("Failed", "True", reason, message),
];
const pod = (ix: string) => buildPod().index(ix);

const testCases: Record<string, PolicyCase> = {
  "successful job after a single failure within index": {
    job: base,
    pods: [
      pod("0").phase("Failed").indexFailureCount("0"),
      pod("0").phase("Succeeded").indexFailureCount("1"),
      pod("1").phase("Succeeded").indexFailureCount("0"),
    ],
    wantFailed: 1,
    wantSucceeded: 2,
    wantTerminating: 0,
    wantCompletedIndexes: "0,1",
    wantFailedIndexes: "",
    wantConditions: [
      cond("SuccessCriteriaMet", "True", "CompletionsReached", "Reached expected number of succeeded pods"),
      cond("Complete", "True", "CompletionsReached", "Reached expected number of succeeded pods"),
    ],
  },
  "single failed pod, not counted as the replacement pod creation is delayed": {
    job: base,
    pods: [pod("0").phase("Failed").indexFailureCount("0")],
    // The failed pod keeps its finalizer until the replacement exists, so it is not counted.
    wantActive: 2,
    wantFailed: 0,
    wantTerminating: 0,
    wantFailedIndexes: "",
    wantCreatedIndexes: [0, 1],
    wantCreatedAnnotations: [{ [COUNT]: "1" }, { [COUNT]: "0" }],
  },
  "single failed pod replaced already": {
    job: base,
    pods: [pod("0").phase("Failed").indexFailureCount("0"), pod("0").phase("Pending").indexFailureCount("1")],
    wantActive: 2,
    wantFailed: 1,
    wantTerminating: 0,
    wantFailedIndexes: "",
    wantCreatedIndexes: [1],
  },
  "single failed index due to exceeding the backoff limit per index, the job continues": {
    job: base,
    pods: [pod("0").phase("Failed").indexFailureCount("1")],
    wantActive: 1,
    wantFailed: 1,
    wantTerminating: 0,
    wantFailedIndexes: "0",
    wantCreatedIndexes: [1],
  },
  "single failed index due to FailIndex action, the job continues": {
    job: { ...base, podFailurePolicy: { rules: [exitRule("FailIndex", 3)] } },
    pods: [pod("0").phase("Failed").container("x", 3).indexFailureCount("0")],
    wantActive: 1,
    wantFailed: 1,
    wantTerminating: 0,
    wantFailedIndexes: "0",
    wantCreatedIndexes: [1],
  },
  "job failed index due to FailJob action": {
    job: { ...base, backoffLimit: 6, podFailurePolicy: { rules: [exitRule("FailJob", 3)] } },
    pods: [pod("0").phase("Failed").container("x", 3).indexFailureCount("0")],
    wantActive: 0,
    wantFailed: 1,
    wantTerminating: 0,
    wantFailedIndexes: "",
    wantConditions: failed(
      "PodFailurePolicy",
      "Container x for pod default/mypod-0 failed with exit code 3 matching FailJob rule at index 0",
    ),
  },
  "job pod failure ignored due to matching Ignore action": {
    job: { ...base, backoffLimit: 6, podFailurePolicy: { rules: [exitRule("Ignore", 3)] } },
    pods: [pod("0").phase("Failed").container("x", 3).indexFailureCount("0")],
    wantActive: 2,
    wantFailed: 0,
    wantTerminating: 0,
    wantFailedIndexes: "",
    wantCreatedIndexes: [0, 1],
    wantCreatedAnnotations: [{ [COUNT]: "0", [IGNORED]: "1" }, { [COUNT]: "0" }],
  },
  "job failed due to exceeding backoffLimit before backoffLimitPerIndex": {
    job: { ...base, backoffLimit: 1 },
    pods: [pod("0").phase("Failed").indexFailureCount("0"), pod("1").phase("Failed").indexFailureCount("0")],
    wantFailed: 2,
    wantTerminating: 0,
    wantFailedIndexes: "",
    wantConditions: failed("BackoffLimitExceeded", "Job has reached the specified backoff limit"),
  },
  "job failed due to failed indexes": {
    job: base,
    pods: [
      pod("0").phase("Failed").indexFailureCount("1"),
      pod("1").phase("Succeeded").indexFailureCount("0"),
    ],
    wantFailed: 1,
    wantSucceeded: 1,
    wantTerminating: 0,
    wantFailedIndexes: "0",
    wantCompletedIndexes: "1",
    wantConditions: failed("FailedIndexes", "Job has failed indexes"),
  },
  "job failed due to exceeding max failed indexes": {
    job: { ...base, parallelism: 4, completions: 4, maxFailedIndexes: 1 },
    pods: [
      pod("0").phase("Failed").indexFailureCount("1"),
      pod("1").phase("Succeeded"),
      pod("2").phase("Failed").indexFailureCount("1"),
      pod("3").phase("Running"),
    ],
    // The running pod is deleted at once and counted as failed.
    wantFailed: 3,
    wantSucceeded: 1,
    wantTerminating: 1,
    wantDeleted: 1,
    wantFailedIndexes: "0,2",
    wantCompletedIndexes: "1",
    wantConditions: [
      cond(
        "FailureTarget",
        "True",
        "MaxFailedIndexesExceeded",
        "Job has exceeded the specified maximal number of failed indexes",
      ),
    ],
  },
  "job failed due to failed indexes; JobPodReplacementPolicy and JobManagedBy disabled": {
    job: base,
    pods: [
      pod("0").phase("Failed").indexFailureCount("1"),
      pod("1").phase("Succeeded").indexFailureCount("0"),
    ],
    wantFailed: 1,
    wantSucceeded: 1,
    wantTerminating: null,
    wantFailedIndexes: "0",
    wantCompletedIndexes: "1",
    wantConditions: [cond("Failed", "True", "FailedIndexes", "Job has failed indexes")],
    gates: { JobPodReplacementPolicy: false, JobManagedBy: false },
  },
};

describe("TestSyncJobWithJobBackoffLimitPerIndex", () => {
  it.each(Object.entries(testCases))("%s", (_, tc) => {
    runPolicyCase(tc, defaultFeatureGates, expect);
  });

  // jobsim additions: per-index delays (getRemainingTimePerIndex) through syncJob.
  it("holds back an index in backoff and creates the others (no requeue: upstream returns 0 then)", () => {
    runPolicyCase(
      {
        job: { ...base, parallelism: 3, completions: 3 },
        pods: [
          // Index 0: count 0 failed 5 s ago → n = 1 → 10 s, 5 s left. Index 2 never failed.
          pod("0")
            .phase("Failed")
            .indexFailureCount("0")
            .deletionTimestamp(REFERENCE_TIME - seconds(5)),
          pod("1").phase("Running"),
        ],
        wantActive: 2,
        wantTerminating: 0,
        wantFailedIndexes: "",
        wantCreatedIndexes: [2],
        wantCreatedAnnotations: [{ [COUNT]: "0" }],
        wantRequeue: null,
      },
      defaultFeatureGates,
      expect,
    );
  });

  it("no index can be created yet: nothing created, requeue after the remaining delay (active 0 quirk)", () => {
    runPolicyCase(
      {
        job: base,
        status: { active: 1 },
        pods: [
          pod("0")
            .phase("Failed")
            .indexFailureCount("0")
            .deletionTimestamp(REFERENCE_TIME - seconds(4)),
          pod("1").phase("Running"),
        ],
        wantActive: 0,
        wantTerminating: 0,
        wantFailedIndexes: "",
        wantCreatedIndexes: [],
        wantRequeue: seconds(6),
      },
      defaultFeatureGates,
      expect,
    );
  });

  it("ignores the global backoff record when backoffLimitPerIndex is set", () => {
    runPolicyCase(
      {
        job: base,
        backoff: { failuresAfterLastSuccess: 5, lastFailureTime: REFERENCE_TIME },
        pods: [],
        wantActive: 2,
        wantTerminating: 0,
        wantFailedIndexes: "",
        wantCreatedIndexes: [0, 1],
      },
      defaultFeatureGates,
      expect,
    );
  });

  it("with the gate off, backoffLimitPerIndex is ignored (failedIndexes stays null)", () => {
    runPolicyCase(
      {
        job: base,
        pods: [pod("0").phase("Failed").indexFailureCount("1")],
        wantActive: 2,
        wantFailed: 1,
        wantTerminating: null,
        wantFailedIndexes: null,
        wantCreatedIndexes: [0, 1],
        wantCreatedAnnotations: [{}, {}],
      },
      withGates(legacyGates, { JobBackoffLimitPerIndex: false }),
      expect,
    );
  });
});
