import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CsvTableWriter,
  csvField,
  csvLine,
  EVENT_COLUMNS,
  JOB_COLUMNS,
  jobCsvRow,
  jobStatus,
  POD_COLUMNS,
  podCsvRow,
  SCHEDULE_COLUMNS,
  SUMMARY_COLUMNS,
  scheduleRows,
  secondsBetween,
  writeCsvTable,
} from "../../../src/report/csv.js";
import { flattenSummary } from "../../../src/report/flatten.js";
import type { ReportJob } from "../../../src/report/types.js";
import { etlJob, flakyJob, nightlyJob, smallReport } from "../../helpers/report-fixtures.js";

/** Collects what a table writer produces. */
function collect(): { sink: { write(s: string): void }; text(): string } {
  const parts: string[] = [];
  return { sink: { write: (s) => parts.push(s) }, text: () => parts.join("") };
}

describe("csvField (RFC 4180 quoting)", () => {
  it.each([
    ["plain", "plain"],
    ["", ""],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["cr\rhere", '"cr\rhere"'],
    [" padded ", " padded "],
    ["semi;colon", "semi;colon"],
  ])("%j → %j", (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  it("writes numbers with report formatting and empties for missing values", () => {
    expect(csvField(1 / 3)).toBe("0.333333");
    expect(csvField(-0)).toBe("0");
    expect(csvField(Number.NaN)).toBe("");
    expect(csvField(Number.POSITIVE_INFINITY)).toBe("");
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField(true)).toBe("true");
  });

  it("joins a record with commas and ends it with LF", () => {
    expect(csvLine(["a", 1, null, "x,y"])).toBe('a,1,,"x,y"\n');
    expect(csvLine([])).toBe("\n");
  });

  it("quotes exactly the fields RFC 4180 needs quoted, and reads back", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", " ", ",", '"', "\r", "\n", ";") }), (text) => {
        const field = csvField(text);
        const quoted = /[",\r\n]/.test(text);
        expect(field).toBe(quoted ? `"${text.replaceAll('"', '""')}"` : text);
      }),
    );
  });
});

describe("CsvTableWriter", () => {
  it("writes the header at once and streams rows one by one", () => {
    const out = collect();
    const writer = new CsvTableWriter(out.sink, SUMMARY_COLUMNS);
    expect(out.text()).toBe("metric,value\n");
    writer.writeRow(["jobs.created", 3]);
    writer.writeRow(["duration.job.p99", null]);
    expect(writer.rowCount).toBe(2);
    expect(out.text()).toBe("metric,value\njobs.created,3\nduration.job.p99,\n");
  });
});

describe("report tables", () => {
  const report = smallReport();

  it("summary.csv holds the flattened summary", () => {
    const out = collect();
    writeCsvTable(out.sink, SUMMARY_COLUMNS, flattenSummary(report.summary));
    const lines = out.text().split("\n");
    expect(lines.slice(0, 4)).toEqual([
      "metric,value",
      "jobs.created,3",
      "jobs.succeeded,1",
      "jobs.failed,1",
    ]);
    expect(lines).toContain("jobs.failedByReason.BackoffLimitExceeded,1");
    expect(lines).toContain("throughput.jobsSucceededPerHour,0.166667");
  });

  it("jobs.csv: one row per Job with flat status columns", () => {
    const out = collect();
    writeCsvTable(out.sink, JOB_COLUMNS, report.jobs.map(jobCsvRow));
    expect(out.text().split("\n")).toEqual([
      "namespace,name,cronJob,createdAt,deletedAt,startTime,completionTime,durationSeconds,status,completionMode,completions,parallelism,backoffLimit,active,ready,terminating,succeeded,failed,completedIndexes,failedIndexes,conditionType,conditionReason,conditionMessage,conditionTime,retries",
      "default,etl,,2026-03-01T00:00:00.000Z,,2026-03-01T00:00:00.000Z,2026-03-01T00:02:10.000Z,130,Complete,NonIndexed,1,1,6,0,0,0,1,1,,,Complete,CompletionsReached,Reached expected number of succeeded pods,2026-03-01T00:02:10.000Z,1",
      "default,flaky,,2026-03-01T00:01:00.000Z,,2026-03-01T00:01:00.000Z,,,Failed,NonIndexed,1,1,1,0,0,0,0,2,,,Failed,BackoffLimitExceeded,Job has reached the specified backoff limit,2026-03-01T00:05:00.000Z,1",
      "default,nightly-29538780,nightly,2026-03-01T01:00:00.100Z,,2026-03-01T01:00:01.000Z,,,Running,NonIndexed,,3,6,2,2,0,1,0,,,,,,,2",
      "",
    ]);
  });

  it("pods.csv: every pod field, conditions joined with ;", () => {
    const out = collect();
    writeCsvTable(out.sink, POD_COLUMNS, report.pods.map(podCsvRow));
    const lines = out.text().split("\n");
    expect(lines[0]).toBe(
      "namespace,name,job,index,createdAt,startedAt,finishedAt,deletedAt,phase,exitCode,reason,restarts,conditions,waitSeconds,runSeconds,items,node",
    );
    expect(lines[2]).toBe(
      "default,flaky-b4n8q,flaky,,2026-03-01T00:01:00.000Z,2026-03-01T00:01:01.500Z,2026-03-01T00:02:00.000Z,,Failed,137,OOMKilled,0,DisruptionTarget;Ready,1.5,58.5,,node-2",
    );
    expect(lines[6]).toBe(
      "default,nightly-29538780-bbbb2,nightly-29538780,,2026-03-01T01:00:01.000Z,2026-03-01T01:00:03.000Z,,,Running,,,2,,2,,,",
    );
    expect(lines).toHaveLength(report.pods.length + 2);
  });

  it("pods.csv: items then node are the last columns, items filled for work-queue pods only", () => {
    const out = collect();
    const pods = report.pods.slice(0, 2).map((p, i) => (i === 0 ? { ...p, items: 17 } : p));
    writeCsvTable(out.sink, POD_COLUMNS, pods.map(podCsvRow));
    const lines = out.text().split("\n");
    expect(lines[0]!.split(",").slice(-2)).toEqual(["items", "node"]);
    expect(lines[1]!.split(",").slice(-2)).toEqual(["17", "node-1"]);
    expect(lines[2]!.split(",").slice(-2)).toEqual(["", "node-2"]);
  });

  it("cronjobs.csv: one row per schedule instant, with the creation delay", () => {
    const out = collect();
    writeCsvTable(out.sink, SCHEDULE_COLUMNS, scheduleRows(report.cronjobs));
    expect(out.text().split("\n").slice(0, 3)).toEqual([
      "namespace,cronJob,scheduledTime,outcome,job,createdAt,delaySeconds,scheduledTimeLocal",
      "default,nightly,2026-03-01T01:00:00.000Z,created,nightly-29538780,2026-03-01T01:00:00.100Z,0.1,2026-03-01T02:00:00+01:00",
      "default,nightly,2026-03-01T02:00:00.000Z,forbidden,,,,2026-03-01T03:00:00+01:00",
    ]);
  });

  it("cronjobs.csv: the local time follows the zone's offset across DST, and is UTC for older reports", () => {
    const cronJob = structuredClone(report.cronjobs[0]!);
    expect(cronJob.spec?.zone).toBe("Europe/Berlin");
    cronJob.schedules = [
      { scheduledTime: "2026-10-25T00:30:00.000Z", outcome: "forbidden" },
      { scheduledTime: "2026-10-25T01:30:00.000Z", outcome: "forbidden" },
      { scheduledTime: "2026-03-29T01:30:00.000Z", outcome: "forbidden" },
    ];
    const local = SCHEDULE_COLUMNS.find((c) => c.name === "scheduledTimeLocal")!;
    // 02:30 twice on the night clocks go back, once in summer time and once in winter time.
    expect([...scheduleRows([cronJob])].map((r) => local.value(r))).toEqual([
      "2026-10-25T02:30:00+02:00",
      "2026-10-25T02:30:00+01:00",
      "2026-03-29T03:30:00+02:00",
    ]);
    const { spec: _spec, ...older } = cronJob;
    expect([...scheduleRows([older])].map((r) => local.value(r))[0]).toBe("2026-10-25T00:30:00Z");
  });

  it("events.csv: quotes messages with commas, quotes and newlines", () => {
    const out = collect();
    writeCsvTable(out.sink, EVENT_COLUMNS, report.events);
    const text = out.text();
    expect(text.startsWith("time,type,reason,kind,namespace,name,message\n")).toBe(true);
    expect(text).toContain(
      '2026-03-01T02:00:00.100Z,Normal,JobAlreadyActive,CronJob,default,nightly,"Not starting job because prior execution is running and concurrency policy is ""Forbid"""\n',
    );
    expect(text).toContain(
      '2026-03-01T03:00:00.100Z,Warning,MissSchedule,CronJob,default,nightly,"Missed scheduled time to start a job, at 03:00, outside deadline,\nsee startingDeadlineSeconds"\n',
    );
  });
});

describe("secondsBetween", () => {
  it("is the difference of the two instants in seconds, null when either is missing", () => {
    expect(secondsBetween("2026-03-01T23:59:59.900Z", "2026-03-02T00:00:01.000Z")).toBe(1.1);
    expect(secondsBetween("2026-03-01T00:00:00.000Z", null)).toBeNull();
    expect(secondsBetween(undefined, "2026-03-01T00:00:00.000Z")).toBeNull();
    expect(secondsBetween("2026-03-01T00:00:00.000Z", "garbage")).toBeNull();
  });
});

describe("jobStatus (kubectl STATUS)", () => {
  const withConditions = (job: ReportJob, types: string[], deletedAt: string | null = null): ReportJob => ({
    ...job,
    deletedAt,
    status: {
      ...job.status,
      conditions: types.map((type) => ({
        type,
        status: "True",
        reason: "",
        message: "",
        lastTransitionTime: "",
      })),
    },
  });

  it.each([
    [["Complete"], null, "Complete"],
    [["FailureTarget", "Failed"], null, "Failed"],
    [[], "2026-03-01T00:00:00.000Z", "Deleted"],
    [["Suspended"], null, "Suspended"],
    [["FailureTarget"], null, "FailureTarget"],
    [["SuccessCriteriaMet"], null, "SuccessCriteriaMet"],
    [[], null, "Running"],
  ])("%j deleted=%s → %s", (types, deletedAt, expected) => {
    expect(jobStatus(withConditions(nightlyJob, types, deletedAt))).toBe(expected);
  });

  it("ignores conditions whose status is not True", () => {
    const resumed = withConditions(etlJob, []);
    resumed.status.conditions = [{ ...flakyJob.status.conditions[0]!, type: "Suspended", status: "False" }];
    expect(jobStatus(resumed)).toBe("Running");
  });
});
