import { describe, expect, it } from "vitest";
import type { Report } from "../../src/report/types.js";
import { run, scenarioFromText, secondsFrom } from "../helpers/scenario.js";

/** One CronJob; `cron` is its spec body (without jobTemplate), `sim` extra Simulation spec lines. */
function oneCronJob(sim: string, cron: string, jobRuns = "10m", jobSpec = ""): string {
  return `apiVersion: jobsim.dev/v1alpha1
kind: Simulation
metadata: {name: c}
spec:
  start: "2026-03-02T00:00:00Z"
${sim}
  workloads: [{match: {cronJob: cj}, duration: ${jobRuns}}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: cj}
spec:
${cron}
  jobTemplate:
    spec:
${jobSpec}      template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}
`;
}

const outcomes = (r: Report) =>
  r.cronjobs[0]!.schedules.map((s) => [secondsFrom(r, s.scheduledTime), s.outcome]);

describe("CronJob timelines", () => {
  it("creates each Job 100 ms after its instant, named by the scheduled unix minute", () => {
    const r = run(scenarioFromText(oneCronJob("  horizon: 1h", '  schedule: "*/15 * * * *"')));
    expect(r.jobs.map((j) => [j.name, secondsFrom(r, j.createdAt)])).toEqual([
      ["cj-29540175", 900.1],
      ["cj-29540190", 1800.1],
      ["cj-29540205", 2700.1],
    ]);
    expect(outcomes(r)).toEqual([
      [900, "created"],
      [1800, "created"],
      [2700, "created"],
    ]);
    expect(r.jobs[0]!.cronJob).toBe("cj");
    expect(r.summary.cronjobs).toMatchObject({
      scheduled: 3,
      created: 3,
      startDelay: { p50: 0.1, p99: 0.1 },
    });
    expect(r.cronjobs[0]!.status.lastScheduleTime).toBe("2026-03-02T00:45:00.000Z");
  });

  it("Forbid: an instant that finds the previous run active starts late when it ends", () => {
    // Runs take 20 min: the 00:15 run (created 00:15:00.1) blocks 00:30 (JobAlreadyActive); its
    // pod ends at 00:35:00.1, the Job completes 1 s later and the CronJob controller, woken by
    // that Job update, runs 00:30 at once: 5 min 1.1 s late.
    const r = run(
      scenarioFromText(
        oneCronJob("  horizon: 40m", '  schedule: "*/15 * * * *"\n  concurrencyPolicy: Forbid', "20m"),
      ),
    );
    expect(r.jobs.map((j) => [j.name, secondsFrom(r, j.createdAt)])).toEqual([
      ["cj-29540175", 900.1],
      ["cj-29540190", 2101.1],
    ]);
    expect(outcomes(r)).toEqual([
      [900, "created"],
      [1800, "created"],
    ]);
    expect(r.events.some((e) => e.reason === "JobAlreadyActive")).toBe(true);
  });

  it("after an outage only the most recent missed instant runs; the others are superseded", () => {
    const r = run(
      scenarioFromText(
        oneCronJob(
          `  horizon: 2h
  controller:
    outages: [{start: 10m, duration: 50m}]`,
          '  schedule: "*/15 * * * *"',
          "1m",
        ),
      ),
    );
    // Down 00:10-01:00: 00:15, 00:30, 00:45 pass unseen. The relist sync runs at 01:00:00.000
    // exactly, and 01:00 is itself due then (upstream counts instants up to and including now),
    // so 01:00 runs on time and the three missed instants are superseded.
    const o = Object.fromEntries(outcomes(r).map(([t, out]) => [t, out]));
    expect([o[900], o[1800], o[2700], o[3600], o[4500]]).toEqual([
      "superseded",
      "superseded",
      "superseded",
      "created",
      "created",
    ]);
    expect(r.jobs.find((j) => j.name === "cj-29540220")?.createdAt).toBe("2026-03-02T01:00:00.000Z");
  });

  it("startingDeadlineSeconds: an instant out of the window after an outage is missedDeadline", () => {
    const r = run(
      scenarioFromText(
        oneCronJob(
          `  horizon: 90m
  controller:
    outages: [{start: 10m, duration: 30m}]`,
          '  schedule: "*/15 * * * *"\n  startingDeadlineSeconds: 120',
          "1m",
        ),
      ),
    );
    const o = Object.fromEntries(outcomes(r).map(([t, out]) => [t, out]));
    // Back at 00:40: 00:30 is 10 min late, past the 2 min window; 00:15 likewise.
    expect(o[900]).toBe("missedDeadline");
    expect(o[1800]).toBe("missedDeadline");
    expect(o[2700]).toBe("created");
    expect(r.summary.cronjobs).toMatchObject({ missedDeadline: 2, created: 4 - 2 + 1 });
  });

  it("suspension: instants while suspended are suspended; one catch-up run on resume", () => {
    const r = run(
      scenarioFromText(
        oneCronJob(
          `  horizon: 2h
  actions:
    - {at: 20m, patch: {kind: CronJob, name: cj, spec: {suspend: true}}}
    - {at: 70m, patch: {kind: CronJob, name: cj, spec: {suspend: false}}}`,
          '  schedule: "*/15 * * * *"',
          "1m",
        ),
      ),
    );
    const o = Object.fromEntries(outcomes(r).map(([t, out]) => [t, out]));
    expect(o[900]).toBe("created");
    expect(o[1800]).toBe("suspended");
    expect(o[2700]).toBe("suspended");
    // On resume at 01:10 the most recent instant (01:00) runs once, 10 min late.
    expect(o[3600]).toBe("created");
    expect(r.jobs.map((j) => j.name)).toContain("cj-29540220");
    expect(secondsFrom(r, r.jobs.find((j) => j.name === "cj-29540220")!.createdAt)).toBe(4200);
  });

  it("ttlSecondsAfterFinished deletes finished Jobs after the TTL, counted from completion", () => {
    const r = run(
      scenarioFromText(
        oneCronJob(
          "  horizon: 40m",
          '  schedule: "*/15 * * * *"',
          "1m",
          "      ttlSecondsAfterFinished: 60\n",
        ),
      ),
    );
    const j = r.jobs[0]!;
    expect(secondsFrom(r, j.status.completionTime)).toBe(961.1);
    expect(secondsFrom(r, j.deletedAt)).toBe(1021.1);
  });
});
