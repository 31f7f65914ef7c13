/**
 * How the page colours a pod: by what became of it, in the order the summary counts pods
 * (`pods.succeeded`, `pods.deletedByController`, `pods.evicted`, `pods.failed`).
 */
import type { ReportPod } from "../types.js";

/** Codes stored in the page data; the page's legend uses the same order. */
export const POD_OUTCOMES = ["succeeded", "failed", "evicted", "deleted", "running", "pending"] as const;
export type PodOutcome = (typeof POD_OUTCOMES)[number];

/**
 * Succeeded wins; then deleted before it finished (not a failure); then evicted (failed with a
 * DisruptionTarget condition); then failed by itself; a pod still alive at the end is running
 * or pending.
 */
export function podOutcome(pod: ReportPod): PodOutcome {
  if (pod.phase === "Succeeded") return "succeeded";
  if (pod.deletedByController === true) return "deleted";
  if (pod.conditions.includes("DisruptionTarget")) return "evicted";
  if (pod.phase === "Failed") return "failed";
  if (pod.deletedAt !== null) return "deleted";
  return pod.startedAt === null ? "pending" : "running";
}
