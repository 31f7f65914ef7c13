import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CsvColumn,
  type CsvTable,
  columnsLine,
  csvField,
  EVENT_TABLE,
  JOB_TABLE,
  POD_TABLE,
  plainField,
  SCHEDULE_TABLE,
} from "../../../src/report/csv.js";
import type {
  ReportCronJob,
  ReportCronJobSpec,
  ReportSchedule,
  ScheduleOutcome,
} from "../../../src/report/types.js";

// Each long table writes a record in one expression; these check it field for field against
// the column definitions (the header's source), on rows full of characters that need quoting.

const text = fc.string({
  unit: fc.constantFrom("a", "Z", "7", " ", ",", '"', "\r", "\n", ";", "é", "-", ".", "\u2028"),
  maxLength: 8,
});
const maybeText = fc.option(text, { nil: null });
const number = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(-0, 0.1 + 0.2, 1 / 3, 1e21, 2 ** 70, 1e-7, Number.NaN, Number.POSITIVE_INFINITY),
);
const maybeNumber = fc.option(number, { nil: null });
const instant = fc
  .integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 })
  .map((ms) => new Date(ms).toISOString());
const maybeInstant = fc.option(instant, { nil: null });

const pod = fc.record(
  {
    namespace: text,
    name: text,
    job: text,
    index: maybeNumber,
    createdAt: instant,
    startedAt: maybeInstant,
    finishedAt: maybeInstant,
    deletedAt: maybeInstant,
    phase: text,
    exitCode: maybeNumber,
    reason: maybeText,
    restarts: number,
    conditions: fc.array(text, { maxLength: 3 }),
    items: number,
    node: text,
    deletedByController: fc.constant(true as const),
  },
  {
    requiredKeys: [
      "namespace",
      "name",
      "job",
      "index",
      "createdAt",
      "startedAt",
      "finishedAt",
      "deletedAt",
      "phase",
      "exitCode",
      "reason",
      "restarts",
      "conditions",
    ],
  },
);
const podRow = fc.record({ pod, waitSeconds: maybeNumber, runSeconds: maybeNumber });

const condition = fc.record({
  type: fc.constantFrom("Complete", "Failed", "Suspended", "FailureTarget", "SuccessCriteriaMet", "Other"),
  status: fc.constantFrom("True", "False", "Unknown"),
  reason: text,
  message: text,
  lastTransitionTime: instant,
});
const job = fc.record(
  {
    namespace: text,
    name: text,
    cronJob: maybeText,
    createdAt: instant,
    deletedAt: maybeInstant,
    spec: fc.record(
      {
        completionMode: fc.oneof(text, number),
        completions: fc.oneof(maybeNumber, text),
        parallelism: maybeNumber,
        backoffLimit: maybeNumber,
      },
      { requiredKeys: [] },
    ),
    status: fc.record(
      {
        startTime: maybeInstant,
        completionTime: maybeInstant,
        active: number,
        ready: number,
        terminating: number,
        succeeded: number,
        failed: number,
        completedIndexes: text,
        failedIndexes: maybeText,
        conditions: fc.array(condition, { maxLength: 4 }),
      },
      {
        requiredKeys: [
          "startTime",
          "completionTime",
          "active",
          "ready",
          "terminating",
          "succeeded",
          "failed",
          "conditions",
        ],
      },
    ),
    retries: number,
  },
  { requiredKeys: ["namespace", "name", "cronJob", "createdAt", "deletedAt", "spec", "status"] },
);
const jobRow = fc.record({ job, durationSeconds: maybeNumber });

const event = fc.record({
  time: instant,
  type: fc.constantFrom("Normal" as const, "Warning" as const),
  reason: text,
  object: fc.record({ kind: text, namespace: text, name: text }),
  message: text,
});

const outcome = fc.constantFrom<ScheduleOutcome>(
  "created",
  "suspended",
  "forbidden",
  "missedDeadline",
  "superseded",
  "pending",
);
const scheduleRow = fc
  .record({
    cronJob: fc.record(
      {
        namespace: text,
        name: text,
        spec: fc
          .constantFrom("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata")
          .map((zone) => ({ zone }) as ReportCronJobSpec),
        status: fc.constant<ReportCronJob["status"]>({
          lastScheduleTime: null,
          lastSuccessfulTime: null,
          active: [],
        }),
        schedules: fc.constant<ReportSchedule[]>([]),
      },
      { requiredKeys: ["namespace", "name", "status", "schedules"] },
    ),
    schedule: fc.record(
      { scheduledTime: instant, outcome, job: text, createdAt: instant },
      { requiredKeys: ["scheduledTime", "outcome"] },
    ),
    delaySeconds: maybeNumber,
  })
  .map((row) => ({ ...row, scheduledAt: Date.parse(row.schedule.scheduledTime) }));

function agrees<T>(table: CsvTable<T>, row: T): void {
  expect(table.line(row)).toBe(columnsLine(table.columns, row));
}

describe("the long tables' records equal their columns, field for field", () => {
  it("pods.csv", () => {
    fc.assert(
      fc.property(podRow, (row) => agrees(POD_TABLE, row)),
      { numRuns: 500 },
    );
  });

  it("jobs.csv", () => {
    fc.assert(
      fc.property(jobRow, (row) => agrees(JOB_TABLE, row)),
      { numRuns: 500 },
    );
  });

  it("events.csv", () => {
    fc.assert(
      fc.property(event, (row) => agrees(EVENT_TABLE, row)),
      { numRuns: 500 },
    );
  });

  it("cronjobs.csv", () => {
    fc.assert(
      fc.property(scheduleRow, (row) => agrees(SCHEDULE_TABLE, row)),
      { numRuns: 300 },
    );
  });

  it("notices a record that leaves a column out", () => {
    const columns: CsvColumn<{ a: string; b: string }>[] = [
      { name: "a", value: (r) => r.a },
      { name: "b", value: (r) => r.b },
    ];
    const broken: CsvTable<{ a: string; b: string }> = { columns, line: (r) => `${csvField(r.a)}\n` };
    expect(() => agrees(broken, { a: "x", b: "y" })).toThrow();
  });
});

describe("plainField", () => {
  it("is the text as it is for strings, and csvField for anything else", () => {
    fc.assert(
      fc.property(fc.oneof(text, maybeNumber, fc.boolean(), fc.constant(undefined)), (value) => {
        expect(plainField(value)).toBe(typeof value === "string" ? value : csvField(value));
      }),
    );
  });
});
