/**
 * Accounting for every nominal instant of every CronJob (docs/report-contract.md "Schedule
 * outcomes"). The controller reports what it decided about instants it looked at; instants it
 * never looked at (suspended, or passed over) are derived here from the CronJob's history.
 */

import type { ScheduleDecision } from "../controllers/cronjob/injection.js";
import { getJobName } from "../controllers/cronjob/naming.js";
import { formatSchedule, parseStandard } from "../controllers/cronjob/utils.js";
import type { Schedule } from "../cron/index.js";
import { next } from "../cron/index.js";
import type { SimTime } from "../engine/time.js";
import { formatInstant, millisToSeconds } from "../engine/time.js";
import type { StoreListener, WatchType } from "../k8s/store.js";
import type { CronJob, Job } from "../k8s/types.js";
import { DecisionCursor, DecisionLog } from "./decision-log.js";
import { Sample } from "./sample.js";
import {
  type InstantListBuilder,
  ListedCronJob,
  ScheduleListBuilder,
  SpilledListBuilder,
} from "./schedule-list.js";
import type { ScheduleSpill } from "./schedule-spill.js";
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
  /** The latest instant whose Job was created (-Infinity: none yet). */
  lastCreated: SimTime;
  listing: Listing;
}

/**
 * How far a CronJob's instants are listed. Instants are listed in order, version by version;
 * an instant's outcome is final once a later (or its own) Job was created: the controller never
 * looks at instants before its lastScheduleTime again.
 */
interface Listing {
  out: InstantListBuilder;
  /** The version whose instants are being listed. */
  version: number;
  /** That version's schedule, once parsed (null: unparseable). */
  schedule: Schedule | null;
  /** Whether the version's instants were started (its schedule parsed, `next` set). */
  entered: boolean;
  /** The next nominal instant to list; null: none. */
  next: SimTime | null;
  /** Position in the decision log of the first decision not yet passed over. */
  nextDecided: number;
  /** Instants before this are listed for good (their decisions forgotten). */
  listedBefore: SimTime;
}

/** Collects decisions and CronJob history during a run; `build` lists every instant at the end. */
export class ScheduleRecorder implements StoreListener {
  private readonly histories: History[] = [];
  private readonly byUid = new Map<string, History>();
  private readonly counts = new ScheduleCounts();
  /** Set by the run: true while the controller manager is down (instants can't be decided). */
  warnings: string[] = [];

  /**
   * With `spill`, instants go to disk as soon as they are final, and only counts and start-delay
   * tallies stay in memory (`--summary-only`); without it they are listed at the end, in memory.
   */
  constructor(
    private readonly clock: { now(): SimTime },
    private readonly controllerZone: string,
    private readonly spill: ScheduleSpill | null = null,
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
        lastCreated: Number.NEGATIVE_INFINITY,
        listing: {
          out: this.spill ? new SpilledListBuilder(this.spill.newList()) : new ScheduleListBuilder(),
          version: 0,
          schedule: null,
          entered: false,
          next: null,
          nextDecided: 0,
          listedBefore: Number.NEGATIVE_INFINITY,
        },
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
    if (scheduledTime < h.listing.listedBefore) {
      this.warnings.push(
        `CronJob ${cj.metadata.namespace}/${cj.metadata.name}: instant ${formatInstant(scheduledTime)} was decided after it was listed; its outcome may be wrong in cronjobs.csv`,
      );
    }
    h.decided.add(scheduledTime, BIT[decision], jobCreatedAt);
    if (decision !== "created") return;
    h.lastCreated = Math.max(h.lastCreated, scheduledTime);
    if (this.spill !== null && h.decided.size >= this.spill.listEarlyAfterDecisions) {
      // Instants after `now` are not listed yet: a schedule change at `now` may still drop them.
      const before = Math.min(h.lastCreated + 1, this.clock.now());
      this.list(h, before, Number.POSITIVE_INFINITY);
      h.listing.nextDecided -= h.decided.dropBefore(before);
      h.listing.listedBefore = before;
    }
  }

  /**
   * Every nominal instant in [creation, min(end, deletion)) of each CronJob, with its outcome,
   * and their counts (folded here, from the numbers, rather than from the listed entries).
   */
  build(end: SimTime): { cronjobs: ReportCronJob[]; counts: ScheduleCounts } {
    return { cronjobs: this.histories.map((h) => this.report(h, end)), counts: this.counts };
  }

  private report(h: History, end: SimTime): ReportCronJob {
    const until = h.deletedAt === null ? end : Math.min(end, h.deletedAt);
    this.list(h, Number.POSITIVE_INFINITY, until);
    const schedules = h.listing.out;
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
    const cs = last.spec;
    // robfig reads a schedule in its own TZ= prefix's zone, else the one it is given.
    const parsed = parseStandard(formatSchedule(last, null));
    const prefixed = parsed.ok && parsed.schedule.kind === "spec" ? parsed.schedule.location : null;
    const spec = {
      schedule: cs.schedule,
      timeZone: cs.timeZone,
      zone: prefixed ?? this.controllerZone,
      concurrencyPolicy: cs.concurrencyPolicy,
      startingDeadlineSeconds: cs.startingDeadlineSeconds,
      suspend: cs.suspend,
      successfulJobsHistoryLimit: cs.successfulJobsHistoryLimit,
      failedJobsHistoryLimit: cs.failedJobsHistoryLimit,
    };
    return new ListedCronJob(last.metadata.namespace, last.metadata.name, spec, status, list);
  }

  /**
   * List the instants of `h` before `before` (the last version's up to `until`, exclusive) with
   * their outcomes, and count them; resumes where the previous call stopped. Nominal instants of
   * each version, merged in time order with the instants the controller created a Job for that
   * were not nominal instants of the version in effect (a schedule changed under a late sync):
   * every Job the CronJob created is one `created` instant.
   */
  private list(h: History, before: SimTime, until: SimTime): void {
    const l = h.listing;
    const decided = h.decided;
    const versions = h.versions;
    const cursor = new DecisionCursor(decided);
    const listCreatedBefore = (limit: SimTime) => {
      for (; l.nextDecided < decided.size && decided.timeAt(l.nextDecided) < limit; l.nextDecided++) {
        if (decided.bitsAt(l.nextDecided) & CREATED) {
          this.record(l, decided.timeAt(l.nextDecided), "created", decided.jobCreatedAtAt(l.nextDecided));
        }
      }
    };
    for (;;) {
      const v = l.version;
      const { from, cj } = versions[v]!;
      const isLast = v + 1 === versions.length;
      const to = isLast ? until : versions[v + 1]!.from;
      if (!l.entered) {
        l.entered = true;
        if (v === 0 || !sameSchedule(versions[v - 1]!.cj, cj)) {
          const parsed = parseStandard(formatSchedule(cj, null));
          l.schedule = parsed.ok ? parsed.schedule : null;
          // The CronJob's own creation instant is not one of its instants (upstream
          // mostRecentScheduleTime starts strictly after creationTimestamp); after a schedule
          // change, an instant at the change's own moment is the new schedule's. A CronJob
          // imported with an earlier creationTimestamp is listed from the simulation's start on,
          // an instant at the start included.
          const after = v === 0 ? Math.max(from - 1, cj.metadata.creationTimestamp) : from - 1;
          l.next = l.schedule === null ? null : next(l.schedule, after, this.controllerZone);
        }
        // Otherwise (suspend toggled) the instants go on as they were: `next` is the first at or
        // after `from`, and it is this version's, whose suspend decides its outcome.
      }
      if (l.schedule !== null) {
        let t = l.next;
        while (t !== null && t < to && t < before && l.out.length < MAX_INSTANTS_PER_CRONJOB) {
          listCreatedBefore(t);
          const at = cursor.find(t);
          if (at >= 0) l.nextDecided = Math.max(l.nextDecided, at + 1);
          const result = outcome(decided, at, cj, t, h.lastCreated);
          this.record(l, t, result, result === "created" ? decided.jobCreatedAtAt(at) : undefined);
          t = next(l.schedule, t, this.controllerZone);
        }
        l.next = t;
        // Stopped at `before`: the rest waits for a later call.
        if (t !== null && t < to && t >= before && l.out.length < MAX_INSTANTS_PER_CRONJOB) break;
      }
      if (isLast) break;
      l.version++;
      l.entered = false;
    }
    listCreatedBefore(Math.min(before, until));
  }

  private record(l: Listing, t: SimTime, result: ScheduleOutcome, jobCreatedAt: SimTime | undefined): void {
    l.out.add(t, result, jobCreatedAt);
    this.counts.add(t, result, jobCreatedAt);
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

/** Outcomes of the listed instants, and the start delays of the created ones. */
export class ScheduleCounts {
  readonly byOutcome: Record<ScheduleOutcome, number> = {
    created: 0,
    suspended: 0,
    forbidden: 0,
    missedDeadline: 0,
    superseded: 0,
    pending: 0,
  };
  /**
   * The start delays (ms) of created instants: exact quantiles from a count per distinct delay
   * (a handful: the controller's 100 ms pad, outages), or from every delay when API latency
   * makes them many (8 bytes each; sample.ts).
   */
  readonly startDelays = new Sample();
  scheduled = 0;

  add(scheduledTime: SimTime, outcome: ScheduleOutcome, jobCreatedAt: SimTime | undefined): void {
    this.scheduled++;
    this.byOutcome[outcome]++;
    if (jobCreatedAt !== undefined) this.startDelays.push(jobCreatedAt - scheduledTime);
  }

  /**
   * The p50 and p99 start delays in seconds, nearest-rank (as metrics.ts `quantile`); null
   * when no Job was created.
   */
  startDelayQuantiles(): { p50: number | null; p99: number | null } {
    const ranked = this.startDelays.ranked();
    const seconds = (ms: number | null) => (ms === null ? null : millisToSeconds(ms));
    return { p50: seconds(ranked.nearestRank(0.5)), p99: seconds(ranked.nearestRank(0.99)) };
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
    startDelay: counts.startDelayQuantiles(),
  };
}
