/**
 * Ported from kubernetes/kubernetes pkg/controller/job/job_controller_test.go
 * `TestSyncJobWithJobPodFailurePolicy` and pod_failure_policy_test.go `TestMatchPodFailurePolicy`.
 * Pods are `mypod-<i>`; terminated containers carry a zero finishedAt and the
 * pods a zero-like creation time, as upstream's, so the pod-failure backoff has expired.
 */
import { describe, expect, it } from "vitest";
import { matchPodFailurePolicy } from "../../src/controllers/job/pod-failure-policy.js";
import { defaultFeatureGates } from "../../src/k8s/feature-gates.js";
import type { PodFailurePolicyAction, PodFailurePolicyRule } from "../../src/k8s/types.js";
import {
  buildPod,
  type CondSummary,
  cond,
  legacyGates,
  type PolicyCase,
  REFERENCE_TIME,
  runPolicyCase,
  seconds,
  withGates,
} from "../helpers/job-builders.js";

const PFP = "PodFailurePolicy";

function onExitCodes(
  action: PodFailurePolicyAction,
  operator: "In" | "NotIn",
  values: number[],
  containerName: string | null = null,
): PodFailurePolicyRule {
  return { action, onExitCodes: { containerName, operator, values }, onPodConditions: null };
}

function onPodCondition(action: PodFailurePolicyAction, type: string): PodFailurePolicyRule {
  return { action, onExitCodes: null, onPodConditions: [{ type, status: "True" }] };
}

/** upstream `onExitCodeRules`: Ignore 1,2,3 then FailJob 5,6,7. */
const onExitCodeRules = [onExitCodes("Ignore", "In", [1, 2, 3]), onExitCodes("FailJob", "In", [5, 6, 7])];

/** FailureTarget then Failed with the same reason and message. */
function failedBy(reason: string, message: string): CondSummary[] {
  return [cond("FailureTarget", "True", reason, message), cond("Failed", "True", reason, message)];
}

const exit5Msg =
  "Container main-container for pod default/mypod-0 failed with exit code 5 matching FailJob rule at index 1";

// Gates off as in that version's test (PRP, SuccessPolicy, ManagedBy): failures go to Failed
// right away, except FailJob, which always passes through FailureTarget.
const testCases: Record<string, PolicyCase> = {
  "default handling for pod failure if the container matching the exit codes does not match the containerName restriction":
    {
      job: {
        parallelism: 1,
        completions: 1,
        backoffLimit: 6,
        podFailurePolicy: {
          rules: [
            onExitCodes("Ignore", "In", [1, 2, 3], "main-container"),
            onExitCodes("FailJob", "In", [5, 6, 7], "main-container"),
          ],
        },
      },
      pods: [buildPod().phase("Failed").container("monitoring-container", 5).container("main-container", 42)],
      wantActive: 1,
      wantFailed: 1,
    },
  "running pod should not result in job fail based on OnExitCodes": {
    job: { parallelism: 1, completions: 1, backoffLimit: 6, podFailurePolicy: { rules: onExitCodeRules } },
    pods: [buildPod().phase("Running").container("main-container", 5)],
    wantActive: 1,
  },
  "fail job based on OnExitCodes": {
    job: { parallelism: 1, completions: 1, backoffLimit: 6, podFailurePolicy: { rules: onExitCodeRules } },
    pods: [buildPod().phase("Failed").container("main-container", 5)],
    wantConditions: failedBy(PFP, exit5Msg),
    wantFailed: 1,
  },
  "job marked already as failure target with failed pod": {
    job: { parallelism: 1, completions: 1, backoffLimit: 6, podFailurePolicy: { rules: onExitCodeRules } },
    conditions: [cond("FailureTarget", "True", PFP, exit5Msg)],
    pods: [buildPod().phase("Failed").container("main-container", 5)],
    wantConditions: failedBy(PFP, exit5Msg),
    wantFailed: 1,
  },
  "job marked already as failure target with failed pod, message based on already deleted pod": {
    job: { parallelism: 1, completions: 1, backoffLimit: 6, podFailurePolicy: { rules: onExitCodeRules } },
    conditions: [cond("FailureTarget", "True", PFP, exit5Msg.replace("mypod-0", "already-deleted-pod"))],
    pods: [buildPod().phase("Failed").container("main-container", 5)],
    wantConditions: failedBy(PFP, exit5Msg.replace("mypod-0", "already-deleted-pod")),
    wantFailed: 1,
  },
  "fail job with multiple pods": {
    job: { parallelism: 2, completions: 2, backoffLimit: 6, podFailurePolicy: { rules: onExitCodeRules } },
    pods: [buildPod().phase("Running"), buildPod().phase("Failed").container("main-container", 5)],
    wantConditions: failedBy(PFP, exit5Msg.replace("mypod-0", "mypod-1")),
    wantFailed: 2,
    wantDeleted: 1,
  },
  "fail indexed job based on OnExitCodes": {
    job: {
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      completionMode: "Indexed",
      podFailurePolicy: { rules: onExitCodeRules },
    },
    pods: [buildPod().index("0").phase("Failed").container("main-container", 5)],
    wantConditions: failedBy(PFP, exit5Msg),
    wantFailed: 1,
  },
  "fail job based on OnExitCodes with NotIn operator": {
    job: {
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      podFailurePolicy: { rules: [onExitCodes("FailJob", "NotIn", [5, 6, 7])] },
    },
    pods: [buildPod().phase("Failed").container("main-container", 42)],
    wantConditions: failedBy(
      PFP,
      "Container main-container for pod default/mypod-0 failed with exit code 42 matching FailJob rule at index 0",
    ),
    wantFailed: 1,
  },
  "default handling job based on OnExitCodes with NotIn operator": {
    job: {
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      podFailurePolicy: { rules: [onExitCodes("FailJob", "NotIn", [5, 6, 7])] },
    },
    pods: [buildPod().phase("Failed").container("main-container", 5)],
    wantActive: 1,
    wantFailed: 1,
  },
  "fail job based on OnExitCodes for InitContainer": {
    job: { parallelism: 1, completions: 1, backoffLimit: 6, podFailurePolicy: { rules: onExitCodeRules } },
    pods: [buildPod().phase("Failed").initContainer("init-container", 5).container("main-container", 143)],
    wantConditions: failedBy(
      PFP,
      "Container init-container for pod default/mypod-0 failed with exit code 5 matching FailJob rule at index 1",
    ),
    wantFailed: 1,
  },
  "ignore pod failure; both rules are matching, the first is executed only": {
    job: { parallelism: 1, completions: 1, backoffLimit: 0, podFailurePolicy: { rules: onExitCodeRules } },
    pods: [buildPod().phase("Failed").container("container1", 2).container("container2", 6)],
    wantActive: 1,
  },
  "default job based on OnExitCodes": {
    job: { parallelism: 1, completions: 1, backoffLimit: 0, podFailurePolicy: { rules: onExitCodeRules } },
    pods: [buildPod().phase("Failed").container("main-container", 10)],
    wantConditions: [
      cond("Failed", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit"),
    ],
    wantFailed: 1,
  },
  "count pod failure based on OnPodConditions; both rules are matching, the first is executed only": {
    job: {
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      podFailurePolicy: {
        rules: [
          onPodCondition("Count", "ResourceLimitExceeded"),
          onPodCondition("Ignore", "DisruptionTarget"),
        ],
      },
    },
    pods: [buildPod().phase("Failed").condition("ResourceLimitExceeded").condition("DisruptionTarget")],
    wantActive: 1,
    wantFailed: 1,
  },
  "ignore pod failure based on OnPodConditions, ignored failures delays pod recreation": {
    job: {
      parallelism: 1,
      completions: 1,
      backoffLimit: 0,
      podFailurePolicy: { rules: [onPodCondition("Ignore", "DisruptionTarget")] },
    },
    // Finish time = deletionTimestamp = now, so the replacement waits the first 10 s.
    pods: [buildPod().phase("Failed").condition("DisruptionTarget").deletionTimestamp(REFERENCE_TIME)],
    wantRequeue: seconds(10),
  },
  "fail job based on OnPodConditions": {
    job: {
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      podFailurePolicy: { rules: [onPodCondition("FailJob", "DisruptionTarget")] },
    },
    pods: [buildPod().phase("Failed").condition("DisruptionTarget")],
    wantConditions: failedBy(
      PFP,
      "Pod default/mypod-0 has condition DisruptionTarget matching FailJob rule at index 0",
    ),
    wantFailed: 1,
  },
  "terminating Pod not considered failed when JobPodFailurePolicy is enabled and used": {
    job: {
      parallelism: 1,
      completions: null,
      backoffLimit: 0,
      podFailurePolicy: { rules: [onPodCondition("Count", "DisruptionTarget")] },
    },
    // Not failed until terminal, and not replaced while it terminates (onlyReplaceFailedPods).
    pods: [buildPod().phase("Pending").deletionTimestamp(REFERENCE_TIME)],
    wantTerminating: null,
  },
};

describe("TestSyncJobWithJobPodFailurePolicy", () => {
  it.each(Object.entries(testCases))("%s", (_, tc) => {
    runPolicyCase(tc, legacyGates, expect);
  });

  it("ignored failures are not counted but still feed the backoff record (newBackoffRecord)", () => {
    const { h } = runPolicyCase(
      {
        job: {
          parallelism: 1,
          completions: 1,
          podFailurePolicy: { rules: [onPodCondition("Ignore", "DisruptionTarget")] },
        },
        // active 1 → 0 forces a status write; upstream saves the record only with one.
        status: { active: 1 },
        pods: [buildPod().phase("Failed").condition("DisruptionTarget").deletionTimestamp(REFERENCE_TIME)],
        wantRequeue: seconds(10),
      },
      legacyGates,
      expect,
    );
    expect(h.deps.backoffStore.get("default/foobar")).toEqual({
      failuresAfterLastSuccess: 1,
      lastFailureTime: REFERENCE_TIME,
    });
  });

  it("FailJob on 1.34 defaults: FailureTarget while the deleted pods terminate (delayed terminal)", () => {
    runPolicyCase(
      {
        job: { parallelism: 2, completions: 2, podFailurePolicy: { rules: onExitCodeRules } },
        pods: [buildPod().phase("Running"), buildPod().phase("Failed").container("main-container", 5)],
        wantConditions: [cond("FailureTarget", "True", PFP, exit5Msg.replace("mypod-0", "mypod-1"))],
        wantFailed: 2,
        wantTerminating: 1,
        wantDeleted: 1,
      },
      defaultFeatureGates,
      expect,
    );
  });
});

describe("TestMatchPodFailurePolicy", () => {
  const failedPod = () => buildPod().name("mypod").phase("Failed");
  interface MatchCase {
    rules: PodFailurePolicyRule[];
    pod: ReturnType<typeof buildPod>;
    perIndexGate?: boolean;
    wantMessage: string | null;
    wantCountFailed: boolean;
    wantAction: PodFailurePolicyAction | null;
  }
  const cases: Record<string, MatchCase> = {
    "unknown action for rule matching by exit codes - skip rule with unknown action": {
      rules: [
        // An action outside the API enum, as a corrupted object could carry.
        { ...onExitCodes("FailJob", "In", [1, 2]), action: "UnknownAction" as PodFailurePolicyAction },
        onExitCodes("FailJob", "In", [2, 3]),
      ],
      pod: failedPod().container("main-container", 2),
      wantMessage:
        "Container main-container for pod default/mypod failed with exit code 2 matching FailJob rule at index 1",
      wantCountFailed: true,
      wantAction: "FailJob",
    },
    "successful containers are skipped by the rules": {
      rules: [onExitCodes("FailJob", "NotIn", [111])],
      pod: failedPod()
        .initContainer("init-container", 0)
        .container("main-container", 111)
        .container("suppport-container", 0),
      wantMessage: null,
      wantCountFailed: true,
      wantAction: null,
    },
    "unknown operator - rule skipped": {
      rules: [
        {
          ...onExitCodes("FailJob", "In", [1]),
          onExitCodes: { containerName: null, operator: "Between" as "In", values: [1] },
        },
      ],
      pod: failedPod().container("main-container", 1),
      wantMessage: null,
      wantCountFailed: true,
      wantAction: null,
    },
    "ignore rule matched by exit code": {
      rules: onExitCodeRules,
      pod: failedPod().container("main-container", 2),
      wantMessage: null,
      wantCountFailed: false,
      wantAction: "Ignore",
    },
    "count rule matched by pod condition": {
      rules: [onPodCondition("Count", "DisruptionTarget")],
      pod: failedPod().condition("DisruptionTarget"),
      wantMessage: null,
      wantCountFailed: true,
      wantAction: "Count",
    },
    "condition with another status does not match": {
      rules: [onPodCondition("FailJob", "DisruptionTarget")],
      pod: failedPod().condition("DisruptionTarget", "False"),
      wantMessage: null,
      wantCountFailed: true,
      wantAction: null,
    },
    "running container is skipped": {
      rules: [onExitCodes("FailJob", "In", [5])],
      pod: failedPod().container("main-container", null).initContainer("init", 5),
      wantMessage:
        "Container init for pod default/mypod failed with exit code 5 matching FailJob rule at index 0",
      wantCountFailed: true,
      wantAction: "FailJob",
    },
    "FailIndex rule matched, per-index gate on": {
      rules: [onExitCodes("FailIndex", "In", [3])],
      pod: failedPod().container("main-container", 3),
      wantMessage: null,
      wantCountFailed: true,
      wantAction: "FailIndex",
    },
    "FailIndex rule skipped with the per-index gate off": {
      rules: [onExitCodes("FailIndex", "In", [3]), onExitCodes("Ignore", "In", [3])],
      pod: failedPod().container("main-container", 3),
      perIndexGate: false,
      wantMessage: null,
      wantCountFailed: false,
      wantAction: "Ignore",
    },
  };
  it.each(Object.entries(cases))("%s", (_, tc) => {
    const gates = withGates(defaultFeatureGates, { JobBackoffLimitPerIndex: tc.perIndexGate ?? true });
    expect(matchPodFailurePolicy({ rules: tc.rules }, tc.pod.build(), gates)).toEqual({
      message: tc.wantMessage,
      countFailed: tc.wantCountFailed,
      action: tc.wantAction,
    });
  });

  it("no policy: counted, no action", () => {
    expect(matchPodFailurePolicy(null, failedPod().build(), defaultFeatureGates)).toEqual({
      message: null,
      countFailed: true,
      action: null,
    });
  });
});
