/**
 * Every Job a CronJob creates is exactly one `created` instant, and every nominal instant in
 * (creation, horizon) is listed once, whatever suspends, resumes, outages, concurrency policies
 * and starting deadlines do to them; suspends and resumes land on schedule instants too.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Report } from "../../src/report/types.js";
import { run, scenarioFromText } from "../helpers/scenario.js";

/** Fixed seed for the property itself; printed by fast-check on failure for replay. */
const SEED = 20261206;
const START = Date.parse("2026-03-02T00:00:00Z");
const HORIZON_MINUTES = 6 * 60;

/** Schedules whose instants are the minutes of every hour matching `minute` (UTC, whole minutes). */
const SCHEDULES: { cron: string; minute: (m: number) => boolean }[] = [
  { cron: "*/15 * * * *", minute: (m) => m % 15 === 0 },
  { cron: "*/7 * * * *", minute: (m) => m % 7 === 0 },
  { cron: "*/5 * * * *", minute: (m) => m % 5 === 0 },
  { cron: "0 * * * *", minute: (m) => m === 0 },
  { cron: "10,40 * * * *", minute: (m) => m === 10 || m === 40 },
];

interface Case {
  schedule: number;
  policy: "Allow" | "Forbid" | "Replace";
  startingDeadlineSeconds: number | null;
  runMinutes: number;
  /** Suspend toggles: minute of the horizon, and seconds past it (0: on a whole minute). */
  toggles: { minute: number; second: number }[];
  outage: { start: number; minutes: number } | null;
}

const cases: fc.Arbitrary<Case> = fc.record({
  schedule: fc.integer({ min: 0, max: SCHEDULES.length - 1 }),
  policy: fc.constantFrom("Allow" as const, "Forbid" as const, "Replace" as const),
  startingDeadlineSeconds: fc.option(fc.constantFrom(10, 60, 200, 600, 3600), { nil: null }),
  runMinutes: fc.constantFrom(1, 4, 10, 20, 45, 90),
  toggles: fc.array(
    fc.record({
      minute: fc.integer({ min: 1, max: HORIZON_MINUTES - 1 }),
      second: fc.constantFrom(0, 0, 0, 0.05, 0.1, 0.2, 30),
    }),
    { maxLength: 6 },
  ),
  outage: fc.option(
    fc.record({ start: fc.integer({ min: 1, max: 300 }), minutes: fc.integer({ min: 1, max: 120 }) }),
    { nil: null },
  ),
});

function scenarioYaml(c: Case): string {
  const ms = (t: { minute: number; second: number }) => t.minute * 60_000 + t.second * 1000;
  const toggles = [...c.toggles].sort((a, b) => ms(a) - ms(b));
  const actions = toggles.map(
    (t, i) => `    - {at: ${ms(t)}ms, patch: {kind: CronJob, name: cj, spec: {suspend: ${i % 2 === 0}}}}`,
  );
  const outage =
    c.outage === null
      ? ""
      : `  controller: {outages: [{start: ${c.outage.start}m, duration: ${c.outage.minutes}m}]}\n`;
  return `apiVersion: jobsim.dev/v1alpha1
kind: Simulation
metadata: {name: instants}
spec:
  start: "2026-03-02T00:00:00Z"
  horizon: ${HORIZON_MINUTES}m
${outage}  workloads: [{match: {cronJob: cj}, duration: ${c.runMinutes}m}]
${actions.length > 0 ? `  actions:\n${actions.join("\n")}\n` : ""}---
apiVersion: batch/v1
kind: CronJob
metadata: {name: cj}
spec:
  schedule: "${SCHEDULES[c.schedule]!.cron}"
  concurrencyPolicy: ${c.policy}
${c.startingDeadlineSeconds === null ? "" : `  startingDeadlineSeconds: ${c.startingDeadlineSeconds}\n`}  jobTemplate:
    spec:
      template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}
`;
}

/** The schedule's instants in (start, start + horizon), as ISO strings, by brute force. */
function nominalInstants(c: Case): string[] {
  const matches = SCHEDULES[c.schedule]!.minute;
  const out: string[] = [];
  for (let m = 1; m < HORIZON_MINUTES; m++) {
    if (matches(m % 60)) out.push(new Date(START + m * 60_000).toISOString());
  }
  return out;
}

/** Every 15 minutes, Allow, 1-minute runs, nothing else. */
function example(): Case {
  return {
    schedule: 0,
    policy: "Allow",
    startingDeadlineSeconds: null,
    runMinutes: 1,
    toggles: [],
    outage: null,
  };
}

function check(c: Case): void {
  const report: Report = run(scenarioFromText(scenarioYaml(c)));
  const schedules = report.cronjobs[0]!.schedules;
  const created = schedules.filter((s) => s.outcome === "created");
  const owned = report.jobs.filter((j) => j.cronJob === "cj");
  // (a) one created instant per Job the CronJob created, naming that Job.
  expect(created.map((s) => s.job).sort()).toEqual(owned.map((j) => j.name).sort());
  expect(report.summary.cronjobs).toMatchObject({ created: owned.length, scheduled: schedules.length });
  // (b) every nominal instant in (creation, horizon) once, in order, and nothing else.
  expect(schedules.map((s) => s.scheduledTime)).toEqual(nominalInstants(c));
}

describe("CronJob instants (property)", () => {
  it("one created instant per Job, every nominal instant listed once", () => {
    fc.assert(
      fc.property(cases, (c) => check(c)),
      { seed: SEED, numRuns: 60 },
    );
  });

  it("the instants at a suspend and at a resume on schedule instants are listed", () => {
    // Suspended at 01:00 (an instant), resumed at 03:00 (an instant): the resume runs 03:00 at once.
    const c: Case = {
      ...example(),
      toggles: [
        { minute: 60, second: 0 },
        { minute: 180, second: 0 },
      ],
    };
    check(c);
    const r = run(scenarioFromText(scenarioYaml(c)));
    const at = (iso: string) => r.cronjobs[0]!.schedules.find((s) => s.scheduledTime === iso)?.outcome;
    expect(at("2026-03-02T01:00:00.000Z")).toBe("suspended");
    expect(at("2026-03-02T03:00:00.000Z")).toBe("created");
  });

  it("a Job created for an instant of a new schedule before the change is listed as created", () => {
    // Hourly until 01:10, then every 7 minutes; the deadline patch at 01:10 syncs at once and
    // the new schedule's most recent instant since 01:00, 01:07, runs: not an hourly instant.
    const yaml = scenarioYaml({ ...example(), schedule: 3 })
      .replace("horizon: 360m", "horizon: 2h")
      .replace(
        "  workloads:",
        `  actions:
    - {at: 70m, patch: {kind: CronJob, name: cj, spec: {schedule: "*/7 * * * *"}}}
    - {at: 70m, patch: {kind: CronJob, name: cj, spec: {startingDeadlineSeconds: 3600}}}
  workloads:`,
      );
    const r = run(scenarioFromText(yaml));
    const schedules = r.cronjobs[0]!.schedules;
    expect(schedules.slice(0, 3).map((s) => [s.scheduledTime.slice(11, 16), s.outcome])).toEqual([
      ["01:00", "created"],
      ["01:07", "created"],
      ["01:14", "created"],
    ]);
    const created = schedules.filter((s) => s.outcome === "created").map((s) => s.job);
    expect(created.sort()).toEqual(r.jobs.map((j) => j.name).sort());
  });
});
