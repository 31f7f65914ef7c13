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

  /** Instant `index`'s scheduled time, as the number its entry's text is made of. */
  timeAt(index: number): SimTime {
    return this.columns.timeAt(index);
  }

  outcomeAt(index: number): ScheduleOutcome {
    return OUTCOMES[this.columns.codeAt(index)]!;
  }

  /** When instant `index`'s Job was created; NaN when it was not created or that is unknown. */
  jobCreatedAt(index: number): number {
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
