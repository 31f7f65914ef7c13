/**
 * syncJob given a pod tally (the controller's way: counts in the steady state, the pod list
 * otherwise) makes the same sync as syncJob given the pod list, on random Jobs and pods: the
 * same result, status writes, pod creations, deletions and finalizer patches, events,
 * expectations and backoff record.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { JobPods } from "../../src/controllers/job/job-pods.js";
import { PodTally } from "../../src/controllers/job/pod-tally.js";
import { syncJob } from "../../src/controllers/job/sync-job.js";
import { defaultFeatureGates } from "../../src/k8s/feature-gates.js";
import type { Job, JobConditionType, Pod, PodPhase } from "../../src/k8s/types.js";
import {
  buildPod,
  JOB_KEY,
  newJob,
  newTestController,
  REFERENCE_TIME,
  type TestController,
  withGates,
} from "../helpers/job-builders.js";

const PHASES: readonly PodPhase[] = ["Pending", "Running", "Succeeded", "Failed", "Unknown"];

const podArb = fc.record({
  phase: fc.constantFrom(...PHASES),
  ready: fc.boolean(),
  deleting: fc.boolean(),
  finalizer: fc.boolean(),
  bound: fc.boolean(),
  createdAgo: fc.nat(3),
  uncounted: fc.constantFrom("no", "no", "no", "succeeded", "failed"),
  removalExpected: fc.boolean(),
});

const caseArb = fc.record({
  completions: fc.option(fc.integer({ min: 1, max: 8 }), { nil: null, freq: 8 }),
  parallelism: fc.nat(6),
  backoffLimit: fc.nat(4),
  indexed: fc.boolean(),
  suspend: fc.boolean(),
  onFailure: fc.boolean(),
  replaceFailedOnly: fc.boolean(),
  podReplacementGate: fc.boolean(),
  activeDeadlineSeconds: fc.option(fc.constantFrom(10, 1000), { nil: null }),
  succeeded: fc.nat(8),
  failed: fc.nat(5),
  condition: fc.constantFrom<JobConditionType | null>(
    null,
    null,
    null,
    null,
    "FailureTarget",
    "SuccessCriteriaMet",
  ),
  jobDeleting: fc.boolean(),
  pendingCreations: fc.boolean(),
  failWrites: fc.boolean(),
  pods: fc.array(podArb, { maxLength: 10 }),
  /** Leave out the settings that always need the pod list (half of the cases) ... */
  steady: fc.boolean(),
  /** ... but for at most one of them. */
  keep: fc.constantFrom(
    "none",
    "none",
    "indexed",
    "suspend",
    "onFailure",
    "deadline",
    "condition",
    "uncounted",
    "deleting",
  ),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

/** A Job and its pods as `c` describes them. */
function setUp(input: Case): { job: Job; pods: Pod[]; removals: string[] } {
  const k = input.keep;
  const c: Case = input.steady
    ? {
        ...input,
        indexed: k === "indexed" && input.indexed,
        suspend: k === "suspend",
        onFailure: k === "onFailure",
        activeDeadlineSeconds: k === "deadline" ? input.activeDeadlineSeconds : null,
        condition: k === "condition" ? input.condition : null,
        jobDeleting: k === "deleting" && input.jobDeleting,
        completions: (input.completions ?? 8) + 4,
        succeeded: input.succeeded % 2,
        failed: Math.min(input.failed, input.backoffLimit),
        pods: k === "uncounted" ? input.pods : input.pods.map((p) => ({ ...p, uncounted: "no" })),
      }
    : input;
  const job = newJob({
    completions: c.completions,
    parallelism: c.parallelism,
    backoffLimit: c.backoffLimit,
    completionMode: c.indexed ? "Indexed" : "NonIndexed",
    suspend: c.suspend,
    restartPolicy: c.onFailure ? "OnFailure" : "Never",
    podReplacementPolicy: c.replaceFailedOnly ? "Failed" : "TerminatingOrFailed",
    activeDeadlineSeconds: c.activeDeadlineSeconds,
  });
  job.status.startTime = c.activeDeadlineSeconds === null ? null : REFERENCE_TIME - 60_000;
  job.status.succeeded = c.succeeded;
  job.status.failed = c.failed;
  if (c.condition !== null)
    job.status.conditions.push({
      type: c.condition,
      status: "True",
      reason: "Test",
      message: "test",
      lastProbeTime: REFERENCE_TIME,
      lastTransitionTime: REFERENCE_TIME,
    });
  if (c.jobDeleting) job.metadata.deletionTimestamp = REFERENCE_TIME;
  const removals: string[] = [];
  const pods = c.pods.map((p, i) => {
    const b = buildPod()
      .name(`pod-${i}`)
      .job(job)
      .phase(p.phase)
      .ready(p.ready)
      .trackingFinalizer(p.finalizer)
      .creationTimestamp(REFERENCE_TIME - p.createdAgo * 1000)
      .nodeName(p.bound ? "node-1" : null);
    if (p.deleting) b.deletionTimestamp(REFERENCE_TIME);
    if (job.spec.completionMode === "Indexed") b.index(String(i % 4));
    const pod = b.build();
    if (p.uncounted === "succeeded") job.status.uncountedTerminatedPods.succeeded.push(pod.metadata.uid);
    if (p.uncounted === "failed") job.status.uncountedTerminatedPods.failed.push(pod.metadata.uid);
    if (p.removalExpected) removals.push(pod.metadata.uid);
    return pod;
  });
  return { job, pods, removals };
}

function controller(c: Case, removals: readonly string[]): TestController {
  const gates = withGates(defaultFeatureGates, { JobPodReplacementPolicy: c.podReplacementGate });
  const h = newTestController(gates);
  if (c.pendingCreations && !c.jobDeleting) h.deps.expectations.expectCreations(JOB_KEY, 1);
  if (removals.length > 0) h.deps.finalizerExpectations?.expectFinalizersRemoved(JOB_KEY, removals);
  if (c.failWrites) h.podControl.err = new Error("injected");
  return h;
}

/** Everything a sync did, for comparison. */
function observed(h: TestController, result: ReturnType<typeof syncJob>) {
  return {
    requeueAfter: result.requeueAfter,
    error: result.error?.message ?? null,
    statusChanged: result.statusChanged,
    writes: h.writes,
    creates: h.podControl.creates,
    deletes: h.podControl.deletePodNames,
    patches: h.podControl.patches,
    events: h.recorder.events,
    satisfied: h.deps.expectations.satisfiedExpectations(JOB_KEY),
    expectedRemovals: [...(h.deps.finalizerExpectations?.getExpectedUIDs(JOB_KEY) ?? [])].sort(),
    backoff: h.deps.backoffStore.get(JOB_KEY) ?? null,
  };
}

describe("syncJob on pod counts makes the same sync as on the pod list", () => {
  it("on random Jobs and pods", () => {
    let onCounts = 0;
    let runs = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        const { job, pods, removals } = setUp(c);

        const listed = controller(c, removals);
        const expected = observed(
          listed,
          syncJob(listed.deps, JOB_KEY, structuredClone(job), structuredClone(pods)),
        );

        const tallied = controller(c, removals);
        const own = structuredClone(pods);
        let lists = 0;
        const source: JobPods = {
          list: () => {
            lists++;
            return own;
          },
          tally: () => PodTally.of(own),
        };
        const got = observed(tallied, syncJob(tallied.deps, JOB_KEY, structuredClone(job), source));

        expect(got).toEqual(expected);
        runs++;
        if (lists === 0) onCounts++;
      }),
      { seed: 34, numRuns: 1500 },
    );
    // Both ways were taken often (the property says nothing if counts were never used).
    expect(onCounts).toBeGreaterThan(runs / 10);
    expect(onCounts).toBeLessThan(runs);
  });
});
