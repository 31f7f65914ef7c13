import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { CsvTableWriter } from "./csv.js";
import { EVENT_RECORD_TABLE, JOB_RECORD_TABLE, POD_RECORD_TABLE } from "./record-lines.js";
import type { RowSinks } from "./recorder.js";
import type { EventRecord, JobRecord, PodRecord } from "./records.js";
import { ScheduleSpill } from "./schedule-spill.js";
import { AtomicFile, REPORT_FILES } from "./write.js";

/** jobs.csv, pods.csv and events.csv written while simulating (`--summary-only`). */
export interface RowStreams {
  sinks: RowSinks;
  /** CronJob schedule instants kept on disk until report.json and cronjobs.csv are written. */
  scheduleSpill: ScheduleSpill;
  /** Remove the schedule spill: call once the report is written (abort does it too). */
  release(): void;
  /** Rename the finished files into place (before report.json is written). */
  commit(): void;
  /** Drop the temporary files: nothing is left half-written. */
  abort(): void;
}

let spillSerial = 0;

/** A streamed file left out by `--files`: its rows go nowhere. */
const DISCARD = { write() {}, commit() {}, abort() {} };

/**
 * Open the streamed CSVs in `dir` (created if missing), each under a temporary name; those not
 * in `selected` (when given) are not written at all.
 */
export function openRowStreams(dir: string, selected?: ReadonlySet<string>): RowStreams {
  mkdirSync(dir, { recursive: true });
  const open = (name: string) =>
    selected === undefined || selected.has(name) ? new AtomicFile(dir, name) : DISCARD;
  const files = [open(REPORT_FILES.jobs), open(REPORT_FILES.pods), open(REPORT_FILES.events)] as const;
  // Lines written from the records themselves (record-lines.ts): no report rows made for them.
  const jobs = new CsvTableWriter<JobRecord>(files[0], JOB_RECORD_TABLE);
  const pods = new CsvTableWriter<PodRecord>(files[1], POD_RECORD_TABLE);
  const events = new CsvTableWriter<EventRecord>(files[2], EVENT_RECORD_TABLE);
  // A hidden name beside the temporary CSVs; the pid and serial keep concurrent runs apart.
  const scheduleSpill = new ScheduleSpill(join(dir, `.cronjobs.${process.pid}.${spillSerial++}.spill`));
  return {
    scheduleSpill,
    release() {
      scheduleSpill.close();
    },
    sinks: {
      job: (row) => jobs.writeRow(row),
      pod: (row) => pods.writeRow(row),
      event: (row) => events.writeRow(row),
    },
    commit() {
      for (const f of files) f.commit();
    },
    abort() {
      for (const f of files) f.abort();
      scheduleSpill.close();
    },
  };
}
