/**
 * Accounting for every nominal instant of every CronJob (docs/report-contract.md "Schedule
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
import { DecisionCursor, DecisionLog } from "./decision-log.js";
import { quantile } from "./metrics.js";
import { ListedCronJob, ScheduleListBuilder } from "./schedule-list.js";
import type { ReportCronJob, ScheduleOutcome, SummaryTree } from "./types.js";

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
  /** Decision bits per instant, and when created instants' Jobs were created (names follow). */
  decided: DecisionLog;
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
        decided: new DecisionLog(),
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
    const jobCreatedAt = decision === "created" && job ? job.metadata.creationTimestamp : undefined;
    h.decided.add(scheduledTime, BIT[decision], jobCreatedAt);
  }

  /**
   * Every nominal instant in [creation, min(end, deletion)) of each CronJob, with its outcome,
   * and their counts (folded here, from the numbers, rather than from the listed entries).
   */
  build(end: SimTime): { cronjobs: ReportCronJob[]; counts: ScheduleCounts } {
    const counts = new ScheduleCounts();
    return { cronjobs: this.histories.map((h) => this.report(h, end, counts)), counts };
  }

  private report(h: History, end: SimTime, counts: ScheduleCounts): ReportCronJob {
    const until = h.deletedAt === null ? end : Math.min(end, h.deletedAt);
    const decided = h.decided;
    let lastCreated = Number.NEGATIVE_INFINITY;
    for (let i = decided.size - 1; i >= 0; i--) {
      if (decided.bitsAt(i) & CREATED) {
        lastCreated = decided.timeAt(i);
        break;
      }
    }
    const cursor = new DecisionCursor(decided);
    const schedules = new ScheduleListBuilder();
    const record = (t: SimTime, result: ScheduleOutcome, jobCreatedAt: SimTime | undefined) => {
      schedules.add(t, result, jobCreatedAt);
      counts.add(t, result, jobCreatedAt);
    };
    // Instants the controller created a Job for are listed even when they are not nominal
    // instants of the version in effect (a schedule changed under a late sync): every Job the
    // CronJob created is one `created` instant.
    let nextDecided = 0;
    const listCreatedBefore = (limit: SimTime) => {
      for (; nextDecided < decided.size && decided.timeAt(nextDecided) < limit; nextDecided++) {
        if (decided.bitsAt(nextDecided) & CREATED) {
          record(decided.timeAt(nextDecided), "created", decided.jobCreatedAtAt(nextDecided));
        }
      }
    };
    const versions = h.versions;
    let t: SimTime | null = null;
    let parsed: ReturnType<typeof parseStandard> | null = null;
    for (let v = 0; v < versions.length; v++) {
      const { from, cj } = versions[v]!;
      const to = v + 1 < versions.length ? versions[v + 1]!.from : until;
      if (v === 0 || !sameSchedule(versions[v - 1]!.cj, cj)) {
        parsed = parseStandard(formatSchedule(cj, null));
        // The CronJob's own creation instant is not one of its instants (upstream
        // mostRecentScheduleTime starts strictly after creationTimestamp); after a schedule
        // change, an instant at the change's own moment is the new schedule's.
        t = !parsed.ok ? null : next(parsed.schedule, v === 0 ? from : from - 1, this.controllerZone);
      }
      // Otherwise (suspend toggled) the instants go on as they were: `t` is the first at or
      // after `from`, and it is this version's, whose suspend decides its outcome.
      if (parsed === null || !parsed.ok) continue;
      while (t !== null && t < to && schedules.length < MAX_INSTANTS_PER_CRONJOB) {
        listCreatedBefore(t);
        const at = cursor.find(t);
        if (at >= 0) nextDecided = Math.max(nextDecided, at + 1);
        const result = outcome(decided, at, cj, t, lastCreated);
        record(t, result, result === "created" ? decided.jobCreatedAtAt(at) : undefined);
        t = next(parsed.schedule, t, this.controllerZone);
      }
    }
    listCreatedBefore(until);
    if (schedules.length >= MAX_INSTANTS_PER_CRONJOB) {
      this.warnings.push(
        `CronJob ${h.last.metadata.namespace}/${h.last.metadata.name}: only the first ${MAX_INSTANTS_PER_CRONJOB} schedule instants are listed`,
      );
    }
    const s = h.last.status;
    const status = {
      lastScheduleTime: s.lastScheduleTime === null ? null : formatInstant(s.lastScheduleTime),
      lastSuccessfulTime: s.lastSuccessfulTime === null ? null : formatInstant(s.lastSuccessfulTime),
      active: s.active.map((r) => r.name),
    };
    // A Job's name depends only on the CronJob's name and the instant, the same in every version.
    const last = h.last;
    const list = schedules.build((t) => getJobName(last, t));
    return new ListedCronJob(last.metadata.namespace, last.metadata.name, status, list);
  }
}

/** Whether two versions of a CronJob have the same instants (schedule and zone). */
function sameSchedule(a: CronJob, b: CronJob): boolean {
  return a.spec.schedule === b.spec.schedule && a.spec.timeZone === b.spec.timeZone;
}

/**
 * The outcome of instant `t` (at position `at` of `decided`, -1 when never decided), by the
 * contract's precedence: created, suspended, forbidden, missedDeadline, superseded, pending.
 */
function outcome(
  decided: DecisionLog,
  at: number,
  cj: CronJob,
  t: SimTime,
  lastCreated: SimTime,
): ScheduleOutcome {
  const bits = at < 0 ? 0 : decided.bitsAt(at);
  if (bits & CREATED) return "created";
  if (cj.spec.suspend || bits & SUSPENDED) return "suspended";
  if (bits & FORBIDDEN) return "forbidden";
  if (bits & MISSED) return "missedDeadline";
  if (bits & SUPERSEDED || t < lastCreated) return "superseded";
  return "pending";
}

/** Outcomes of the listed instants, and the start delays of the created ones (seconds). */
export class ScheduleCounts {
  readonly byOutcome: Record<ScheduleOutcome, number> = {
    created: 0,
    suspended: 0,
    forbidden: 0,
    missedDeadline: 0,
    superseded: 0,
    pending: 0,
  };
  readonly startDelays: number[] = [];
  scheduled = 0;

  add(scheduledTime: SimTime, outcome: ScheduleOutcome, jobCreatedAt: SimTime | undefined): void {
    this.scheduled++;
    this.byOutcome[outcome]++;
    if (jobCreatedAt !== undefined) this.startDelays.push((jobCreatedAt - scheduledTime) / 1000);
  }
}

/** The `cronjobs.*` summary counters. */
export function cronJobSummary(counts: ScheduleCounts, replaced: number, tooManyMissed: number): SummaryTree {
  const c = counts.byOutcome;
  return {
    scheduled: counts.scheduled,
    created: c.created,
    forbidden: c.forbidden,
    missedDeadline: c.missedDeadline,
    superseded: c.superseded,
    suspended: c.suspended,
    pending: c.pending,
    replaced,
    tooManyMissed,
    startDelay: { p50: quantile(counts.startDelays, 0.5), p99: quantile(counts.startDelays, 0.99) },
  };
}
