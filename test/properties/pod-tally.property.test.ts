/**
 * A Job's pod tally, kept from the store's pod writes, equals upstream's pod filters over the
 * pods syncJob would list (the store's unsettled pods of the Job) after any history of pod
 * creations, binding, phase and readiness changes, deletions and finalizer removals, in any
 * order, with the tally started at any point of it: FilterActivePods (count), countReadyPods,
 * CountTerminatingPods, getNewFinishedPods and the finished pods with the tracking finalizer.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classifyTallied } from "../../src/controllers/job/classify-pods.js";
import { PodTallies } from "../../src/controllers/job/pod-tally.js";
import { hasJobTrackingFinalizer, isPodFailed, isPodTerminal } from "../../src/controllers/job/pod-utils.js";
import { FakeClock } from "../../src/engine/clock.js";
import { defaultFeatureGates } from "../../src/k8s/feature-gates.js";
import { ApiStore } from "../../src/k8s/store.js";
import { JOB_TRACKING_FINALIZER, type Job, type Pod } from "../../src/k8s/types.js";
import { buildPod, newJob, REFERENCE_TIME, withGates } from "../helpers/job-builders.js";
import {
  countReadyPods,
  countTerminatingPods,
  filterActivePods,
  getNewFinishedPods,
} from "../helpers/upstream-pod-filters.js";

const OTHER_FINALIZER = "example.com/keep";

type Op =
  | { op: "create"; bound: boolean; otherFinalizer: boolean }
  | { op: "bind"; pod: number }
  | { op: "run"; pod: number; unknown: boolean }
  | { op: "ready"; pod: number; ready: boolean }
  | { op: "finish"; pod: number; succeeded: boolean }
  | { op: "delete"; pod: number }
  | { op: "removeFinalizer"; pod: number; tracking: boolean }
  | { op: "startTally" };

const pod = fc.nat(40);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ op: fc.constant("create"), bound: fc.boolean(), otherFinalizer: fc.boolean() }),
  },
  fc.record({ op: fc.constant("bind"), pod }),
  fc.record({ op: fc.constant("run"), pod, unknown: fc.boolean() }),
  { weight: 2, arbitrary: fc.record({ op: fc.constant("ready"), pod, ready: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("finish"), pod, succeeded: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("delete"), pod }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("removeFinalizer"), pod, tracking: fc.boolean() }) },
  fc.record({ op: fc.constant("startTally") }),
) as fc.Arbitrary<Op>;

const historyArb = fc.record({
  ops: fc.array(opArb, { maxLength: 60 }),
  replaceFailedOnly: fc.boolean(),
  podReplacementGate: fc.boolean(),
  /** Bits choosing which pods are in uncountedTerminatedPods and which have a removal in flight. */
  uncountedSucceeded: fc.nat(),
  uncountedFailed: fc.nat(),
  removalExpected: fc.nat(),
  end: fc.constantFrom("keep", "Background", "Orphan"),
  /** The Job carries a finalizer of its own, so a deleted Job stays while its pods go. */
  jobFinalizer: fc.boolean(),
});

/** The pods of the history, by creation number, whatever the store did with them. */
function apply(store: ApiStore, clock: FakeClock, job: Job, names: string[], o: Op): void {
  const ns = job.metadata.namespace;
  const name = names.length === 0 ? "" : names[("pod" in o ? o.pod : 0) % names.length]!;
  const current = store.getPod(ns, name);
  const live = current !== undefined && !isPodTerminal(current);
  switch (o.op) {
    case "create": {
      const b = buildPod().name(`p-${names.length}`).job(job).trackingFinalizer(true);
      if (o.bound) b.nodeName("node-1");
      const p = b.build();
      p.metadata.uid = "";
      if (o.otherFinalizer) p.metadata.finalizers.push(OTHER_FINALIZER);
      store.createPod(p);
      names.push(p.metadata.name);
      return;
    }
    case "bind":
      if (live && current.spec.nodeName === null)
        store.updatePod(ns, name, (p) => {
          p.spec = { ...p.spec, nodeName: "node-1" };
        });
      return;
    case "run":
      if (live)
        store.updatePod(ns, name, (p) => {
          p.status.phase = o.unknown ? "Unknown" : "Running";
        });
      return;
    case "ready":
      if (live)
        store.updatePod(ns, name, (p) => {
          const others = p.status.conditions.filter((c) => c.type !== "Ready");
          p.status.conditions = [
            ...others,
            {
              type: "Ready",
              status: o.ready ? "True" : "False",
              reason: null,
              lastTransitionTime: clock.now(),
            },
          ];
        });
      return;
    case "finish":
      if (live)
        store.updatePod(ns, name, (p) => {
          p.status.phase = o.succeeded ? "Succeeded" : "Failed";
        });
      return;
    case "delete":
      if (current !== undefined) store.deletePod(ns, name, 30);
      return;
    case "removeFinalizer":
      if (current !== undefined)
        store.removePodFinalizer(ns, name, o.tracking ? JOB_TRACKING_FINALIZER : OTHER_FINALIZER);
      return;
    case "startTally":
      return;
  }
}

/** The UIDs of `pods` whose creation number has its bit set in `bits`. */
function uidsByBits(pods: readonly Pod[], bits: number): Set<string> {
  return new Set(
    pods.filter((p) => (bits >>> (Number(p.metadata.name.slice(2)) % 31)) & 1).map((p) => p.metadata.uid),
  );
}

describe("a Job's pod tally equals upstream's filters over the Job's listed pods", () => {
  it("after random pod histories", () => {
    fc.assert(
      fc.property(historyArb, (h) => {
        const clock = new FakeClock(REFERENCE_TIME);
        const store = new ApiStore(clock);
        const tallies = new PodTallies();
        store.subscribe(tallies);
        const spec = newJob({
          parallelism: 5,
          podReplacementPolicy: h.replaceFailedOnly ? "Failed" : "TerminatingOrFailed",
        });
        if (h.jobFinalizer) spec.metadata.finalizers.push(OTHER_FINALIZER);
        const job = store.createJob(spec) as Job;
        const gates = withGates(defaultFeatureGates, { JobPodReplacementPolicy: h.podReplacementGate });
        const uid = job.metadata.uid;
        const listed = () => store.unsettledPodsOwnedBy(uid);
        const names: string[] = [];
        let started = false;
        const check = (): void => {
          const tally = tallies.of(job, () => {
            throw new Error("the tally was dropped while its Job runs");
          });
          const pods = listed();
          const active = filterActivePods(pods);
          expect(tally.active).toBe(active.length);
          expect(tally.ready).toBe(countReadyPods(active));
          expect(tally.terminating).toBe(countTerminatingPods(pods));
          const uncounted = {
            succeeded: uidsByBits(pods, h.uncountedSucceeded),
            failed: uidsByBits(pods, h.uncountedFailed),
          };
          const expectedRmFinalizers = uidsByBits(pods, h.removalExpected);
          const got = classifyTallied(job, tally, gates, uncounted, expectedRmFinalizers);
          const finished = getNewFinishedPods({ job, pods, uncounted, expectedRmFinalizers }, gates);
          expect(got.active).toBe(active.length);
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
        };
        for (const o of h.ops) {
          clock.setTime(clock.now() + 1000);
          apply(store, clock, job, names, o);
          if (o.op === "startTally") {
            tallies.of(job, listed);
            started = true;
          }
          if (!started) continue;
          check();
        }
        // A deleted Job's tally goes with it, whatever became of its pods.
        if (h.end === "keep") return;
        store.deleteJob(job.metadata.namespace, job.metadata.name, h.end);
        if (store.getJob(job.metadata.namespace, job.metadata.name) === undefined) {
          expect(tallies.size).toBe(0);
        } else if (started) {
          // Held by another finalizer: its pods were orphaned or are being deleted.
          check();
        }
      }),
      { seed: 16, numRuns: 600 },
    );
  });

  it("a finished Job's tally is dropped", () => {
    const clock = new FakeClock(REFERENCE_TIME);
    const store = new ApiStore(clock);
    const tallies = new PodTallies();
    store.subscribe(tallies);
    const job = store.createJob(newJob()) as Job;
    tallies.of(job, () => []);
    expect(tallies.size).toBe(1);
    const done = structuredClone(job);
    done.status.conditions.push({
      type: "Complete",
      status: "True",
      reason: "",
      message: "",
      lastProbeTime: clock.now(),
      lastTransitionTime: clock.now(),
    });
    store.updateJobStatus(done);
    expect(tallies.size).toBe(0);
  });
});
