/**
 * The schedule instants of a run's CronJobs, kept as numbers until a report file needs them.
 * A per-minute CronJob over a year lists 525,600 instants: as objects with ISO strings that is
 * over 100 MB held to the end of the run; as numbers it is a few MB (and under `--summary-only`
 * they are on disk, schedule-spill.ts), and report.json and cronjobs.csv make each entry only
 * when they write it.
 */

import type { SimTime } from "../engine/time.js";
import { formatInstant, millisToSeconds } from "../engine/time.js";
import { LazyList } from "./format.js";
import { parseInstant } from "./instant.js";
import type { InstantColumns } from "./instant-columns.js";
import type { SpilledInstants } from "./schedule-spill.js";
import type { ReportCronJob, ReportCronJobSpec, ReportSchedule, ScheduleOutcome } from "./types.js";

const OUTCOMES: readonly ScheduleOutcome[] = [
  "created",
  "suspended",
  "forbidden",
  "missedDeadline",
  "superseded",
  "pending",
];
const CODE = new Map(OUTCOMES.map((outcome, code) => [outcome, code]));
const CREATED = CODE.get("created")!;

/** Appends instants in order; `build` makes the report's list of them. */
export interface InstantListBuilder {
  readonly length: number;
  add(scheduledTime: SimTime, outcome: ScheduleOutcome, jobCreatedAt?: SimTime): void;
  build(jobName: (scheduledTime: SimTime) => string): ScheduleList;
}

/** Collects the instants of one CronJob, in order, as numbers in memory. */
export class ScheduleListBuilder implements InstantListBuilder {
  private readonly times: number[] = [];
  private readonly codes: number[] = [];
  /** When the Job of a created instant was created; NaN when unknown or not created. */
  private readonly jobCreatedAt: number[] = [];

  get length(): number {
    return this.times.length;
  }

  add(scheduledTime: SimTime, outcome: ScheduleOutcome, jobCreatedAt?: SimTime): void {
    this.times.push(scheduledTime);
    this.codes.push(CODE.get(outcome)!);
    this.jobCreatedAt.push(jobCreatedAt ?? Number.NaN);
  }

  /** The contract entries, made on demand; `jobName` names the Job of a created instant. */
  build(jobName: (scheduledTime: SimTime) => string): ScheduleList {
    return new ScheduleList(
      new ArrayColumns(
        Float64Array.from(this.times),
        Uint8Array.from(this.codes),
        Float64Array.from(this.jobCreatedAt),
      ),
      jobName,
    );
  }
}

/** Collects the instants of one CronJob into a file (`--summary-only`, see schedule-spill.ts). */
export class SpilledListBuilder implements InstantListBuilder {
  constructor(private readonly instants: SpilledInstants) {}

  get length(): number {
    return this.instants.length;
  }

  add(scheduledTime: SimTime, outcome: ScheduleOutcome, jobCreatedAt?: SimTime): void {
    this.instants.add(scheduledTime, CODE.get(outcome)!, jobCreatedAt ?? Number.NaN);
  }

  build(jobName: (scheduledTime: SimTime) => string): ScheduleList {
    return new ScheduleList(this.instants, jobName);
  }
}

class ArrayColumns implements InstantColumns {
  constructor(
    private readonly times: Float64Array,
    private readonly codes: Uint8Array,
    private readonly jobCreatedAt: Float64Array,
  ) {}

  get length(): number {
    return this.times.length;
  }

  timeAt(i: number): SimTime {
    return this.times[i]!;
  }

  codeAt(i: number): number {
    return this.codes[i]!;
  }

  jobCreatedAtAt(i: number): number {
    return this.jobCreatedAt[i]!;
  }
}

/** The instants of one CronJob (see {@link ScheduleListBuilder.build}). */
export class ScheduleList extends LazyList<ReportSchedule> {
  constructor(
    private readonly columns: InstantColumns,
    jobName: (scheduledTime: SimTime) => string,
  ) {
    super(columns.length, (i) => {
      const t = columns.timeAt(i);
      const outcome = OUTCOMES[columns.codeAt(i)]!;
      const scheduledTime = formatInstant(t);
      if (outcome !== "created") return { scheduledTime, outcome };
      const entry: ReportSchedule = { scheduledTime, outcome, job: jobName(t) };
      const createdAt = columns.jobCreatedAtAt(i);
      if (!Number.isNaN(createdAt)) entry.createdAt = formatInstant(createdAt);
      return entry;
    });
  }

  /** The scheduled instant of entry `index`, as the number its ISO string was made of. */
  timeAt(index: number): SimTime {
    return this.columns.timeAt(index);
  }

  /** The outcome of entry `index`. */
  outcomeAt(index: number): ScheduleOutcome {
    return OUTCOMES[this.columns.codeAt(index)]!;
  }

  /** When the Job of entry `index` was created; NaN when unknown or not created. */
  jobCreatedAtAt(index: number): number {
    return this.columns.codeAt(index) === CREATED ? this.columns.jobCreatedAtAt(index) : Number.NaN;
  }

  /**
   * Seconds from instant `index` to its Job's creation, or null: what cronjobs.csv's
   * `delaySeconds` reads back from the entry's two instants, from the numbers they were made of.
   */
  delaySeconds(index: number): number | null {
    const createdAt = this.columns.jobCreatedAtAt(index);
    if (this.columns.codeAt(index) !== CREATED || Number.isNaN(createdAt)) return null;
    return millisToSeconds(createdAt - this.columns.timeAt(index));
  }
}

/**
 * A CronJob of a run's report. Report writers stream its {@link ListedCronJob.list}; reading
 * `schedules` (tests, library users) makes the whole array each time.
 */
export class ListedCronJob implements ReportCronJob {
  declare readonly schedules: ReportSchedule[];

  constructor(
    readonly namespace: string,
    readonly name: string,
    readonly spec: ReportCronJobSpec,
    readonly status: ReportCronJob["status"],
    readonly list: ScheduleList,
  ) {
    // Own and enumerable, after status: the contract's key order, and deep equality sees it.
    Object.defineProperty(this, "schedules", { enumerable: true, get: () => list.toArray() });
    // Not enumerable: only `schedules` shows the instants.
    Object.defineProperty(this, "list", { enumerable: false });
  }

  /** report.json gets the list itself, written item by item. */
  toJSON(): {
    namespace: string;
    name: string;
    spec: ReportCronJobSpec;
    status: ReportCronJob["status"];
    schedules: LazyList<ReportSchedule>;
  } {
    return {
      namespace: this.namespace,
      name: this.name,
      spec: this.spec,
      status: this.status,
      schedules: this.list,
    };
  }
}

/**
 * A CronJob's schedule instants read by index as numbers, for writers that compute with them:
 * a run's CronJob from the numbers its ISO strings are made of, any other (a report read back)
 * from those strings. Either way the same numbers.
 */
export interface ScheduleInstants {
  readonly length: number;
  timeAt(index: number): SimTime;
  outcomeAt(index: number): ScheduleOutcome;
  /** NaN when the entry has no `createdAt`. */
  jobCreatedAtAt(index: number): number;
  jobAt(index: number): string | undefined;
}

/** The schedule instants of `cronJob` ({@link ScheduleInstants}), made without a copy of the list. */
export function scheduleInstantsOf(cronJob: ReportCronJob): ScheduleInstants {
  if (cronJob instanceof ListedCronJob) {
    const list = cronJob.list;
    return {
      length: list.length,
      timeAt: (i) => list.timeAt(i),
      outcomeAt: (i) => list.outcomeAt(i),
      jobCreatedAtAt: (i) => list.jobCreatedAtAt(i),
      jobAt: (i) => list.item(i).job,
    };
  }
  const schedules = cronJob.schedules;
  return {
    length: schedules.length,
    timeAt: (i) => parseInstant(schedules[i]!.scheduledTime),
    outcomeAt: (i) => schedules[i]!.outcome,
    jobCreatedAtAt: (i) => {
      const createdAt = schedules[i]!.createdAt;
      return createdAt === undefined ? Number.NaN : parseInstant(createdAt);
    },
    jobAt: (i) => schedules[i]!.job,
  };
}
