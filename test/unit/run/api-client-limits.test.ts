/**
 * The job-controller's client-side rate limit as the Job controller lives with it: pod
 * creations (and the SuccessfulCreate events that share the client) wait for tokens, slow-start
 * batches go on when their slowest call returns, and `apiQPS: unlimited` changes nothing.
 */
import { describe, expect, it } from "vitest";
import type { Report } from "../../../src/report/types.js";
import { oneJob, run, scenarioFromText, secondsFrom } from "../../helpers/scenario.js";

function jobRun(controller: string, parallelism: number, completions: number): Report {
  const text = oneJob(
    `  workloads: [{match: {}, duration: 2h}]\n  controller: {${controller}}`,
    `  parallelism: ${parallelism}\n  completions: ${completions}\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: busybox}]`,
  );
  return run(scenarioFromText(text));
}

function createdSeconds(report: Report): number[] {
  return report.pods.map((p) => secondsFrom(report, p.createdAt)!).sort((a, b) => a - b);
}

describe("job-controller API client limits", () => {
  it("QPS 2, burst 3: four pods in slow-start batches 1, 2, 1 are created at 0, 0, 1 s and 1.5 s", () => {
    // Batch 1: create + its event take 2 of the 3 tokens. Batch 2: the first create takes the
    // last token, its event reserves 0.5 s, the second create 1 s. Batch 3 starts when batch
    // 2's slowest call returned (1 s): 1.5 s. The status write after it waits until 2 s.
    const report = jobRun("apiQPS: 2, apiBurst: 3", 4, 4);
    expect(createdSeconds(report)).toEqual([0, 0, 1, 1.5]);
    // Ten job-controller calls (half of them waited) and four bindings (kube-scheduler's own
    // bucket: none waited) make the median call one that did not wait.
    expect(report.summary.controlPlane).toMatchObject({
      apiThrottleWait: { p50: 0, p99: 1.5 },
      calls: { "job-controller": 10, "kube-scheduler": 4 },
    });
  });

  it("unlimited: every pod at once, no wait", () => {
    const report = jobRun("apiQPS: unlimited", 4, 4);
    expect(createdSeconds(report)).toEqual([0, 0, 0, 0]);
    expect(report.summary.controlPlane).toMatchObject({ apiThrottleWait: { p50: 0, p99: 0 } });
  });

  it("latency: each slow-start batch is issued when the one before returned", () => {
    // Batches 1, 2, 1, each call 20 ms: the batch of two runs concurrently.
    const report = jobRun("apiQPS: unlimited, apiLatency: 20ms", 4, 4);
    expect(createdSeconds(report)).toEqual([0.02, 0.04, 0.04, 0.06]);
  });

  it("a 5,000-completion Job under the defaults (20 QPS, burst 30) gets its pods at 20 per second", () => {
    const report = jobRun("", 5000, 5000);
    const created = createdSeconds(report);
    expect(created).toHaveLength(5000);
    // Never more than the burst plus what the refill allows by then.
    for (let i = 0; i < created.length; i++) expect(i + 1).toBeLessThanOrEqual(30 + 20 * created[i]! + 1e-9);
    // Creations, 25 events the spam filter lets through and a few status writes share 20/s.
    const last = created[created.length - 1]!;
    expect(last).toBeGreaterThanOrEqual((5000 - 30) / 20);
    expect(last).toBeLessThan((5000 + 25 + 40) / 20);
    const calls = (report.summary.controlPlane as { calls: Record<string, number> }).calls;
    expect(calls["job-controller"]).toBeGreaterThan(5000);
    expect(report.summary.controlPlane).toMatchObject({ eventsDropped: 4975 });
  });
});
