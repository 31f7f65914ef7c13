/**
 * The summary metrics: folds over what the recorder kept. Each metric's meaning is stated once,
 * here, and in the README's metric table.
 */
import type { Job } from "../k8s/types.js";
import type { JobRecord, PodRecord, ReportRecorder } from "./recorder.js";
import type { SummaryTree } from "./types.js";

/**
 * The p-quantile by the nearest-rank method (the smallest value with at least p of the
 * sample at or below it); null for an empty sample. Sorts a copy.
 */
export function quantile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1]!;
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

function jobMetrics(jobs: readonly JobRecord[], hours: number): SummaryTree {
  let succeeded = 0;
  let failed = 0;
  let active = 0;
  const failedByReason: SummaryTree = {};
  for (const r of jobs) {
    const outcome = jobOutcome(r.last);
    if (outcome === "succeeded") succeeded++;
    else if (outcome === "failed") {
      failed++;
      const reason = trueCondition(r.last, "Failed")!.reason || "Unknown";
      failedByReason[reason] = ((failedByReason[reason] as number | undefined) ?? 0) + 1;
    } else active++;
  }
  const sortedReasons: SummaryTree = {};
  for (const k of Object.keys(failedByReason).sort()) sortedReasons[k] = failedByReason[k]!;
  return {
    created: jobs.length,
    succeeded,
    failed,
    active,
    failedByReason: sortedReasons,
    succeededPerHour: hours > 0 ? succeeded / hours : null,
  };
}

function podCounts(pods: readonly PodRecord[]) {
  let succeeded = 0;
  let failed = 0;
  let evicted = 0;
  let restarts = 0;
  for (const p of pods) {
    if (p.phase === "Succeeded") succeeded++;
    else if (p.phase === "Failed") failed++;
    if (p.disrupted) evicted++;
    restarts += p.restarts;
  }
  return { created: pods.length, succeeded, failed, evicted, restarts };
}

/** Build the `summary` section (report-contract.md "summary"). */
export function summarize(
  recorder: ReportRecorder,
  horizonMs: number,
  engineEvents: number,
  cronjobs: SummaryTree,
): SummaryTree {
  const hours = horizonMs / 3_600_000;
  const jobs = jobMetrics(recorder.jobs, hours);
  const pods = podCounts(recorder.pods);
  const durations: number[] = [];
  let deadlineExceeded = 0;
  let retries = 0;
  for (const r of recorder.jobs) {
    const s = r.last.status;
    if (jobOutcome(r.last) === "succeeded" && s.startTime !== null && s.completionTime !== null) {
      durations.push((s.completionTime - s.startTime) / 1000);
    }
    if (trueCondition(r.last, "Failed")?.reason === "DeadlineExceeded") deadlineExceeded++;
    retries += r.retries;
  }
  const waits: number[] = [];
  for (const p of recorder.pods) if (p.startedAt !== null) waits.push((p.startedAt - p.createdAt) / 1000);
  const maxDuration = durations.length === 0 ? null : durations.reduce((a, b) => Math.max(a, b));
  const { succeededPerHour, ...jobCounts } = jobs;
  return {
    jobs: jobCounts,
    pods,
    retries,
    throughput: {
      jobsSucceededPerHour: succeededPerHour,
      podsSucceededPerHour: hours > 0 ? pods.succeeded / hours : null,
    },
    duration: {
      job: {
        p50: quantile(durations, 0.5),
        p90: quantile(durations, 0.9),
        p99: quantile(durations, 0.99),
        max: maxDuration,
      },
    },
    wait: { pod: { p50: quantile(waits, 0.5), p99: quantile(waits, 0.99) } },
    podSeconds: { succeeded: recorder.podSecondsSucceeded, failed: recorder.podSecondsFailed },
    deadlines: { jobDeadlineExceeded: deadlineExceeded },
    cronjobs,
    engine: { events: engineEvents },
  };
}
