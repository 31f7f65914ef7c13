/**
 * The report of one run, per docs/report-contract.md. Instants are ISO strings
 * (`Date.prototype.toISOString()`), so a Report is exactly what report.json holds.
 */

export interface ReportCondition {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastTransitionTime: string;
}

export interface ReportJobStatus {
  startTime: string | null;
  completionTime: string | null;
  active: number;
  ready: number;
  terminating: number;
  succeeded: number;
  failed: number;
  completedIndexes?: string;
  failedIndexes?: string | null;
  conditions: ReportCondition[];
}

export interface ReportJob {
  namespace: string;
  name: string;
  cronJob: string | null;
  /** The Job's labels (`--jobs label=value` selects by them); absent in reports of older versions. */
  labels?: Record<string, string>;
  createdAt: string;
  deletedAt: string | null;
  /** The defaulted JobSpec less the pod template. */
  spec: Record<string, unknown>;
  status: ReportJobStatus;
  /** Its failed attempts that were made again (README "Report", `retries`); absent in older reports. */
  retries?: number;
}

export interface ReportPod {
  namespace: string;
  name: string;
  job: string;
  index: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  deletedAt: string | null;
  phase: string;
  exitCode: number | null;
  reason: string | null;
  restarts: number;
  conditions: string[];
  /** Work-queue pods only: items this pod finished. */
  items?: number;
  /** The node it ran on: only in runs with `cluster.nodes`, once bound. */
  node?: string;
  /** True when deleted before it finished and did not succeed (`pods.deletedByController`); absent otherwise. */
  deletedByController?: true;
}

export type ScheduleOutcome =
  | "created"
  | "suspended"
  | "forbidden"
  | "missedDeadline"
  | "superseded"
  | "pending";

export interface ReportSchedule {
  scheduledTime: string;
  outcome: ScheduleOutcome;
  job?: string;
  createdAt?: string;
}

/**
 * The CronJob's spec as it was at the end of the run (or at its deletion), less the Job template:
 * what `sim explain` needs to read an instant in the CronJob's own time zone and say why it went
 * as it did. Absent in reports of older versions.
 */
export interface ReportCronJobSpec {
  schedule: string;
  /** `spec.timeZone` as written; null when unset (the controller's zone applies). */
  timeZone: string | null;
  /** The zone the schedule is read in: its `TZ=` prefix, else `timeZone`, else the controller's (`spec.controller.timeZone`). */
  zone: string;
  concurrencyPolicy: string;
  startingDeadlineSeconds: number | null;
  suspend: boolean;
  successfulJobsHistoryLimit: number;
  failedJobsHistoryLimit: number;
}

export interface ReportCronJob {
  namespace: string;
  name: string;
  spec?: ReportCronJobSpec;
  status: { lastScheduleTime: string | null; lastSuccessfulTime: string | null; active: string[] };
  schedules: ReportSchedule[];
}

export interface ReportEvent {
  time: string;
  type: "Normal" | "Warning";
  reason: string;
  object: { kind: string; namespace: string; name: string };
  message: string;
}

/** A dependent Job that was never created (`jobsim.dev/depends-on`), and why. */
export interface ReportSkippedJob {
  namespace: string;
  name: string;
  /** e.g. "dependency transform failed", "dependency load was skipped". */
  cause: string;
  /** When it was skipped: the instant its trigger rule could no longer hold. */
  at: string;
}

/** Flat or nested numbers; flattened to dotted names for summary.csv and compare. */
export interface SummaryTree {
  [key: string]: number | null | SummaryTree;
}

export interface Report {
  apiVersion: "jobsim.dev/v1alpha1";
  kind: "Report";
  scenario: { name: string; seed: number; start: string; end: string; sha256: string };
  /** Constants and gates in force, so a reader knows what produced the numbers. */
  settings: Record<string, unknown>;
  summary: SummaryTree;
  jobs: ReportJob[];
  pods: ReportPod[];
  cronjobs: ReportCronJob[];
  events: ReportEvent[];
  /** Dependent Jobs skipped, by time then name; absent in reports of older versions. */
  skipped?: ReportSkippedJob[];
  /**
   * What the run warned about (stderr's `warning:` lines, repeats folded): e.g. an action naming
   * a pod or node that did not exist at its instant, as a failing kubectl call would say;
   * absent in reports of older versions.
   */
  warnings?: string[];
}
