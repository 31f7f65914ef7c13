import { describe, expect, it } from "vitest";
import { setConditions } from "../../../src/cluster/pod-status.js";
import { Simulator } from "../../../src/engine/simulator.js";
import { ApiStore } from "../../../src/k8s/store.js";
import { NAME_SUFFIX_ALPHABET } from "../../../src/k8s/store-pod-control.js";
import { JOB_TRACKING_FINALIZER, type Job } from "../../../src/k8s/types.js";
import { RandomStreams } from "../../../src/rand/streams.js";
import { newJob, REFERENCE_TIME } from "../../helpers/job-builders.js";
import { wireJobController } from "../../helpers/job-controller-rig.js";

function createPods(n: number) {
  const sim = new Simulator(REFERENCE_TIME);
  const store = new ApiStore(sim);
  const { podControl } = wireJobController(sim, store, new RandomStreams(7), null);
  const job = store.createJob(newJob()) as Job;
  for (let i = 0; i < n; i++) podControl.createPod(job, job.spec.template, "foobar-", null, {});
  return { store, job, pods: store.unsettledPodsOwnedBy(job.metadata.uid) };
}

describe("StorePodControl creating a Job's pods", () => {
  it("names them <generateName><5 characters>, drawn in order from the Job's pod-name stream", () => {
    const { pods } = createPods(3);
    const rng = new RandomStreams(7).get("pod-name/default/foobar");
    const expected = pods.map(() => {
      let suffix = "";
      for (let i = 0; i < 5; i++) suffix += NAME_SUFFIX_ALPHABET[rng.int(NAME_SUFFIX_ALPHABET.length)];
      return `foobar-${suffix}`;
    });
    expect(pods.map((p) => p.metadata.name)).toEqual(expected);
  });

  it("gives them one shared, frozen controller reference; a write to one pod leaves the others as they were", () => {
    const { store, job, pods } = createPods(2);
    const [a, b] = pods as [(typeof pods)[0], (typeof pods)[0]];
    expect(a.metadata.ownerReferences).toBe(b.metadata.ownerReferences);
    expect(a.metadata.ownerReferences).toEqual([
      {
        apiVersion: "batch/v1",
        kind: "Job",
        name: job.metadata.name,
        uid: job.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(Object.isFrozen(a.metadata.ownerReferences)).toBe(true);
    expect(Object.isFrozen(a.metadata.ownerReferences[0])).toBe(true);

    store.removePodFinalizer("default", a.metadata.name, JOB_TRACKING_FINALIZER);
    store.updatePod("default", a.metadata.name, (p) => {
      p.status.phase = "Running";
      setConditions(p, { type: "Ready", status: "True", reason: null, lastTransitionTime: REFERENCE_TIME });
    });
    const after = store.getPod("default", a.metadata.name)!;
    expect(after.metadata.finalizers).toEqual([]);
    expect(after.status.conditions.map((c) => c.type)).toEqual(["Ready"]);
    const other = store.getPod("default", b.metadata.name)!;
    expect(other.metadata.finalizers).toEqual([JOB_TRACKING_FINALIZER]);
    expect(other.status.conditions).toEqual([]);
    expect(other.status.containerStatuses).toEqual([]);
  });
});
