/**
 * The terminal summary of a finished report, answering first: what went wrong (attention.ts),
 * then a `kubectl get cronjobs`-style table, the `kubectl get jobs`-style table of the Jobs
 * chosen by `--jobs` (failed ones first by default), the events grouped as `kubectl describe`
 * groups them, and the headline metrics. Pure: returns text, the CLI prints it. Plain by
 * default; ANSI colour only on request.
 */
import { failedByReason, nothingWentWrong, whatWentWrong } from "./attention.js";
import { cronJobRows, tallyCronJob } from "./cronjob-table.js";
import { jobStatus, lastTrueCondition, secondsBetween, specNumber } from "./csv.js";
import {
  displayCount,
  displayNumber,
  displaySeconds,
  humanDuration,
  paint,
  renderColumns,
  type Tint,
} from "./display.js";
import { eventAge, groupEvents } from "./event-groups.js";
import { lookupMetric } from "./flatten.js";
import { parseInstant } from "./instant.js";
import { chooseJobs, type JobSelection } from "./job-selection.js";
import type { Report, ReportJob } from "./types.js";

export {
  displayCount,
  displayNumber,
  displaySeconds,
  humanDuration,
  paint,
  renderColumns,
} from "./display.js";

/** Options of {@link renderSummary}. */
export interface SummaryTableOptions {
  /** Colour with ANSI escapes. @defaultValue false */
  color?: boolean;
  /** Rows of each kind (failed, others) in the default Job view before the middle folds. @defaultValue 10 */
  jobRows?: number;
  /** The Jobs listed (`--jobs`). @defaultValue failed ones first, then the first and last of the rest */
  jobs?: JobSelection;
  /** Event groups listed before the rest fold into a count. @defaultValue 10 */
  eventRows?: number;
}

/** The readable summary of `report`, lines joined with `\n`, ending with a newline. */
export function renderSummary(report: Report, options: SummaryTableOptions = {}): string {
  const color = options.color ?? false;
  const { name, seed, start, end } = report.scenario;
  const span = secondsBetween(start, end);
  const lines = [
    `${paint(color, "bold", name)} (seed ${seed}): ${start} to ${end}` +
      (span === null ? "" : ` (${humanDuration(span)})`),
    "",
  ];
  const tallies = report.cronjobs.map(tallyCronJob);
  const wrong = whatWentWrong(report, tallies);
  const jobsCreated = lookupMetric(report.summary, "jobs.created") ?? 0;
  if (wrong.length > 0) {
    lines.push(
      paint(color, "bold", "What went wrong:"),
      ...wrong.map((w) => `  ${paint(color, "red", w)}`),
      "",
    );
  } else if (jobsCreated > 0) {
    lines.push(nothingWentWrong(report), "");
  }
  if (report.cronjobs.length > 0) {
    const rows = cronJobRows(report.cronjobs, tallies, end);
    lines.push(...renderColumns(rows, (t, r) => (r === 0 ? paint(color, "bold", t) : t)), "");
  }
  if (report.jobs.length > 0) {
    lines.push(...jobTable(report, options, color), "");
  } else if (jobsCreated > 0) {
    lines.push("Jobs, pods and events were not kept in memory (--summary-only): see jobs.csv.", "");
  }
  const events = eventLines(report, options.eventRows ?? 10, color);
  if (events.length > 0) lines.push(...events, "");
  lines.push(...renderColumns(metricLines(report), (t, _r, c) => (c === 0 ? paint(color, "bold", t) : t)));
  return lines.join("\n") + "\n";
}

/** Warnings and CronJob events, grouped; empty when there are none. */
function eventLines(report: Report, max: number, color: boolean): string[] {
  const groups = groupEvents(report.events);
  if (groups.length === 0) return [];
  const now = parseInstant(report.scenario.end);
  const shown = groups.slice(0, max);
  const rows = [
    ["TYPE", "REASON", "OBJECT", "AGE", "MESSAGE"],
    ...shown.map((g) => [g.type, g.reason, g.object, eventAge(g, now), g.message]),
  ];
  const lines = renderColumns(rows, (t, r, c) => {
    if (r === 0) return paint(color, "bold", t);
    return c === 0 && t === "Warning" ? paint(color, "yellow", t) : t;
  });
  if (groups.length > shown.length) {
    lines.push(
      paint(color, "dim", `… ${groups.length - shown.length} more event groups (all events in events.csv)`),
    );
  }
  return [paint(color, "bold", "Events:"), ...lines];
}

function jobTable(report: Report, options: SummaryTableOptions, color: boolean): string[] {
  const chosen = chooseJobs(report.jobs, options.jobs ?? { kind: "default" }, options.jobRows ?? 10);
  if (chosen.entries.length === 0) return [chosen.note ?? "No Job to list."];
  const namespaces = new Set(report.jobs.map((j) => j.namespace)).size > 1;
  const header = ["NAME", "STATUS", "COMPLETIONS", "DURATION", "RETRIES", "FAILED-REASON"];
  const rows = [namespaces ? ["NAMESPACE", ...header] : header];
  const folds: { at: number; text: string }[] = [];
  for (const entry of chosen.entries) {
    if (!("job" in entry)) {
      folds.push({
        at: rows.length,
        text: `… ${displayCount(entry.hidden)} ${entry.what} (all in jobs.csv)`,
      });
      continue;
    }
    const job = entry.job;
    const failed = job.status.conditions.find((c) => c.type === "Failed" && c.status === "True");
    const cells = [
      job.name,
      jobStatus(job),
      completions(job),
      jobDuration(job, report.scenario.end),
      // The Job's share of the summary's `retries`; "-" in reports from before it was kept.
      job.retries === undefined ? "-" : String(job.retries),
      failed?.reason ?? "",
    ];
    rows.push(namespaces ? [job.namespace, ...cells] : cells);
  }
  const statusCol = namespaces ? 2 : 1;
  const lines = renderColumns(rows, (text, r, c) => {
    if (r === 0) return paint(color, "bold", text);
    if (c === statusCol) return paint(color, STATUS_TINT[text] ?? "yellow", text);
    return c === rows[0]!.length - 1 ? paint(color, "red", text) : text;
  });
  // Folded runs go in from the last, so earlier positions hold.
  for (const fold of [...folds].reverse()) lines.splice(fold.at, 0, paint(color, "dim", fold.text));
  return lines;
}

const STATUS_TINT: Record<string, Tint> = { Complete: "green", Failed: "red", FailureTarget: "red" };

/** kubectl's COMPLETIONS: `succeeded/completions`, or `succeeded/1 [of parallelism]` for work queues. */
function completions(job: ReportJob): string {
  const want = specNumber(job, "completions");
  if (want !== null) return `${job.status.succeeded}/${want}`;
  const parallelism = specNumber(job, "parallelism") ?? 0;
  return parallelism > 1 ? `${job.status.succeeded}/1 of ${parallelism}` : `${job.status.succeeded}/1`;
}

/**
 * kubectl's DURATION: startTime to completionTime, or to "now" while unfinished. A simulation's
 * "now" is the deletion or the end of the horizon; a failed Job stops at its Failed condition,
 * where kubectl would keep counting.
 */
function jobDuration(job: ReportJob, end: string): string {
  const startTime = job.status.startTime;
  if (startTime === null) return "";
  const terminal = lastTrueCondition(job);
  const failedAt = terminal?.type === "Failed" ? terminal.lastTransitionTime : null;
  const stop = job.status.completionTime ?? failedAt ?? job.deletedAt ?? end;
  return humanDuration(secondsBetween(startTime, stop) ?? 0);
}

/** `[label, text]` rows of the headline metrics present in the summary. */
export function metricLines(report: Report): string[][] {
  const summary = report.summary;
  const get = (name: string) => lookupMetric(summary, name);
  const counts = (prefix: string, names: string[]) =>
    names
      .filter((n) => get(`${prefix}.${n}`) !== undefined)
      .map((n) => `${displayNumber(get(`${prefix}.${n}`))} ${COUNT_LABELS[n] ?? n}`)
      .join(", ");
  const stats = (prefix: string, names: string[]) =>
    names
      .filter((n) => get(`${prefix}.${n}`) !== undefined)
      .map((n) => `${n} ${displaySeconds(get(`${prefix}.${n}`))}`)
      .join(", ");
  const rows: string[][] = [
    ["Jobs", counts("jobs", ["created", "succeeded", "failed", "active"])],
    ["Failed by", failedByReason(summary)],
    ["Deadlines", counts("deadlines", ["jobDeadlineExceeded"])],
    [
      "Pods",
      counts("pods", ["created", "succeeded", "failed", "deletedByController", "evicted", "restarts"]),
    ],
    ["Retries", get("retries") === undefined ? "" : displayNumber(get("retries"))],
    ["Throughput", throughput(get)],
    ["Job duration", stats("duration.job", ["p50", "p90", "p99", "max"])],
    ["Pod wait", stats("wait.pod", ["p50", "p99"])],
    ["Pod time", podTime(get)],
    ["Cluster", clusterLine(get)],
    ["Work queue", workQueueLine(get)],
  ];
  if (report.cronjobs.length > 0 || (get("cronjobs.scheduled") ?? 0) > 0) {
    const outcomes = ["scheduled", "created", "suspended", "forbidden", "missedDeadline", "superseded"];
    rows.push(["CronJobs", counts("cronjobs", [...outcomes, "replaced", "tooManyMissed"])]);
    rows.push(["Start delay", stats("cronjobs.startDelay", ["p50", "p99"])]);
  }
  // Dependent Jobs never created, each with its cause; shown only when there are some.
  const skipped = report.skipped ?? [];
  if (skipped.length > 0) {
    rows.push(["Skipped", `${skipped.length}: ${skipped.map((j) => `${j.name} (${j.cause})`).join(", ")}`]);
  }
  if (get("controlPlane.leaderTakeovers") !== undefined) rows.push(["Control plane", controlPlaneLine(get)]);
  if ((get("arrivals.submitted") ?? 0) > 0) rows.push(["Arrivals", `${get("arrivals.submitted")} submitted`]);
  if (report.events.length > 0 || report.jobs.length > 0) rows.push(["Warnings", warnings(report)]);
  return rows.filter((row) => row[1] !== "");
}

/**
 * `sync delay cronJob p50 0s, p99 9.8s; 1 leader takeover`: the wait for a worker of each
 * controller that has a sync duration (the others never wait), then the takeovers.
 */
function controlPlaneLine(get: (name: string) => number | null | undefined): string {
  const delays = ["job", "cronJob", "ttl"]
    .filter((c) => (get(`controlPlane.syncs.${c}`) ?? 0) > 0)
    .map(
      (c) =>
        `sync delay ${c} p50 ${displaySeconds(get(`controlPlane.syncDelay.${c}.p50`))}, p99 ${displaySeconds(get(`controlPlane.syncDelay.${c}.p99`))}`,
    );
  const takeovers = get("controlPlane.leaderTakeovers") ?? 0;
  return [...delays, `${takeovers} leader takeover${takeovers === 1 ? "" : "s"}`].join("; ");
}

/** Words for counts whose metric name reads badly in a sentence. */
const COUNT_LABELS: Record<string, string> = { deletedByController: "deleted by controller" };

/**
 * `peak 100 pods, 12 pending at peak, utilization 0.42 over the horizon, 0.61 over the busy
 * period (3h10m)`; empty without a `cluster` section.
 */
function clusterLine(get: (name: string) => number | null | undefined): string {
  const peak = get("cluster.peakPods");
  if (peak === undefined) return "";
  const parts = [`peak ${displayCount(peak)} pods`];
  const pending = get("cluster.peakPending");
  if (pending !== undefined) parts.push(`${displayCount(pending)} pending at peak`);
  // Null on an unlimited cluster: there is nothing to be a fraction of.
  const utilization = get("cluster.utilization");
  if (utilization !== undefined && utilization !== null)
    parts.push(`utilization ${displayNumber(utilization)} over the horizon`);
  const busy = get("cluster.busyPeriod.seconds");
  const busyUtilization = get("cluster.utilizationBusy");
  // Over the busy period (first pod bound to last pod done), shown beside the horizon's figure
  // only: on an unlimited cluster the period alone says little (a CronJob's spans the horizon).
  if (busy !== undefined && busy !== null && busyUtilization !== undefined && busyUtilization !== null) {
    parts.push(`${displayNumber(busyUtilization)} over the busy period (${displaySeconds(busy)})`);
  }
  return parts.join(", ");
}

/** `1,000 items, 1,000 processed, drained in 4m10s`; empty when no work-queue Job ran. */
function workQueueLine(get: (name: string) => number | null | undefined): string {
  const items = get("workQueue.items");
  if (items === undefined) return "";
  const drain = get("workQueue.drainSeconds");
  const drained =
    drain === null || drain === undefined ? "not drained" : `drained in ${displaySeconds(drain)}`;
  return `${displayCount(items)} items, ${displayCount(get("workQueue.processed"))} processed, ${drained}`;
}

function throughput(get: (name: string) => number | null | undefined): string {
  const jobs = get("throughput.jobsSucceededPerHour");
  const pods = get("throughput.podsSucceededPerHour");
  const parts = [];
  if (jobs !== undefined) parts.push(`${displayNumber(jobs)} Jobs/h`);
  if (pods !== undefined) parts.push(`${displayNumber(pods)} pods/h`);
  return parts.length > 0 ? `${parts.join(", ")} succeeded` : "";
}

function podTime(get: (name: string) => number | null | undefined): string {
  const ok = get("podSeconds.succeeded");
  const bad = get("podSeconds.failed");
  const deleted = get("podSeconds.deleted");
  const parts = [];
  if (ok !== undefined) parts.push(`${displaySeconds(ok)} succeeded`);
  if (bad !== undefined) parts.push(`${displaySeconds(bad)} in failed attempts`);
  if (deleted !== undefined) parts.push(`${displaySeconds(deleted)} in pods deleted by controller`);
  return parts.join(", ");
}

/** Warning events: total, then per reason by count (most first), ties by reason. */
function warnings(report: Report): string {
  const byReason = new Map<string, number>();
  for (const e of report.events)
    if (e.type === "Warning") byReason.set(e.reason, (byReason.get(e.reason) ?? 0) + 1);
  const total = [...byReason.values()].reduce((a, b) => a + b, 0);
  const sorted = [...byReason].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return total === 0 ? "0" : `${total}: ${sorted.map(([r, n]) => `${n} ${r}`).join(", ")}`;
}
