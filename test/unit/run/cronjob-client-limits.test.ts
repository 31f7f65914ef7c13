/**
 * The cronjob-controller's client-side rate limit and request latency in whole runs: the Job a
 * sync creates lands when its call returns, the status write after it, and the CronJob's next
 * sync waits for the last of its calls.
 */
import { describe, expect, it } from "vitest";
import type { StoreListener } from "../../../src/k8s/store.js";
import type { Report } from "../../../src/report/types.js";
import { run, scenarioFromText } from "../../helpers/scenario.js";

function scenario(controller: string, schedule: string, extra = ""): string {
  return `apiVersion: jobsim.dev/v1alpha1
kind: Simulation
metadata: {name: t}
spec:
  start: "2026-01-01T00:00:00Z"
  horizon: 2h
  controller: {${controller}}
  workloads:
    - {match: {}, duration: 1m}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "${schedule}"
${extra}
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{name: c, image: x}]
`;
}

function createdAt(report: Report): (string | null | undefined)[] {
  return report.cronjobs[0]!.schedules.filter((s) => s.outcome === "created").map((s) => s.createdAt);
}

describe("cronjob-controller API client limits", () => {
  it("no limit, no latency: the Job is created at the sync, 100 ms after the schedule", () => {
    const report = run(scenarioFromText(scenario("apiQPS: unlimited", "0 1 * * *")));
    expect(createdAt(report)).toEqual(["2026-01-01T01:00:00.100Z"]);
  });

  it("QPS 1, burst 1, 200 ms latency: the Job lands when its create returns", () => {
    const report = run(scenarioFromText(scenario("apiQPS: 1, apiBurst: 1, apiLatency: 200ms", "0 1 * * *")));
    expect(createdAt(report)).toEqual(["2026-01-01T01:00:00.300Z"]);
    expect(report.jobs.map((j) => j.createdAt)).toEqual(["2026-01-01T01:00:00.300Z"]);
  });

  it("QPS 0.05, burst 1: the status write waits 40 s for its token, and the next sync for it", () => {
    // 00:02:00.100: the create takes the only token and lands at once; the SuccessfulCreate
    // Event reserves the next token (20 s later), the status write the one after (40 s later).
    // The Job's ADDED event asks for a sync at once: it waits until the status write returned,
    // so it never sees the Job missing from status.active (no UnexpectedJob).
    // 00:04:00.100: the SawCompletedJob Event of the first Job takes the token; the second
    // Job's create waits 20 s for the next one.
    const writes: string[] = [];
    const seconds = (t: number) => `${(t - Date.UTC(2026, 0, 1)) / 1000}s`;
    const observe = (clock: { now(): number }): StoreListener => ({
      onCronJob: (type, _old, cj) => {
        if (type === "MODIFIED") writes.push(`${seconds(clock.now())} active=${cj.status.active.length}`);
      },
      onJob: (type) => {
        if (type === "ADDED") writes.push(`${seconds(clock.now())} created`);
      },
    });
    const text = scenario("apiQPS: 0.05, apiBurst: 1", "*/2 * * * *").replace("horizon: 2h", "horizon: 5m");
    const report = run(scenarioFromText(text), observe);
    expect(writes.slice(0, 3)).toEqual(["120.1s created", "160.1s active=1", "260.1s created"]);
    expect(createdAt(report)).toEqual(["2026-01-01T00:02:00.100Z", "2026-01-01T00:04:20.100Z"]);
    expect(report.events.map((e) => e.reason)).not.toContain("UnexpectedJob");
    const calls = (report.summary.controlPlane as { calls: Record<string, number> }).calls;
    expect(calls["cronjob-controller"]).toBeGreaterThanOrEqual(5);
  });

  it("Replace: the running Job is deleted when the DELETE returns, before the new one is created", () => {
    const writes: string[] = [];
    const seconds = (t: number) => `${(t - Date.UTC(2026, 0, 1)) / 1000}s`;
    const observe = (clock: { now(): number }): StoreListener => ({
      onJob: (type, _old, job) => {
        if (type !== "MODIFIED")
          writes.push(`${seconds(clock.now())} ${type} ${job.metadata.name.slice(-2)}`);
      },
    });
    const text = scenario(
      "apiQPS: unlimited, apiLatency: 500ms",
      "*/2 * * * *",
      "  concurrencyPolicy: Replace",
    )
      .replace("horizon: 2h", "horizon: 5m")
      .replace("duration: 1m", "duration: 10m");
    run(scenarioFromText(text), observe);
    // 00:02:00.100: create returns at .600. 00:04:00.100: GET (.600), DELETE (1.100), create (1.600).
    expect(writes.slice(0, 3)).toEqual(["120.6s ADDED 62", "241.1s DELETED 62", "241.6s ADDED 64"]);
  });
});
