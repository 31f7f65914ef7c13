/**
 * Control-plane timing in whole runs: CronJob sync duration and workers, informer delay, and
 * controller-manager restarts with leader-election takeover.
 */
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../../src/scenario/load.js";
import { oneJob, run, scenarioFromText, secondsFrom } from "../../helpers/scenario.js";

function cronJobs(names: string[], schedule: string, extra = ""): string {
  return names
    .map(
      (n) => `---
apiVersion: batch/v1
kind: CronJob
metadata: {name: ${n}}
spec:
  schedule: "${schedule}"
${extra}
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{name: c, image: x}]
`,
    )
    .join("");
}

function simulation(controller: string, horizon = "2h"): string {
  return `apiVersion: jobsim.dev/v1alpha1
kind: Simulation
metadata: {name: t}
spec:
  start: "2026-01-01T00:00:00Z"
  horizon: ${horizon}
  controller:
${controller}
  workloads:
    - {match: {}, duration: 1m}
`;
}

describe("controller sync duration and workers", () => {
  it("with 1 CronJob worker and 4 s syncs, three CronJobs due at once start 4 s apart; the deadline skips the third", () => {
    const text =
      simulation("    syncDuration: {cronJob: 4s}\n    concurrentSyncs: {cronJob: 1}") +
      cronJobs(["a", "b", "c"], "0 1 * * *", "  startingDeadlineSeconds: 5");
    const report = run(scenarioFromText(text));
    const at01 = report.cronjobs.map((cj) => [
      cj.name,
      cj.schedules.find((s) => s.scheduledTime.includes("T01:00")),
    ]);
    // Keys are ready at 01:00:00.100 (nextScheduleTimeDuration's 100 ms); a takes the worker,
    // b waits 4 s, c 8 s: past its 5 s deadline.
    expect(at01).toEqual([
      ["a", expect.objectContaining({ outcome: "created", createdAt: "2026-01-01T01:00:00.100Z" })],
      ["b", expect.objectContaining({ outcome: "created", createdAt: "2026-01-01T01:00:04.100Z" })],
      ["c", expect.objectContaining({ outcome: "missedDeadline" })],
    ]);
    const cp = report.summary.controlPlane as Record<string, Record<string, unknown>>;
    expect(cp.syncDelay!.cronJob).toEqual(expect.objectContaining({ p99: expect.any(Number) }));
    expect(report.summary.cronjobs).toEqual(expect.objectContaining({ created: 2, missedDeadline: 1 }));
  });

  it("with the default 5 workers the same three start together", () => {
    const text =
      simulation("    syncDuration: {cronJob: 4s}") +
      cronJobs(["a", "b", "c"], "0 1 * * *", "  startingDeadlineSeconds: 5");
    const report = run(scenarioFromText(text));
    expect(report.summary.cronjobs).toEqual(expect.objectContaining({ created: 3, missedDeadline: 0 }));
    expect((report.settings.controllerManager as Record<string, unknown>).concurrentSyncs).toEqual({
      job: 5,
      cronJob: 5,
      ttl: 5,
    });
  });
});

describe("informer delivery delay", () => {
  it("shifts the Job controller's first sync, and so the first pod, by the delay", () => {
    const text = oneJob(
      "  controller:\n    informerDelay: 1500ms",
      "  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: c, image: x}]",
    );
    const report = run(scenarioFromText(text));
    expect(secondsFrom(report, report.pods[0]!.createdAt)).toBe(1.5);
  });
});

describe("controller-manager restart with leader-election takeover", () => {
  const restart = (extra: string) =>
    simulation(`    outages: [{start: "2026-01-01T00:59:55Z", kind: restart${extra}}]`) +
    cronJobs(["hourly"], "0 * * * *");

  it("with the defaults the new leader takes over 16 s after the crash, then relists", () => {
    const report = run(scenarioFromText(restart("")));
    const outages = (report.settings.controllerManager as { outages: unknown[] }).outages;
    expect(outages).toEqual([
      {
        start: "2026-01-01T00:59:55.000Z",
        end: "2026-01-01T01:00:11.000Z",
        kind: "restart",
        candidateDelay: "0s",
      },
    ]);
    const s = report.cronjobs[0]!.schedules.find((x) => x.scheduledTime.includes("T01:00"));
    expect(s).toEqual(expect.objectContaining({ outcome: "created", createdAt: "2026-01-01T01:00:11.000Z" }));
    expect((report.summary.controlPlane as Record<string, unknown>).leaderTakeovers).toBe(1);
  });

  it("a process that starts campaigning 30 s after the crash takes over 30 s + 16 s after it", () => {
    const report = run(scenarioFromText(restart(", duration: 30s")));
    const s = report.cronjobs[0]!.schedules.find((x) => x.scheduledTime.includes("T01:00"));
    expect(s?.createdAt).toBe("2026-01-01T01:00:41.000Z");
  });

  it("honours a longer lease: 60 s lease, 5 s retry period -> 60 s", () => {
    const text =
      simulation(
        `    leaderElection: {leaseDuration: 60s, renewDeadline: 40s, retryPeriod: 5s}\n    outages: [{start: "2026-01-01T00:59:55Z", kind: restart}]`,
      ) + cronJobs(["hourly"], "0 * * * *");
    const report = run(scenarioFromText(text));
    const s = report.cronjobs[0]!.schedules.find((x) => x.scheduledTime.includes("T01:00"));
    expect(s?.createdAt).toBe("2026-01-01T01:00:55.000Z");
  });
});

describe("bad control-plane input", () => {
  const errorsOf = (controller: string) => {
    const text = simulation(controller) + cronJobs(["a"], "0 * * * *");
    const result = loadScenario("t.yaml", { readFile: () => text });
    return result.ok ? [] : result.errors.map((e) => e.format());
  };

  it("names the field and what was expected", () => {
    expect(errorsOf("    concurrentSyncs: {cronJob: 0}").join("\n")).toMatch(
      /t\.yaml:\d+:\d+.*spec\.controller\.concurrentSyncs\.cronJob.*integer from 1/,
    );
    expect(errorsOf("    leaderElection: {leaseDuration: 10s}").join("\n")).toMatch(
      /spec\.controller\.leaderElection.*leaseDuration must be greater than renewDeadline/,
    );
    expect(errorsOf("    syncDuration: {scheduler: 1s}").join("\n")).toMatch(/scheduler/);
    expect(errorsOf('    outages: [{start: "2026-01-01T00:10:00Z", kind: reboot}]').join("\n")).toMatch(
      /expected stop or restart/,
    );
    expect(errorsOf('    outages: [{start: "2026-01-01T00:10:00Z"}]').join("\n")).toMatch(/duration/);
  });
});
