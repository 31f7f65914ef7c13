import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SCHEDULE_COLUMNS, scheduleRows } from "../../../src/report/csv.js";
import { LazyList, toJson } from "../../../src/report/format.js";
import {
  ListedCronJob,
  type ScheduleInstants,
  ScheduleListBuilder,
  scheduleInstantsOf,
} from "../../../src/report/schedule-list.js";
import type { ReportCronJob, ScheduleOutcome } from "../../../src/report/types.js";

const MINUTE = 60_000;
const at = (minute: number) => Date.UTC(2026, 2, 1) + minute * MINUTE;
const status = { lastScheduleTime: null, lastSuccessfulTime: null, active: [] };
const spec = {
  schedule: "* * * * *",
  timeZone: null,
  zone: "UTC",
  concurrencyPolicy: "Allow",
  startingDeadlineSeconds: null,
  suspend: false,
  successfulJobsHistoryLimit: 3,
  failedJobsHistoryLimit: 1,
};

function listed(): ListedCronJob {
  const builder = new ScheduleListBuilder();
  builder.add(at(1), "created", at(1) + 100);
  builder.add(at(2), "forbidden");
  builder.add(at(3), "created");
  const list = builder.build((t) => `nightly-${t / MINUTE}`);
  return new ListedCronJob("default", "nightly", spec, status, list);
}

const plain: ReportCronJob = {
  namespace: "default",
  name: "nightly",
  spec,
  status,
  schedules: [
    {
      scheduledTime: "2026-03-01T00:01:00.000Z",
      outcome: "created",
      job: `nightly-${at(1) / MINUTE}`,
      createdAt: "2026-03-01T00:01:00.100Z",
    },
    { scheduledTime: "2026-03-01T00:02:00.000Z", outcome: "forbidden" },
    { scheduledTime: "2026-03-01T00:03:00.000Z", outcome: "created", job: `nightly-${at(3) / MINUTE}` },
  ],
};

describe("ListedCronJob", () => {
  it("reads like the contract object it stands for", () => {
    const cj = listed();
    expect(cj.schedules).toEqual(plain.schedules);
    expect(Object.keys(cj)).toEqual(["namespace", "name", "spec", "status", "schedules"]);
    expect(cj).toEqual(plain);
  });

  it("gives cronjobs.csv the rows of the plain object, delays from its numbers included", () => {
    const rows = [...scheduleRows([listed()])];
    expect(rows.map((r) => r.delaySeconds)).toEqual([0.1, null, null]);
    // The local-time column, last: the instant in the schedule's zone (UTC here: `Z`).
    const local = SCHEDULE_COLUMNS.find((c) => c.name === "scheduledTimeLocal")!;
    expect(rows.map((r) => local.value(r))).toEqual([
      "2026-03-01T00:01:00Z",
      "2026-03-01T00:02:00Z",
      "2026-03-01T00:03:00Z",
    ]);
    expect(SCHEDULE_COLUMNS.at(-1)).toBe(local);
    expect(rows.map((r) => [r.schedule, r.delaySeconds])).toEqual(
      [...scheduleRows([plain])].map((r) => [r.schedule, r.delaySeconds]),
    );
  });

  it("is written to JSON byte for byte as the plain object, by writeJson and JSON.stringify", () => {
    expect(toJson(listed())).toBe(toJson(plain));
    expect(JSON.stringify(listed(), null, 2)).toBe(JSON.stringify(plain, null, 2));
  });
});

describe("LazyList", () => {
  it("is written as a JSON array, empty or not, at any depth", () => {
    const squares = new LazyList(3, (i) => ({ n: i * i }));
    expect(toJson({ a: squares, b: new LazyList(0, () => 1) })).toBe(
      toJson({ a: [{ n: 0 }, { n: 1 }, { n: 4 }], b: [] }),
    );
    expect(toJson(squares, 0)).toBe('[{"n":0},{"n":1},{"n":4}]');
  });
});

describe("scheduleInstantsOf", () => {
  const read = (list: ScheduleInstants) =>
    Array.from({ length: list.length }, (_, i) => [
      list.timeAt(i),
      list.outcomeAt(i),
      list.jobCreatedAtAt(i),
      list.jobAt(i),
    ]);
  const outcomes: ScheduleOutcome[] = [
    "created",
    "suspended",
    "forbidden",
    "missedDeadline",
    "superseded",
    "pending",
  ];

  it("reads a run's CronJob from its numbers as the same instants its ISO strings hold", () => {
    const entry = fc.record({
      step: fc.integer({ min: 1, max: 100_000_000 }),
      outcome: fc.constantFrom(...outcomes),
      delay: fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: -62_167_219_200_000, max: 253_000_000_000_000 }),
        fc.array(entry),
        (start, entries) => {
          const builder = new ScheduleListBuilder();
          let t = start;
          for (const e of entries) {
            t += e.step;
            builder.add(t, e.outcome, e.delay === undefined ? undefined : t + e.delay);
          }
          const cj = new ListedCronJob(
            "default",
            "nightly",
            spec,
            status,
            builder.build((x) => `nightly-${x}`),
          );
          const copy: ReportCronJob = { ...plain, schedules: cj.schedules };
          expect(read(scheduleInstantsOf(cj))).toEqual(read(scheduleInstantsOf(copy)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("reads a plain CronJob's ISO strings", () => {
    expect(read(scheduleInstantsOf(plain))).toEqual([
      [at(1), "created", at(1) + 100, `nightly-${at(1) / MINUTE}`],
      [at(2), "forbidden", Number.NaN, undefined],
      [at(3), "created", Number.NaN, `nightly-${at(3) / MINUTE}`],
    ]);
  });
});
