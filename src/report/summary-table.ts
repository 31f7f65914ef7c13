/**
 * The terminal summary of a finished report: a `kubectl get jobs`-style table, then the headline
 * metrics. Pure: returns text, the CLI prints it. Plain by default; ANSI colour only on request.
 */
import { jobStatus, lastTrueCondition, secondsBetween, specNumber } from "./csv.js";
import { lookupMetric } from "./flatten.js";
import type { Report, ReportJob, SummaryTree } from "./types.js";

/** Options of {@link renderSummary}. */
export interface SummaryTableOptions {
  /** Colour with ANSI escapes. @defaultValue false */
  color?: boolean;
  /** Jobs listed before the rest collapse into "… N more" (half first, half last). @defaultValue 10 */
  jobRows?: number;
}

const ANSI = { bold: "1", dim: "2", red: "31", green: "32", yellow: "33" } as const;
type Tint = keyof typeof ANSI;

/** Wrap `text` in an ANSI colour when `on`. */
export function paint(on: boolean, tint: Tint, text: string): string {
  return on && text !== "" ? `\x1b[${ANSI[tint]}m${text}\x1b[0m` : text;
}

/**
 * kubectl's duration text (apimachinery `duration.HumanDuration`): about 2–3 significant figures,
 * e.g. `45s`, `2m10s`, `15m`, `3h4m`, `10h`, `5d2h`, `30d`, `2y10d`.
 */
export function humanDuration(seconds: number): string {
  const s = Math.trunc(seconds);
  if (s < -1) return "<invalid>";
  if (s < 0) return "0s";
  if (s < 120) return `${s}s`;
  const minutes = Math.trunc(s / 60);
  if (minutes < 10) return s % 60 === 0 ? `${minutes}m` : `${minutes}m${s % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(s / 3600);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) return days % 365 === 0 ? `${years}y` : `${years}y${days % 365}d`;
  return `${years}y`;
}

/** A statistic in seconds for reading: `0.25s`, `45.3s`, then {@link humanDuration}; `-` for none. */
export function displaySeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "-";
  if (seconds < 10) return `${trimFixed(seconds, 2)}s`;
  if (seconds < 120) return `${trimFixed(seconds, 1)}s`;
  return humanDuration(seconds);
}

/** A count or rate for reading: integers as is, others with at most two decimals. */
export function displayNumber(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "-";
  return Number.isInteger(n) ? String(n) : trimFixed(n, 2);
}

function trimFixed(n: number, digits: number): string {
  const text = n.toFixed(digits).replace(/\.?0+$/, "");
  return text === "-0" ? "0" : text;
}

/**
 * Lay out rows as kubectl does (Go tabwriter, minimum width 10, padding 3): every column but
 * the last is padded; `style` may colour a cell after its width is measured.
 */
export function renderColumns(
  rows: readonly (readonly string[])[],
  style: (text: string, row: number, col: number) => string = (t) => t,
): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) widths[i] = Math.max(widths[i] ?? 0, row[i]!.length);
  }
  return rows.map((row, r) => {
    let last = row.length - 1;
    while (last > 0 && row[last] === "") last--;
    let line = "";
    for (let c = 0; c <= last; c++) {
      const cell = row[c]!;
      const pad = c < last ? Math.max(10, widths[c]! + 3) - cell.length : 0;
      line += style(cell, r, c) + " ".repeat(pad);
    }
    return line;
  });
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
  const jobsCreated = lookupMetric(report.summary, "jobs.created") ?? 0;
  if (report.jobs.length > 0) {
    lines.push(...jobTable(report, options.jobRows ?? 10, color), "");
  } else if (jobsCreated > 0) {
    lines.push("Jobs, pods and events were not kept in memory (--summary-only): see jobs.csv.", "");
  }
  lines.push(...renderColumns(metricLines(report), (t, _r, c) => (c === 0 ? paint(color, "bold", t) : t)));
  return lines.join("\n") + "\n";
}

function jobTable(report: Report, jobRows: number, color: boolean): string[] {
  const jobs = report.jobs;
  const shown =
    jobs.length <= jobRows + 1
      ? jobs
      : [...jobs.slice(0, Math.ceil(jobRows / 2)), ...jobs.slice(jobs.length - Math.floor(jobRows / 2))];
  const hidden = jobs.length - shown.length;
  const namespaces = new Set(jobs.map((j) => j.namespace)).size > 1;
  const header = ["NAME", "STATUS", "COMPLETIONS", "DURATION", "RETRIES", "FAILED-REASON"];
  const rows = [namespaces ? ["NAMESPACE", ...header] : header];
  for (const job of shown) {
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
  if (hidden > 0) {
    const at = 1 + Math.ceil(jobRows / 2);
    lines.splice(at, 0, paint(color, "dim", `… ${hidden} more Jobs (all in jobs.csv)`));
  }
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
function metricLines(report: Report): string[][] {
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
    ["Failed by", reasonCounts(summary)],
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
    const outcomes = ["scheduled", "created", "forbidden", "missedDeadline", "superseded"];
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

/** A count with thousands separators (`1,000`), whatever the host's locale. */
export function displayCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "-";
  if (!Number.isInteger(n)) return displayNumber(n);
  const digits = String(Math.abs(n));
  let grouped = "";
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) grouped += ",";
    grouped += digits[i];
  }
  return n < 0 ? `-${grouped}` : grouped;
}

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

function reasonCounts(summary: SummaryTree): string {
  const jobs = summary.jobs;
  const byReason = jobs !== null && typeof jobs === "object" ? jobs.failedByReason : undefined;
  if (byReason === null || typeof byReason !== "object") return "";
  return Object.entries(byReason)
    .filter(([, v]) => typeof v === "number")
    .map(([reason, v]) => `${displayNumber(v as number)} ${reason}`)
    .join(", ");
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
