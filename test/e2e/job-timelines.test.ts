import { describe, expect, it } from "vitest";
import type { Report } from "../../src/report/types.js";
import { runScenario } from "../../src/run/run.js";
import { oneJob, run, scenarioFromFile, scenarioFromText, secondsFrom } from "../helpers/scenario.js";

const podTimes = (r: Report) => r.pods.map((p) => secondsFrom(r, p.createdAt));
const conditionTimes = (r: Report) =>
  r.jobs[0]!.status.conditions.map((c) => [c.type, c.reason, secondsFrom(r, c.lastTransitionTime)]);

describe("Job timelines (Kubernetes 1.34 defaults)", () => {
  it("every attempt fails after 30 s with backoffLimit 3: pods at 0, 40, 90, 160 s, Failed at 191 s", () => {
    const r = run(scenarioFromFile("scenarios/backoff-timeline.yaml"));
    expect(podTimes(r)).toEqual([0, 40, 90, 160]);
    expect(r.pods.map((p) => [p.phase, p.exitCode, secondsFrom(r, p.finishedAt)])).toEqual([
      ["Failed", 1, 30],
      ["Failed", 1, 70],
      ["Failed", 1, 120],
      ["Failed", 1, 190],
    ]);
    // FailureTarget first, then Failed once no pod is terminating: both in the sync 1 s after.
    expect(conditionTimes(r)).toEqual([
      ["FailureTarget", "BackoffLimitExceeded", 191],
      ["Failed", "BackoffLimitExceeded", 191],
    ]);
    expect(r.jobs[0]!.status).toMatchObject({ failed: 4, succeeded: 0, active: 0, completionTime: null });
    expect(r.events.at(-1)).toMatchObject({
      type: "Warning",
      reason: "BackoffLimitExceeded",
      message: "Job has reached the specified backoff limit",
    });
    expect(r.summary.retries).toBe(3);
  });

  it("completes a Job in waves of parallelism, each wave 1 s after the pod events", () => {
    const r = run(
      scenarioFromText(
        oneJob(
          "  workloads: [{match: {}, duration: 60s}]",
          `  completions: 4
  parallelism: 2
  template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}`,
        ),
      ),
    );
    expect(podTimes(r)).toEqual([0, 0, 61, 61]);
    expect(conditionTimes(r)).toEqual([
      ["SuccessCriteriaMet", "CompletionsReached", 122],
      ["Complete", "CompletionsReached", 122],
    ]);
    expect(secondsFrom(r, r.jobs[0]!.status.completionTime)).toBe(122);
    expect(r.summary.duration).toEqual({ job: { p50: 122, p90: 122, p99: 122, max: 122 } });
  });

  it("fails at activeDeadlineSeconds, and adds Failed only once the deleted pods have stopped", () => {
    const r = run(
      scenarioFromText(
        oneJob(
          `  cluster: {podShutdown: 5s}
  workloads: [{match: {}, script: [{hang: true}]}]`,
          `  parallelism: 2
  completions: 2
  activeDeadlineSeconds: 100
  template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}`,
        ),
      ),
    );
    expect(conditionTimes(r)).toEqual([
      ["FailureTarget", "DeadlineExceeded", 100],
      ["Failed", "DeadlineExceeded", 106],
    ]);
    expect(r.jobs[0]!.status).toMatchObject({ failed: 2, active: 0, terminating: 0 });
    expect(r.pods.map((p) => [p.phase, p.exitCode, secondsFrom(r, p.finishedAt)])).toEqual([
      ["Failed", 143, 105],
      ["Failed", 143, 105],
    ]);
    expect(r.summary.deadlines).toEqual({ jobDeadlineExceeded: 1 });
  });

  it("OnFailure restarts in place and fails when the restart count reaches backoffLimit", () => {
    const r = run(
      scenarioFromText(
        oneJob(
          "  workloads: [{match: {}, script: [{exitCode: 1, after: 10s}]}]",
          `  backoffLimit: 2
  template: {spec: {restartPolicy: OnFailure, containers: [{name: c, image: busybox}]}}`,
        ),
      ),
    );
    // Restarts at 10 s (no delay) and 20 s; 2 >= backoffLimit at the sync 1 s later.
    expect(r.pods).toHaveLength(1);
    expect(r.pods[0]).toMatchObject({ phase: "Failed", restarts: 2 });
    expect(conditionTimes(r)).toEqual([
      ["FailureTarget", "BackoffLimitExceeded", 21],
      ["Failed", "BackoffLimitExceeded", 22],
    ]);
    expect(r.jobs[0]!.status.failed).toBe(1);
    expect(r.summary.pods).toMatchObject({ restarts: 2 });
  });

  it("suspends and resumes through actions: pods deleted uncounted, startTime reset", () => {
    const r = run(
      scenarioFromText(
        oneJob(
          `  workloads: [{match: {}, duration: 60s}]
  actions:
    - {at: 30s, patch: {kind: Job, name: j, spec: {suspend: true}}}
    - {at: 100s, patch: {kind: Job, name: j, spec: {suspend: false}}}`,
          `  template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}`,
        ),
      ),
    );
    expect(podTimes(r)).toEqual([0, 100]);
    expect(r.pods[0]).toMatchObject({ phase: "Failed", exitCode: 143 });
    const job = r.jobs[0]!;
    expect(secondsFrom(r, job.status.startTime)).toBe(100);
    expect(job.status).toMatchObject({ succeeded: 1, failed: 0 });
    expect(conditionTimes(r)).toEqual([
      ["Suspended", "JobResumed", 100],
      ["SuccessCriteriaMet", "CompletionsReached", 161],
      ["Complete", "CompletionsReached", 161],
    ]);
    expect(r.events.map((e) => e.reason)).toEqual([
      "SuccessfulCreate",
      "SuccessfulDelete",
      "Suspended",
      // upstream order: manageJob creates pods before the Suspended condition is updated.
      "SuccessfulCreate",
      "Resumed",
      "Completed",
    ]);
  });

  it("makes pods wait Pending for capacity, FIFO", () => {
    const r = run(
      scenarioFromText(
        oneJob(
          `  cluster: {capacity: {pods: 2}}
  workloads: [{match: {}, duration: 60s}]`,
          `  completions: 3
  parallelism: 3
  template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}`,
        ),
      ),
    );
    // Slow start creates 1 then 2; the third pod waits for the first slot to free at 60 s.
    const starts = r.pods.map((p) => secondsFrom(r, p.startedAt)!).sort((a, b) => a - b);
    expect(starts).toEqual([0, 0, 60]);
    expect(r.summary.wait).toEqual({ pod: { p50: 0, p99: 60 } });
    expect(secondsFrom(r, r.jobs[0]!.status.completionTime)).toBe(121);
  });
});

describe("elastic Indexed Jobs (completions patched together with parallelism)", () => {
  const elastic = (completions: number, parallelism: number) =>
    scenarioFromText(
      oneJob(
        `  workloads: [{match: {}, duration: 60s}]
  actions:
    - {at: 30s, patch: {kind: Job, name: j, spec: {completions: ${completions}, parallelism: ${parallelism}}}}`,
        `  completionMode: Indexed
  completions: 4
  parallelism: 4
  template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}`,
      ),
    );

  it("scales down: pods of indexes >= the new completions are deleted and not counted failed", () => {
    const r = run(elastic(2, 2));
    const byIndex = r.pods.map((p) => [p.index, p.phase, secondsFrom(r, p.deletedAt)]).sort();
    expect(byIndex).toEqual([
      [0, "Succeeded", null],
      [1, "Succeeded", null],
      [2, "Failed", 30],
      [3, "Failed", 30],
    ]);
    expect(r.jobs[0]!.status).toMatchObject({ succeeded: 2, failed: 0, completedIndexes: "0,1" });
    expect(secondsFrom(r, r.jobs[0]!.status.completionTime)).toBe(61);
  });

  it("rejects a completions change that does not match parallelism, as the API server does", () => {
    const result = runScenario(elastic(3, 2));
    expect(result.warnings).toContain(
      "action at 2026-01-01T00:00:30.000Z: spec.completions: Invalid value: 3: field is immutable",
    );
    expect(result.report.jobs[0]!.status).toMatchObject({ succeeded: 4, completedIndexes: "0-3" });
  });
});
