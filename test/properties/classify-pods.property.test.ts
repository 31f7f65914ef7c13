/**
 * classifyPods (one walk) equals upstream's helpers (one walk each) on random pod sets:
 * FilterActivePods, countReadyPods(activePods), CountTerminatingPods, getNewFinishedPods, and
 * the finished pods trackJobStatusAndRemoveFinalizers may count (finalizer on, no removal in
 * flight, Succeeded or isPodFailed).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classifyPods } from "../../src/controllers/job/classify-pods.js";
import { hasJobTrackingFinalizer, isPodFailed } from "../../src/controllers/job/pod-utils.js";
import { defaultFeatureGates } from "../../src/k8s/feature-gates.js";
import type { PodPhase } from "../../src/k8s/types.js";
import { buildPod, newJob, REFERENCE_TIME, withGates } from "../helpers/job-builders.js";
import {
  countReadyPods,
  countTerminatingPods,
  filterActivePods,
  getNewFinishedPods,
} from "../helpers/upstream-pod-filters.js";

const PHASES: readonly PodPhase[] = ["Pending", "Running", "Succeeded", "Failed", "Unknown"];

const podArb = fc.record({
  phase: fc.constantFrom(...PHASES),
  ready: fc.boolean(),
  deleting: fc.boolean(),
  finalizer: fc.boolean(),
  /** An index annotation: valid, out of range, or not a number. */
  index: fc.option(fc.constantFrom("0", "1", "2", "3", "7", "-1", "x"), { nil: null }),
  uncountedSucceeded: fc.boolean(),
  uncountedFailed: fc.boolean(),
  removalExpected: fc.boolean(),
});

const scenarioArb = fc.record({
  indexed: fc.boolean(),
  completions: fc.integer({ min: 1, max: 4 }),
  replaceFailedOnly: fc.boolean(),
  podReplacementGate: fc.boolean(),
  pods: fc.array(podArb, { maxLength: 12 }),
});

describe("classifyPods equals upstream's pod filters", () => {
  it("on random pod sets", () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const job = newJob({
          completions: s.completions,
          completionMode: s.indexed ? "Indexed" : "NonIndexed",
          podReplacementPolicy: s.replaceFailedOnly ? "Failed" : "TerminatingOrFailed",
        });
        const gates = withGates(defaultFeatureGates, { JobPodReplacementPolicy: s.podReplacementGate });
        const uncounted = { succeeded: new Set<string>(), failed: new Set<string>() };
        const expectedRmFinalizers = new Set<string>();
        const pods = s.pods.map((p, i) => {
          const uid = `uid-${i}`;
          if (p.uncountedSucceeded) uncounted.succeeded.add(uid);
          if (p.uncountedFailed) uncounted.failed.add(uid);
          if (p.removalExpected) expectedRmFinalizers.add(uid);
          let b = buildPod()
            .uid(uid)
            .name(`pod-${i}`)
            .job(job)
            .phase(p.phase)
            .ready(p.ready)
            .trackingFinalizer(p.finalizer);
          if (p.deleting) b = b.deletionTimestamp(REFERENCE_TIME);
          if (p.index !== null) b = b.index(p.index);
          return b.build();
        });

        const got = classifyPods(job, pods, gates, uncounted, expectedRmFinalizers);

        const active = filterActivePods(pods);
        const finished = getNewFinishedPods({ job, pods, uncounted, expectedRmFinalizers }, gates);
        expect(got.activePods).toEqual(active);
        expect(got.ready).toBe(countReadyPods(active));
        expect(got.terminating).toBe(countTerminatingPods(pods));
        expect(got.newSucceeded).toEqual(finished.succeeded);
        expect(got.newFailed).toEqual(finished.failed);
        expect(got.finishedWithFinalizer).toEqual(
          pods.filter(
            (p) =>
              hasJobTrackingFinalizer(p) &&
              !expectedRmFinalizers.has(p.metadata.uid) &&
              (p.status.phase === "Succeeded" || isPodFailed(p, job, gates)),
          ),
        );
      }),
      { seed: 12, numRuns: 3000 },
    );
  });
});
