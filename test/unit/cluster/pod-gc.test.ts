import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { POD_GC_CHECK_PERIOD, PodGC } from "../../../src/cluster/pod-gc.js";
import { Simulator } from "../../../src/engine/simulator.js";
import { jobFromManifest } from "../../../src/k8s/job-factory.js";
import { buildPodFromTemplate } from "../../../src/k8s/pod-control.js";
import { ApiStore } from "../../../src/k8s/store.js";
import { JOB_TRACKING_FINALIZER } from "../../../src/k8s/types.js";
import { newJob } from "../../helpers/job-builders.js";

/**
 * A store with PodGC (threshold 3) listening, and pods created one per second (named so that
 * creation order and name order differ).
 */
function setup() {
  const sim = new Simulator(0);
  const store = new ApiStore(sim);
  const gc = new PodGC(sim, store, 0, 3);
  store.subscribe(gc);
  const job = store.createJob(jobFromManifest(newJob({}), store.newUid(), 0)) as ReturnType<typeof newJob>;
  const create = (name: string, at: number) => {
    sim.runUntil(at);
    const pod = buildPodFromTemplate(job, job.spec.template, null, {}, sim.now());
    pod.metadata.name = name;
    store.createPod(pod);
  };
  /** The kubelet ends the pod; `counted`: the Job controller removed its tracking finalizer. */
  const finish = (name: string, counted = true) => {
    store.updatePod("default", name, (p) => {
      p.status.phase = "Succeeded";
    });
    if (counted) store.removePodFinalizer("default", name, JOB_TRACKING_FINALIZER);
  };
  const stored = (all: string[]) => all.filter((n) => store.hasPod("default", n));
  return { sim, store, create, finish, stored };
}

describe("PodGC", () => {
  it("deletes the oldest terminated pods above the threshold at its next 20 s tick", () => {
    const { sim, create, finish, stored } = setup();
    const all = ["e", "d", "c", "b", "a"];
    all.forEach((name, i) => {
      create(name, (i + 1) * 1000);
    });
    for (const name of all) finish(name);
    sim.runUntil(POD_GC_CHECK_PERIOD - 1);
    expect(stored(all)).toEqual(all);
    sim.runUntil(POD_GC_CHECK_PERIOD + 1);
    // Oldest first: e and d were created first.
    expect(stored(all)).toEqual(["c", "b", "a"]);
  });

  it("counts only pods that still exist: one deleted meanwhile is not deleted again or counted", () => {
    const { sim, store, create, finish, stored } = setup();
    const all = ["p1", "p2", "p3", "p4", "p5"];
    all.forEach((name, i) => {
      create(name, (i + 1) * 1000);
    });
    for (const name of all) finish(name);
    // The oldest goes before the tick: the next oldest is the one PodGC deletes.
    store.deletePod("default", "p1", 0);
    sim.runUntil(POD_GC_CHECK_PERIOD + 1);
    expect(stored(all)).toEqual(["p3", "p4", "p5"]);
    // Nothing more to delete at the next tick.
    sim.runUntil(2 * POD_GC_CHECK_PERIOD + 1);
    expect(stored(all)).toEqual(["p3", "p4", "p5"]);
  });

  it("keeps at most the threshold of terminated pods whatever the order of ends and deletions", () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant("finish" as const), pick: fc.nat(50), counted: fc.boolean() }),
      fc.record({ kind: fc.constant("delete" as const), pick: fc.nat(50) }),
      fc.record({ kind: fc.constant("tick" as const) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const { sim, store, create, finish, stored } = setup();
        const all = Array.from({ length: 8 }, (_, i) => `pod-${(i * 5) % 8}`);
        all.forEach((name, i) => {
          create(name, (i + 1) * 1000);
        });
        const terminal = new Set<string>();
        let now = 10_000;
        for (const s of steps) {
          const name = all[s.kind === "tick" ? 0 : s.pick % all.length]!;
          if (s.kind === "finish" && store.hasPod("default", name) && !terminal.has(name)) {
            terminal.add(name);
            finish(name, s.counted);
          } else if (s.kind === "delete") {
            store.deletePod("default", name, 0);
          } else if (s.kind === "tick") {
            now += POD_GC_CHECK_PERIOD;
            sim.runUntil(now);
            const left = stored(all).filter((n) => terminal.has(n));
            // Pods still holding the finalizer are deleted but stay until counted.
            const deleting = left.filter(
              (n) => store.getPod("default", n)?.metadata.deletionTimestamp !== null,
            );
            expect(left.length - deleting.length).toBeLessThanOrEqual(3);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
