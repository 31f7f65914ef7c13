/**
 * upstream's pod-list helpers as written in kubernetes/kubernetes (pkg/controller/controller_utils.go
 * `FilterActivePods`, `CountTerminatingPods`; pkg/controller/job/job_controller.go
 * `countReadyPods`, `getNewFinishedPods`, `getValidPodsWithFilter`), one walk each. The
 * controller replaced them by classifyPods (one walk for all); these are the reference it is
 * checked against.
 */
import { hasValidIndex, isIndexedJob } from "../../src/controllers/job/indexed.js";
import {
  hasJobTrackingFinalizer,
  isPodActive,
  isPodFailed,
  isPodReady,
  isPodTerminating,
} from "../../src/controllers/job/pod-utils.js";
import type { FeatureGates } from "../../src/k8s/feature-gates.js";
import type { Job, Pod } from "../../src/k8s/types.js";

/** upstream `controller.FilterActivePods`, keeping the input order. */
export function filterActivePods(pods: readonly Pod[]): Pod[] {
  return pods.filter(isPodActive);
}

/** upstream `countReadyPods`. */
export function countReadyPods(pods: readonly Pod[]): number {
  return pods.filter(isPodReady).length;
}

/** upstream `controller.CountTerminatingPods`. */
export function countTerminatingPods(pods: readonly Pod[]): number {
  return pods.filter(isPodTerminating).length;
}

/** What upstream's syncJobCtx holds that the filters read. */
export interface FilterContext {
  job: Job;
  pods: readonly Pod[];
  uncounted: { succeeded: ReadonlySet<string>; failed: ReadonlySet<string> };
  expectedRmFinalizers: ReadonlySet<string>;
}

/**
 * upstream `getValidPodsWithFilter`: pods still carrying the tracking finalizer, not yet in the
 * uncounted list, with no finalizer removal expected, with a valid index for Indexed Jobs, that
 * pass `filter`.
 */
export function getValidPodsWithFilter(
  ctx: FilterContext,
  uncounted: ReadonlySet<string>,
  filter: (p: Pod) => boolean,
): Pod[] {
  const result: Pod[] = [];
  for (const p of ctx.pods) {
    const uid = p.metadata.uid;
    if (!hasJobTrackingFinalizer(p) || uncounted.has(uid) || ctx.expectedRmFinalizers.has(uid)) continue;
    if (isIndexedJob(ctx.job) && !hasValidIndex(p, ctx.job.spec.completions ?? 0)) continue;
    if (filter(p)) result.push(p);
  }
  return result;
}

/** upstream `getNewFinishedPods`. */
export function getNewFinishedPods(
  ctx: FilterContext,
  gates: FeatureGates,
): { succeeded: Pod[]; failed: Pod[] } {
  return {
    succeeded: getValidPodsWithFilter(ctx, ctx.uncounted.succeeded, (p) => p.status.phase === "Succeeded"),
    failed: getValidPodsWithFilter(ctx, ctx.uncounted.failed, (p) => isPodFailed(p, ctx.job, gates)),
  };
}
