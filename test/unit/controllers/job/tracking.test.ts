/**
 * Ported from upstream job_controller_test.go `TestTrackJobStatusAndRemoveFinalizers`
 * (the finalizer-based "uncounted" counting): the counting step alone, on a hand-built sync context.
 */
import { describe, expect, it } from "vitest";
import { newCondition } from "../../../../src/controllers/job/conditions.js";
import { calculateSucceededIndexes } from "../../../../src/controllers/job/indexed.js";
import type { SyncJobCtx } from "../../../../src/controllers/job/manage-job.js";
import { hasJobTrackingFinalizer } from "../../../../src/controllers/job/pod-utils.js";
import { trackJobStatusAndRemoveFinalizers } from "../../../../src/controllers/job/tracking.js";
import type { Job, JobCondition, Pod } from "../../../../src/k8s/types.js";
import {
  buildPod,
  FAR_PAST,
  JOB_KEY,
  legacyGates,
  newJob,
  newTestController,
  REFERENCE_TIME,
  summarize,
} from "../../../helpers/job-builders.js";
import { filterActivePods } from "../../../helpers/upstream-pod-filters.js";

function ctxFor(job: Job, pods: Pod[], finishedCondition: JobCondition | null = null): SyncJobCtx {
  const indexed = job.spec.completionMode === "Indexed";
  const succeeded = indexed ? calculateSucceededIndexes(job, pods, hasJobTrackingFinalizer) : null;
  return {
    job,
    key: JOB_KEY,
    pods,
    activePods: filterActivePods(pods),
    active: filterActivePods(pods).length,
    finishedCondition,
    succeeded: 0,
    failed: 0,
    newBackoffRecord: { failuresAfterLastSuccess: 0, lastFailureTime: null },
    expectedRmFinalizers: new Set(),
    uncounted: {
      succeeded: new Set(job.status.uncountedTerminatedPods.succeeded),
      failed: new Set(job.status.uncountedTerminatedPods.failed),
    },
    terminating: null,
    ready: 0,
    prevSucceededIndexes: succeeded?.prev ?? [],
    succeededIndexes: succeeded?.result ?? [],
    failedIndexes: null,
    podsWithDelayedDeletionPerIndex: new Map(),
  };
}

const pod = (name: string) => buildPod().name(name).finishedAt(FAR_PAST);

describe("TestTrackJobStatusAndRemoveFinalizers", () => {
  it("indexed job past and new pods", () => {
    const h = newTestController(legacyGates);
    const job = newJob({ completionMode: "Indexed", completions: 7, parallelism: 1 });
    Object.assign(job.status, { succeeded: 5, failed: 2, completedIndexes: "0-2,4,6,7" });
    const pods = [
      pod("a0").index("0").phase("Succeeded").trackingFinalizer(false).build(),
      pod("a1").index("1").phase("Failed").trackingFinalizer(false).build(),
      pod("b1").index("1").phase("Succeeded").build(),
      pod("c3").index("3").phase("Succeeded").build(),
      pod("a").index("2").phase("Failed").build(),
      pod("b").index("5").phase("Failed").build(),
    ];
    const err = trackJobStatusAndRemoveFinalizers(h.deps, ctxFor(job, pods), false, { count: 0 });
    expect(err).toBeNull();
    const last = h.writes.at(-1)!;
    expect(last.status).toMatchObject({ succeeded: 6, completedIndexes: "0-4,6", failed: 4 });
    expect(last.status.uncountedTerminatedPods).toEqual({ succeeded: [], failed: [] });
    expect(h.podControl.patches).toHaveLength(4);
  });

  it("indexed job prev successful pods outside current completions index range with no new succeeded pods", () => {
    const h = newTestController(legacyGates);
    const job = newJob({ completionMode: "Indexed", completions: 2, parallelism: 2 });
    Object.assign(job.status, { succeeded: 1, completedIndexes: "3" });
    const pods = [pod("a").index("0").phase("Running").build(), pod("b").index("1").phase("Running").build()];
    trackJobStatusAndRemoveFinalizers(h.deps, ctxFor(job, pods), false, { count: 0 });
    expect(h.writes.at(-1)!.status).toMatchObject({ succeeded: 0, completedIndexes: "" });
    expect(h.podControl.patches).toHaveLength(0);
  });

  it("too many finished", () => {
    const h = newTestController(legacyGates);
    const job = newJob({ completions: 1000, parallelism: 1 });
    job.status.uncountedTerminatedPods.failed = ["a", "b"];
    const pods: Pod[] = [];
    for (let i = 0; i < 500; i++)
      pods.push(
        pod(`s${String(i).padStart(3, "0")}`)
          .phase("Succeeded")
          .build(),
      );
    pods.push(pod("b").phase("Failed").build());
    trackJobStatusAndRemoveFinalizers(h.deps, ctxFor(job, pods), false, { count: 0 });
    expect(h.writes).toHaveLength(2);
    const [first, second] = h.writes as [Job, Job];
    expect(first.status.uncountedTerminatedPods.succeeded).toHaveLength(499);
    expect(first.status.uncountedTerminatedPods.failed).toEqual(["b"]);
    expect(first.status.failed).toBe(1);
    expect(second.status).toMatchObject({ succeeded: 499, failed: 1 });
    expect(second.status.uncountedTerminatedPods).toEqual({ succeeded: [], failed: ["b"] });
    expect(h.podControl.patches).toHaveLength(499);
  });

  it("pod flips from failed to succeeded", () => {
    const h = newTestController(legacyGates);
    const job = newJob({ completions: 2, parallelism: 2 });
    job.status.uncountedTerminatedPods.failed = ["a", "b"];
    const pods = [pod("a").phase("Failed").build(), pod("b").phase("Succeeded").build()];
    const failed = newCondition("Failed", "True", "", "", REFERENCE_TIME);
    trackJobStatusAndRemoveFinalizers(h.deps, ctxFor(job, pods, failed), false, { count: 0 });
    const last = h.writes.at(-1)!;
    expect(last.status).toMatchObject({ failed: 2, succeeded: 0 });
    expect(summarize(last.status.conditions)).toEqual([
      { type: "Failed", status: "True", reason: "", message: "" },
    ]);
  });
});
