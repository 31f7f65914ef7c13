/**
 * Accounting for every nominal instant of every CronJob (report-contract.md "Schedule
 * outcomes"). The controller reports what it decided about instants it looked at; instants it
 * never looked at (suspended, or passed over) are derived here from the CronJob's history.
 */

import type { ScheduleDecision } from "../controllers/cronjob/injection.js";
import { getJobName } from "../controllers/cronjob/naming.js";
import { next } from "../controllers/cronjob/schedule/index.js";
import { formatSchedule, parseStandard } from "../controllers/cronjob/utils.js";
import type { SimTime } from "../engine/time.js";
import { formatInstant } from "../engine/time.js";
import type { StoreListener, WatchType } from "../k8s/store.js";
import type { CronJob, Job } from "../k8s/types.js";
import { quantile } from "./metrics.js";
import type { ReportCronJob, ReportSchedule, ScheduleOutcome, SummaryTree } from "./types.js";

/** Most instants listed per CronJob (an `@every 1s` schedule over a year would be 31 million). */
export const MAX_INSTANTS_PER_CRONJOB = 5_000_000;

const CREATED = 1;
const FORBIDDEN = 2;
const MISSED = 4;
const SUPERSEDED = 8;
const SUSPENDED = 16;

const BIT: Record<ScheduleDecision, number> = {
  created: CREATED,
  forbidden: FORBIDDEN,
  missedDeadline: MISSED,
  superseded: SUPERSEDED,
  suspended: SUSPENDED,
};

interface History {
  uid: string;
  createdAt: SimTime;
  deletedAt: SimTime | null;
  last: CronJob;
  /** The CronJob as it was from each instant on (schedule, zone and suspend changes). */
  versions: { from: SimTime; cj: CronJob }[];
  /** Decision bits per instant; numbers, not objects: a year of minutes is 525,600 of them. */
  decided: Map<SimTime, number>;
  /** When the Job of a created instant was created (its name follows from the instant). */
  jobCreatedAt: Map<SimTime, SimTime>;
}

/** Collects decisions and CronJob history during a run; `build` lists every instant at the end. */
export class ScheduleRecorder implements StoreListener {
  private readonly histories: History[] = [];
  private readonly byUid = new Map<string, History>();
  /** Set by the run: true while the controller manager is down (instants can't be decided). */
  warnings: string[] = [];

  constructor(
    private readonly clock: { now(): SimTime },
    private readonly controllerZone: string,
  ) {}

  onCronJob(type: WatchType, _old: CronJob | null, cj: CronJob): void {
    const now = this.clock.now();
    if (type === "ADDED") {
      const h: History = {
        uid: cj.metadata.uid,
        createdAt: now,
        deletedAt: null,
        last: cj,
        versions: [{ from: now, cj }],
        decided: new Map(),
        jobCreatedAt: new Map(),
      };
      this.histories.push(h);
      this.byUid.set(cj.metadata.uid, h);
      return;
    }
    const h = this.byUid.get(cj.metadata.uid);
    if (!h) return;
    h.last = cj;
    if (type === "DELETED") {
      h.deletedAt = now;
      return;
    }
    const prev = h.versions[h.versions.length - 1]!.cj.spec;
    const spec = cj.spec;
    if (prev.schedule !== spec.schedule || prev.timeZone !== spec.timeZone || prev.suspend !== spec.suspend) {
      h.versions.push({ from: now, cj });
    }
  }

  /** The controller's decision about one instant (see `ScheduleDecisionCallback`). */
  decide(cj: CronJob, scheduledTime: SimTime, decision: ScheduleDecision, job?: Job): void {
    const h = this.byUid.get(cj.metadata.uid);
    if (!h) return;
    h.decided.set(scheduledTime, (h.decided.get(scheduledTime) ?? 0) | BIT[decision]);
    if (decision === "created" && job) h.jobCreatedAt.set(scheduledTime, job.metadata.creationTimestamp);
  }

  /** Every nominal instant in [creation, min(end, deletion)) of each CronJob, with its outcome. */
  build(end: SimTime): ReportCronJob[] {
    return this.histories.map((h) => this.report(h, end));
  }

  private report(h: History, end: SimTime): ReportCronJob {
    const until = h.deletedAt === null ? end : Math.min(end, h.deletedAt);
    let lastCreated = Number.NEGATIVE_INFINITY;
    for (const [t, bits] of h.decided) if (bits & CREATED && t > lastCreated) lastCreated = t;
    const schedules: ReportSchedule[] = [];
    for (let v = 0; v < h.versions.length; v++) {
      const { from, cj } = h.versions[v]!;
      const to = v + 1 < h.versions.length ? h.versions[v + 1]!.from : until;
      const parsed = parseStandard(formatSchedule(cj, null));
      if (!parsed.ok) continue;
      let t = next(parsed.schedule, from, this.controllerZone);
      while (t !== null && t < to && schedules.length < MAX_INSTANTS_PER_CRONJOB) {
        schedules.push(this.outcome(h, cj, t, lastCreated));
        t = next(parsed.schedule, t, this.controllerZone);
      }
    }
    if (schedules.length >= MAX_INSTANTS_PER_CRONJOB) {
      this.warnings.push(
        `CronJob ${h.last.metadata.namespace}/${h.last.metadata.name}: only the first ${MAX_INSTANTS_PER_CRONJOB} schedule instants are listed`,
      );
    }
    const s = h.last.status;
    return {
      namespace: h.last.metadata.namespace,
      name: h.last.metadata.name,
      status: {
        lastScheduleTime: s.lastScheduleTime === null ? null : formatInstant(s.lastScheduleTime),
        lastSuccessfulTime: s.lastSuccessfulTime === null ? null : formatInstant(s.lastSuccessfulTime),
        active: s.active.map((r) => r.name),
      },
      schedules,
    };
  }

  /** The contract's precedence: created, suspended, forbidden, missedDeadline, superseded, pending. */
  private outcome(h: History, cj: CronJob, t: SimTime, lastCreated: SimTime): ReportSchedule {
    const scheduledTime = formatInstant(t);
    const bits = h.decided.get(t) ?? 0;
    if (bits & CREATED) {
      const entry: ReportSchedule = { scheduledTime, outcome: "created", job: getJobName(cj, t) };
      const createdAt = h.jobCreatedAt.get(t);
      if (createdAt !== undefined) entry.createdAt = formatInstant(createdAt);
      return entry;
    }
    let outcome: ScheduleOutcome;
    if (cj.spec.suspend || bits & SUSPENDED) outcome = "suspended";
    else if (bits & FORBIDDEN) outcome = "forbidden";
    else if (bits & MISSED) outcome = "missedDeadline";
    else if (bits & SUPERSEDED || t < lastCreated) outcome = "superseded";
    else outcome = "pending";
    return { scheduledTime, outcome };
  }
}

/** The `cronjobs.*` summary counters from the listed instants. */
export function cronJobSummary(
  cronjobs: readonly ReportCronJob[],
  replaced: number,
  tooManyMissed: number,
): SummaryTree {
  const counts: Record<ScheduleOutcome, number> = {
    created: 0,
    suspended: 0,
    forbidden: 0,
    missedDeadline: 0,
    superseded: 0,
    pending: 0,
  };
  const delays: number[] = [];
  let scheduled = 0;
  for (const cj of cronjobs) {
    for (const s of cj.schedules) {
      scheduled++;
      counts[s.outcome]++;
      if (s.outcome === "created" && s.createdAt !== undefined) {
        delays.push((Date.parse(s.createdAt) - Date.parse(s.scheduledTime)) / 1000);
      }
    }
  }
  return {
    scheduled,
    created: counts.created,
    forbidden: counts.forbidden,
    missedDeadline: counts.missedDeadline,
    superseded: counts.superseded,
    suspended: counts.suspended,
    pending: counts.pending,
    replaced,
    tooManyMissed,
    startDelay: { p50: quantile(delays, 0.5), p99: quantile(delays, 0.99) },
  };
}
