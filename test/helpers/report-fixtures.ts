/**
 * Small hand-written Reports for the report tests. Every value is fixed; times sit on
 * 2026-03-01 (UTC), a six-hour horizon.
 */
import type { Report, ReportCondition, ReportJob, ReportPod, SummaryTree } from "../../src/report/types.js";

const DAY = "2026-03-01T";
/** `hh:mm:ss[.mmm]` on the fixture day as an ISO instant. */
export const at = (time: string): string => `${DAY}${time.includes(".") ? time : `${time}.000`}Z`;

const condition = (type: string, reason: string, message: string, time: string): ReportCondition => ({
  type,
  status: "True",
  reason,
  message,
  lastTransitionTime: at(time),
});

const spec = (completions: number | null, parallelism: number, backoffLimit = 6) => ({
  parallelism,
  completions,
  completionMode: "NonIndexed",
  backoffLimit,
  suspend: false,
});

/** A Job that failed once, then succeeded in 2m10s. */
export const etlJob: ReportJob = {
  namespace: "default",
  name: "etl",
  cronJob: null,
  createdAt: at("00:00:00"),
  deletedAt: null,
  spec: spec(1, 1),
  status: {
    startTime: at("00:00:00"),
    completionTime: at("00:02:10"),
    active: 0,
    ready: 0,
    terminating: 0,
    succeeded: 1,
    failed: 1,
    conditions: [
      condition(
        "SuccessCriteriaMet",
        "CompletionsReached",
        "Reached expected number of succeeded pods",
        "00:02:10",
      ),
      condition("Complete", "CompletionsReached", "Reached expected number of succeeded pods", "00:02:10"),
    ],
  },
  retries: 1,
};

/** A Job with backoffLimit 1 that failed twice: BackoffLimitExceeded after 4m. */
export const flakyJob: ReportJob = {
  namespace: "default",
  name: "flaky",
  cronJob: null,
  createdAt: at("00:01:00"),
  deletedAt: null,
  spec: spec(1, 1, 1),
  status: {
    startTime: at("00:01:00"),
    completionTime: null,
    active: 0,
    ready: 0,
    terminating: 0,
    succeeded: 0,
    failed: 2,
    conditions: [
      condition(
        "FailureTarget",
        "BackoffLimitExceeded",
        "Job has reached the specified backoff limit",
        "00:05:00",
      ),
      condition("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit", "00:05:00"),
    ],
  },
  retries: 1,
};

/** A work-queue Job (completions unset, parallelism 3) from the CronJob, still running at the end. */
export const nightlyJob: ReportJob = {
  namespace: "default",
  name: "nightly-29538780",
  cronJob: "nightly",
  createdAt: at("01:00:00.100"),
  deletedAt: null,
  spec: spec(null, 3),
  status: {
    startTime: at("01:00:01"),
    completionTime: null,
    active: 2,
    ready: 2,
    terminating: 0,
    succeeded: 1,
    failed: 0,
    conditions: [],
  },
  retries: 2,
};

const pod = (over: Partial<ReportPod> & Pick<ReportPod, "name" | "job" | "createdAt">): ReportPod => ({
  namespace: "default",
  index: null,
  startedAt: null,
  finishedAt: null,
  deletedAt: null,
  phase: "Pending",
  exitCode: null,
  reason: null,
  restarts: 0,
  conditions: [],
  ...over,
});

const pods: ReportPod[] = [
  pod({
    name: "etl-x7k2p",
    job: "etl",
    createdAt: at("00:00:00"),
    startedAt: at("00:00:02"),
    finishedAt: at("00:00:40"),
    phase: "Failed",
    exitCode: 1,
    reason: "Error",
    node: "node-1",
  }),
  pod({
    name: "flaky-b4n8q",
    job: "flaky",
    createdAt: at("00:01:00"),
    startedAt: at("00:01:01.500"),
    finishedAt: at("00:02:00"),
    phase: "Failed",
    exitCode: 137,
    reason: "OOMKilled",
    conditions: ["DisruptionTarget", "Ready"],
    node: "node-2",
  }),
  pod({
    name: "etl-m2c9z",
    job: "etl",
    createdAt: at("00:00:50"),
    startedAt: at("00:00:51"),
    finishedAt: at("00:02:10"),
    phase: "Succeeded",
    exitCode: 0,
    reason: "Completed",
  }),
  pod({
    name: "flaky-r5t1w",
    job: "flaky",
    createdAt: at("00:02:10"),
    startedAt: at("00:02:11"),
    finishedAt: at("00:05:00"),
    phase: "Failed",
    exitCode: 1,
    reason: "Error",
  }),
  pod({
    name: "nightly-29538780-aaaa1",
    job: "nightly-29538780",
    createdAt: at("01:00:01"),
    startedAt: at("01:00:03"),
    finishedAt: at("01:30:00"),
    phase: "Succeeded",
    exitCode: 0,
    reason: "Completed",
  }),
  pod({
    name: "nightly-29538780-bbbb2",
    job: "nightly-29538780",
    createdAt: at("01:00:01"),
    startedAt: at("01:00:03"),
    phase: "Running",
    restarts: 2,
  }),
  pod({
    name: "nightly-29538780-cccc3",
    job: "nightly-29538780",
    createdAt: at("01:00:01"),
    startedAt: at("01:00:04"),
    phase: "Running",
  }),
];

/** The summary of the small report; throughput is 1/6 on purpose (rounding). */
export const smallSummary = (): SummaryTree => ({
  jobs: { created: 3, succeeded: 1, failed: 1, active: 1, failedByReason: { BackoffLimitExceeded: 1 } },
  pods: { created: 7, succeeded: 2, failed: 3, evicted: 0, restarts: 2 },
  retries: 4,
  throughput: { jobsSucceededPerHour: 1 / 6, podsSucceededPerHour: 1 / 3 },
  duration: { job: { p50: 130, p90: 130, p99: 130, max: 130 } },
  wait: { pod: { p50: 1.5, p99: 3 } },
  podSeconds: { succeeded: 1856, failed: 245.5 },
  deadlines: { jobDeadlineExceeded: 0 },
  cronjobs: {
    scheduled: 5,
    created: 1,
    forbidden: 1,
    missedDeadline: 1,
    superseded: 0,
    replaced: 0,
    tooManyMissed: 0,
    startDelay: { p50: 0.1, p99: 0.1 },
  },
  engine: { events: 123 },
});

/** Three Jobs (succeeded, failed, running from a CronJob), seven pods, one CronJob, six events. */
export function smallReport(): Report {
  return {
    apiVersion: "jobsim.dev/v1alpha1",
    kind: "Report",
    scenario: { name: "demo", seed: 42, start: at("00:00:00"), end: at("06:00:00"), sha256: "0".repeat(64) },
    settings: { featureGates: { JobPodFailurePolicy: true }, syncJobBatchPeriodSeconds: 1 },
    summary: smallSummary(),
    jobs: [structuredClone(etlJob), structuredClone(flakyJob), structuredClone(nightlyJob)],
    pods: structuredClone(pods),
    cronjobs: [
      {
        namespace: "default",
        name: "nightly",
        spec: {
          schedule: "0 * * * *",
          timeZone: "Europe/Berlin",
          zone: "Europe/Berlin",
          concurrencyPolicy: "Forbid",
          startingDeadlineSeconds: 60,
          suspend: false,
          successfulJobsHistoryLimit: 3,
          failedJobsHistoryLimit: 1,
        },
        status: { lastScheduleTime: at("01:00:00"), lastSuccessfulTime: null, active: ["nightly-29538780"] },
        schedules: [
          {
            scheduledTime: at("01:00:00"),
            outcome: "created",
            job: "nightly-29538780",
            createdAt: at("01:00:00.100"),
          },
          { scheduledTime: at("02:00:00"), outcome: "forbidden" },
          { scheduledTime: at("03:00:00"), outcome: "missedDeadline" },
          { scheduledTime: at("04:00:00"), outcome: "forbidden" },
          { scheduledTime: at("05:00:00"), outcome: "pending" },
        ],
      },
    ],
    events: [
      {
        time: at("00:00:00"),
        type: "Normal",
        reason: "SuccessfulCreate",
        object: { kind: "Job", namespace: "default", name: "etl" },
        message: "Created pod: etl-x7k2p",
      },
      {
        time: at("00:02:10"),
        type: "Normal",
        reason: "Completed",
        object: { kind: "Job", namespace: "default", name: "etl" },
        message: "Job completed",
      },
      {
        time: at("00:05:00"),
        type: "Warning",
        reason: "BackoffLimitExceeded",
        object: { kind: "Job", namespace: "default", name: "flaky" },
        message: "Job has reached the specified backoff limit",
      },
      {
        time: at("01:00:00.100"),
        type: "Normal",
        reason: "SuccessfulCreate",
        object: { kind: "CronJob", namespace: "default", name: "nightly" },
        message: "Created job nightly-29538780",
      },
      {
        time: at("02:00:00.100"),
        type: "Normal",
        reason: "JobAlreadyActive",
        object: { kind: "CronJob", namespace: "default", name: "nightly" },
        message: 'Not starting job because prior execution is running and concurrency policy is "Forbid"',
      },
      {
        time: at("03:00:00.100"),
        type: "Warning",
        reason: "MissSchedule",
        object: { kind: "CronJob", namespace: "default", name: "nightly" },
        message:
          "Missed scheduled time to start a job, at 03:00, outside deadline,\nsee startingDeadlineSeconds",
      },
    ],
  };
}

/** `n` succeeded CronJob Jobs, one per minute, each 45s long; no pods or events. */
export function manyJobsReport(n: number): Report {
  const report = smallReport();
  const base = Date.UTC(2026, 2, 1);
  report.jobs = Array.from({ length: n }, (_, i): ReportJob => {
    const created = new Date(base + i * 60_000).toISOString();
    const done = new Date(base + i * 60_000 + 45_000).toISOString();
    return {
      ...structuredClone(etlJob),
      name: `every-minute-${29538720 + i}`,
      cronJob: "every-minute",
      createdAt: created,
      status: { ...structuredClone(etlJob.status), startTime: created, completionTime: done, failed: 0 },
      retries: 0,
    };
  });
  report.pods = [];
  report.events = [];
  report.cronjobs = [];
  return report;
}
