import { describe, expect, it } from "vitest";
import type { Pod } from "../../src/k8s/types.js";
import type { Report } from "../../src/report/types.js";
import { runScenario } from "../../src/run/run.js";
import { oneJob, run, scenarioFromText, secondsFrom } from "../helpers/scenario.js";

const starts = (r: Report) => r.pods.map((p) => [p.job, secondsFrom(r, p.startedAt)]);

/** A Job manifest with `n` pods of `cpu` cores each, optionally with a priority class. */
const job = (name: string, n: number, cpu: string, priorityClass = "") => `---
apiVersion: batch/v1
kind: Job
metadata: {name: ${name}}
spec:
  completions: ${n}
  parallelism: ${n}
  template:
    spec:
      restartPolicy: Never
      ${priorityClass === "" ? "" : `priorityClassName: ${priorityClass}`}
      containers: [{name: c, image: busybox, resources: {requests: {cpu: "${cpu}", memory: 1Gi}}}]
`;

const sim = (cluster: string, extra = "") => `apiVersion: jobsim.dev/v1alpha1
kind: Simulation
metadata: {name: t}
spec:
  start: "2026-01-01T00:00:00Z"
  horizon: 1h
  cluster:
${cluster}
  workloads: [{match: {}, duration: 60s}]
${extra}
`;

describe("capacity by nodes, resource requests and priorities", () => {
  it("pods wait Pending until cpu frees, first-fit over nodes in declared order", () => {
    const nodeOf = new Map<string, string | null>();
    const r = run(
      scenarioFromText(
        sim(`    nodes: [{name: big, count: 2, allocatable: {cpu: "2", memory: 8Gi}}]`) + job("a", 6, "1"),
      ),
      () => ({
        onPod: (_t: string, _o: Pod | null, p: Pod) => {
          if (p.spec.nodeName !== null) nodeOf.set(p.metadata.name, p.spec.nodeName);
        },
      }),
    );
    // 4 cores for 1-core pods: 4 start at 0, the other 2 when the first wave ends at 60 s.
    expect(starts(r).map((s) => s[1])).toEqual([0, 0, 0, 0, 60, 60]);
    expect([...nodeOf.values()]).toEqual(["big-0", "big-0", "big-1", "big-1", "big-0", "big-0"]);
    expect(r.summary.wait).toEqual({ pod: { p50: 0, p99: 60 } });
    // Used 4 of 4 cores for 60 s, then 2 of 4 for 60 s, over a 3600 s horizon.
    expect(r.summary.cluster).toMatchObject({ peakPods: 4, peakPending: 2 });
    expect((r.summary.cluster as { utilization: number }).utilization).toBeCloseTo(
      (4 * 60 + 2 * 60) / (4 * 3600),
      12,
    );
  });

  it("memory and the pods limit also bound a node; a small pod may pass a big one that does not fit", () => {
    const r = run(
      scenarioFromText(
        sim(
          `    nodes: [{count: 1, allocatable: {cpu: 4, memory: 4Gi, pods: 3}}]`,
          `  actions:
    - {at: 10s, create: {apiVersion: batch/v1, kind: Job, metadata: {name: big}, spec: {template: {spec: {restartPolicy: Never, containers: [{name: c, image: x, resources: {requests: {cpu: "3"}}}]}}}}}
    - {at: 20s, create: {apiVersion: batch/v1, kind: Job, metadata: {name: small}, spec: {template: {spec: {restartPolicy: Never, containers: [{name: c, image: x, resources: {requests: {cpu: 500m}}}]}}}}}`,
        ) + job("a", 2, "1"),
      ),
    );
    // a: 2 × 1 core at 0. big (3 cores) waits for a's pods to end at 60 s; small (0.5) fits at 20 s.
    expect(starts(r)).toEqual([
      ["a", 0],
      ["a", 0],
      ["big", 60],
      ["small", 20],
    ]);
  });

  it("higher priorityClassName first when capacity frees, FIFO within a priority", () => {
    const r = run(
      scenarioFromText(
        sim(
          `    capacity: {pods: 2}
    priorityClasses: {high: 1000, low: 10}`,
          `  actions:
    - {at: 1s, create: {apiVersion: batch/v1, kind: Job, metadata: {name: urgent}, spec: {completions: 2, parallelism: 2, template: {spec: {restartPolicy: Never, priorityClassName: high, containers: [{name: c, image: x}]}}}}}
    - {at: 2s, create: {apiVersion: batch/v1, kind: Job, metadata: {name: unknown-class}, spec: {template: {spec: {restartPolicy: Never, priorityClassName: nope, containers: [{name: c, image: x}]}}}}}`,
        ) + job("batch", 3, "0", "low"),
      ),
    );
    // batch's 3 pods come first (2 run, 1 waits); urgent's 2 arrive at 1 s and take both slots
    // freed at 60 s, ahead of batch's older pod; at 120 s the last two share the freed slots.
    expect(starts(r)).toEqual([
      ["batch", 0],
      ["batch", 0],
      ["batch", 120],
      ["urgent", 60],
      ["urgent", 60],
      ["unknown-class", 120],
    ]);
    expect(r.summary.cluster).toMatchObject({ peakPods: 2, peakPending: 4 });
  });

  it("utilization of a pod-count cluster: 2 of 4 slots busy for half the horizon is 0.25", () => {
    const r = run(
      scenarioFromText(
        oneJob(
          `  cluster: {capacity: {pods: 4}}
  workloads: [{match: {}, duration: 30m}]`,
          `  completions: 2
  parallelism: 2
  template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}`,
        ),
      ),
    );
    expect(r.summary.cluster).toMatchObject({ peakPods: 2, utilization: 0.25, podUtilization: 0.25 });
  });

  it("an unlimited cluster reports its peak but no utilization", () => {
    const r = run(scenarioFromText(sim("    podStartup: 0s") + job("a", 3, "1")));
    expect(r.summary.cluster).toMatchObject({ peakPods: 3, peakPending: 0, utilization: null });
  });

  it("warns, naming the Job, when its pods request more than any node allocates", () => {
    const { report, warnings } = runScenario(
      scenarioFromText(
        sim(`    nodes: [{name: small, count: 3, allocatable: {cpu: "2", memory: 4Gi}}]`) +
          job("huge", 2, "4") +
          job("fits", 1, "1"),
      ),
    );
    expect(warnings).toEqual([
      "Job default/huge: its pods request cpu 4, memory 1Gi, more than any node of cluster.nodes allocates: they stay Pending",
    ]);
    expect(report.pods.filter((p) => p.job === "huge").map((p) => p.phase)).toEqual(["Pending", "Pending"]);
    expect(report.pods.find((p) => p.job === "fits")!.phase).toBe("Succeeded");
  });

  it("does not warn about pods that merely wait for capacity", () => {
    const { warnings } = runScenario(
      scenarioFromText(sim(`    nodes: [{count: 1, allocatable: {cpu: "2"}}]`) + job("a", 6, "2")),
    );
    expect(warnings).toEqual([]);
  });
});
