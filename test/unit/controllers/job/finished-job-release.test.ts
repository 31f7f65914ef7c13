import { describe, expect, it } from "vitest";
import { TALLY_MIN_PARALLELISM } from "../../../../src/controllers/job/controller.js";
import { Priority } from "../../../../src/engine/priorities.js";
import { Simulator } from "../../../../src/engine/simulator.js";
import { ApiStore } from "../../../../src/k8s/store.js";
import type { Job, Pod } from "../../../../src/k8s/types.js";
import { RandomStreams } from "../../../../src/rand/streams.js";
import { newJob, REFERENCE_TIME } from "../../../helpers/job-builders.js";
import { wireJobController } from "../../../helpers/job-controller-rig.js";

const MINUTE = 60_000;

/**
 * The Job controller wired as run.ts wires it, with a stand-in kubelet that ends every pod a
 * minute after it is created: Succeeded, or Failed for Jobs whose index is in `failing`.
 */
function cluster(qps: number | null) {
  const sim = new Simulator(REFERENCE_TIME);
  const store = new ApiStore(sim);
  const { podControl, controller } = wireJobController(sim, store, new RandomStreams(1), qps);
  const failing = new Set<string>();
  const end = (pod: unknown): void => {
    const p = pod as Pod;
    const job = p.metadata.ownerReferences[0]?.name ?? "";
    store.updatePod(p.metadata.namespace, p.metadata.name, (q) => {
      q.status.phase = failing.has(job) ? "Failed" : "Succeeded";
    });
  };
  store.subscribe({
    onPod(type, _old, pod) {
      if (type === "ADDED") sim.after(MINUTE, Priority.podTransition, end, pod);
    },
  });
  return { sim, store, podControl, controller, failing };
}

function job(i: number, backoffLimit: number): Job {
  // Parallel enough to keep a pod tally, though it has one pod to run.
  const j = newJob({ backoffLimit, parallelism: TALLY_MIN_PARALLELISM });
  const name = `one-pod-${i}`;
  j.metadata.name = name;
  j.metadata.uid = `uid-${i}`;
  j.spec.selector = { matchLabels: { job: name } };
  j.spec.template = { ...j.spec.template, metadata: { labels: { job: name }, annotations: {} } };
  return j;
}

describe("a finished Job releases the Job controller's per-Job state", () => {
  for (const qps of [null, 5]) {
    it(`50 one-pod Jobs one after another leave no keys, expectations, backoff records, pod tallies or name streams (qps ${qps})`, () => {
      const c = cluster(qps);
      const N = 50;
      for (let i = 0; i < N; i++) {
        // Every third Job fails: its pod fails with backoffLimit 0, so it had a backoff record.
        if (i % 3 === 0) c.failing.add(`one-pod-${i}`);
        c.sim.at(REFERENCE_TIME + i * 2 * MINUTE, Priority.podTransition, () => {
          c.store.createJob(job(i, 0));
        });
      }
      let peakStreams = 0;
      let peakTallies = 0;
      c.store.subscribe({
        onPod: () => {
          peakStreams = Math.max(peakStreams, c.podControl.nameStreamCount);
          peakTallies = Math.max(peakTallies, c.controller.retainedState().podTallies);
        },
      });
      c.sim.runUntil(REFERENCE_TIME + (N * 2 + 10) * MINUTE);

      const jobs = c.store.listJobs();
      expect(jobs).toHaveLength(N);
      const finished = jobs.filter((j) =>
        j.status.conditions.some(
          (k) => (k.type === "Complete" || k.type === "Failed") && k.status === "True",
        ),
      );
      expect(finished).toHaveLength(N);
      expect(jobs.filter((j) => j.status.failed > 0)).toHaveLength(17);
      // The state existed while the Jobs ran ...
      expect(peakStreams).toBeGreaterThan(0);
      expect(peakTallies).toBeGreaterThan(0);
      // ... and none of it outlives them.
      expect(c.controller.retainedState()).toEqual({
        queueKeys: 0,
        expectations: 0,
        finalizerExpectations: 0,
        backoffRecords: 0,
        podTallies: 0,
      });
      expect(c.podControl.nameStreamCount).toBe(0);
      // The store keeps the Jobs and their pods, as the API server does, but no empty index.
      expect(c.store.ownersWithUnsettledPods).toBe(0);
    });
  }
});
