/**
 * A CronJob exported from a live cluster starts the simulation with its history: upstream
 * `mostRecentScheduleTime` counts the missed instants from its lastScheduleTime (else its
 * creationTimestamp), so the > 100 missed schedules rule (TooManyMissedTimes) and
 * startingDeadlineSeconds apply to the real history, as after a kube-controller-manager restart.
 */
import { describe, expect, it } from "vitest";
import type { Report } from "../../src/report/types.js";
import { run, scenarioFromText, secondsFrom } from "../helpers/scenario.js";

/** An hourly CronJob `mycronjob` as exported, `history` its metadata/status lines. */
function imported(
  start: string,
  horizon: string,
  history: { created: string; lst?: string },
  spec = "",
): string {
  const status = history.lst === undefined ? "" : `status:\n  lastScheduleTime: "${history.lst}"\n`;
  return `apiVersion: jobsim.dev/v1alpha1
kind: Simulation
metadata: {name: c}
spec:
  start: "${start}"
  horizon: ${horizon}
  workloads: [{match: {}, duration: 1m}]
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: mycronjob
  creationTimestamp: "${history.created}"
  resourceVersion: "12345"
  uid: 1f0f7a2e-5b1c-4e0a-9d55-2f3c1b7e9a01
spec:
  schedule: "0 * * * ?"
${spec}  jobTemplate:
    spec:
      template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}
${status}`;
}

const reasons = (r: Report) =>
  r.events
    .filter((e) => e.object.kind === "CronJob")
    .map((e) => `${secondsFrom(r, e.time)} ${e.type} ${e.reason}`);
const outcomes = (r: Report) =>
  r.cronjobs[0]!.schedules.map((s) => [secondsFrom(r, s.scheduledTime), s.outcome, s.job ?? null]);

describe("an imported CronJob's history", () => {
  // Upstream TestControllerV2SyncCronJob "prev ran but done, long overdue, no deadline, A":
  // created justBeforeThePriorHour, last scheduled justAfterThePriorHour, synced a week after the
  // hour (n = 169 missed): TooManyMissedTimes, then the latest instant runs, requeue 1h0m0.1s.
  it("a week overdue: TooManyMissedTimes, and only the latest instant runs (upstream's case)", () => {
    const r = run(
      scenarioFromText(
        imported("2016-05-26T10:00:00Z", "1h30m", {
          created: "2016-05-19T08:59:00Z",
          lst: "2016-05-19T09:01:00Z",
        }),
      ),
    );
    expect(r.jobs.map((j) => [j.name, secondsFrom(r, j.createdAt)])).toEqual([
      ["mycronjob-24404280", 0],
      ["mycronjob-24404340", 3600.1],
    ]);
    expect(reasons(r).slice(0, 2)).toEqual(["0 Warning TooManyMissedTimes", "0 Normal SuccessfulCreate"]);
    expect(r.summary.cronjobs).toMatchObject({ tooManyMissed: 1, created: 2, scheduled: 2 });
  });

  it("lastScheduleTime 101 schedules ago: TooManyMissedTimes; 100 ago: none; the latest runs either way", () => {
    const start = "2026-03-04T10:00:00Z";
    const many = run(
      scenarioFromText(
        imported(start, "30m", { created: "2026-01-01T00:00:00Z", lst: "2026-02-28T05:00:00Z" }),
      ),
    );
    const few = run(
      scenarioFromText(
        imported(start, "30m", { created: "2026-01-01T00:00:00Z", lst: "2026-02-28T06:00:00Z" }),
      ),
    );
    // 2026-02-28T05:00 is 101 hours before the start: the hourly instants 06:00 ... 10:00 on the 4th.
    expect(reasons(many)).toEqual([
      "0 Warning TooManyMissedTimes",
      "0 Normal SuccessfulCreate",
      "61 Normal SawCompletedJob",
    ]);
    expect(reasons(few)).toEqual(["0 Normal SuccessfulCreate", "61 Normal SawCompletedJob"]);
    for (const r of [many, few]) {
      expect(outcomes(r)).toEqual([[0, "created", "mycronjob-29543640"]]);
      expect(r.cronjobs[0]!.status.lastScheduleTime).toBe("2026-03-04T10:00:00.000Z");
    }
  });

  it("with only a creationTimestamp, counts the missed instants from it", () => {
    const r = run(
      scenarioFromText(imported("2026-03-04T10:00:00Z", "30m", { created: "2026-02-28T04:30:00Z" })),
    );
    expect(reasons(r)[0]).toBe("0 Warning TooManyMissedTimes");
    expect(outcomes(r)).toEqual([[0, "created", "mycronjob-29543640"]]);
  });

  it("startingDeadlineSeconds applies to the imported history: a missed instant out of the window never runs", () => {
    // The 10:00 instant is 30 minutes old at the start, beyond a 10-minute deadline.
    const r = run(
      scenarioFromText(
        imported(
          "2026-03-04T10:30:00Z",
          "1h",
          { created: "2026-01-01T00:00:00Z", lst: "2026-03-04T07:00:00Z" },
          "  startingDeadlineSeconds: 600\n",
        ),
      ),
    );
    expect(r.jobs.map((j) => [j.name, secondsFrom(r, j.createdAt)])).toEqual([
      ["mycronjob-29543700", 1800.1],
    ]);
    expect(outcomes(r)).toEqual([[1800, "created", "mycronjob-29543700"]]);
    expect(reasons(r)).not.toContain("0 Warning TooManyMissedTimes");
  });

  it("lists the schedule from spec.start on, and a catch-up run for an earlier instant first", () => {
    // Started at 10:37 after 101 missed hours: the 10:00 instant runs at the start. It is listed,
    // so every Job the CronJob created is one created instant; the missed ones before it are not.
    const r = run(
      scenarioFromText(
        imported("2026-03-04T10:37:00Z", "2h", {
          created: "2026-01-01T00:00:00Z",
          lst: "2026-02-28T05:00:00Z",
        }),
      ),
    );
    expect(outcomes(r)).toEqual([
      [-2220, "created", "mycronjob-29543640"],
      [1380, "created", "mycronjob-29543700"],
      [4980, "created", "mycronjob-29543760"],
    ]);
    expect(r.summary.cronjobs).toMatchObject({ scheduled: 3, created: 3, superseded: 0, tooManyMissed: 1 });
  });

  it("unsuspended the day after the export: TooManyMissedTimes and one catch-up run, at once", () => {
    // Suspended in the cluster since 2026-02-20 (last run then); the patch at 24h resumes it.
    const yaml = imported(
      "2026-03-04T10:30:00Z",
      "26h",
      { created: "2026-01-01T00:00:00Z", lst: "2026-02-20T10:00:00Z" },
      "  suspend: true\n",
    ).replace(
      "  workloads:",
      "  actions: [{at: 24h, patch: {kind: CronJob, name: mycronjob, spec: {suspend: false}}}]\n  workloads:",
    );
    const r = run(scenarioFromText(yaml));
    expect(r.jobs.map((j) => [j.name, secondsFrom(r, j.createdAt)])).toEqual([
      ["mycronjob-29545080", 86400],
      ["mycronjob-29545140", 88200.1],
      ["mycronjob-29545200", 91800.1],
    ]);
    expect(reasons(r).slice(0, 2)).toEqual([
      "86400 Warning TooManyMissedTimes",
      "86400 Normal SuccessfulCreate",
    ]);
    const o = outcomes(r);
    // 11:00 on the 4th to 09:00 on the 5th: suspended; 10:00 on the 5th: the catch-up run.
    expect(o.filter(([, outcome]) => outcome === "suspended")).toHaveLength(23);
    expect(o.slice(-3)).toEqual([
      [84600, "created", "mycronjob-29545080"],
      [88200, "created", "mycronjob-29545140"],
      [91800, "created", "mycronjob-29545200"],
    ]);
  });

  it("an instant at spec.start itself is one of an imported CronJob's instants", () => {
    const r = run(
      scenarioFromText(imported("2026-03-04T10:00:00Z", "1h", { created: "2026-03-04T09:30:00Z" })),
    );
    expect(outcomes(r)).toEqual([[0, "created", "mycronjob-29543640"]]);
  });
});
