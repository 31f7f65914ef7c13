/**
 * The streamed CSVs' lines written straight from the recorder's records (record-lines.ts) are
 * the bytes of csv.ts's tables over the report rows made from those records (rows.ts), field
 * for field, on records full of characters that need quoting and of missing values.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_NODE_NAME } from "../../../src/cluster/scheduler.js";
import type { JobCondition } from "../../../src/k8s/types.js";
import { columnsLine, EVENT_TABLE, JOB_TABLE, POD_TABLE } from "../../../src/report/csv.js";
import {
  EVENT_RECORD_TABLE,
  JOB_RECORD_TABLE,
  jobRecordCsvRow,
  POD_RECORD_TABLE,
  podRecordCsvRow,
} from "../../../src/report/record-lines.js";
import type { EventRecord, JobRecord, PodRecord } from "../../../src/report/records.js";
import { JobRetries } from "../../../src/report/retries.js";
import { eventRow } from "../../../src/report/rows.js";
import { newJob } from "../../helpers/job-builders.js";

const text = fc.string({
  unit: fc.constantFrom("a", "Z", "7", " ", ",", '"', "\r", "\n", ";", "é", "-", "."),
  maxLength: 8,
});
const maybeText = fc.option(text, { nil: null });
const time = fc.integer({ min: 0, max: 4_102_444_800_000 });
const maybeTime = fc.option(time, { nil: null });
const count = fc.nat(1000);

const podRecord: fc.Arbitrary<PodRecord> = fc.record({
  namespace: text,
  name: text,
  job: text,
  jobUid: text,
  index: fc.option(count, { nil: null }),
  createdAt: time,
  startedAt: maybeTime,
  finishedAt: maybeTime,
  deletedAt: maybeTime,
  phase: fc.constantFrom("Pending", "Running", "Succeeded", "Failed"),
  exitCode: fc.option(fc.integer({ min: -1, max: 255 }), { nil: null }),
  reason: maybeText,
  restarts: count,
  disrupted: fc.boolean(),
  deletedBeforeFinish: fc.boolean(),
  items: fc.option(count, { nil: null }),
  node: fc.option(fc.oneof(text, fc.constant(DEFAULT_NODE_NAME)), { nil: null }),
});

const eventRecord: fc.Arbitrary<EventRecord> = fc.record({
  time,
  type: fc.constantFrom("Normal" as const, "Warning" as const),
  reason: text,
  kind: fc.constantFrom("Job", "CronJob", "Pod"),
  namespace: text,
  name: text,
  message: text,
});

const condition: fc.Arbitrary<JobCondition> = fc.record({
  type: fc.constantFrom(
    "Complete",
    "Failed",
    "Suspended",
    "FailureTarget",
    "SuccessCriteriaMet",
  ) as fc.Arbitrary<JobCondition["type"]>,
  status: fc.constantFrom("True", "False") as fc.Arbitrary<JobCondition["status"]>,
  reason: text,
  message: text,
  lastProbeTime: time,
  lastTransitionTime: time,
});

const jobRecord: fc.Arbitrary<JobRecord> = fc
  .record({
    namespace: text,
    name: text,
    cronJob: maybeText,
    createdAt: time,
    deletedAt: maybeTime,
    indexed: fc.boolean(),
    completions: fc.option(count, { nil: null }),
    parallelism: count,
    startTime: maybeTime,
    completionTime: maybeTime,
    counts: fc.tuple(count, count, fc.option(count, { nil: null }), count, count),
    completedIndexes: text,
    failedIndexes: fc.option(text, { nil: null }),
    conditions: fc.array(condition, { maxLength: 4 }),
    retries: fc.nat(3),
  })
  .map((g) => {
    const job = newJob({
      completionMode: g.indexed ? "Indexed" : "NonIndexed",
      completions: g.completions,
      parallelism: g.parallelism,
    });
    const s = job.status;
    s.startTime = g.startTime;
    s.completionTime = g.completionTime;
    [s.active, s.ready, s.terminating, s.succeeded, s.failed] = g.counts as [
      number,
      number,
      number,
      number,
      number,
    ];
    s.completedIndexes = g.completedIndexes;
    s.failedIndexes = g.failedIndexes;
    s.conditions = g.conditions;
    const retries = new JobRetries();
    for (let i = 0; i < g.retries; i++) {
      retries.podFailed(null);
      retries.podCreated(null);
    }
    return {
      namespace: g.namespace,
      name: g.name,
      uid: "uid",
      cronJob: g.cronJob,
      createdAt: g.createdAt,
      deletedAt: g.deletedAt,
      last: job,
      retries,
    };
  });

describe("CSV lines written from the recorder's records", () => {
  it("pods.csv: the line of the report pod made from the record", () => {
    fc.assert(
      fc.property(podRecord, (r) => {
        const line = POD_RECORD_TABLE.line(r);
        expect(line).toBe(POD_TABLE.line(podRecordCsvRow(r)));
        expect(line).toBe(columnsLine(POD_RECORD_TABLE.columns, r));
      }),
      { numRuns: 300 },
    );
  });

  it("jobs.csv: the line of the report Job made from the record", () => {
    fc.assert(
      fc.property(jobRecord, (r) => {
        const line = JOB_RECORD_TABLE.line(r);
        expect(line).toBe(JOB_TABLE.line(jobRecordCsvRow(r)));
        expect(line).toBe(columnsLine(JOB_RECORD_TABLE.columns, r));
      }),
      { numRuns: 300 },
    );
  });

  it("events.csv: the line of the report event made from the record", () => {
    fc.assert(
      fc.property(eventRecord, (e) => {
        const line = EVENT_RECORD_TABLE.line(e);
        expect(line).toBe(EVENT_TABLE.line(eventRow(e)));
        expect(line).toBe(columnsLine(EVENT_RECORD_TABLE.columns, e));
      }),
      { numRuns: 300 },
    );
  });

  it("the headers are the report tables' headers", () => {
    const names = (t: { columns: readonly { name: string }[] }) => t.columns.map((c) => c.name);
    expect(names(POD_RECORD_TABLE)).toEqual(names(POD_TABLE));
    expect(names(JOB_RECORD_TABLE)).toEqual(names(JOB_TABLE));
    expect(names(EVENT_RECORD_TABLE)).toEqual(names(EVENT_TABLE));
  });
});
