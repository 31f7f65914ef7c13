import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  condition,
  markBound,
  markRunning,
  markStopped,
  setConditions,
} from "../../../src/cluster/pod-status.js";
import { buildPodFromTemplate } from "../../../src/k8s/pod-control.js";
import type { Pod, PodCondition } from "../../../src/k8s/types.js";
import { newJob } from "../../helpers/job-builders.js";

const types = ["PodScheduled", "Initialized", "ContainersReady", "Ready", "DisruptionTarget"];
const cond = fc
  .record({
    type: fc.constantFrom(...types),
    status: fc.constantFrom("True" as const, "False" as const),
    at: fc.nat(99),
  })
  .map((c) => condition(c.type, c.status, c.at));

/** The kubelet's rule, one update after another: a new type is added, a changed status replaces. */
function reference(current: readonly PodCondition[], updates: readonly PodCondition[]): PodCondition[] {
  const list = [...current];
  for (const c of updates) {
    const i = list.findIndex((x) => x.type === c.type);
    if (i < 0) list.push(c);
    else if (list[i]!.status !== c.status) list[i] = c;
  }
  return list;
}

const pendingPod = (): Pod => {
  const job = newJob({});
  return buildPodFromTemplate(job, job.spec.template, null, {}, 0);
};

describe("pod status writes", () => {
  it("setConditions adds new types, replaces changed ones, keeps unchanged ones, never changes the old array", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(cond, { selector: (c) => c.type }),
        fc.array(cond, { maxLength: 6 }),
        (start, updates) => {
          const pod = pendingPod();
          pod.status.conditions = start;
          const before = [...start];
          setConditions(pod, ...updates);
          expect(pod.status.conditions).toEqual(reference(before, updates));
          // Unchanged conditions are the same objects (their transition time is kept).
          for (const c of pod.status.conditions) if (before.includes(c)) expect(start).toContain(c);
          expect(start).toEqual(before);
        },
      ),
    );
  });

  it("a pod bound, running and stopped has its conditions and container states in order", () => {
    const pod = pendingPod();
    markBound(pod, 1000, { ...pod.spec, nodeName: "node-1" });
    expect(pod.status.containerStatuses[0]?.state.waiting?.reason).toBe("ContainerCreating");
    const creating = pod.status.containerStatuses;
    markRunning(pod, 2000);
    expect(creating[0]?.state.waiting?.reason).toBe("ContainerCreating");
    markStopped(pod, 3000, () => ({ exitCode: 0, reason: "Completed", startedAt: 2000, finishedAt: 3000 }));
    expect(pod.status.conditions.map((c) => [c.type, c.status, c.lastTransitionTime])).toEqual([
      ["PodScheduled", "True", 1000],
      ["Initialized", "True", 2000],
      ["ContainersReady", "False", 3000],
      ["Ready", "False", 3000],
    ]);
    expect(pod.status.containerStatuses[0]?.state.terminated?.reason).toBe("Completed");
  });
});
