import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { toJson } from "../../../src/report/format.js";
import { ScheduleSpill } from "../../../src/report/schedule-spill.js";
import { runScenario } from "../../../src/run/run.js";
import { scenarioFromFile, scenarioFromText } from "../../helpers/scenario.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "jobsim-spill-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Instant {
  time: number;
  code: number;
  created: number;
}

const instant = fc.record({
  time: fc.integer({ min: 0, max: 2 ** 52 }),
  code: fc.integer({ min: 0, max: 5 }),
  created: fc.oneof(fc.constant(Number.NaN), fc.integer({ min: 0, max: 2 ** 52 })),
});

describe("ScheduleSpill", () => {
  it("gives back every instant of every list, in order and by index, however they interleave", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), instant), { minLength: 9000, maxLength: 20_000 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (adds, seed) => {
          const spill = new ScheduleSpill(path.join(dir, `p${seed}.spill`));
          const lists = [spill.newList(), spill.newList(), spill.newList(), spill.newList()];
          const expected: Instant[][] = [[], [], [], []];
          for (const [which, x] of adds) {
            lists[which]!.add(x.time, x.code, x.created);
            expected[which]!.push(x);
          }
          for (let k = 0; k < lists.length; k++) {
            const list = lists[k]!;
            const want = expected[k]!;
            expect(list.length).toBe(want.length);
            const read = (i: number): Instant => ({
              time: list.timeAt(i),
              code: list.codeAt(i),
              created: list.jobCreatedAtAt(i),
            });
            const same = (i: number) =>
              Object.is(read(i).time, want[i]!.time) &&
              Object.is(read(i).code, want[i]!.code) &&
              Object.is(read(i).created, want[i]!.created);
            for (let i = 0; i < want.length; i++) if (!same(i)) expect(read(i)).toEqual(want[i]);
            // Backwards, across chunks: random access reads the right chunk back.
            for (let i = want.length - 1; i >= 0; i -= 997) expect(read(i)).toEqual(want[i]);
          }
          spill.close();
        },
      ),
      { numRuns: 5 },
    );
  });

  it("writes buffers out past the shared budget and reads them back (300,000 instants over 10 lists)", () => {
    const spill = new ScheduleSpill(path.join(dir, "big.spill"));
    const lists = Array.from({ length: 10 }, () => spill.newList());
    for (let i = 0; i < 300_000; i++) lists[i % 10]!.add(i, i % 6, i % 7 === 0 ? Number.NaN : i * 2);
    for (let k = 0; k < 10; k++) {
      const list = lists[k]!;
      expect(list.length).toBe(30_000);
      for (let j = 0; j < list.length; j++) {
        const i = j * 10 + k;
        if (list.timeAt(j) !== i || list.codeAt(j) !== i % 6) throw new Error(`list ${k} item ${j}`);
        const created = list.jobCreatedAtAt(j);
        if (i % 7 === 0 ? !Number.isNaN(created) : created !== i * 2) throw new Error(`list ${k} item ${j}`);
      }
    }
    spill.close();
  });

  it("removes its file on close, and refuses reads after it", () => {
    const file = path.join(dir, "closed.spill");
    const spill = new ScheduleSpill(file);
    const list = spill.newList();
    for (let i = 0; i < 5000; i++) list.add(i, 0, Number.NaN);
    expect(existsSync(file)).toBe(true);
    spill.close();
    spill.close();
    expect(existsSync(file)).toBe(false);
    expect(() => list.timeAt(0)).toThrow(/after close/);
  });
});

/** report.cronjobs and the cronjobs summary of a run, as text. */
function cronOutput(report: ReturnType<typeof runScenario>["report"]): string {
  return toJson({ cronjobs: report.cronjobs, summary: report.summary.cronjobs });
}

describe("runScenario with a schedule spill", () => {
  // Listing instants at every Job creation (listEarlyAfterDecisions 1), as early as they can be,
  // must give the same instants, outcomes and summary as listing them all at the end.
  it.each([
    "scenarios/berlin-dst.yaml",
    "scenarios/forbid-overrun.yaml",
    "scenarios/long-suspension.yaml",
    "scenarios/overnight-outage.yaml",
  ])("lists %s as a run that keeps them in memory does", (file) => {
    const scenario = scenarioFromFile(file);
    const inMemory = runScenario(scenario);
    const spill = new ScheduleSpill(path.join(dir, "run.spill"), 1);
    const spilled = runScenario(scenario, {
      scheduleSpill: spill,
      sinks: { job() {}, pod() {}, event() {} },
    });
    expect(cronOutput(spilled.report)).toBe(cronOutput(inMemory.report));
    expect(spilled.warnings).toEqual(inMemory.warnings);
    spill.close();
  });

  it("lists three days of a per-minute CronJob with a schedule change, a suspension and a deletion", () => {
    const scenario = scenarioFromText(`apiVersion: jobsim.dev/v1alpha1
kind: Simulation
metadata: {name: spill-week}
spec:
  seed: 3
  start: "2026-01-01T00:00:00Z"
  horizon: 3d
  workloads:
    - match: {cronJob: minutely}
      duration: {exponential: {mean: 50s}}
  controller:
    outages: [{start: 20h, duration: 3h}]
  actions:
    - {at: 12h, patch: {kind: CronJob, name: minutely, spec: {schedule: "*/2 * * * *"}}}
    - {at: 1d, patch: {kind: CronJob, name: minutely, spec: {suspend: true}}}
    - {at: 36h, patch: {kind: CronJob, name: minutely, spec: {suspend: false, schedule: "* * * * *"}}}
    - {at: 60h, delete: {kind: CronJob, name: minutely}}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: minutely}
spec:
  schedule: "* * * * *"
  concurrencyPolicy: Forbid
  startingDeadlineSeconds: 30
  jobTemplate:
    spec:
      template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}
`);
    const inMemory = runScenario(scenario);
    for (const early of [1, 100]) {
      const spill = new ScheduleSpill(path.join(dir, `week-${early}.spill`), early);
      const spilled = runScenario(scenario, { scheduleSpill: spill });
      expect(cronOutput(spilled.report)).toBe(cronOutput(inMemory.report));
      expect(spilled.warnings).toEqual(inMemory.warnings);
      spill.close();
    }
    const c = inMemory.report.summary.cronjobs as Record<string, number>;
    expect(c.scheduled).toBeGreaterThan(2500);
    expect(c.created).toBeGreaterThan(300);
    expect(c.suspended).toBeGreaterThan(300);
    expect(c.missedDeadline! + c.forbidden!).toBeGreaterThan(100);
  });
});

describe("runScenario with a schedule spill, random CronJobs", () => {
  const SCHEDULES = ["*/15 * * * *", "*/7 * * * *", "*/5 * * * *", "0 * * * *", "10,40 * * * *", "* * * * *"];
  const actionArb = fc.record({
    minute: fc.integer({ min: 1, max: 359 }),
    second: fc.constantFrom(0, 0, 0.1, 30),
    change: fc.oneof(
      fc.record({ suspend: fc.boolean() }),
      fc.record({ schedule: fc.constantFrom(...SCHEDULES) }),
    ),
  });
  const caseArb = fc.record({
    schedule: fc.constantFrom(...SCHEDULES),
    policy: fc.constantFrom("Allow", "Forbid", "Replace"),
    deadline: fc.option(fc.constantFrom(10, 60, 600), { nil: null }),
    runMinutes: fc.constantFrom(1, 4, 20, 90),
    actions: fc.array(actionArb, { maxLength: 5 }),
    outage: fc.option(
      fc.record({ start: fc.integer({ min: 1, max: 300 }), minutes: fc.integer({ min: 1, max: 90 }) }),
      {
        nil: null,
      },
    ),
  });

  // Listing as early as possible (at every Job creation) gives what listing at the end gives,
  // whatever schedule changes, suspends, outages and policies do to the instants.
  it("lists as a run that keeps them in memory does", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const actions = [...c.actions]
          .sort((a, b) => a.minute * 60 + a.second - (b.minute * 60 + b.second))
          .map(
            (a) =>
              `    - {at: ${a.minute * 60_000 + a.second * 1000}ms, patch: {kind: CronJob, name: cj, spec: ${JSON.stringify(a.change)}}}`,
          );
        const text = `apiVersion: jobsim.dev/v1alpha1
kind: Simulation
metadata: {name: random-cron}
spec:
  seed: 1
  start: "2026-03-02T00:00:00Z"
  horizon: 6h
  workloads: [{match: {cronJob: cj}, duration: ${c.runMinutes}m}]
${c.outage === null ? "" : `  controller: {outages: [{start: ${c.outage.start}m, duration: ${c.outage.minutes}m}]}\n`}${actions.length > 0 ? `  actions:\n${actions.join("\n")}\n` : ""}---
apiVersion: batch/v1
kind: CronJob
metadata: {name: cj}
spec:
  schedule: "${c.schedule}"
  concurrencyPolicy: ${c.policy}
${c.deadline === null ? "" : `  startingDeadlineSeconds: ${c.deadline}\n`}  jobTemplate:
    spec:
      template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}
`;
        const scenario = scenarioFromText(text);
        const inMemory = runScenario(scenario);
        const spill = new ScheduleSpill(path.join(dir, "random.spill"), 1);
        try {
          const spilled = runScenario(scenario, { scheduleSpill: spill });
          expect(cronOutput(spilled.report)).toBe(cronOutput(inMemory.report));
          expect(spilled.warnings).toEqual(inMemory.warnings);
        } finally {
          spill.close();
        }
      }),
      { seed: 20261206, numRuns: 40 },
    );
  });
});
