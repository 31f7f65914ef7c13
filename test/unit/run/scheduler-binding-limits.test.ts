/**
 * kube-scheduler's client-side rate limit on pod bindings (`spec.controller.schedulerQPS`,
 * `schedulerBurst`): pods that fit are bound when their Binding call gets a token, and the
 * kubelet starts them from then.
 */
import { describe, expect, it } from "vitest";
import type { Report } from "../../../src/report/types.js";
import { oneJob, run, scenarioFromText, secondsFrom } from "../../helpers/scenario.js";

function jobRun(controller: string, parallelism: number): Report {
  const text = oneJob(
    `  workloads: [{match: {}, duration: 2h}]\n  controller: {${controller}}`,
    `  parallelism: ${parallelism}\n  completions: ${parallelism}\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: busybox}]`,
  );
  return run(scenarioFromText(text));
}

function startedSeconds(report: Report): number[] {
  return report.pods.map((p) => secondsFrom(report, p.startedAt)!).sort((a, b) => a - b);
}

function calls(report: Report): Record<string, number> {
  return (report.summary.controlPlane as { calls: Record<string, number> }).calls;
}

describe("kube-scheduler binding limits", () => {
  it("schedulerQPS 2, burst 3: six pods created at once are bound at 0, 0, 0, 0.5, 1, 1.5 s", () => {
    const report = jobRun("apiQPS: unlimited, schedulerQPS: 2, schedulerBurst: 3", 6);
    expect(report.pods.map((p) => secondsFrom(report, p.createdAt))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(startedSeconds(report)).toEqual([0, 0, 0, 0.5, 1, 1.5]);
    expect(calls(report)["kube-scheduler"]).toBe(6);
  });

  it("a binding's latency delays the pod's start by as much", () => {
    const report = jobRun("apiQPS: unlimited, schedulerQPS: unlimited, apiLatency: 30ms", 2);
    // Slow-start batches of 1 and 1: the creations return at 30 and 60 ms, each binding 30 ms later.
    expect(startedSeconds(report)).toEqual([0.06, 0.09]);
  });

  it("the defaults (50 QPS, burst 100) leave a 100-pod burst untouched", () => {
    const report = jobRun("apiQPS: unlimited", 100);
    expect(new Set(startedSeconds(report))).toEqual(new Set([0]));
    expect(calls(report)).toMatchObject({ "kube-scheduler": 100, "pod-garbage-collector": 0 });
  });
});
