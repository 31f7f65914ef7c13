import { describe, expect, it } from "vitest";
import { SCHEDULE_COLUMNS, scheduleRows } from "../../../src/report/csv.js";
import { LazyList, toJson } from "../../../src/report/format.js";
import { ListedCronJob, ScheduleListBuilder } from "../../../src/report/schedule-list.js";
import type { ReportCronJob } from "../../../src/report/types.js";

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
