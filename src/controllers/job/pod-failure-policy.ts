/**
 * Pod failure policy (`spec.podFailurePolicy`), after upstream
 * pkg/controller/job/pod_failure_policy.go: match a failed pod against
 * `spec.podFailurePolicy.rules`, in order; the first matching rule with a known action decides.
 */

import type { FeatureGates } from "../../k8s/feature-gates.js";
import type {
  ContainerStatus,
  Pod,
  PodCondition,
  PodFailurePolicy,
  PodFailurePolicyAction,
  PodFailurePolicyRule,
  PodStatus,
} from "../../k8s/types.js";

/** upstream `matchPodFailurePolicy`'s three results. */
export interface PodFailurePolicyMatch {
  /** FailJob message, or null. */
  message: string | null;
  /** Whether the failure counts toward backoffLimit / backoffLimitPerIndex (false for Ignore). */
  countFailed: boolean;
  /** The matched rule's action, or null when no rule matched. */
  action: PodFailurePolicyAction | null;
}

const NO_MATCH: PodFailurePolicyMatch = { message: null, countFailed: true, action: null };

/**
 * upstream `matchPodFailurePolicy`. Rules whose action is unknown, and FailIndex rules while the
 * JobBackoffLimitPerIndex gate is off, are skipped (Go's switch has no matching case for them).
 * Callers only pass pods they consider failed.
 */
export function matchPodFailurePolicy(
  policy: PodFailurePolicy | null,
  pod: Pod,
  gates: Pick<FeatureGates, "JobBackoffLimitPerIndex">,
): PodFailurePolicyMatch {
  if (policy === null) return NO_MATCH;
  const { namespace, name } = pod.metadata;
  for (const [index, rule] of policy.rules.entries()) {
    let message: () => string;
    if (rule.onExitCodes !== null) {
      const cs = matchOnExitCodes(pod.status, rule.onExitCodes);
      if (cs === null) continue;
      message = () =>
        `Container ${cs.name} for pod ${namespace}/${name} failed with exit code ${cs.state.terminated!.exitCode} matching ${rule.action} rule at index ${index}`;
    } else if (rule.onPodConditions !== null) {
      const cond = matchOnPodConditions(pod.status, rule.onPodConditions);
      if (cond === null) continue;
      message = () =>
        `Pod ${namespace}/${name} has condition ${cond.type} matching ${rule.action} rule at index ${index}`;
    } else {
      continue;
    }
    // The action comes from user input; an unknown string is possible at runtime.
    const action: string = rule.action;
    switch (action) {
      case "Ignore":
        return { message: null, countFailed: false, action: "Ignore" };
      case "FailIndex":
        if (gates.JobBackoffLimitPerIndex) return { message: null, countFailed: true, action: "FailIndex" };
        break;
      case "Count":
        return { message: null, countFailed: true, action: "Count" };
      case "FailJob":
        return { message: message(), countFailed: true, action: "FailJob" };
    }
  }
  return NO_MATCH;
}

type ExitCodesRequirement = NonNullable<PodFailurePolicyRule["onExitCodes"]>;

/** upstream `matchOnExitCodes`: app containers first, then init containers. */
function matchOnExitCodes(status: PodStatus, req: ExitCodesRequirement): ContainerStatus | null {
  return (
    matchingContainer(status.containerStatuses, req) ?? matchingContainer(status.initContainerStatuses, req)
  );
}

/**
 * upstream `getMatchingContainerFromList`: the first terminated container (optionally of the
 * given name) with a non-zero exit code satisfying the operator.
 */
function matchingContainer(
  list: readonly ContainerStatus[],
  req: ExitCodesRequirement,
): ContainerStatus | null {
  for (const cs of list) {
    const t = cs.state.terminated;
    // Still running or terminating: no exit code to match.
    if (t === null) continue;
    if (req.containerName !== null && req.containerName !== cs.name) continue;
    if (t.exitCode !== 0 && exitCodeMatches(t.exitCode, req)) return cs;
  }
  return null;
}

/** upstream `isOnExitCodesOperatorMatching`; an unknown operator never matches. */
function exitCodeMatches(exitCode: number, req: ExitCodesRequirement): boolean {
  // The operator comes from user input; an unknown string is possible at runtime.
  const op: string = req.operator;
  if (op === "In") return req.values.includes(exitCode);
  if (op === "NotIn") return !req.values.includes(exitCode);
  return false;
}

/** upstream `matchOnPodConditions`: the first pod condition equal to any pattern (type and status). */
function matchOnPodConditions(
  status: PodStatus,
  patterns: NonNullable<PodFailurePolicyRule["onPodConditions"]>,
): PodCondition | null {
  for (const c of status.conditions) {
    if (patterns.some((p) => p.type === c.type && p.status === c.status)) return c;
  }
  return null;
}
