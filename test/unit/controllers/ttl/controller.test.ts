/**
 * The TTL-after-finished controller driven through the real kernel, store and informer
 * (upstream ttlafterfinished_controller.go): when it deletes, what it deletes first,
 * and how it survives outages and Jobs deleted by others. Trace-as-assertion: every watch event
 * is logged with its instant, then compared as a list.
 */
import { describe, expect, it } from "vitest";
import { TTLAfterFinishedController } from "../../../../src/controllers/ttl/controller.js";
import { Priority } from "../../../../src/engine/priorities.js";
import { Simulator } from "../../../../src/engine/simulator.js";
import { SECOND, type SimTime } from "../../../../src/engine/time.js";
import { StatusError } from "../../../../src/k8s/api-errors.js";
import { cloneJob } from "../../../../src/k8s/clone.js";
import { Informer, InformerDelivery } from "../../../../src/k8s/informer.js";
import { ApiStore } from "../../../../src/k8s/store.js";
import type { Job, JobConditionType } from "../../../../src/k8s/types.js";
import { buildPod, newJob, REFERENCE_TIME } from "../../../helpers/job-builders.js";

const T0 = REFERENCE_TIME;
const s = (n: number): SimTime => T0 + n * SECOND;

function setup() {
  const sim = new Simulator(T0);
  const store = new ApiStore(sim);
  const log: string[] = [];
  const at = () => `@${(sim.now() - T0) / SECOND}s`;
  store.subscribe({
    onJob: (type, old, job) => {
      if (type === "DELETED") log.push(`job ${job.metadata.name} DELETED ${at()}`);
      else if (
        old !== null &&
        old.metadata.deletionTimestamp === null &&
        job.metadata.deletionTimestamp !== null
      )
        log.push(`job ${job.metadata.name} deletionTimestamp ${at()}`);
    },
    onPod: (type, _old, pod) => {
      if (type === "DELETED") log.push(`pod ${pod.metadata.name} DELETED ${at()}`);
    },
  });
  const controller = new TTLAfterFinishedController(sim, store);
  const informer = Informer.attach(new InformerDelivery(sim), store, controller);
  return { sim, store, log, controller, informer };
}

type Env = ReturnType<typeof setup>;

/** Create Job `name` now, with this TTL (null: none). */
function createJob(env: Env, name: string, ttl: number | null): Job {
  const job = newJob();
  job.metadata.name = name;
  job.metadata.uid = "";
  job.spec.ttlSecondsAfterFinished = ttl;
  const created = env.store.createJob(job);
  if (created instanceof StatusError) throw created;
  return created;
}

/** At `t`, the Job controller adds `type`=True (a status write at sync priority). */
function finishAt(env: Env, name: string, t: SimTime, type: JobConditionType = "Complete"): void {
  env.sim.at(t, Priority.controllerSync, () => {
    const job = cloneJob(env.store.getJob("default", name)!);
    const now = env.sim.now();
    job.status.conditions.push({
      type,
      status: "True",
      reason: "",
      message: "",
      lastProbeTime: now,
      lastTransitionTime: now,
    });
    job.status.completionTime = type === "Complete" ? now : null;
    const r = env.store.updateJobStatus(job);
    if (r instanceof StatusError) throw r;
  });
}

/** A terminal, already counted pod (tracking finalizer removed), as a finished Job leaves them. */
function addFinishedPod(env: Env, job: Job, name: string): void {
  const pod = buildPod()
    .name(name)
    .job(job)
    .phase("Succeeded")
    .trackingFinalizer(false)
    .nodeName("n1")
    .build();
  pod.metadata.uid = "";
  const r = env.store.createPod(pod);
  if (r instanceof StatusError) throw r;
}

describe("TTLAfterFinishedController", () => {
  it("deletes a finished Job with ttl 0 at its finish instant", () => {
    const env = setup();
    env.sim.at(T0, Priority.action, () => createJob(env, "j", 0));
    finishAt(env, "j", s(10));

    env.sim.runUntil(s(3600));

    expect(env.log).toEqual(["job j deletionTimestamp @10s", "job j DELETED @10s"]);
    expect(env.store.getJob("default", "j")).toBeUndefined();
  });

  it("deletes a Failed Job as well", () => {
    const env = setup();
    env.sim.at(T0, Priority.action, () => createJob(env, "j", 5));
    finishAt(env, "j", s(10), "Failed");

    env.sim.runUntil(s(3600));

    expect(env.log).toEqual(["job j deletionTimestamp @15s", "job j DELETED @15s"]);
  });

  it("ttl 100: deleted 100 s after the Complete condition, pods before the Job", () => {
    const env = setup();
    env.sim.at(T0, Priority.action, () => {
      const job = createJob(env, "j", 100);
      addFinishedPod(env, job, "j-a");
      addFinishedPod(env, job, "j-b");
    });
    // Created at 0 s, finished at 50 s: the clock starts at the condition, not at creation.
    finishAt(env, "j", s(50));

    env.sim.runUntil(s(150) - 1);
    expect(env.store.getJob("default", "j")).toBeDefined();
    expect(env.log).toEqual([]);

    env.sim.runUntil(s(3600));
    expect(env.log).toEqual([
      "job j deletionTimestamp @150s",
      "pod j-a DELETED @150s",
      "pod j-b DELETED @150s",
      "job j DELETED @150s",
    ]);
  });

  it("waits for running pods of a Foreground-deleted Job before the Job goes", () => {
    const env = setup();
    let podsStopAt = 0;
    env.sim.at(T0, Priority.action, () => {
      const job = createJob(env, "j", 0);
      const pod = buildPod()
        .name("j-a")
        .job(job)
        .phase("Running")
        .trackingFinalizer(false)
        .nodeName("n1")
        .build();
      pod.metadata.uid = "";
      env.store.createPod(pod);
    });
    finishAt(env, "j", s(10), "Failed");
    // The kubelet stops the pod 30 s (its grace period) after the deletion request.
    env.sim.at(s(40), Priority.podTransition, () => {
      podsStopAt = env.sim.now();
      env.store.updatePod("default", "j-a", (p) => {
        p.status.phase = "Failed";
      });
    });

    env.sim.runUntil(s(3600));

    expect(podsStopAt).toBe(s(40));
    expect(env.log).toEqual(["job j deletionTimestamp @10s", "pod j-a DELETED @40s", "job j DELETED @40s"]);
  });

  it("never deletes a Job without ttlSecondsAfterFinished", () => {
    const env = setup();
    env.sim.at(T0, Priority.action, () => createJob(env, "j", null));
    finishAt(env, "j", s(10));

    env.sim.runUntil(s(30 * 24 * 3600));

    expect(env.log).toEqual([]);
    expect(env.store.getJob("default", "j")).toBeDefined();
    expect(env.sim.pending).toBe(0);
  });

  it("never deletes an unfinished Job, whatever its TTL", () => {
    const env = setup();
    env.sim.at(T0, Priority.action, () => createJob(env, "j", 0));

    env.sim.runUntil(s(3600));

    expect(env.log).toEqual([]);
    expect(env.sim.pending).toBe(0);
  });

  it("uses the TTL as it is at expiry: a raised TTL defers the deletion", () => {
    const env = setup();
    env.sim.at(T0, Priority.action, () => createJob(env, "j", 10));
    finishAt(env, "j", s(5));
    env.sim.at(s(8), Priority.action, () => {
      const job = cloneJob(env.store.getJob("default", "j")!);
      job.spec.ttlSecondsAfterFinished = 100;
      env.store.updateJob(job, true);
    });

    env.sim.runUntil(s(3600));

    expect(env.log).toEqual(["job j deletionTimestamp @105s", "job j DELETED @105s"]);
  });

  describe("controller outage", () => {
    /** Down from `down` to `up`, with run.ts's hooks: disconnect + clear, then reconnect + restart. */
    function outage(env: Env, down: SimTime, up: SimTime): void {
      env.sim.at(down, Priority.control, () => {
        env.informer.connected = false;
        env.controller.queue.clear();
      });
      env.sim.at(up, Priority.control, () => {
        env.informer.connected = true;
        env.controller.restart();
      });
    }

    it("a Job that finished and expired while the controller was down is deleted at restart", () => {
      const env = setup();
      env.sim.at(T0, Priority.action, () => createJob(env, "j", 30));
      finishAt(env, "j", s(10));
      outage(env, s(5), s(100));

      env.sim.runUntil(s(3600));

      expect(env.log).toEqual(["job j deletionTimestamp @100s", "job j DELETED @100s"]);
    });

    it("a Job that finished while down but has not expired yet is deleted at its expiry", () => {
      const env = setup();
      env.sim.at(T0, Priority.action, () => createJob(env, "j", 30));
      finishAt(env, "j", s(10));
      outage(env, s(5), s(20));

      env.sim.runUntil(s(3600));

      expect(env.log).toEqual(["job j deletionTimestamp @40s", "job j DELETED @40s"]);
    });

    it("a timer armed before the outage does not fire during it; the relist re-arms it", () => {
      const env = setup();
      env.sim.at(T0, Priority.action, () => createJob(env, "j", 30));
      finishAt(env, "j", s(10));
      outage(env, s(20), s(60));

      env.sim.runUntil(s(59));
      expect(env.log).toEqual([]);
      env.sim.runUntil(s(3600));
      expect(env.log).toEqual(["job j deletionTimestamp @60s", "job j DELETED @60s"]);
    });
  });

  it("a Job deleted by someone else before its TTL expires is not an error", () => {
    const env = setup();
    env.sim.at(T0, Priority.action, () => createJob(env, "j", 100));
    finishAt(env, "j", s(10));
    env.sim.at(s(50), Priority.action, () => {
      expect(env.store.deleteJob("default", "j", "Background")).toBeNull();
    });

    // The armed timer fires at 110 s, finds nothing, and is not retried.
    env.sim.runUntil(s(3600));

    expect(env.log).toEqual(["job j deletionTimestamp @50s", "job j DELETED @50s"]);
    expect(env.sim.pending).toBe(0);
  });

  it("a Job being deleted by someone else when its TTL expires is left to that deletion", () => {
    const env = setup();
    env.sim.at(T0, Priority.action, () => {
      const job = createJob(env, "j", 0);
      const pod = buildPod()
        .name("j-a")
        .job(job)
        .phase("Running")
        .trackingFinalizer(false)
        .nodeName("n1")
        .build();
      pod.metadata.uid = "";
      env.store.createPod(pod);
    });
    // Someone deletes it (Background) at the very instant it finishes, before the TTL sync runs.
    finishAt(env, "j", s(10));
    env.sim.at(s(10), Priority.controllerSync, () => {
      expect(env.store.deleteJob("default", "j", "Background")).toBeNull();
    });

    env.sim.runUntil(s(3600));

    // Background: the Job goes at once, its running pod stays being terminated.
    expect(env.log).toEqual(["job j deletionTimestamp @10s", "job j DELETED @10s"]);
    // deletionTimestamp is the deletion instant plus the pod's grace period (30 s by default).
    expect(env.store.getPod("default", "j-a")?.metadata.deletionTimestamp).toBe(s(40));
    expect(env.sim.pending).toBe(0);
  });
});
