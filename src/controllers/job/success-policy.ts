/**
 * Success policy of Indexed Jobs (`spec.successPolicy`), after upstream pkg/controller/job/success_policy.go.
 */

import type { FeatureGates } from "../../k8s/feature-gates.js";
import type { SuccessPolicy } from "../../k8s/types.js";
import { intervalsTotal, type OrderedIntervals, parseIndexesFromString } from "./indexed.js";

/**
 * upstream `matchSuccessPolicy`: the message `Matched rules at index <i>` of the first rule the
 * succeeded indexes satisfy, or null. Never matches with the gate off, no policy, or no
 * succeeded index. A rule whose `succeededIndexes` parses to nothing is skipped.
 */
export function matchSuccessPolicy(
  policy: SuccessPolicy | null,
  completions: number,
  succeededIndexes: OrderedIntervals,
  gates: Pick<FeatureGates, "JobSuccessPolicy">,
): string | null {
  if (!gates.JobSuccessPolicy || policy === null || succeededIndexes.length === 0) return null;
  for (const [index, rule] of policy.rules.entries()) {
    if (rule.succeededIndexes !== null) {
      const required = parseIndexesFromString(rule.succeededIndexes, completions);
      if (required.length === 0) continue;
      if (matchSucceededIndexesRule(required, succeededIndexes, rule.succeededCount)) {
        return `Matched rules at index ${index}`;
      }
    } else if (rule.succeededCount !== null && intervalsTotal(succeededIndexes) >= rule.succeededCount) {
      return `Matched rules at index ${index}`;
    }
  }
  return null;
}

/**
 * upstream `matchSucceededIndexesRule`: count the succeeded indexes inside the rule's set by a
 * merge walk; the rule holds when all of its indexes succeeded, or at least `succeededCount`.
 */
export function matchSucceededIndexesRule(
  ruleIndexes: OrderedIntervals,
  succeededIndexes: OrderedIntervals,
  succeededCount: number | null,
): boolean {
  let contains = 0;
  let s = 0;
  let r = 0;
  while (r < ruleIndexes.length && s < succeededIndexes.length) {
    const rule = ruleIndexes[r]!;
    const succ = succeededIndexes[s]!;
    const overlap = Math.min(rule.last, succ.last) - Math.max(rule.first, succ.first) + 1;
    if (overlap > 0) contains += overlap;
    if (succ.last < rule.last) s++;
    else if (succ.last > rule.last) r++;
    else {
      s++;
      r++;
    }
  }
  return contains === intervalsTotal(ruleIndexes) || (succeededCount !== null && contains >= succeededCount);
}
