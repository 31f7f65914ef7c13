import { describe, expect, it } from "vitest";
import type { Report } from "../../src/report/types.js";
import { oneJob, run, scenarioFromText, secondsFrom } from "../helpers/scenario.js";

const TEMPLATE = (policy: string) =>
  `  template: {spec: {restartPolicy: ${policy}, containers: [{name: c, image: busybox}]}}`;

const itemsSum = (r: Report) => r.pods.reduce((a, p) => a + (p.items ?? 0), 0);

describe("work-queue Jobs (completions unset, pods drain a shared queue)", () => {
  it("4 pods × 1,000 items of 1 s: 250 items each, drained at 250 s, Complete at 251 s", () => {
    const r = run(
      scenarioFromText(
        oneJob(
          "  workloads: [{match: {job: j}, workQueue: {items: 1000, itemDuration: 1s}}]",
          `  parallelism: 4\n${TEMPLATE("Never")}`,
        ),
      ),
    );
    // Every pod starts at 0, takes an item per second and finds the queue empty at 250 s;
    // the Job controller's sync 1 s (syncJobBatchPeriod) after the last pod event completes it.
    expect(r.pods.map((p) => [secondsFrom(r, p.startedAt), secondsFrom(r, p.finishedAt), p.phase])).toEqual(
      Array(4).fill([0, 250, "Succeeded"]),
    );
    expect(r.pods.map((p) => p.items)).toEqual([250, 250, 250, 250]);
    expect(itemsSum(r)).toBe(1000);
    expect(secondsFrom(r, r.jobs[0]!.status.completionTime)).toBe(251);
    expect(r.summary.workQueue).toEqual({
      items: 1000,
      processed: 1000,
      drainSeconds: 250,
      jobs: { "default/j": { items: 1000, processed: 1000, drainSeconds: 250 } },
    });
  });

  it("uneven item times: the slowest pod sets the drain time, items still sum to the queue", () => {
    const r = run(
      scenarioFromText(
        oneJob(
          "  workloads: [{match: {}, workQueue: {items: 500, itemDuration: {exponential: {mean: 2s}}}}]",
          `  parallelism: 5\n${TEMPLATE("Never")}`,
        ),
      ),
    );
    expect(itemsSum(r)).toBe(500);
    const last = Math.max(...r.pods.map((p) => secondsFrom(r, p.finishedAt)!));
    expect((r.summary.workQueue as { drainSeconds: number }).drainSeconds).toBeLessThanOrEqual(last);
    expect(r.jobs[0]!.status.succeeded).toBe(5);
  });

  it("itemFailure under Never: the crashed pod's item goes back and a replacement continues", () => {
    const r = run(
      scenarioFromText(
        oneJob(
          `  seed: 7
  workloads:
    - match: {}
      workQueue: {items: 1000, itemDuration: 1s, itemFailure: {probability: 0.004, exitCode: 3}}`,
          `  parallelism: 4\n  backoffLimit: 50\n${TEMPLATE("Never")}`,
        ),
      ),
    );
    const failed = r.pods.filter((p) => p.phase === "Failed");
    expect(failed.length).toBeGreaterThan(0);
    for (const p of failed) expect(p.exitCode).toBe(3);
    // A replacement for each crash, created after it and processing items.
    expect(r.pods.length).toBe(4 + failed.length);
    const replacements = r.pods.slice(4);
    expect(replacements.every((p) => (p.items ?? 0) > 0)).toBe(true);
    // Nothing lost: every item processed exactly once in total.
    expect(itemsSum(r)).toBe(1000);
    expect(r.summary.workQueue).toMatchObject({ items: 1000, processed: 1000 });
    expect(r.jobs[0]!.status.conditions.map((c) => c.type)).toContain("Complete");
  });

  it("itemFailure under OnFailure: the pod restarts in place and keeps draining", () => {
    const r = run(
      scenarioFromText(
        oneJob(
          `  seed: 3
  workloads:
    - match: {}
      workQueue: {items: 200, itemDuration: 1s, itemFailure: {probability: 0.01, exitCode: 2}}`,
          `  parallelism: 2\n  backoffLimit: 50\n${TEMPLATE("OnFailure")}`,
        ),
      ),
    );
    expect(r.pods.length).toBe(2);
    expect(r.pods.reduce((a, p) => a + p.restarts, 0)).toBeGreaterThan(0);
    expect(itemsSum(r)).toBe(200);
    expect(r.pods.every((p) => p.phase === "Succeeded")).toBe(true);
  });

  it("item draws do not depend on which pod takes the item: drain time equals total work / workers", () => {
    const drain = (parallelism: number) => {
      const r = run(
        scenarioFromText(
          oneJob(
            "  workloads: [{match: {}, workQueue: {items: 120, itemDuration: 3s}}]",
            `  parallelism: ${parallelism}\n${TEMPLATE("Never")}`,
          ),
        ),
      );
      return (r.summary.workQueue as { drainSeconds: number }).drainSeconds;
    };
    expect([drain(1), drain(2), drain(3), drain(12)]).toEqual([360, 180, 120, 30]);
  });

  it("pods of Jobs without a workQueue carry no items field", () => {
    const r = run(scenarioFromText(oneJob("  workloads: [{match: {}, duration: 5s}]", TEMPLATE("Never"))));
    expect(r.pods[0]).not.toHaveProperty("items");
    expect(r.summary).not.toHaveProperty("workQueue");
  });

  it("a worker's own activeDeadlineSeconds fails it (DeadlineExceeded) and its item goes back", () => {
    const r = run(
      scenarioFromText(
        oneJob(
          "  workloads: [{match: {}, workQueue: {items: 150, itemDuration: 1s}}]",
          `  parallelism: 1
  template: {spec: {restartPolicy: Never, activeDeadlineSeconds: 100, containers: [{name: c, image: busybox}]}}`,
        ),
      ),
    );
    // Items end at 1, 2, ... 100 s; at 100 s the next item would end past the deadline, so the
    // kubelet fails the pod then. The Job syncs at 101 s; the pod-failure backoff (10 s from the
    // pod's finish) creates the replacement at 110 s, which drains the other 50 items by 160 s.
    expect(
      r.pods.map((p) => [
        secondsFrom(r, p.createdAt),
        secondsFrom(r, p.finishedAt),
        p.phase,
        p.reason,
        p.items,
      ]),
    ).toEqual([
      [0, 100, "Failed", "DeadlineExceeded", 100],
      [110, 160, "Succeeded", "Completed", 50],
    ]);
    expect(r.jobs[0]!.status).toMatchObject({ succeeded: 1, failed: 1 });
  });
});
