/**
 * CSV files of a report: RFC 4180 quoting, one table definition per file, and a row writer
 * that works over any {@link TextSink}, so a table can be written from a finished Report or
 * streamed row by row while simulating (`--summary-only`).
 *
 * Every file starts with a header row. Records end with LF (RFC 4180 allows readers to accept
 * it; it keeps golden files stable under git's end-of-line handling). A field is quoted when it
 * holds a comma, a double quote, CR or LF; quotes inside are doubled. `null`, `undefined` and
 * non-finite numbers are empty fields; numbers use the report formatting ({@link formatNumber});
 * instants are the ISO strings of the report.
 *
 * Columns (in order):
 * - summary.csv: `metric,value` — the flattened summary (dotted names).
 * - jobs.csv: `namespace,name,cronJob,createdAt,deletedAt,startTime,completionTime,
 *   durationSeconds,status,completionMode,completions,parallelism,backoffLimit,active,ready,
 *   terminating,succeeded,failed,completedIndexes,failedIndexes,conditionType,conditionReason,
 *   conditionMessage,conditionTime,retries`. `durationSeconds` is completionTime − startTime (succeeded
 *   Jobs only, as `duration.job.*`); `status` is kubectl's STATUS ({@link jobStatus}); the
 *   `condition*` columns describe the last condition with status True (the terminal one for a
 *   finished Job); spec columns are read from the defaulted spec; `retries` is the Job's
 *   share of the summary's `retries` (added last so existing column positions hold).
 * - pods.csv: every ReportPod field, `namespace,name,job,index,createdAt,startedAt,finishedAt,
 *   deletedAt,phase,exitCode,reason,restarts,conditions` (conditions joined with `;`), then
 *   `waitSeconds` (created → started), `runSeconds` (started → finished) and `items` (work-queue
 *   pods only: items finished), `node` (the node it was bound to); both added last so existing
 *   column positions hold.
 * - cronjobs.csv: one row per nominal schedule instant,
 *   `namespace,cronJob,scheduledTime,outcome,job,createdAt,delaySeconds,scheduledTimeLocal`
 *   (delay = createdAt − scheduledTime, for created Jobs; the local time is the scheduled
 *   instant in the schedule's zone, added last so existing column positions hold).
 * - events.csv: `time,type,reason,kind,namespace,name,message`.
 */
import { formatRFC3339InZone } from "../controllers/cronjob/naming.js";
import { millisToSeconds, type SimTime } from "../engine/time.js";
import type { MetricRow } from "./flatten.js";
import { formatNumber, type TextSink } from "./format.js";
import { parseInstant } from "./instant.js";
import { podInstant } from "./rows.js";
import { ListedCronJob } from "./schedule-list.js";
import type {
  ReportCondition,
  ReportCronJob,
  ReportEvent,
  ReportJob,
  ReportPod,
  ReportSchedule,
} from "./types.js";

/** What a CSV field can be made of. */
export type CsvValue = string | number | boolean | null | undefined;

/** Record separator of every CSV file. */
export const CSV_EOL = "\n";

/** One column of a CSV table: its header and how to read it from a row. */
export interface CsvColumn<T> {
  readonly name: string;
  value(row: T): CsvValue;
  /**
   * Its text never needs quoting (Kubernetes names, which the API server restricts to
   * `[a-z0-9.-]`, instants, enumerations), so the writer skips the scan for special characters.
   */
  readonly plain?: boolean;
}

/** True when RFC 4180 needs `text` quoted: it holds a comma, a double quote, CR or LF. */
function needsQuotes(text: string): boolean {
  // A char-code scan: cheaper than a regex on the short fields that make up most rows.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 44 || c === 34 || c === 10 || c === 13) return true;
  }
  return false;
}

/**
 * A field of a {@link CsvColumn.plain} column: a string as it is, with no scan for characters
 * to quote; any other value as {@link csvField}.
 */
export function plainField(value: CsvValue): string {
  return typeof value === "string" ? value : csvField(value);
}

/** One CSV field: empty for null/undefined/non-finite, quoted only when RFC 4180 needs it. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  // A formatted number is digits, sign, point: never quoted.
  if (typeof value === "number") return formatNumber(value) ?? "";
  const text = String(value);
  return needsQuotes(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record with its line end. */
export function csvLine(values: readonly CsvValue[]): string {
  let line = "";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += ",";
    line += csvField(values[i]);
  }
  return line + CSV_EOL;
}

/** The record of `row` with its line end, read column by column (the reference of every table). */
export function columnsLine<T>(columns: readonly CsvColumn<T>[], row: T): string {
  let line = "";
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i]!;
    const value = column.value(row);
    if (i > 0) line += ",";
    line += column.plain === true ? plainField(value) : csvField(value);
  }
  return line + CSV_EOL;
}

/**
 * A CSV table: its columns (the header, and what each field holds) and, for the long tables,
 * the same record written in one expression (`line`): no call per column, no array of fields.
 * csv-lines.test.ts checks every `line` against {@link columnsLine} of its columns.
 */
export interface CsvTable<T> {
  readonly columns: readonly CsvColumn<T>[];
  line(row: T): string;
}

/** A table whose records are read column by column. */
export function columnsTable<T>(columns: readonly CsvColumn<T>[]): CsvTable<T> {
  return { columns, line: (row) => columnsLine(columns, row) };
}

/** Writes a header row on creation, then one record per {@link CsvTableWriter.writeRow}. */
export class CsvTableWriter<T> {
  #rows = 0;
  readonly #line: (row: T) => string;
  readonly columns: readonly CsvColumn<T>[];

  constructor(
    private readonly sink: TextSink,
    table: CsvTable<T> | readonly CsvColumn<T>[],
  ) {
    const { columns, line } = isTable(table) ? table : columnsTable(table);
    this.columns = columns;
    this.#line = line;
    sink.write(csvLine(columns.map((c) => c.name)));
  }

  /** Append the record of `row`. */
  writeRow(row: T): void {
    this.sink.write(this.#line(row));
    this.#rows++;
  }

  /** Records written so far, header excluded. */
  get rowCount(): number {
    return this.#rows;
  }
}

function isTable<T>(table: CsvTable<T> | readonly CsvColumn<T>[]): table is CsvTable<T> {
  return !Array.isArray(table);
}

/** Write a whole table to `sink`: the header, then the row `toRow` makes of each item, by index. */
export function writeCsvItems<S, T>(
  sink: TextSink,
  table: CsvTable<T>,
  items: readonly S[],
  toRow: (item: S) => T,
): void {
  const writer = new CsvTableWriter(sink, table);
  for (let i = 0; i < items.length; i++) writer.writeRow(toRow(items[i]!));
}

/** Write a whole table (header and every row) to `sink`. */
export function writeCsvTable<T>(
  sink: TextSink,
  table: CsvTable<T> | readonly CsvColumn<T>[],
  rows: Iterable<T>,
): void {
  const writer = new CsvTableWriter(sink, table);
  for (const row of rows) writer.writeRow(row);
}

/** Seconds from instant `from` to instant `to` (ISO strings), or `null` when either is missing. */
export function secondsBetween(
  from: string | null | undefined,
  to: string | null | undefined,
): number | null {
  if (!from || !to) return null;
  const ms = parseInstant(to) - parseInstant(from);
  return Number.isFinite(ms) ? millisToSeconds(ms) : null;
}

/** The last condition with status True: the terminal one once a Job has finished. */
export function lastTrueCondition(job: ReportJob): ReportCondition | undefined {
  return lastTrueOf(job.status.conditions);
}

/** A condition's type and status: a report Job's, or a stored Job's (for a record's line). */
export interface TypedCondition {
  readonly type: string;
  readonly status: string;
}

/** {@link lastTrueCondition} of a report Job's or a stored Job's conditions. */
export function lastTrueOf<C extends TypedCondition>(conditions: readonly C[]): C | undefined {
  return conditions.findLast((c) => c.status === "True");
}

function hasCondition(conditions: readonly TypedCondition[], type: string): boolean {
  for (const c of conditions) if (c.type === type && c.status === "True") return true;
  return false;
}

/**
 * kubectl's STATUS column for a Job (kubectl 1.34 `printJob`, first match wins): Complete,
 * Failed, then Deleted where kubectl says Terminating (the Job is gone in the report), Suspended,
 * FailureTarget, SuccessCriteriaMet, else Running.
 */
export function jobStatus(job: ReportJob): string {
  return jobStatusOf(job.status.conditions, job.deletedAt !== null);
}

/** {@link jobStatus} from a Job's conditions and whether it was deleted. */
export function jobStatusOf(conditions: readonly TypedCondition[], deleted: boolean): string {
  if (hasCondition(conditions, "Complete")) return "Complete";
  if (hasCondition(conditions, "Failed")) return "Failed";
  if (deleted) return "Deleted";
  if (hasCondition(conditions, "Suspended")) return "Suspended";
  if (hasCondition(conditions, "FailureTarget")) return "FailureTarget";
  if (hasCondition(conditions, "SuccessCriteriaMet")) return "SuccessCriteriaMet";
  return "Running";
}

/** A number from the loosely typed defaulted spec, or `null`. */
export function specNumber(job: ReportJob, field: string): number | null {
  return numberOrNull(job.spec[field]);
}

function specText(job: ReportJob, field: string): string | null {
  return textOrNull(job.spec[field]);
}

/** A spec field's value when it is a number, else `null` (as the columns show it). */
export function numberOrNull(value: unknown): number | null {
  return typeof value === "number" ? value : null;
}

/** A spec field's value when it is a string, else `null` (as the columns show it). */
export function textOrNull(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

function col<T>(name: string, value: (row: T) => CsvValue): CsvColumn<T> {
  return { name, value, plain: false };
}

/** A column whose text never needs quoting (see {@link CsvColumn.plain}). */
function plain<T>(name: string, value: (row: T) => CsvValue): CsvColumn<T> {
  return { name, value, plain: true };
}

/** summary.csv: `metric,value`. */
export const SUMMARY_COLUMNS: readonly CsvColumn<MetricRow>[] = [
  col("metric", (r) => r[0]),
  col("value", (r) => r[1]),
];

/** A row of jobs.csv: a Job and its run time. */
export interface JobCsvRow {
  readonly job: ReportJob;
  /** completionTime − startTime in seconds, or null when either is missing. */
  readonly durationSeconds: number | null;
}

/** The jobs.csv row of a report's Job (a run's rows take the duration from its numbers). */
export function jobCsvRow(job: ReportJob): JobCsvRow {
  return { job, durationSeconds: secondsBetween(job.status.startTime, job.status.completionTime) };
}

/** jobs.csv: one row per Job ever created (see the module comment for the columns). */
export const JOB_COLUMNS: readonly CsvColumn<JobCsvRow>[] = [
  plain("namespace", (r) => r.job.namespace),
  plain("name", (r) => r.job.name),
  plain("cronJob", (r) => r.job.cronJob),
  plain("createdAt", (r) => r.job.createdAt),
  plain("deletedAt", (r) => r.job.deletedAt),
  plain("startTime", (r) => r.job.status.startTime),
  plain("completionTime", (r) => r.job.status.completionTime),
  col("durationSeconds", (r) => r.durationSeconds),
  plain("status", (r) => jobStatus(r.job)),
  plain("completionMode", (r) => specText(r.job, "completionMode")),
  col("completions", (r) => specNumber(r.job, "completions")),
  col("parallelism", (r) => specNumber(r.job, "parallelism")),
  col("backoffLimit", (r) => specNumber(r.job, "backoffLimit")),
  col("active", (r) => r.job.status.active),
  col("ready", (r) => r.job.status.ready),
  col("terminating", (r) => r.job.status.terminating),
  col("succeeded", (r) => r.job.status.succeeded),
  col("failed", (r) => r.job.status.failed),
  col("completedIndexes", (r) => r.job.status.completedIndexes),
  col("failedIndexes", (r) => r.job.status.failedIndexes),
  plain("conditionType", (r) => lastTrueCondition(r.job)?.type),
  col("conditionReason", (r) => lastTrueCondition(r.job)?.reason),
  col("conditionMessage", (r) => lastTrueCondition(r.job)?.message),
  plain("conditionTime", (r) => lastTrueCondition(r.job)?.lastTransitionTime),
  col("retries", (r) => r.job.retries),
];

/** A jobs.csv record: {@link JOB_COLUMNS} in one expression. */
function jobLine(r: JobCsvRow): string {
  const job = r.job;
  const s = job.status;
  const last = lastTrueCondition(job);
  return (
    plainField(job.namespace) +
    "," +
    plainField(job.name) +
    "," +
    plainField(job.cronJob) +
    "," +
    plainField(job.createdAt) +
    "," +
    plainField(job.deletedAt) +
    "," +
    plainField(s.startTime) +
    "," +
    plainField(s.completionTime) +
    "," +
    csvField(r.durationSeconds) +
    "," +
    plainField(jobStatus(job)) +
    "," +
    plainField(specText(job, "completionMode")) +
    "," +
    csvField(specNumber(job, "completions")) +
    "," +
    csvField(specNumber(job, "parallelism")) +
    "," +
    csvField(specNumber(job, "backoffLimit")) +
    "," +
    csvField(s.active) +
    "," +
    csvField(s.ready) +
    "," +
    csvField(s.terminating) +
    "," +
    csvField(s.succeeded) +
    "," +
    csvField(s.failed) +
    "," +
    csvField(s.completedIndexes) +
    "," +
    csvField(s.failedIndexes) +
    "," +
    plainField(last?.type) +
    "," +
    csvField(last?.reason) +
    "," +
    csvField(last?.message) +
    "," +
    plainField(last?.lastTransitionTime) +
    "," +
    csvField(job.retries) +
    CSV_EOL
  );
}

/** jobs.csv. */
export const JOB_TABLE: CsvTable<JobCsvRow> = { columns: JOB_COLUMNS, line: jobLine };

/** A row of pods.csv: a pod and its two durations. */
export interface PodCsvRow {
  readonly pod: ReportPod;
  /** startedAt − createdAt in seconds, or null. */
  readonly waitSeconds: number | null;
  /** finishedAt − startedAt in seconds, or null. */
  readonly runSeconds: number | null;
}

/** The pods.csv row of a report's pod (a run's rows take the durations from its numbers). */
export function podCsvRow(pod: ReportPod): PodCsvRow {
  // A run's pods give the numbers their instants were made of (as secondsBetween reads them).
  const started = podInstant(pod, "startedAt");
  return {
    pod,
    waitSeconds: secondsOrNull(started - podInstant(pod, "createdAt")),
    runSeconds: secondsOrNull(podInstant(pod, "finishedAt") - started),
  };
}

/** Milliseconds as seconds, null when not finite (an instant missing). */
function secondsOrNull(ms: number): number | null {
  return Number.isFinite(ms) ? millisToSeconds(ms) : null;
}

/** pods.csv: one row per pod ever created, every ReportPod field plus two durations (items last). */
export const POD_COLUMNS: readonly CsvColumn<PodCsvRow>[] = [
  plain("namespace", (r) => r.pod.namespace),
  plain("name", (r) => r.pod.name),
  plain("job", (r) => r.pod.job),
  col("index", (r) => r.pod.index),
  plain("createdAt", (r) => r.pod.createdAt),
  plain("startedAt", (r) => r.pod.startedAt),
  plain("finishedAt", (r) => r.pod.finishedAt),
  plain("deletedAt", (r) => r.pod.deletedAt),
  plain("phase", (r) => r.pod.phase),
  col("exitCode", (r) => r.pod.exitCode),
  col("reason", (r) => r.pod.reason),
  col("restarts", (r) => r.pod.restarts),
  col("conditions", (r) => r.pod.conditions.join(";")),
  col("waitSeconds", (r) => r.waitSeconds),
  col("runSeconds", (r) => r.runSeconds),
  col("items", (r) => r.pod.items),
  plain("node", (r) => r.pod.node),
];

/** A pods.csv record: {@link POD_COLUMNS} in one expression. */
function podLine(r: PodCsvRow): string {
  const pod = r.pod;
  return (
    plainField(pod.namespace) +
    "," +
    plainField(pod.name) +
    "," +
    plainField(pod.job) +
    "," +
    csvField(pod.index) +
    "," +
    plainField(pod.createdAt) +
    "," +
    plainField(pod.startedAt) +
    "," +
    plainField(pod.finishedAt) +
    "," +
    plainField(pod.deletedAt) +
    "," +
    plainField(pod.phase) +
    "," +
    csvField(pod.exitCode) +
    "," +
    csvField(pod.reason) +
    "," +
    csvField(pod.restarts) +
    "," +
    // Most pods have no condition: no join for them.
    (pod.conditions.length === 0 ? "" : csvField(pod.conditions.join(";"))) +
    "," +
    csvField(r.waitSeconds) +
    "," +
    csvField(r.runSeconds) +
    "," +
    csvField(pod.items) +
    "," +
    plainField(pod.node) +
    CSV_EOL
  );
}

/** pods.csv. */
export const POD_TABLE: CsvTable<PodCsvRow> = { columns: POD_COLUMNS, line: podLine };

/** One nominal schedule instant of a CronJob: a row of cronjobs.csv. */
export interface ScheduleRow {
  readonly cronJob: ReportCronJob;
  readonly schedule: ReportSchedule;
  /** createdAt − scheduledTime in seconds, or null when no Job was created. */
  readonly delaySeconds: number | null;
  /** The scheduled instant as a number (a run's from the list, else read from `scheduledTime`). */
  readonly scheduledAt: SimTime;
}

/** Every schedule instant of every CronJob, CronJob by CronJob, in schedule order. */
export function* scheduleRows(cronjobs: readonly ReportCronJob[]): Generator<ScheduleRow> {
  for (const cronJob of cronjobs) {
    if (cronJob instanceof ListedCronJob) {
      // A run's CronJob: the delay from the numbers the two instants were made of.
      const list = cronJob.list;
      for (let i = 0; i < list.length; i++) {
        const schedule = list.item(i);
        yield { cronJob, schedule, delaySeconds: list.delaySeconds(i), scheduledAt: list.timeAt(i) };
      }
      continue;
    }
    for (const schedule of cronJob.schedules) {
      const delaySeconds = secondsBetween(schedule.scheduledTime, schedule.createdAt);
      yield { cronJob, schedule, delaySeconds, scheduledAt: parseInstant(schedule.scheduledTime) };
    }
  }
}

/** cronjobs.csv: one row per nominal schedule instant. */
export const SCHEDULE_COLUMNS: readonly CsvColumn<ScheduleRow>[] = [
  plain("namespace", (r) => r.cronJob.namespace),
  plain("cronJob", (r) => r.cronJob.name),
  plain("scheduledTime", (r) => r.schedule.scheduledTime),
  plain("outcome", (r) => r.schedule.outcome),
  plain("job", (r) => r.schedule.job),
  plain("createdAt", (r) => r.schedule.createdAt),
  col("delaySeconds", (r) => r.delaySeconds),
  plain("scheduledTimeLocal", (r) => scheduledTimeLocal(r)),
];

/** A cronjobs.csv record: {@link SCHEDULE_COLUMNS} in one expression. */
function scheduleLine(r: ScheduleRow): string {
  const schedule = r.schedule;
  return (
    plainField(r.cronJob.namespace) +
    "," +
    plainField(r.cronJob.name) +
    "," +
    plainField(schedule.scheduledTime) +
    "," +
    plainField(schedule.outcome) +
    "," +
    plainField(schedule.job) +
    "," +
    plainField(schedule.createdAt) +
    "," +
    csvField(r.delaySeconds) +
    "," +
    scheduledTimeLocal(r) +
    CSV_EOL
  );
}

/** cronjobs.csv. */
export const SCHEDULE_TABLE: CsvTable<ScheduleRow> = { columns: SCHEDULE_COLUMNS, line: scheduleLine };

/**
 * The scheduled instant as a wall clock in the zone the CronJob's schedule is evaluated in
 * (RFC 3339 with its offset, as Go's `time.RFC3339` prints it: `2026-03-29T03:30:00+02:00`).
 * Reports of older versions name no zone: UTC.
 */
function scheduledTimeLocal(r: ScheduleRow): string {
  return formatRFC3339InZone(r.scheduledAt, r.cronJob.spec?.zone ?? "UTC");
}

/** events.csv: the Kubernetes events in time order. */
export const EVENT_COLUMNS: readonly CsvColumn<ReportEvent>[] = [
  plain("time", (e) => e.time),
  plain("type", (e) => e.type),
  col("reason", (e) => e.reason),
  plain("kind", (e) => e.object.kind),
  plain("namespace", (e) => e.object.namespace),
  plain("name", (e) => e.object.name),
  col("message", (e) => e.message),
];

/** An events.csv record: {@link EVENT_COLUMNS} in one expression. */
function eventLine(e: ReportEvent): string {
  const object = e.object;
  return (
    plainField(e.time) +
    "," +
    plainField(e.type) +
    "," +
    csvField(e.reason) +
    "," +
    plainField(object.kind) +
    "," +
    plainField(object.namespace) +
    "," +
    plainField(object.name) +
    "," +
    csvField(e.message) +
    CSV_EOL
  );
}

/** events.csv. */
export const EVENT_TABLE: CsvTable<ReportEvent> = { columns: EVENT_COLUMNS, line: eventLine };
