/**
 * Ported from kubernetes/kubernetes pkg/controller/job/job_controller_test.go
 * `TestSyncJobWithJobSuccessPolicy` and success_policy_test.go `TestMatchSuccessPolicy`.
 * Jobs are Indexed with backoffLimit MaxInt32 unless a case says otherwise.
 */
import { describe, expect, it } from "vitest";
import { parseIndexesFromString } from "../../src/controllers/job/indexed.js";
import { matchSuccessPolicy } from "../../src/controllers/job/success-policy.js";
import { syncJob } from "../../src/controllers/job/sync-job.js";
import { defaultFeatureGates, type FeatureGates } from "../../src/k8s/feature-gates.js";
import type { PodFailurePolicy, SuccessPolicyRule } from "../../src/k8s/types.js";
import {
  asMyPods,
  buildPod,
  type CondSummary,
  cond,
  JOB_KEY,
  newJob,
  newTestController,
  type PolicyCase,
  REFERENCE_TIME,
  runPolicyCase,
  seconds,
  summarize,
  withGates,
} from "../helpers/job-builders.js";

const MAX_INT32 = 2147483647;
const SP = "SuccessPolicy";
const MATCHED_0 = "Matched rules at index 0";
const rule01 = (): SuccessPolicyRule => ({ succeededIndexes: "0,1", succeededCount: 1 });
const failJobOnDisruption: PodFailurePolicy = {
  rules: [
    { action: "FailJob", onExitCodes: null, onPodConditions: [{ type: "DisruptionTarget", status: "True" }] },
  ],
};
const succeededMet = cond("SuccessCriteriaMet", "True", SP, MATCHED_0);
const completeMet = cond("Complete", "True", SP, MATCHED_0);
const failed = (reason: string, message: string): CondSummary[] => [
  cond("FailureTarget", "True", reason, message),
  cond("Failed", "True", reason, message),
];
const indexed = { completionMode: "Indexed" as const, backoffLimit: MAX_INT32 };

/** The gates a case of that era toggles; everything else at 1.34 defaults. */
const era = (o: { successPolicy?: boolean; prp?: boolean; perIndex?: boolean; managedBy?: boolean }) =>
  ({
    JobSuccessPolicy: o.successPolicy ?? false,
    JobPodReplacementPolicy: o.prp ?? false,
    JobBackoffLimitPerIndex: o.perIndex ?? false,
    JobManagedBy: o.managedBy ?? false,
  }) satisfies Partial<FeatureGates>;

const testCases: Record<string, PolicyCase> = {
  "job with successPolicy; jobPodReplacementPolicy feature enabled; job has SuccessCriteriaMet condition if job meets to successPolicy and some indexes fail":
    {
      job: { ...indexed, parallelism: 3, completions: 3, successPolicy: { rules: [rule01()] } },
      pods: [
        buildPod().uid("a1").index("0").phase("Failed"),
        buildPod().uid("a2").index("0").phase("Running"),
        buildPod().uid("b").index("1").phase("Succeeded"),
        buildPod().uid("c").index("2").phase("Running"),
      ],
      // The running pods are deleted and not counted as failed.
      wantFailed: 1,
      wantSucceeded: 1,
      wantTerminating: 2,
      wantDeleted: 2,
      wantCompletedIndexes: "1",
      wantConditions: [succeededMet],
      gates: era({ successPolicy: true, prp: true }),
    },
  "job with successPolicy; jobPodReplacementPolicy feature disabled; job has SuccessCriteriaMet condition if job meets to successPolicy and some indexes fail":
    {
      job: { ...indexed, parallelism: 3, completions: 3, successPolicy: { rules: [rule01()] } },
      pods: [
        buildPod().uid("a1").index("0").phase("Failed"),
        buildPod().uid("a2").index("0").phase("Running"),
        buildPod().uid("b").index("1").phase("Succeeded"),
        buildPod().uid("c").index("2").phase("Running"),
      ],
      wantFailed: 1,
      wantSucceeded: 1,
      wantTerminating: null,
      wantCompletedIndexes: "1",
      wantConditions: [succeededMet, completeMet],
      gates: era({ successPolicy: true }),
    },
  "job with successPolicy and podFailurePolicy; jobPodReplacementPolicy feature enabled; job has a failed condition when job meets to both successPolicy and podFailurePolicy":
    {
      job: {
        ...indexed,
        parallelism: 2,
        completions: 2,
        successPolicy: { rules: [rule01()] },
        podFailurePolicy: failJobOnDisruption,
      },
      pods: [
        buildPod().uid("a1").index("0").phase("Failed").condition("DisruptionTarget"),
        buildPod().uid("a2").index("0").phase("Running"),
        buildPod().uid("b").index("1").phase("Succeeded"),
      ],
      wantFailed: 2,
      wantSucceeded: 1,
      wantTerminating: 1,
      wantCompletedIndexes: "1",
      wantConditions: [
        cond(
          "FailureTarget",
          "True",
          "PodFailurePolicy",
          "Pod default/mypod-0 has condition DisruptionTarget matching FailJob rule at index 0",
        ),
      ],
      gates: era({ successPolicy: true, prp: true }),
    },
  "job with successPolicy and backoffLimitPerIndex; jobPodReplacementPolicy feature enabled; job has a failed condition when job meets to both successPolicy and backoffLimitPerIndex":
    {
      job: {
        ...indexed,
        parallelism: 2,
        completions: 2,
        backoffLimitPerIndex: 1,
        successPolicy: { rules: [rule01()] },
      },
      pods: [
        buildPod().uid("a").index("0").phase("Failed").indexFailureCount("1"),
        buildPod().uid("b").index("1").phase("Succeeded"),
      ],
      wantFailed: 1,
      wantSucceeded: 1,
      wantTerminating: 0,
      wantCompletedIndexes: "1",
      wantFailedIndexes: "0",
      wantConditions: failed("FailedIndexes", "Job has failed indexes"),
      gates: era({ successPolicy: true, prp: true, perIndex: true }),
    },
  "job with successPolicy and backoffLimit; jobPodReplacementPolicy feature enabled; job has a failed condition when job meets to both successPolicy and backoffLimit":
    {
      job: {
        ...indexed,
        parallelism: 2,
        completions: 2,
        backoffLimit: 1,
        successPolicy: { rules: [rule01()] },
      },
      pods: [
        buildPod().uid("a1").index("0").phase("Failed"),
        buildPod().uid("a2").index("0").phase("Failed"),
        buildPod().uid("b").index("1").phase("Succeeded"),
      ],
      wantFailed: 2,
      wantSucceeded: 1,
      wantTerminating: 0,
      wantCompletedIndexes: "1",
      wantConditions: failed("BackoffLimitExceeded", "Job has reached the specified backoff limit"),
      gates: era({ successPolicy: true, prp: true }),
    },
  "job with successPolicy and podFailurePolicy; jobPodReplacementPolicy feature enabled; job with SuccessCriteriaMet has never been transitioned to FailureTarget and Failed even if job meets podFailurePolicy":
    {
      job: {
        ...indexed,
        parallelism: 2,
        completions: 2,
        successPolicy: { rules: [{ succeededIndexes: null, succeededCount: 1 }] },
        podFailurePolicy: failJobOnDisruption,
      },
      status: { succeeded: 1, terminating: 0, completedIndexes: "1" },
      conditions: [succeededMet],
      pods: [
        buildPod().uid("a").index("0").phase("Failed").condition("DisruptionTarget"),
        buildPod().uid("b").index("1").phase("Succeeded"),
      ],
      wantFailed: 1,
      wantSucceeded: 1,
      wantTerminating: 0,
      wantCompletedIndexes: "1",
      wantConditions: [succeededMet, completeMet],
      gates: era({ successPolicy: true, prp: true }),
    },
  "job with successPolicy and backoffLimitPerIndex; jobPodReplacementPolicy feature enabled; job with SuccessCriteriaMet has never been transitioned to FailureTarget and Failed even if job meet backoffLimitPerIndex":
    {
      job: {
        ...indexed,
        parallelism: 2,
        completions: 2,
        backoffLimitPerIndex: 1,
        successPolicy: { rules: [{ succeededIndexes: "1", succeededCount: null }] },
      },
      status: { succeeded: 1, terminating: 0, completedIndexes: "1" },
      conditions: [succeededMet],
      pods: [
        buildPod().uid("a").index("0").phase("Failed").indexFailureCount("1"),
        buildPod().uid("b").index("1").phase("Succeeded"),
      ],
      wantFailed: 1,
      wantSucceeded: 1,
      wantTerminating: 0,
      wantCompletedIndexes: "1",
      wantFailedIndexes: "0",
      wantConditions: [succeededMet, completeMet],
      gates: era({ successPolicy: true, prp: true, perIndex: true }),
    },
  "job with successPolicy and backoffLimit; jobPodReplacementPolicy feature enabled; job with SuccessCriteriaMet has never been transitioned to FailureTarget and Failed even if job meets backoffLimit":
    {
      job: {
        ...indexed,
        parallelism: 2,
        completions: 2,
        backoffLimit: 1,
        successPolicy: { rules: [rule01()] },
      },
      status: { succeeded: 1, terminating: 0, completedIndexes: "1" },
      conditions: [succeededMet],
      pods: [
        buildPod().uid("a").index("0").phase("Failed"),
        buildPod().uid("b").index("1").phase("Succeeded"),
      ],
      wantFailed: 1,
      wantSucceeded: 1,
      wantTerminating: 0,
      wantCompletedIndexes: "1",
      wantConditions: [succeededMet, completeMet],
      gates: era({ successPolicy: true, prp: true }),
    },
  "job with successPolicy and podFailureTarget; jobPodReplacementPolicy feature enabled; job with FailureTarget has never been transitioned to SuccessCriteriaMet even if job meets successPolicy":
    {
      job: {
        ...indexed,
        parallelism: 2,
        completions: 2,
        successPolicy: { rules: [rule01()] },
        podFailurePolicy: failJobOnDisruption,
      },
      status: { failed: 1, terminating: 0, completedIndexes: "1" },
      conditions: [
        cond(
          "FailureTarget",
          "True",
          "PodFailurePolicy",
          "Pod default/mypod-0 has condition DisruptionTarget matching FailJob rule at index 0",
        ),
      ],
      pods: [
        buildPod().uid("a").index("0").phase("Failed").condition("DisruptionTarget").trackingFinalizer(false),
        buildPod().uid("b").index("1").phase("Succeeded"),
      ],
      wantFailed: 1,
      wantSucceeded: 1,
      wantTerminating: 0,
      wantCompletedIndexes: "1",
      wantConditions: failed(
        "PodFailurePolicy",
        "Pod default/mypod-0 has condition DisruptionTarget matching FailJob rule at index 0",
      ),
      gates: era({ successPolicy: true, prp: true }),
    },
  "job with successPolicy; every index succeeds in one sync: the policy's reason wins over CompletionsReached":
    {
      // The success policy is evaluated before the completions check, and any valid rule
      // matches once every index succeeded.
      job: { ...indexed, parallelism: 3, completions: 3, successPolicy: { rules: [rule01()] } },
      pods: [
        buildPod().uid("a").index("0").phase("Succeeded"),
        buildPod().uid("b").index("1").phase("Succeeded"),
        buildPod().uid("c").index("2").phase("Succeeded"),
      ],
      wantSucceeded: 3,
      wantTerminating: 0,
      wantCompletedIndexes: "0-2",
      wantConditions: [succeededMet, completeMet],
    },
  "when the JobSuccessPolicy is disabled, a Job with the successPolicy field completes by completions, without a reason":
    {
      job: { ...indexed, parallelism: 3, completions: 3, successPolicy: { rules: [rule01()] } },
      pods: [
        buildPod().uid("a").index("0").phase("Succeeded"),
        buildPod().uid("b").index("1").phase("Succeeded"),
        buildPod().uid("c").index("2").phase("Succeeded"),
      ],
      wantSucceeded: 3,
      wantCompletedIndexes: "0-2",
      wantConditions: [cond("Complete", "True")],
      gates: era({}),
    },
  "when the JobSuccessPolicy is disabled, the Job never got SuccessCriteriaMet condition even if the Job has the successPolicy field":
    {
      job: { ...indexed, parallelism: 3, completions: 3, successPolicy: { rules: [rule01()] } },
      pods: [
        buildPod().uid("a2").index("0").phase("Running"),
        buildPod().uid("b").index("1").phase("Succeeded"),
        buildPod().uid("c").index("2").phase("Running"),
      ],
      wantActive: 2,
      wantSucceeded: 1,
      wantCompletedIndexes: "1",
      gates: era({}),
    },
};

describe("TestSyncJobWithJobSuccessPolicy", () => {
  it.each(Object.entries(testCases))("%s", (_, tc) => {
    runPolicyCase(tc, defaultFeatureGates, expect);
  });

  it("SuccessCriteriaMet first, then Complete with the same reason once the deleted pods are gone", () => {
    const h = newTestController(defaultFeatureGates);
    const job = newJob({ ...indexed, parallelism: 2, completions: 2, successPolicy: { rules: [rule01()] } });
    const pods = asMyPods([buildPod().index("0").phase("Running"), buildPod().index("1").phase("Succeeded")]);
    syncJob(h.deps, JOB_KEY, structuredClone(job), pods);
    const first = h.writes.at(-1)!;
    expect(summarize(first.status.conditions)).toEqual([succeededMet]);
    expect(first.status).toMatchObject({ active: 0, terminating: 1, failed: 0, succeeded: 1 });
    h.clock.step(seconds(30));
    // The deleted pod finished terminating and was removed; the succeeded pod was counted.
    const counted = pods.slice(1).map((p) => ({ ...p, metadata: { ...p.metadata, finalizers: [] } }));
    syncJob(h.deps, JOB_KEY, structuredClone(first), counted);
    const done = h.writes.at(-1)!;
    expect(summarize(done.status.conditions)).toEqual([succeededMet, completeMet]);
    expect(done.status.completionTime).toBe(REFERENCE_TIME + seconds(30));
    expect(done.status.failed).toBe(0);
  });
});

describe("TestMatchSuccessPolicy", () => {
  interface MatchCase {
    completions: number;
    succeededIndexes: string;
    rules: SuccessPolicyRule[];
    wantMessage: string | null;
    gate?: boolean;
  }
  const cases: Record<string, MatchCase> = {
    "successPolicy is null": { completions: 10, succeededIndexes: "0-2", rules: [], wantMessage: null },
    "any succeededIndexes; no rules": {
      completions: 10,
      succeededIndexes: "0-2",
      rules: [],
      wantMessage: null,
    },
    "rules.succeededIndexes is specified; succeededIndexes matched rules": {
      completions: 10,
      succeededIndexes: "0-2",
      rules: [{ succeededIndexes: "0-2", succeededCount: null }],
      wantMessage: MATCHED_0,
    },
    "rules.succeededIndexes is specified; succeededIndexes didn't match rules": {
      completions: 10,
      succeededIndexes: "0-2",
      rules: [{ succeededIndexes: "3", succeededCount: null }],
      wantMessage: null,
    },
    "rules.succeededCount is specified; succeededIndexes matched rules": {
      completions: 10,
      succeededIndexes: "0-2",
      rules: [{ succeededIndexes: null, succeededCount: 2 }],
      wantMessage: MATCHED_0,
    },
    "rules.succeededCount is specified; succeededIndexes didn't match rules": {
      completions: 10,
      succeededIndexes: "0-2",
      rules: [{ succeededIndexes: null, succeededCount: 4 }],
      wantMessage: null,
    },
    "rules.succeededIndexes and rules.succeededCount are specified; succeededIndexes met all rules": {
      completions: 10,
      succeededIndexes: "0-2,4-7",
      rules: [{ succeededIndexes: "3-6", succeededCount: 2 }],
      wantMessage: MATCHED_0,
    },
    "rules.succeededIndexes and rules.succeededCount are specified; succeededIndexes didn't match rules": {
      completions: 10,
      succeededIndexes: "0-2,6-7",
      rules: [{ succeededIndexes: "3-6", succeededCount: 2 }],
      wantMessage: null,
    },
    "multiple rules; rules.succeededIndexes is specified; succeededIndexes met one of rules": {
      completions: 10,
      succeededIndexes: "0-2,4-7",
      rules: [
        { succeededIndexes: "9", succeededCount: null },
        { succeededIndexes: "4,6", succeededCount: null },
      ],
      wantMessage: "Matched rules at index 1",
    },
    "rules.succeededIndexes unparsable; the rule never matches": {
      completions: 10,
      succeededIndexes: "0-9",
      rules: [{ succeededIndexes: "foo", succeededCount: null }],
      wantMessage: null,
    },
    "no succeeded index; never matches": {
      completions: 10,
      succeededIndexes: "",
      rules: [{ succeededIndexes: null, succeededCount: 0 }],
      wantMessage: null,
    },
    "JobSuccessPolicy gate off": {
      completions: 10,
      succeededIndexes: "0-2",
      rules: [{ succeededIndexes: null, succeededCount: 1 }],
      gate: false,
      wantMessage: null,
    },
  };
  it.each(Object.entries(cases))("%s", (name, tc) => {
    const policy = name === "successPolicy is null" ? null : { rules: tc.rules };
    const gates = withGates(defaultFeatureGates, { JobSuccessPolicy: tc.gate ?? true });
    const succeeded = parseIndexesFromString(tc.succeededIndexes, tc.completions);
    expect(matchSuccessPolicy(policy, tc.completions, succeeded, gates)).toBe(tc.wantMessage);
  });
});
