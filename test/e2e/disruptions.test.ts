import { describe, expect, it } from "vitest";
import { oneJob, run, scenarioFromText, secondsFrom } from "../helpers/scenario.js";

const JOB = (policy: string) => `  completions: 4
  parallelism: 4
  backoffLimit: 0
${policy}  template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}`;

const IGNORE_DISRUPTIONS = `  podFailurePolicy:
    rules:
      - action: Ignore
        onPodConditions: [{type: DisruptionTarget}]
`;

describe("disruption bursts (cluster.disruptions)", () => {
  it("a burst at 10 m with fraction 0.5 evicts 2 of 4 running pods at that instant", () => {
    const r = run(
      scenarioFromText(
        oneJob(
          `  cluster: {disruptions: [{at: 10m, fraction: 0.5}]}
  workloads: [{match: {}, duration: 20m}]`,
          JOB(""),
        ),
      ),
    );
    const evicted = r.pods.filter((p) => p.conditions.includes("DisruptionTarget"));
    // Through the Eviction API: the containers stop on SIGTERM (podShutdown 0), reason Error
    // (the API server's eviction sets no pod reason; "Evicted" is the kubelet's own eviction).
    expect(evicted.map((p) => [p.phase, p.reason, p.exitCode, secondsFrom(r, p.finishedAt)])).toEqual([
      ["Failed", "Error", 143, 600],
      ["Failed", "Error", 143, 600],
    ]);
    expect(r.summary.cluster).toMatchObject({ disruptionBursts: 1, burstEvictions: 2 });
    expect(r.summary.pods).toMatchObject({ evicted: 2 });
    // backoffLimit 0 and no policy: the evictions count, the Job fails.
    expect(r.jobs[0]!.status.conditions.at(-1)).toMatchObject({
      type: "Failed",
      reason: "BackoffLimitExceeded",
    });
  });

  it("a Job whose podFailurePolicy ignores DisruptionTarget absorbs the burst", () => {
    const r = run(
      scenarioFromText(
        oneJob(
          `  cluster: {disruptions: [{at: 10m, fraction: 0.5}]}
  workloads: [{match: {}, duration: 20m}]`,
          JOB(IGNORE_DISRUPTIONS),
        ),
      ),
    );
    expect(r.pods.length).toBe(6);
    // Replacements wait out the Job's pod-failure backoff (10 s doubling: 20 s after two
    // failures; ignored failures still delay) and then run their full 20 m.
    expect(r.pods.slice(4).map((p) => [secondsFrom(r, p.createdAt), secondsFrom(r, p.finishedAt)])).toEqual([
      [620, 1820],
      [620, 1820],
    ]);
    expect(r.jobs[0]!.status).toMatchObject({ succeeded: 4, failed: 0 });
    expect(secondsFrom(r, r.jobs[0]!.status.completionTime)).toBe(1821);
  });

  it("fraction 1 evicts every running pod; pods still starting are spared", () => {
    const r = run(
      scenarioFromText(
        oneJob(
          `  cluster: {podStartup: 30s, disruptions: [{at: 20s, fraction: 1}, {at: 40s, fraction: 1}]}
  workloads: [{match: {}, duration: 20m}]`,
          JOB(IGNORE_DISRUPTIONS),
        ),
      ),
    );
    // At 20 s all 4 are still starting (Running at 30 s); at 40 s all 4 run and are evicted.
    expect(r.summary.cluster).toMatchObject({ disruptionBursts: 2, burstEvictions: 4 });
    expect(r.pods.slice(0, 4).map((p) => secondsFrom(r, p.finishedAt))).toEqual([40, 40, 40, 40]);
  });

  it("bursts at a rate evict deterministically per seed and evict pods of a work queue, returning their items", () => {
    const scenario = `  seed: 5
  cluster: {disruptions: [{rate: 6/h, fraction: 0.25}]}
  workloads: [{match: {}, workQueue: {items: 2000, itemDuration: 5s}}]`;
    const job = `  parallelism: 8
  backoffLimit: 100
${IGNORE_DISRUPTIONS}  template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}`;
    const a = run(scenarioFromText(oneJob(scenario, job)));
    const b = run(scenarioFromText(oneJob(scenario, job)));
    expect(a.summary.cluster).toEqual(b.summary.cluster);
    const c = a.summary.cluster as { disruptionBursts: number; burstEvictions: number };
    expect(c.disruptionBursts).toBeGreaterThan(0);
    expect(c.burstEvictions).toBeGreaterThan(0);
    expect(a.pods.reduce((s, p) => s + (p.items ?? 0), 0)).toBe(
      (a.summary.workQueue as { processed: number }).processed,
    );
  });
});
