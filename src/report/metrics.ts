/**
 * The summary metrics, folded one finished record at a time so that a year-long run needs no
 * history in memory. Each metric's meaning is stated once, here, and in the README's table.
 */
import { millisToSeconds } from "../engine/time.js";
import type { Job } from "../k8s/types.js";
import type { JobRecord, PodRecord } from "./records.js";
import { rankedValues, Sample } from "./sample.js";
import type { SummaryTree } from "./types.js";

/**
 * The p-quantile by the nearest-rank method (the smallest value with at least p of the
 * sample at or below it); null for an empty sample. Sorts a copy.
 */
export function quantile(values: readonly number[], p: number): number | null {
  return rankedValues(Float64Array.from(values).sort()).nearestRank(p);
}

function trueCondition(job: Job, type: string) {
  return job.status.conditions.find((c) => c.type === type && c.status === "True");
}

/** Outcome of a Job at the end of the horizon (or at its deletion). */
export function jobOutcome(job: Job): "succeeded" | "failed" | "active" {
  if (trueCondition(job, "Complete")) return "succeeded";
  if (trueCondition(job, "Failed")) return "failed";
  return "active";
}

/** Running totals over finished records (a Job or pod is folded once: at deletion or at the end). */
export class SummaryTotals {
  jobsCreated = 0;
  jobsSucceeded = 0;
  jobsFailed = 0;
  jobsActive = 0;
  readonly failedByReason = new Map<string, number>();
  /** Seconds from startTime to completionTime of succeeded Jobs. */
  readonly jobDurations = new Sample();
  jobDeadlineExceeded = 0;
  retries = 0;
  podsCreated = 0;
  podsSucceeded = 0;
  podsFailed = 0;
  podsDeletedByController = 0;
  podsEvicted = 0;
  podRestarts = 0;
  /** Seconds from pod creation to Running. */
  readonly podWaits = new Sample();
  podSecondsSucceeded = 0;
  podSecondsFailed = 0;
  podSecondsDeleted = 0;

  addJob(r: JobRecord): void {
    this.jobsCreated++;
    this.retries += r.retries.count;
    const job = r.last;
    const outcome = jobOutcome(job);
    if (outcome === "succeeded") {
      this.jobsSucceeded++;
      const s = job.status;
      if (s.startTime !== null && s.completionTime !== null)
        this.jobDurations.push(millisToSeconds(s.completionTime - s.startTime));
    } else if (outcome === "failed") {
      this.jobsFailed++;
      const reason = trueCondition(job, "Failed")!.reason || "Unknown";
      this.failedByReason.set(reason, (this.failedByReason.get(reason) ?? 0) + 1);
      if (reason === "DeadlineExceeded") this.jobDeadlineExceeded++;
    } else {
      this.jobsActive++;
    }
  }

  addPod(r: PodRecord): void {
    this.podsCreated++;
    // Succeeded wins; a pod deleted before it finished is not a failure, whatever its phase.
    if (r.phase === "Succeeded") this.podsSucceeded++;
    else if (r.deletedBeforeFinish) this.podsDeletedByController++;
    else if (r.phase === "Failed") this.podsFailed++;
    if (r.disrupted) this.podsEvicted++;
    this.podRestarts += r.restarts;
    if (r.startedAt !== null) this.podWaits.push(millisToSeconds(r.startedAt - r.createdAt));
  }

  /** The `summary` section (docs/report-contract.md "Summary metrics"), less `cronjobs`. */
  summary(horizonMs: number, engineEvents: number, cronjobs: SummaryTree): SummaryTree {
    const hours = horizonMs / 3_600_000;
    const failedByReason: SummaryTree = {};
    for (const k of [...this.failedByReason.keys()].sort()) failedByReason[k] = this.failedByReason.get(k)!;
    const d = this.jobDurations.ranked();
    const waits = this.podWaits.ranked();
    return {
      jobs: {
        created: this.jobsCreated,
        succeeded: this.jobsSucceeded,
        failed: this.jobsFailed,
        active: this.jobsActive,
        failedByReason,
      },
      pods: {
        created: this.podsCreated,
        succeeded: this.podsSucceeded,
        failed: this.podsFailed,
        deletedByController: this.podsDeletedByController,
        evicted: this.podsEvicted,
        restarts: this.podRestarts,
      },
      retries: this.retries,
      throughput: {
        jobsSucceededPerHour: hours > 0 ? this.jobsSucceeded / hours : null,
        podsSucceededPerHour: hours > 0 ? this.podsSucceeded / hours : null,
      },
      duration: {
        job: {
          p50: d.nearestRank(0.5),
          p90: d.nearestRank(0.9),
          p99: d.nearestRank(0.99),
          max: d.max(),
        },
      },
      wait: { pod: { p50: waits.nearestRank(0.5), p99: waits.nearestRank(0.99) } },
      podSeconds: {
        succeeded: this.podSecondsSucceeded,
        failed: this.podSecondsFailed,
        deleted: this.podSecondsDeleted,
      },
      deadlines: { jobDeadlineExceeded: this.jobDeadlineExceeded },
      cronjobs,
      engine: { events: engineEvents },
    };
  }
}
