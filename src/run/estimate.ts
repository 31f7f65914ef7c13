/**
 * The size of a run before it starts: Jobs, pods, CronJob schedule instants, engine events and
 * the memory a full report would hold. A pure function of the loaded Scenario, so `sim run` and
 * `sim validate` can warn about (or refuse) a run that would go on for minutes or not fit in
 * memory, instead of running on silently.
 *
 * The estimate aims at the right order of magnitude, never at the exact count. It leans high:
 * every term that can be large is counted in full (an upper bound where the exact figure needs
 * the simulation, e.g. a Forbid CronJob is assumed to create a Job at every instant), and the
 * per-object costs are calibrated on the shipped scenarios (test/unit/run/estimate.test.ts
 * checks them against the golden reports) and on measured runs:
 *
 * - Jobs: declared Jobs (arrival templates excluded) + Jobs created by actions + one per arrival
 *   (fixed gaps: the gaps that fit in the horizon; Poisson: horizon / mean gap; both capped by
 *   `count`) + one per CronJob schedule instant.
 * - Schedule instants: per CronJob (declared, or created by an action), the instants of its
 *   schedule from its creation to the horizon (or a delete action), counted by walking `next` up
 *   to {@link INSTANTS_WALKED} instants and extrapolating the rate beyond that. Jobs: the
 *   instants outside the spans its `suspend` (as declared, then as patch actions set it) holds.
 * - Pods per Job: `completions` (or `parallelism` when unset), plus the retries the matching
 *   workload's failure probability p causes: completions × p / (1 − p), at most `backoffLimit`
 *   (× completions with `backoffLimitPerIndex`); a workload script's failing entries count as
 *   retries too, within the same limit.
 * - Engine events: {@link EVENTS_PER_POD} per pod + {@link EVENTS_PER_JOB} per Job +
 *   {@link EVENTS_PER_INSTANT} per schedule instant + one per work-queue item of every Job a
 *   `workQueue` workload matches + one per `cluster.disruptions` burst.
 * - Report memory (a full run keeps every Job, pod and event until the end):
 *   {@link BYTES_PER_JOB} per Job + {@link BYTES_PER_POD} per pod + {@link BYTES_PER_EVENT} per
 *   Kubernetes event (about one per pod and {@link K8S_EVENTS_PER_JOB} per Job) +
 *   {@link BYTES_PER_INSTANT} per listed schedule instant.
 */

import { findWorkload } from "../cluster/workload-model.js";
import { formatSchedule, parseStandard } from "../controllers/cronjob/utils.js";
import { next, type Schedule } from "../cron/index.js";
import type { Millis, SimTime } from "../engine/time.js";
import type { CronJob, CronJobManifest, JobManifest, JobSpec, Labels } from "../k8s/types.js";
import { MAX_INSTANTS_PER_CRONJOB } from "../report/schedules.js";
import { arrivalTemplateKeys } from "../scenario/arrivals.js";
import type { Action, Arrival, Scenario, ScriptEntry, Workload } from "../scenario/types.js";

/** Engine events per pod: create, bind, start, finish, the Job syncs and status writes they cause. */
export const EVENTS_PER_POD = 9;
/** Engine events per Job besides its pods': creation, syncs, completion, TTL. */
export const EVENTS_PER_JOB = 5;
/** Engine events per schedule instant: the CronJob controller's wake-up and sync. */
export const EVENTS_PER_INSTANT = 4;
/** Memory of a finished Job kept for a full report (record, final object, row). */
export const BYTES_PER_JOB = 3000;
/** Memory of a pod kept for a full report. */
export const BYTES_PER_POD = 1500;
/** Memory of a Kubernetes event kept for a full report. */
export const BYTES_PER_EVENT = 400;
/** Kubernetes events per Job besides one per pod (SuccessfulCreate, Completed, SawCompletedJob...). */
export const K8S_EVENTS_PER_JOB = 3;
/** Memory of one listed schedule instant (numbers, turned into text only when written). */
export const BYTES_PER_INSTANT = 60;
/** Schedule instants walked per CronJob before the rest is extrapolated. */
export const INSTANTS_WALKED = 256;

/**
 * Largest full report `sim run` builds in memory: beyond it the run is refused unless
 * `--summary-only` (which streams the rows and keeps none). Well under Node's default heap
 * limit (2 to 4 GiB on 64-bit machines), since the live objects need room too.
 */
export const FULL_REPORT_BUDGET_BYTES = 1024 * 2 ** 20;
/** Runs estimated above this many engine events (about half a minute or more) get a warning. */
export const LARGE_RUN_EVENTS = 20_000_000;
/** Full reports estimated above this many bytes get a warning. */
export const LARGE_REPORT_BYTES = 256 * 2 ** 20;

export interface RunEstimate {
  jobs: number;
  pods: number;
  /** Nominal schedule instants of every CronJob inside the horizon (not capped). */
  scheduleInstants: number;
  /** Engine events (the summary's `engine.events`). */
  events: number;
  /** Memory a full report (not `--summary-only`) would hold at the end of the run. */
  reportBytes: number;
}

/** The size of a run of `scenario` (see the module comment for how each term is computed). */
export function estimateRun(scenario: Scenario): RunEstimate {
  const spec = scenario.simulation;
  const acc = new Accumulator(spec.workloads);
  const templates = arrivalTemplateKeys(spec.arrivals);
  for (const job of scenario.jobs) {
    if (!templates.has(`${job.metadata.namespace}/${job.metadata.name}`)) acc.addJobs(job, 1);
  }
  const zone = spec.controller.timeZone;
  for (const cj of scenario.cronJobs) acc.addCronJob(cj, spec.start, spec.end, zone, spec.actions);
  for (const action of spec.actions) {
    if (action.kind !== "create" || action.at >= spec.end) continue;
    const m = action.manifest;
    if (m.kind === "Job") acc.addJobs(m, 1);
    else acc.addCronJob(m, action.at, spec.end, zone, spec.actions);
  }
  for (const arrival of spec.arrivals ?? []) {
    const template = arrivalTemplate(arrival, scenario.jobs);
    if (template) acc.addJobs(template, arrivalCount(arrival, spec.end));
  }
  let bursts = 0;
  for (const d of spec.cluster.disruptions ?? []) {
    bursts += d.kind === "at" ? (d.at < spec.end ? 1 : 0) : (spec.end - spec.start) / d.meanInterval;
  }
  const events =
    acc.pods * EVENTS_PER_POD +
    acc.jobs * EVENTS_PER_JOB +
    acc.instants * EVENTS_PER_INSTANT +
    acc.workQueueItems +
    bursts;
  const k8sEvents = acc.pods + acc.jobs * K8S_EVENTS_PER_JOB;
  const reportBytes =
    acc.jobs * BYTES_PER_JOB +
    acc.pods * BYTES_PER_POD +
    k8sEvents * BYTES_PER_EVENT +
    acc.listedInstants * BYTES_PER_INSTANT;
  return {
    jobs: Math.round(acc.jobs),
    pods: Math.round(acc.pods),
    scheduleInstants: Math.round(acc.instants),
    events: Math.round(events),
    reportBytes: Math.round(reportBytes),
  };
}

/** Running sums of the terms; `count` Jobs at a time (arrivals and CronJobs make many alike). */
class Accumulator {
  jobs = 0;
  pods = 0;
  instants = 0;
  listedInstants = 0;
  workQueueItems = 0;

  /** Counts by schedule and span: thousands of CronJobs often share a few schedules. */
  private readonly instantCounts = new Map<string, number>();

  constructor(private readonly workloads: readonly Workload[]) {}

  private countInstants(schedule: Schedule, from: SimTime, end: SimTime, zone: string): number {
    const key = `${schedule.source} ${from} ${end} ${zone}`;
    let n = this.instantCounts.get(key);
    if (n === undefined) {
      n = countInstants(schedule, from, end, zone);
      this.instantCounts.set(key, n);
    }
    return n;
  }

  addJobs(job: JobManifest, count: number, cronJob: string | null = null): void {
    this.addSpec(job.spec, job.metadata.name, cronJob, job.spec.template.metadata.labels, count);
  }

  /** A CronJob alive over [from, end), creating a Job at each instant while it is not suspended. */
  addCronJob(
    cj: CronJobManifest,
    from: SimTime,
    end: SimTime,
    zone: string,
    actions: readonly Action[],
  ): void {
    const life = cronJobLife(cj, from, end, actions);
    // formatSchedule reads only the spec when given no event recorder.
    const parsed = parseStandard(formatSchedule({ spec: cj.spec } as CronJob, null));
    if (!parsed.ok) return;
    const instants = this.countInstants(parsed.schedule, from, life.end, zone);
    let unsuspended = 0;
    for (const [a, b] of life.running) unsuspended += this.countInstants(parsed.schedule, a, b, zone);
    this.instants += instants;
    this.listedInstants += Math.min(instants, MAX_INSTANTS_PER_CRONJOB);
    const template = cj.spec.jobTemplate.spec;
    this.addSpec(
      template,
      cj.metadata.name,
      cj.metadata.name,
      template.template.metadata.labels,
      unsuspended,
    );
  }

  private addSpec(spec: JobSpec, job: string, cronJob: string | null, labels: Labels, count: number): void {
    if (count <= 0) return;
    const workload = findWorkload(this.workloads, { job, cronJob, labels });
    const completions = spec.completions ?? spec.parallelism;
    const p = workload?.failure?.probability ?? 0;
    const retryLimit =
      spec.backoffLimitPerIndex === null ? spec.backoffLimit : spec.backoffLimitPerIndex * completions;
    const drawn = p >= 1 ? retryLimit : Math.min(retryLimit, (completions * p) / (1 - p));
    // A script's failing entries are attempts too (each index runs the script from the top).
    const scripted = workload?.script ? workload.script.filter(isFailure).length * completions : 0;
    const retries = Math.max(drawn, Math.min(retryLimit, scripted));
    this.jobs += count;
    this.pods += count * (completions + retries);
    if (workload?.workQueue) this.workQueueItems += count * workload.workQueue.items;
  }
}

function isFailure(entry: ScriptEntry): boolean {
  return entry.kind !== "exit" || entry.exitCode !== 0;
}

/** Schedule instants in (from, end): walked, then extrapolated at the walked rate. */
function countInstants(schedule: Schedule, from: SimTime, end: SimTime, zone: string): number {
  let t = next(schedule, from, zone);
  let walked = 0;
  let last = from;
  while (t !== null && t < end) {
    walked++;
    last = t;
    if (walked === INSTANTS_WALKED) return walked + ((end - last) * walked) / (last - from);
    t = next(schedule, t, zone);
  }
  return walked;
}

/**
 * When a CronJob exists (until an action deletes it) and the spans in which it is not
 * suspended, from its own `suspend` and the actions that patch it.
 */
function cronJobLife(
  cj: CronJobManifest,
  from: SimTime,
  end: SimTime,
  actions: readonly Action[],
): { end: SimTime; running: [SimTime, SimTime][] } {
  const { namespace, name } = cj.metadata;
  const running: [SimTime, SimTime][] = [];
  let suspended = cj.spec.suspend;
  let since = from;
  let until = end;
  const mine = actions
    .filter(
      (a) =>
        (a.kind === "patch" || a.kind === "delete") &&
        a.at >= from &&
        a.target.kind === "CronJob" &&
        a.target.namespace === namespace &&
        a.target.name === name,
    )
    .sort((a, b) => a.at - b.at);
  for (const a of mine) {
    if (a.at >= until) break;
    if (a.kind === "delete") {
      until = a.at;
      break;
    }
    if (a.kind !== "patch") continue;
    const suspend = (a.patch.spec as { suspend?: unknown } | undefined)?.suspend;
    if (typeof suspend !== "boolean" || suspend === suspended) continue;
    if (suspend) running.push([since, a.at]);
    else since = a.at;
    suspended = suspend;
  }
  if (!suspended) running.push([since, until]);
  return { end: until, running };
}

function arrivalTemplate(arrival: Arrival, jobs: readonly JobManifest[]): JobManifest | undefined {
  const t = arrival.template;
  if (t.kind === "inline") return t.manifest;
  return jobs.find((j) => j.metadata.namespace === t.namespace && j.metadata.name === t.name);
}

/** Submissions of an arrival process before `end`. */
function arrivalCount(arrival: Arrival, end: SimTime): number {
  const span: Millis = end - arrival.start;
  if (span <= 0) return 0;
  const p = arrival.process;
  const n = p.kind === "interval" ? Math.floor((span - 1) / p.every) + 1 : span / p.meanGap;
  return arrival.count === null ? n : Math.min(arrival.count, n);
}

/** Whether the estimate calls for a warning, and its text (empty when the run is ordinary). */
export function largeRunWarning(estimate: RunEstimate, summaryOnly: boolean): string | null {
  const fullReportLarge = !summaryOnly && estimate.reportBytes >= LARGE_REPORT_BYTES;
  if (estimate.events < LARGE_RUN_EVENTS && !fullReportLarge) return null;
  const hint = summaryOnly
    ? "consider a shorter horizon, or --max-events N to stop the run after N events"
    : "consider --summary-only, a shorter horizon, or --max-events N to stop the run after N events";
  return `large run: ${describeEstimate(estimate)}; ${hint}`;
}

/** Refusal text when a full report would not fit the memory budget, else null. */
export function fullReportRefusal(estimate: RunEstimate): string | null {
  if (estimate.reportBytes <= FULL_REPORT_BUDGET_BYTES) return null;
  return (
    `a full report would need about ${formatBytes(estimate.reportBytes)} of memory ` +
    `(${describeEstimate(estimate)}), over the ${formatBytes(FULL_REPORT_BUDGET_BYTES)} budget; ` +
    "run with --summary-only (streams the rows to CSV and keeps none), or shorten the horizon" +
    (estimate.events >= LARGE_RUN_EVENTS ? "; --max-events N bounds how long it may run" : "")
  );
}

/** `about 525,600 Jobs, 525,600 pods, ...`: the estimate in words. */
export function describeEstimate(e: RunEstimate): string {
  const parts = [
    `about ${count(e.jobs)} Job(s)`,
    `${count(e.pods)} pod(s)`,
    ...(e.scheduleInstants > 0 ? [`${count(e.scheduleInstants)} CronJob schedule instant(s)`] : []),
    `${count(e.events)} engine events`,
    `a full report of ${formatBytes(e.reportBytes)}`,
  ];
  return parts.join(", ");
}

/** An estimate in digits with thousands separators, or in powers of ten beyond 1e15. */
function count(n: number): string {
  if (!Number.isFinite(n)) return "unbounded";
  if (n >= 1e15) return n.toExponential(1).replace("+", "");
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return "unbounded";
  const units = ["B", "KB", "MB", "GB", "TB", "PB"];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  if (v >= 1e4) return `${v.toExponential(1).replace("+", "")} ${units[i]}`;
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}
