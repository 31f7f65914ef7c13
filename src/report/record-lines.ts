/**
 * The streamed CSVs' records (`--summary-only`) written straight from the recorder's records:
 * the same bytes as the report rows' tables (JOB_TABLE, POD_TABLE, EVENT_TABLE of csv.ts) give
 * for the rows made from those records (rows.ts), without making the rows first: a run of many
 * short Jobs would otherwise build a ReportJob (a copy of its spec), a ReportPod and a
 * ReportEvent per row only to write one line from each and drop it.
 *
 * The columns (the header, and the reference each line is checked against in
 * record-lines.test.ts) are csv.ts's columns read through the rows made from the record.
 */
import { DEFAULT_NODE_NAME } from "../cluster/scheduler.js";
import { formatInstant, millisToSeconds, type SimTime } from "../engine/time.js";
import {
  CSV_EOL,
  type CsvColumn,
  type CsvTable,
  csvField,
  EVENT_COLUMNS,
  JOB_COLUMNS,
  type JobCsvRow,
  jobStatusOf,
  lastTrueOf,
  numberOrNull,
  POD_COLUMNS,
  type PodCsvRow,
  plainField,
  textOrNull,
} from "./csv.js";
import type { EventRecord, JobRecord, PodRecord } from "./records.js";
import { eventRow, jobRow, podRow } from "./rows.js";

/** Seconds from `from` to `to`, or null when either is missing (as csv.ts `secondsBetween`). */
export function secondsFromTo(from: SimTime | null, to: SimTime | null): number | null {
  return from === null || to === null ? null : millisToSeconds(to - from);
}

const iso = (t: SimTime | null): string | null => (t === null ? null : formatInstant(t));

/** The jobs.csv row of a record, through its report Job (the reference of {@link jobRecordLine}). */
export function jobRecordCsvRow(r: JobRecord): JobCsvRow {
  const s = r.last.status;
  return { job: jobRow(r), durationSeconds: secondsFromTo(s.startTime, s.completionTime) };
}

/** The pods.csv row of a record, through its report pod (the reference of {@link podRecordLine}). */
export function podRecordCsvRow(r: PodRecord): PodCsvRow {
  return {
    pod: podRow(r),
    waitSeconds: secondsFromTo(r.createdAt, r.startedAt),
    runSeconds: secondsFromTo(r.startedAt, r.finishedAt),
  };
}

/** `columns` read from a record through the row `toRow` makes of it. */
function through<R, T>(columns: readonly CsvColumn<T>[], toRow: (record: R) => T): CsvColumn<R>[] {
  return columns.map((c) => ({ name: c.name, plain: c.plain, value: (r: R) => c.value(toRow(r)) }));
}

/** A jobs.csv record of a Job record: csv.ts `jobLine` of {@link jobRecordCsvRow}. */
function jobRecordLine(r: JobRecord): string {
  const job = r.last;
  const spec = job.spec;
  const s = job.status;
  const conditions = s.conditions;
  // rows.ts `jobStatus`: the indexes only for an Indexed Job.
  const indexed = spec.completionMode === "Indexed";
  const last = lastTrueOf(conditions);
  return (
    plainField(r.namespace) +
    "," +
    plainField(r.name) +
    "," +
    plainField(r.cronJob) +
    "," +
    formatInstant(r.createdAt) +
    "," +
    plainField(iso(r.deletedAt)) +
    "," +
    plainField(iso(s.startTime)) +
    "," +
    plainField(iso(s.completionTime)) +
    "," +
    csvField(secondsFromTo(s.startTime, s.completionTime)) +
    "," +
    jobStatusOf(conditions, r.deletedAt !== null) +
    "," +
    plainField(textOrNull(spec.completionMode)) +
    "," +
    csvField(numberOrNull(spec.completions)) +
    "," +
    csvField(numberOrNull(spec.parallelism)) +
    "," +
    csvField(numberOrNull(spec.backoffLimit)) +
    "," +
    csvField(s.active) +
    "," +
    csvField(s.ready) +
    "," +
    csvField(s.terminating ?? 0) +
    "," +
    csvField(s.succeeded) +
    "," +
    csvField(s.failed) +
    "," +
    csvField(indexed ? s.completedIndexes : undefined) +
    "," +
    csvField(indexed ? s.failedIndexes : undefined) +
    "," +
    plainField(last?.type) +
    "," +
    csvField(last?.reason) +
    "," +
    csvField(last?.message) +
    "," +
    (last === undefined ? "" : formatInstant(last.lastTransitionTime)) +
    "," +
    csvField(r.retries.count) +
    CSV_EOL
  );
}

/** A pods.csv record of a pod record: csv.ts `podLine` of {@link podRecordCsvRow}. */
function podRecordLine(r: PodRecord): string {
  // rows.ts `RecordedPod`: the implicit node is not named; DisruptionTarget is the one condition.
  const node = r.node !== null && r.node !== DEFAULT_NODE_NAME ? r.node : null;
  return (
    plainField(r.namespace) +
    "," +
    plainField(r.name) +
    "," +
    plainField(r.job) +
    "," +
    csvField(r.index) +
    "," +
    formatInstant(r.createdAt) +
    "," +
    plainField(iso(r.startedAt)) +
    "," +
    plainField(iso(r.finishedAt)) +
    "," +
    plainField(iso(r.deletedAt)) +
    "," +
    plainField(r.phase) +
    "," +
    csvField(r.exitCode) +
    "," +
    csvField(r.reason) +
    "," +
    csvField(r.restarts) +
    "," +
    (r.disrupted ? "DisruptionTarget" : "") +
    "," +
    csvField(secondsFromTo(r.createdAt, r.startedAt)) +
    "," +
    csvField(secondsFromTo(r.startedAt, r.finishedAt)) +
    "," +
    csvField(r.items) +
    "," +
    plainField(node) +
    CSV_EOL
  );
}

/** An events.csv record of an event record: csv.ts `eventLine` of rows.ts `eventRow`. */
function eventRecordLine(e: EventRecord): string {
  return (
    formatInstant(e.time) +
    "," +
    plainField(e.type) +
    "," +
    csvField(e.reason) +
    "," +
    plainField(e.kind) +
    "," +
    plainField(e.namespace) +
    "," +
    plainField(e.name) +
    "," +
    csvField(e.message) +
    CSV_EOL
  );
}

/** jobs.csv from Job records. */
export const JOB_RECORD_TABLE: CsvTable<JobRecord> = {
  columns: through(JOB_COLUMNS, jobRecordCsvRow),
  line: jobRecordLine,
};

/** pods.csv from pod records. */
export const POD_RECORD_TABLE: CsvTable<PodRecord> = {
  columns: through(POD_COLUMNS, podRecordCsvRow),
  line: podRecordLine,
};

/** events.csv from event records. */
export const EVENT_RECORD_TABLE: CsvTable<EventRecord> = {
  columns: through(EVENT_COLUMNS, eventRow),
  line: eventRecordLine,
};
