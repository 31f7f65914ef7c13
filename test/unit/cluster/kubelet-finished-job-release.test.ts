/**
 * The kubelet forgets a finished Job's per-Job records (attempt numbering, the per-template
 * record with its copy of the Job) once none of its pods is waiting, running or stopping on the
 * node, as the pod-name streams of store-pod-control.ts go when the Job is seen finished.
 */
import { describe, expect, it } from "vitest";
import { Kubelet } from "../../../src/cluster/kubelet.js";
import { Cluster } from "../../../src/cluster/scheduler.js";
import { Priority } from "../../../src/engine/priorities.js";
import { Simulator } from "../../../src/engine/simulator.js";
import { ApiStore } from "../../../src/k8s/store.js";
import type { Job } from "../../../src/k8s/types.js";
import { RandomStreams } from "../../../src/rand/streams.js";
import { newJob } from "../../helpers/job-builders.js";
import { wireJobController } from "../../helpers/job-controller-rig.js";
import { oneJob, scenarioFromText } from "../../helpers/scenario.js";

const MINUTE = 60_000;

/** Every pod's attempt 0 fails after 30 s, attempt 1 succeeds after a minute. */
const spec = scenarioFromText(
  oneJob(
    "  workloads: [{match: {}, script: [{exitCode: 1, after: 30s}, {exitCode: 0, after: 1m}]}]",
    "  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: busybox}]",
  ),
).simulation;

function cluster() {
  const sim = new Simulator(spec.start);
  const store = new ApiStore(sim);
  const streams = new RandomStreams(1);
  const kubelet = new Kubelet(
    sim,
    store,
    new Cluster(100, spec.cluster.nodes, sim, spec.start),
    streams,
    spec,
  );
  store.subscribe(kubelet);
  wireJobController(sim, store, streams, null);
  return { sim, store, kubelet };
}

/** Even i: one NonIndexed pod; odd i: an Indexed Job of two pods. */
function job(i: number): Job {
  const indexed = i % 2 === 1;
  const j = newJob({
    backoffLimit: 3,
    completions: indexed ? 2 : 1,
    parallelism: indexed ? 2 : 1,
    completionMode: indexed ? "Indexed" : "NonIndexed",
  });
  const name = `job-${i}`;
  j.metadata.name = name;
  j.metadata.uid = `uid-${i}`;
  j.spec.selector = { matchLabels: { job: name } };
  j.spec.template = { ...j.spec.template, metadata: { labels: { job: name }, annotations: {} } };
  return j;
}

describe("the kubelet releases a finished Job's per-Job records", () => {
  it("20 Jobs one after another (each pod failing once, then succeeding) leave none", () => {
    const c = cluster();
    const N = 20;
    for (let i = 0; i < N; i++) {
      c.sim.at(spec.start + i * 10 * MINUTE, Priority.podTransition, () => c.store.createJob(job(i)));
    }
    let peak = 0;
    c.store.subscribe({
      onPod: () => {
        const held = c.kubelet.perJobRecordCount;
        peak = Math.max(peak, held.attemptCounters + held.perJob);
      },
    });
    c.sim.runUntil(spec.start + (N * 10 + 10) * MINUTE);

    const jobs = c.store.listJobs();
    expect(jobs).toHaveLength(N);
    // Every pod's first attempt failed and its retry (attempt 1, numbered by the kubelet) succeeded.
    for (const j of jobs) {
      const pods = j.spec.completionMode === "Indexed" ? 2 : 1;
      expect([j.status.succeeded, j.status.failed]).toEqual([pods, pods]);
      expect(j.status.conditions.some((k) => k.type === "Complete" && k.status === "True")).toBe(true);
    }
    // The records existed while the Jobs ran ...
    expect(peak).toBeGreaterThan(0);
    // ... and none outlives them.
    expect(c.kubelet.perJobRecordCount).toEqual({ attemptCounters: 0, perJob: 0, podsOnNodeByJob: 0 });
  });

  it("keeps a running Job's records (its next attempt goes on counting)", () => {
    const c = cluster();
    c.store.createJob(job(0));
    // Attempt 0 failed at 30 s; the replacement pod runs attempt 1 until 30 s + backoff + 1 min.
    c.sim.runUntil(spec.start + 75_000);
    expect(c.kubelet.perJobRecordCount).toEqual({ attemptCounters: 1, perJob: 1, podsOnNodeByJob: 1 });
  });
});
