import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tallyCronJob } from "../../../src/report/cronjob-table.js";
import { dstNotes } from "../../../src/report/dst-notes.js";
import { eventAge, groupEvents } from "../../../src/report/event-groups.js";
import { foldWarnings } from "../../../src/report/fold-warnings.js";
import { parseJobSelection } from "../../../src/report/job-selection.js";
import { markdownTable } from "../../../src/report/markdown.js";
import type { ReportCronJob, ReportEvent } from "../../../src/report/types.js";
import { parseFileSelection, REPORT_FILE_NAMES } from "../../../src/report/write.js";
import { describeJobs, groupByTemplate } from "../../../src/run/warning-folds.js";

const MIN = 60_000;
const t0 = Date.parse("2026-03-01T00:00:00.000Z");
const iso = (ms: number) => new Date(t0 + ms).toISOString();

function event(
  at: number,
  reason: string,
  name: string,
  type: ReportEvent["type"] = "Normal",
  kind = "CronJob",
): ReportEvent {
  return {
    time: iso(at),
    type,
    reason,
    object: { kind, namespace: "default", name },
    message: `${reason} on ${name} at ${at}`,
  };
}

describe("events grouped as kubectl describe groups them", () => {
  it("folds one reason on one object into `x81 over 80m`, the last message shown", () => {
    const events = Array.from({ length: 81 }, (_, i) => event(i * MIN, "JobAlreadyActive", "nightly"));
    const [group, ...rest] = groupEvents(events);
    expect(rest).toEqual([]);
    expect(group).toMatchObject({
      object: "cronjob/nightly",
      count: 81,
      message: `JobAlreadyActive on nightly at ${80 * MIN}`,
    });
    expect(eventAge(group!, t0 + 85 * MIN)).toBe("5m (x81 over 80m)");
    expect(eventAge({ ...group!, count: 1 }, t0 + 85 * MIN)).toBe("5m");
  });

  it("lists Warnings first, then by first occurrence; leaves out Normal events of Jobs", () => {
    const groups = groupEvents([
      event(0, "SuccessfulCreate", "etl", "Normal", "Job"),
      event(1 * MIN, "SuccessfulCreate", "nightly"),
      event(2 * MIN, "BackoffLimitExceeded", "etl", "Warning", "Job"),
    ]);
    expect(groups.map((g) => [g.type, g.reason, g.object])).toEqual([
      ["Warning", "BackoffLimitExceeded", "job/etl"],
      ["Normal", "SuccessfulCreate", "cronjob/nightly"],
    ]);
  });

  it("folds a reason seen on more than three objects of a kind into one row naming how many", () => {
    const few = groupEvents(
      [0, 1, 2].map((i) => event(i * MIN, "BackoffLimitExceeded", `job-${i}`, "Warning", "Job")),
    );
    expect(few.map((g) => g.object)).toEqual(["job/job-0", "job/job-1", "job/job-2"]);
    const many = groupEvents(
      [0, 1, 2, 3].map((i) => event(i * MIN, "BackoffLimitExceeded", `job-${i}`, "Warning", "Job")),
    );
    expect(many).toEqual([
      {
        type: "Warning",
        reason: "BackoffLimitExceeded",
        object: "4 Jobs",
        count: 4,
        first: t0,
        last: t0 + 3 * MIN,
        message: `BackoffLimitExceeded on job-3 at ${3 * MIN}`,
      },
    ]);
  });

  it("keeps every event in some row's count (property)", () => {
    const arb = fc.array(
      fc.record({
        at: fc.integer({ min: 0, max: 10_000 }),
        reason: fc.constantFrom("A", "B", "C"),
        name: fc.constantFrom("x", "y", "z", "w", "v"),
        type: fc.constantFrom("Normal" as const, "Warning" as const),
      }),
    );
    fc.assert(
      fc.property(arb, (specs) => {
        const events = specs
          .sort((a, b) => a.at - b.at)
          .map((s) => event(s.at * 1000, s.reason, s.name, s.type));
        const groups = groupEvents(events);
        return (
          groups.reduce((n, g) => n + g.count, 0) === events.length && groups.every((g) => g.first <= g.last)
        );
      }),
    );
  });
});

describe("warnings folded", () => {
  it("prints warnings that differ only in their instants once, with the count", () => {
    expect(
      foldWarnings([
        "arrival at 2026-03-01T00:05:00.000Z: jobs.batch exists",
        "no workload matches Job default/etl: its pods succeed after 1m0s",
        "arrival at 2026-03-01T00:10:00.000Z: jobs.batch exists",
        "arrival at 2026-03-01T00:15:00.000Z: jobs.batch exists",
      ]),
    ).toEqual([
      "arrival at 2026-03-01T00:05:00.000Z: jobs.batch exists (and 2 more like it: 3 in all)",
      "no workload matches Job default/etl: its pods succeed after 1m0s",
    ]);
  });

  it("never loses or invents a warning (property)", () => {
    const warning = fc.constantFrom(
      "a",
      "b at 2026-03-01T00:00:00.000Z",
      "b at 2026-03-02T00:00:00.000Z",
      "c",
    );
    fc.assert(
      fc.property(fc.array(warning), (warnings) => {
        const folded = foldWarnings(warnings);
        const total = folded.reduce((n, w) => n + Number(/: (\d+) in all\)$/.exec(w)?.[1] ?? 1), 0);
        return total === warnings.length && new Set(folded).size === folded.length;
      }),
    );
  });

  it("groups Jobs made from one template (a CronJob's or an arrival's `<name>-<n>`); a lone Job stays itself", () => {
    const groups = groupByTemplate([
      "default/tick-29538721",
      "default/etl",
      "default/tick-29538722",
      "batch/shard-1",
    ]);
    expect(groups).toEqual([
      { template: "default/tick-<n>", jobs: ["default/tick-29538721", "default/tick-29538722"] },
      { template: "default/etl", jobs: ["default/etl"] },
      { template: "batch/shard-1", jobs: ["batch/shard-1"] },
    ]);
    expect(groups.map(describeJobs)).toEqual([
      "2 Jobs default/tick-<n> (first default/tick-29538721)",
      "Job default/etl",
      "Job batch/shard-1",
    ]);
  });
});

describe("option parsing", () => {
  it("--jobs: failed, all, a name, label pairs; malformed pairs are messages", () => {
    expect(parseJobSelection(undefined)).toEqual({ kind: "default" });
    expect(parseJobSelection("failed")).toEqual({ kind: "failed" });
    expect(parseJobSelection(" all ")).toEqual({ kind: "all" });
    expect(parseJobSelection("nightly")).toEqual({ kind: "name", name: "nightly" });
    expect(parseJobSelection("team=data, tier=batch")).toEqual({
      kind: "labels",
      labels: [
        ["team", "data"],
        ["tier", "batch"],
      ],
    });
    expect(parseJobSelection("team=")).toEqual({ kind: "labels", labels: [["team", ""]] });
    expect(parseJobSelection("=x")).toMatch(/^expected label=value pairs/);
    expect(parseJobSelection("a=b,c")).toMatch(/got "c"$/);
    expect(parseJobSelection("")).toMatch(/^expected failed, all/);
  });

  it("--files: names as on disk, commas and repeats; unknown names listed with the valid ones", () => {
    expect(parseFileSelection("report.json,summary.csv")).toEqual(new Set(["report.json", "summary.csv"]));
    expect(parseFileSelection(["jobs.csv", " pods.csv ,jobs.csv"])).toEqual(
      new Set(["jobs.csv", "pods.csv"]),
    );
    expect(parseFileSelection("report.json,x.csv,y")).toBe(
      `unknown file "x.csv", "y": the files a report can hold are ${REPORT_FILE_NAMES.join(", ")}`,
    );
    expect(parseFileSelection(",")).toMatch(/^expected file names/);
    expect(REPORT_FILE_NAMES.at(-1)).toBe("report.json");
  });
});

describe("markdown tables", () => {
  it("escapes pipes, line breaks and HTML inside cells", () => {
    expect(markdownTable([["TIMEZONE"], ["<none>"], ["a&b"]]).slice(2)).toEqual([
      "| &lt;none> |",
      "| a&amp;b |",
    ]);
    expect(
      markdownTable([
        ["a", "b"],
        ["x|y", "one\ntwo"],
      ]),
    ).toEqual(["| a | b |", "| --- | --- |", "| x\\|y | one two |"]);
    expect(markdownTable([])).toEqual([]);
  });
});

const cronJob = (schedules: ReportCronJob["schedules"], zone = "Europe/Berlin"): ReportCronJob => ({
  namespace: "default",
  name: "nightly",
  spec: {
    schedule: "30 2 * * *",
    timeZone: zone,
    zone,
    concurrencyPolicy: "Allow",
    startingDeadlineSeconds: null,
    suspend: false,
    successfulJobsHistoryLimit: 3,
    failedJobsHistoryLimit: 1,
  },
  status: { lastScheduleTime: null, lastSuccessfulTime: null, active: [] },
  schedules,
});

describe("CronJob instants", () => {
  it("counts outcomes, and created instants 1 s or more late", () => {
    const t = tallyCronJob(
      cronJob([
        { scheduledTime: iso(0), outcome: "created", job: "a", createdAt: iso(100) },
        { scheduledTime: iso(MIN), outcome: "created", job: "b", createdAt: iso(MIN + 1000) },
        { scheduledTime: iso(2 * MIN), outcome: "created", job: "c", createdAt: iso(12 * MIN) },
        { scheduledTime: iso(3 * MIN), outcome: "forbidden" },
        { scheduledTime: iso(4 * MIN), outcome: "suspended" },
      ]),
    );
    expect(t).toEqual({
      scheduled: 5,
      created: 3,
      late: 2,
      maxDelaySeconds: 600,
      suspended: 1,
      forbidden: 1,
      missedDeadline: 0,
      superseded: 0,
      pending: 0,
    });
  });

  it("names a wall time the DST change skipped and one it repeated (02:30 Berlin, 2026)", () => {
    const created = (utc: string) => ({ scheduledTime: utc, outcome: "created" as const, job: "j" });
    const spring = cronJob([created("2026-03-28T01:30:00.000Z"), created("2026-03-30T00:30:00.000Z")]);
    expect(dstNotes(spring, "2026-03-28T00:00:00.000Z", "2026-03-31T00:00:00.000Z")).toEqual([
      "2026-03-29T02:30 does not exist in Europe/Berlin (clocks went forward): robfig/cron skips that run",
    ]);
    const autumn = cronJob([created("2026-10-25T00:30:00.000Z"), created("2026-10-25T01:30:00.000Z")]);
    expect(dstNotes(autumn, "2026-10-24T00:00:00.000Z", "2026-10-26T00:00:00.000Z")).toEqual([
      "2026-10-25T02:30 came 2 times in Europe/Berlin (clocks went back): 2 scheduled runs",
    ]);
    // In UTC, and for a report of an older version (no spec), there is nothing to say.
    expect(
      dstNotes(cronJob(spring.schedules, "UTC"), "2026-03-28T00:00:00.000Z", "2026-03-31T00:00:00.000Z"),
    ).toEqual([]);
    const { spec: _spec, ...older } = spring;
    expect(dstNotes(older, "2026-03-28T00:00:00.000Z", "2026-03-31T00:00:00.000Z")).toEqual([]);
  });
});
