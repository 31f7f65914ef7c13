import { describe, expect, it } from "vitest";
import { FakeClock } from "../../../src/engine/clock.js";
import { copyJobForStatusSync } from "../../../src/k8s/clone.js";
import { jobFromManifest } from "../../../src/k8s/job-factory.js";
import { buildPodFromTemplate } from "../../../src/k8s/pod-control.js";
import { ApiStore, type WatchType } from "../../../src/k8s/store.js";
import type { Pod } from "../../../src/k8s/types.js";
import { JOB_TRACKING_FINALIZER } from "../../../src/k8s/types.js";
import { newJob } from "../../helpers/job-builders.js";

function setup() {
  const clock = new FakeClock(0);
  const store = new ApiStore(clock);
  const log: string[] = [];
  store.subscribe({
    onPod: (t: WatchType, _o, p) => log.push(`${t} pod ${p.metadata.name}`),
    onJob: (t: WatchType, _o, j) => log.push(`${t} job ${j.metadata.name}`),
  });
  const manifest = newJob({});
  const job = store.createJob(jobFromManifest(manifest, store.newUid(), 0)) as ReturnType<typeof newJob>;
  const addPod = (name: string, mutate: (p: Pod) => void = () => {}) => {
    const pod = buildPodFromTemplate(job, job.spec.template, null, {}, 0);
    pod.metadata.name = name;
    mutate(pod);
    store.createPod(pod);
  };
  return { clock, store, log, job, addPod };
}

describe("ApiStore", () => {
  it("keeps a deleted running pod until the kubelet stops it and its finalizer is gone", () => {
    const { store, log, addPod } = setup();
    addPod("p", (p) => {
      p.spec = { ...p.spec, nodeName: "n" };
      p.status.phase = "Running";
    });
    store.deletePod("default", "p", 30);
    // As the API server sets it: the deletion instant plus the grace period.
    expect(store.getPod("default", "p")?.metadata.deletionTimestamp).toBe(30_000);
    expect(store.getPod("default", "p")?.metadata.deletionGracePeriodSeconds).toBe(30);
    store.updatePod("default", "p", (p) => {
      p.status.phase = "Failed";
    });
    expect(store.hasPod("default", "p")).toBe(true);
    store.removePodFinalizer("default", "p", JOB_TRACKING_FINALIZER);
    expect(store.hasPod("default", "p")).toBe(false);
    expect(log.filter((l) => l.includes("pod")).at(-1)).toBe("DELETED pod p");
  });

  it("removes a terminal pod without finalizers at once: watchers see only DELETED", () => {
    const { store, log, addPod } = setup();
    addPod("done", (p) => {
      p.status.phase = "Succeeded";
      p.metadata.finalizers = [];
    });
    log.length = 0;
    store.deletePod("default", "done", 30);
    expect(log).toEqual(["DELETED pod done"]);
  });

  it("lists only the pods a Job controller still has to look at", () => {
    const { store, job, addPod } = setup();
    addPod("running", (p) => {
      p.status.phase = "Running";
    });
    addPod("counted", (p) => {
      p.status.phase = "Succeeded";
      p.metadata.finalizers = [];
    });
    addPod("uncounted", (p) => {
      p.status.phase = "Succeeded";
    });
    expect(store.unsettledPodsOwnedBy(job.metadata.uid).map((p) => p.metadata.name)).toEqual([
      "running",
      "uncounted",
    ]);
  });

  it("Foreground deletion removes the pods first, then the Job", () => {
    const { store, log, addPod } = setup();
    addPod("a", (p) => {
      p.status.phase = "Succeeded";
      p.metadata.finalizers = [];
    });
    log.length = 0;
    store.deleteJob("default", "foobar", "Foreground");
    expect(log).toEqual(["MODIFIED job foobar", "DELETED pod a", "DELETED job foobar"]);
    expect(store.getJob("default", "foobar")).toBeUndefined();
  });

  it("status writes store nothing uncounted as a frozen shared value; a writer's copy has its own lists", () => {
    const { store, job } = setup();
    const working = copyJobForStatusSync(job);
    working.status.uncountedTerminatedPods.succeeded.push("uid-1");
    const counting = store.updateJobStatus(working) as typeof job;
    expect(counting.status.uncountedTerminatedPods.succeeded).toEqual(["uid-1"]);
    // The stored version does not follow later changes of the writer's copy.
    working.status.uncountedTerminatedPods.succeeded.push("uid-2");
    expect(counting.status.uncountedTerminatedPods.succeeded).toEqual(["uid-1"]);
    const next = copyJobForStatusSync(counting);
    next.status.uncountedTerminatedPods.succeeded = [];
    next.status.succeeded = 1;
    const counted = store.updateJobStatus(next) as typeof job;
    const uncounted = counted.status.uncountedTerminatedPods;
    expect(Object.isFrozen(uncounted) && Object.isFrozen(uncounted.succeeded)).toBe(true);
    expect(uncounted).toEqual({ succeeded: [], failed: [] });
    const again = copyJobForStatusSync(counted);
    again.status.uncountedTerminatedPods.failed.push("uid-3");
    expect(again.status.uncountedTerminatedPods.failed).toEqual(["uid-3"]);
    expect(counted.status.uncountedTerminatedPods.failed).toEqual([]);
  });

  it("bumps generation only on spec changes", () => {
    const { store, job } = setup();
    const next = { ...job, spec: { ...job.spec, parallelism: 3 } };
    expect((store.updateJob(next, true) as typeof job).metadata.generation).toBe(2);
    expect((store.updateJobStatus(next) as typeof job).metadata.generation).toBe(2);
  });
});
