/**
 * A CronJob imported with its history (creationTimestamp, lastScheduleTime before spec.start):
 * every Job it creates is exactly one `created` instant; the instants listed are the nominal ones
 * in [start, end) plus at most one earlier, the catch-up run, listed first as created; and the
 * first sync warns TooManyMissedTimes exactly when more than 100 instants were missed since
 * lastScheduleTime (else creationTimestamp), within the startingDeadlineSeconds window
 * (upstream `mostRecentScheduleTime`).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { run, scenarioFromText } from "../helpers/scenario.js";

/** Fixed seed for the property itself; printed by fast-check on failure for replay. */
const SEED = 20261207;
const MINUTE = 60_000;
const HORIZON_MINUTES = 180;
/** A whole UTC hour; each case starts some minutes and seconds after it. */
const BASE = Date.parse("2026-03-04T10:00:00Z");

/** Regular schedules (every instant the same gap apart), so upstream's estimate of n is exact. */
const SCHEDULES: { cron: string; minute: (m: number) => boolean }[] = [
  { cron: "*/15 * * * *", minute: (m) => m % 15 === 0 },
  { cron: "*/5 * * * *", minute: (m) => m % 5 === 0 },
  { cron: "0 * * * *", minute: (m) => m === 0 },
  { cron: "*/20 * * * *", minute: (m) => m % 20 === 0 },
];

interface Case {
  schedule: number;
  policy: "Allow" | "Forbid" | "Replace";
  startingDeadlineSeconds: number | null;
  /** spec.start = BASE + this many ms (whole seconds; 0 is on an instant of every schedule). */
  startOffset: number;
  /** creationTimestamp, minutes before BASE. */
  createdAgo: number;
  /** lastScheduleTime, minutes before BASE (an instant of the schedule is not required); null: none. */
  lastScheduledAgo: number | null;
}

const cases: fc.Arbitrary<Case> = fc
  .record({
    schedule: fc.integer({ min: 0, max: SCHEDULES.length - 1 }),
    policy: fc.constantFrom("Allow" as const, "Forbid" as const, "Replace" as const),
    startingDeadlineSeconds: fc.option(fc.constantFrom(10, 300, 3600, 86_400, 90_000), { nil: null }),
    startOffset: fc.oneof(
      fc.constant(0),
      fc.integer({ min: 0, max: 3599 }).map((s) => s * 1000),
    ),
    createdAgo: fc.integer({ min: 1, max: 40_000 }),
    lastScheduledAgo: fc.option(fc.integer({ min: 0, max: 40_000 }), { nil: null }),
  })
  .map((c) => ({
    ...c,
    lastScheduledAgo: c.lastScheduledAgo === null ? null : Math.min(c.lastScheduledAgo, c.createdAgo),
  }));

const iso = (t: number) => new Date(t).toISOString();

function scenarioYaml(c: Case): string {
  const status =
    c.lastScheduledAgo === null
      ? ""
      : `status: {lastScheduleTime: "${iso(BASE - c.lastScheduledAgo * MINUTE)}"}\n`;
  return `apiVersion: jobsim.dev/v1alpha1
kind: Simulation
metadata: {name: imported}
spec:
  start: "${iso(BASE + c.startOffset)}"
  horizon: ${HORIZON_MINUTES}m
  workloads: [{match: {}, duration: 7m}]
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: cj
  creationTimestamp: "${iso(BASE - c.createdAgo * MINUTE)}"
spec:
  schedule: "${SCHEDULES[c.schedule]!.cron}"
  concurrencyPolicy: ${c.policy}
${c.startingDeadlineSeconds === null ? "" : `  startingDeadlineSeconds: ${c.startingDeadlineSeconds}\n`}  jobTemplate:
    spec:
      template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}
${status}`;
}

/** The schedule's instants in (after, until], by brute force over whole minutes. */
function instants(c: Case, after: number, until: number): number[] {
  const matches = SCHEDULES[c.schedule]!.minute;
  const out: number[] = [];
  for (let t = Math.floor(after / MINUTE) * MINUTE; t <= until; t += MINUTE) {
    if (t > after && matches(new Date(t).getUTCMinutes())) out.push(t);
  }
  return out;
}

function check(c: Case): void {
  const start = BASE + c.startOffset;
  const end = start + HORIZON_MINUTES * MINUTE;
  const r = run(scenarioFromText(scenarioYaml(c)));
  const schedules = r.cronjobs[0]!.schedules;
  const times = schedules.map((s) => Date.parse(s.scheduledTime));
  // (a) one created instant per Job the CronJob created.
  const created = schedules.filter((s) => s.outcome === "created").map((s) => s.job);
  expect(created.sort()).toEqual(r.jobs.map((j) => j.name).sort());
  // (b) the nominal instants in [start, end), after at most one earlier: a created catch-up run.
  const nominal = instants(c, start - 1, end - 1);
  const earlier = times.filter((t) => t < start);
  expect(earlier.length).toBeLessThanOrEqual(1);
  if (earlier.length === 1) expect(schedules[0]!.outcome).toBe("created");
  expect(times.slice(earlier.length)).toEqual(nominal);
  // (c) TooManyMissedTimes at the first sync iff more than 100 instants were missed.
  const base = BASE - (c.lastScheduledAgo ?? c.createdAgo) * MINUTE;
  const sds = c.startingDeadlineSeconds;
  const earliest = sds === null ? base : Math.max(base, start - sds * 1000);
  const missed = instants(c, earliest, start).length;
  const warned = r.events.some((e) => e.reason === "TooManyMissedTimes" && Date.parse(e.time) === start);
  expect(warned).toBe(missed > 100);
}

/** Exactly 100 and 101 missed instants (hourly and every 15 minutes), with and without a deadline. */
const BOUNDARY: Case[] = [
  {
    schedule: 2,
    policy: "Allow",
    startingDeadlineSeconds: null,
    startOffset: 0,
    createdAgo: 9000,
    lastScheduledAgo: 6000,
  },
  {
    schedule: 2,
    policy: "Allow",
    startingDeadlineSeconds: null,
    startOffset: 0,
    createdAgo: 9000,
    lastScheduledAgo: 6060,
  },
  {
    schedule: 0,
    policy: "Forbid",
    startingDeadlineSeconds: null,
    startOffset: 0,
    createdAgo: 1500,
    lastScheduledAgo: null,
  },
  {
    schedule: 0,
    policy: "Forbid",
    startingDeadlineSeconds: null,
    startOffset: 0,
    createdAgo: 1515,
    lastScheduledAgo: null,
  },
  {
    schedule: 0,
    policy: "Allow",
    startingDeadlineSeconds: 90_000,
    startOffset: 0,
    createdAgo: 9000,
    lastScheduledAgo: 1515,
  },
  {
    schedule: 0,
    policy: "Allow",
    startingDeadlineSeconds: 90_000,
    startOffset: 0,
    createdAgo: 9000,
    lastScheduledAgo: 1500,
  },
];

describe("imported CronJob history (property)", () => {
  it("one created instant per Job, instants from spec.start, TooManyMissedTimes beyond 100 missed", () => {
    fc.assert(
      fc.property(cases, (c) => check(c)),
      { seed: SEED, numRuns: 50, examples: BOUNDARY.map((c) => [c]) },
    );
  });
});
