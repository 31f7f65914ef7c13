/**
 * The data report.html embeds: report.json reduced to what the page draws, with instants as
 * seconds since `spec.start` (3 decimals) and pods stored column by column. Large runs keep
 * per-Job density lanes instead of one bar per pod (see {@link MAX_POD_BARS}). Pure and
 * deterministic: the same report and context give the same data.
 */

import { NamespacedMap } from "../../collections/namespaced-map.js";
import { flattenSummary, type MetricRow } from "../flatten.js";
import { parseInstant } from "../instant.js";
import { isLateStart } from "../late-start.js";
import { podInstant } from "../rows.js";
import { ListedCronJob } from "../schedule-list.js";
import type { Report, ReportCronJob, ReportJob, ReportPod, ScheduleOutcome } from "../types.js";
import type { PageContext } from "./context.js";
import { type DependencyGraph, dependencyGraph } from "./dependency-graph.js";
import { dstSkips } from "./dst-gaps.js";
import { POD_OUTCOMES, podOutcome } from "./pod-outcome.js";
import { CountSeries, LevelSeries, PeakSeries, round3, SERIES_BUCKETS } from "./series.js";

/** Above this many pods the timeline draws density lanes, not bars (bars stay fast to ~20k on canvas). */
export const MAX_POD_BARS = 20_000;
/** Above this many Jobs the timeline draws density lanes too, one per CronJob or name stem. */
export const MAX_JOB_LANES = 3_000;
/** At most this many density lanes; the rest are folded into one "other" lane. */
export const MAX_DENSITY_LANES = 300;
/** The Jobs table embeds at most this many Jobs (failed first). */
export const MAX_TABLE_JOBS = 20_000;
/** Above this many schedule instants in all, CronJob strips hold counts per interval, not marks. */
export const MAX_SCHEDULE_MARKS = 50_000;

export const SCHEDULE_MARKS = [
  "created",
  "late",
  "suspended",
  "forbidden",
  "missedDeadline",
  "superseded",
  "pending",
  "dstSkipped",
] as const;

export interface PageJob {
  ns: string;
  n: string;
  cj: string | null;
  c: number;
  s: number | null;
  /** When it became Complete or Failed. */
  f: number | null;
  d: number | null;
  st: "failed" | "succeeded" | "active" | "deleted";
  r: string;
  ok: number;
  ko: number;
  rt: number;
  comp: number | null;
  par: number | null;
  mode: string;
}

/** Pods column by column (index k of every array is pod k). */
export interface PagePods {
  job: number[];
  name: string[];
  c: number[];
  s: (number | null)[];
  /** End of its bar: finished, else deleted, else null (alive at the end). */
  e: (number | null)[];
  d: (number | null)[];
  o: number[];
  x: (number | null)[];
  why: (string | null)[];
  r: number[];
  i: (number | null)[];
  node: (string | null)[];
}

export interface DensityLane {
  label: string;
  jobs: number;
  pods: number;
  running: number[];
  failed: number[];
}

export interface PageCronJob {
  ns: string;
  n: string;
  schedule: string | null;
  tz: string | null;
  /** Scheduled instant, mark code (index in SCHEDULE_MARKS), delay in seconds of a created one, its Job. */
  t: number[];
  m: number[];
  late: (number | null)[];
  job: string[];
  /** Wall times a forward DST change skipped: local text and the transition instant. */
  dst: { wall: string; t: number }[];
  /**
   * Instead of t/m/late/job when the report holds more than MAX_SCHEDULE_MARKS instants in all:
   * per bucket (SERIES_BUCKETS over the horizon), how many instants had each mark.
   */
  counts: number[][] | null;
}

export interface PageData {
  v: 1;
  /** Written with --summary-only: no Jobs, pods or events here (they are in the CSV files). */
  summaryOnly: boolean;
  scenario: { name: string; seed: number; start: string; end: string };
  horizon: number;
  /**
   * Where something happens, in seconds since the start: the timeline opens on it when it is
   * well under the horizon (a 12-minute Job in a 6-hour horizon would be a sliver); null when
   * activity fills the run (CronJobs, arrivals) or the report holds no Jobs.
   */
  activity: { a: number; b: number } | null;
  summary: MetricRow[];
  capacityPods: number | null;
  /** Allocatable millicores of cluster.nodes; null when the cluster does not count cpu. */
  allocatableCpu: number | null;
  jobs: PageJob[];
  jobsTotal: number;
  /** Which of `jobs` the timeline draws as lanes, in creation order (bars mode). */
  lanes: number[];
  pods: PagePods | null;
  density: { buckets: number; width: number; lanes: DensityLane[] } | null;
  cronjobs: PageCronJob[];
  skipped: { ns: string; n: string; cause: string; t: number }[];
  series: {
    buckets: number;
    width: number;
    /** Mean level per bucket. */
    pending: number[];
    running: number[];
    /** Highest level per bucket. */
    pendingPeak: number[];
    runningPeak: number[];
    jobsActive: number[];
    jobsSucceeded: number[];
    jobsFailed: number[];
    podsFailed: number[];
    podsEvicted: number[];
    retries: number[];
    /** Mean millicores requested by running pods per bucket; null when the cluster does not count cpu. */
    cpu: number[] | null;
  };
  deps: DependencyGraph | null;
}

function finishOf(job: ReportJob): {
  state: "failed" | "succeeded" | null;
  at: string | null;
  reason: string;
} {
  for (const c of job.status.conditions) {
    if (c.status !== "True") continue;
    if (c.type === "Failed") return { state: "failed", at: c.lastTransitionTime, reason: c.reason };
    if (c.type === "Complete") return { state: "succeeded", at: c.lastTransitionTime, reason: c.reason };
  }
  return { state: null, at: null, reason: "" };
}

const STATE_RANK = { failed: 0, active: 1, deleted: 2, succeeded: 3 } as const;

/** The page data of `report`. */
/** Activity narrower than this share of the horizon opens zoomed in on it. */
const ACTIVITY_ZOOM_SHARE = 0.6;

/** The span from the first Job's creation to the last one's end, padded by 5% each side. */
export function activityWindow(
  jobs: readonly PageJob[],
  hasCronJobs: boolean,
  horizon: number,
): { a: number; b: number } | null {
  if (hasCronJobs || jobs.length === 0) return null;
  let a = horizon;
  let b = 0;
  for (const j of jobs) {
    a = Math.min(a, j.c);
    b = Math.max(b, j.f ?? j.d ?? horizon);
  }
  const span = b - a;
  if (span >= horizon * ACTIVITY_ZOOM_SHARE) return null;
  const pad = Math.max(span * 0.05, 1);
  return { a: round3(Math.max(0, a - pad)), b: round3(Math.min(horizon, b + pad)) };
}

export function pageData(report: Report, context: PageContext, summaryOnly = false): PageData {
  const t0 = parseInstant(report.scenario.start);
  const t1 = parseInstant(report.scenario.end);
  const horizon = round3((t1 - t0) / 1000);
  const rel = (iso: string): number => round3((parseInstant(iso) - t0) / 1000);
  const relOrNull = (iso: string | null | undefined): number | null => (iso == null ? null : rel(iso));

  const jobs: PageJob[] = report.jobs.map((j) => {
    const fin = finishOf(j);
    const spec = j.spec as {
      completions?: number | null;
      parallelism?: number | null;
      completionMode?: string;
    };
    return {
      ns: j.namespace,
      n: j.name,
      cj: j.cronJob,
      c: rel(j.createdAt),
      s: relOrNull(j.status.startTime),
      f: relOrNull(fin.at),
      d: relOrNull(j.deletedAt),
      st: fin.state ?? (j.deletedAt !== null ? "deleted" : "active"),
      r: fin.reason,
      ok: j.status.succeeded,
      ko: j.status.failed,
      rt: j.retries ?? 0,
      comp: spec.completions ?? null,
      par: spec.parallelism ?? null,
      mode: spec.completionMode ?? "NonIndexed",
    };
  });
  // Per-pod lookups by (namespace, Job name): no "ns/name" string built and hashed per pod.
  const jobIndex = new NamespacedMap<number>();
  jobs.forEach((j, k) => {
    jobIndex.set(j.ns, j.n, k);
  });

  const bars = report.pods.length <= MAX_POD_BARS && report.jobs.length <= MAX_JOB_LANES;
  const series = buildSeries(report, t0, t1, context.cpu);
  const width = (t1 - t0) / SERIES_BUCKETS / 1000;

  // The table holds failed Jobs first; lanes index into it, so keep every Job the lanes need.
  const tableOrder = jobs
    .map((_, k) => k)
    .sort((a, b) => STATE_RANK[jobs[a]!.st] - STATE_RANK[jobs[b]!.st] || a - b);
  const kept = bars ? tableOrder : tableOrder.slice(0, MAX_TABLE_JOBS);
  const newIndex = new Map<number, number>();
  kept.forEach((old, k) => {
    newIndex.set(old, k);
  });
  const keptJobs = kept.map((k) => jobs[k]!);

  return {
    v: 1,
    summaryOnly,
    scenario: {
      name: report.scenario.name,
      seed: report.scenario.seed,
      start: report.scenario.start,
      end: report.scenario.end,
    },
    horizon,
    activity: activityWindow(jobs, report.cronjobs.length > 0, horizon),
    summary: flattenSummary(report.summary),
    capacityPods: context.capacityPods,
    allocatableCpu: context.cpu?.allocatable ?? null,
    jobs: keptJobs,
    jobsTotal: jobs.length,
    lanes: bars ? jobs.map((_, k) => newIndex.get(k)!) : [],
    pods: bars ? podColumns(report.pods, jobIndex, newIndex, rel, relOrNull) : null,
    density: bars ? null : densityLanes(report, t0, t1),
    cronjobs: cronJobs(report, context, t0, t1),
    skipped: (report.skipped ?? []).map((s) => ({
      ns: s.namespace,
      n: s.name,
      cause: s.cause,
      t: rel(s.at),
    })),
    series: { buckets: SERIES_BUCKETS, width: round3(width), ...series },
    deps:
      context.dependencies.length === 0
        ? null
        : dependencyGraph(context.dependencies, jobs, report.skipped ?? []),
  };
}

function podColumns(
  pods: readonly ReportPod[],
  jobIndex: NamespacedMap<number>,
  newIndex: ReadonlyMap<number, number>,
  rel: (iso: string) => number,
  relOrNull: (iso: string | null | undefined) => number | null,
): PagePods {
  const cols: PagePods = {
    job: [],
    name: [],
    c: [],
    s: [],
    e: [],
    d: [],
    o: [],
    x: [],
    why: [],
    r: [],
    i: [],
    node: [],
  };
  for (const p of pods) {
    const old = jobIndex.get(p.namespace, p.job);
    cols.job.push(old === undefined ? -1 : (newIndex.get(old) ?? -1));
    cols.name.push(p.name);
    cols.c.push(rel(p.createdAt));
    cols.s.push(relOrNull(p.startedAt));
    cols.e.push(relOrNull(p.finishedAt ?? p.deletedAt));
    cols.d.push(relOrNull(p.deletedAt));
    cols.o.push(POD_OUTCOMES.indexOf(podOutcome(p)));
    cols.x.push(p.exitCode);
    cols.why.push(p.reason);
    cols.r.push(p.restarts);
    cols.i.push(p.index);
    cols.node.push(p.node ?? null);
  }
  return cols;
}

/** Pods of a large run as density lanes: one per Job, or per CronJob or name stem when Jobs are many. */
function densityLanes(report: Report, t0: number, t1: number): NonNullable<PageData["density"]> {
  const buckets = SERIES_BUCKETS;
  const width = (t1 - t0) / buckets;
  const perJob = report.jobs.length <= MAX_DENSITY_LANES;
  const laneOfJob = new Map<string, string>();
  for (const j of report.jobs) {
    laneOfJob.set(`${j.namespace}/${j.name}`, perJob ? j.name : (j.cronJob ?? j.name.replace(/-\d+$/, "")));
  }
  // The same lanes by (namespace, Job name), for the per-pod lookup below.
  const laneOfPodJob = new NamespacedMap<string>();
  for (const j of report.jobs)
    laneOfPodJob.set(j.namespace, j.name, laneOfJob.get(`${j.namespace}/${j.name}`)!);
  const lanes = new Map<
    string,
    { jobs: NamespacedMap<true>; pods: number; running: LevelSeries; failed: CountSeries }
  >();
  const laneNamed = (label: string) => {
    let lane = lanes.get(label);
    if (lane === undefined) {
      lane = {
        jobs: new NamespacedMap(),
        pods: 0,
        running: new LevelSeries(t0, width, buckets),
        failed: new CountSeries(t0, width, buckets),
      };
      lanes.set(label, lane);
    }
    return lane;
  };
  // Lanes in order of first Job; past MAX_DENSITY_LANES - 1 labels, the rest share "other".
  const labels: string[] = [];
  for (const label of new Set(laneOfJob.values())) labels.push(label);
  const shown = new Set(labels.length <= MAX_DENSITY_LANES ? labels : labels.slice(0, MAX_DENSITY_LANES - 1));
  for (const p of report.pods) {
    const raw = laneOfPodJob.get(p.namespace, p.job) ?? p.job;
    const lane = laneNamed(shown.has(raw) ? raw : "other");
    lane.jobs.set(p.namespace, p.job, true);
    lane.pods++;
    if (p.startedAt !== null) lane.running.add(podInstant(p, "startedAt"), endOf(p, t1));
    const outcome = podOutcome(p);
    if ((outcome === "failed" || outcome === "evicted") && p.finishedAt !== null) {
      lane.failed.add(podInstant(p, "finishedAt"));
    }
  }
  const ordered = [...labels.filter((l) => shown.has(l)), ...(lanes.has("other") ? ["other"] : [])];
  return {
    buckets,
    width: round3(width / 1000),
    lanes: ordered
      .filter((l) => lanes.has(l))
      .map((label) => {
        const lane = lanes.get(label)!;
        return {
          label,
          jobs: lane.jobs.size,
          pods: lane.pods,
          running: lane.running.values(),
          failed: lane.failed.values(),
        };
      }),
  };
}

/** When a pod finished, else was deleted (`finishedAt ?? deletedAt`), else `t1`: the end of its bar. */
function endOf(p: ReportPod, t1: number): number {
  if (p.finishedAt != null) return podInstant(p, "finishedAt");
  return p.deletedAt != null ? podInstant(p, "deletedAt") : t1;
}

function buildSeries(
  report: Report,
  t0: number,
  t1: number,
  cpuContext: PageContext["cpu"],
): Omit<PageData["series"], "buckets" | "width"> {
  const width = (t1 - t0) / SERIES_BUCKETS;
  const level = () => new LevelSeries(t0, width, SERIES_BUCKETS);
  const count = () => new CountSeries(t0, width, SERIES_BUCKETS);
  const pending = level();
  const running = level();
  const pendingPeak = new PeakSeries(t0, width, SERIES_BUCKETS);
  const runningPeak = new PeakSeries(t0, width, SERIES_BUCKETS);
  const jobsActive = level();
  const jobsSucceeded = count();
  const jobsFailed = count();
  const podsFailed = count();
  const podsEvicted = count();
  const retries = count();
  const cpu = cpuContext === null ? null : level();
  const cronJobOf = new Map<string, string | null>();
  for (const j of report.jobs) {
    cronJobOf.set(`${j.namespace}/${j.name}`, j.cronJob);
    const fin = finishOf(j);
    const created = parseInstant(j.createdAt);
    const end = fin.at ?? j.deletedAt;
    jobsActive.add(created, end === null ? t1 : parseInstant(end));
    if (fin.state === "succeeded" && fin.at !== null) jobsSucceeded.add(parseInstant(fin.at));
    if (fin.state === "failed" && fin.at !== null) jobsFailed.add(parseInstant(fin.at));
  }
  // Creation times of each Job's pods (per completion index for Indexed Jobs), for retries;
  // createdOf[i]: the list pod i belongs to, found once rather than again per failed pod.
  const created = new NamespacedMap<Map<number | null, number[]>>();
  const createdOf: number[][] = [];
  for (const p of report.pods) {
    let byIndex = created.get(p.namespace, p.job);
    if (byIndex === undefined) {
      byIndex = new Map();
      created.set(p.namespace, p.job, byIndex);
    }
    const index = p.index ?? null;
    let list = byIndex.get(index);
    if (list === undefined) {
      list = [];
      byIndex.set(index, list);
    }
    list.push(podInstant(p, "createdAt"));
    createdOf.push(list);
  }
  for (let i = 0; i < report.pods.length; i++) {
    const p = report.pods[i]!;
    const c = podInstant(p, "createdAt");
    const end = endOf(p, t1);
    const s = p.startedAt === null ? end : podInstant(p, "startedAt");
    pending.add(c, s);
    pendingPeak.add(c, s);
    running.add(s, end);
    runningPeak.add(s, end);
    if (cpu !== null && cpuContext !== null) cpu.add(s, end, cpuRequest(cpuContext, p, cronJobOf));
    const outcome = podOutcome(p);
    if (p.finishedAt !== null && (outcome === "failed" || outcome === "evicted")) {
      const at = podInstant(p, "finishedAt");
      (outcome === "failed" ? podsFailed : podsEvicted).add(at);
      // Retried when a later pod of the same Job (and index) was created after it ended.
      const next = firstAtOrAfter(createdOf[i]!, at);
      if (next !== null) retries.add(next);
    }
    // In-place restarts (restartPolicy OnFailure) have no instant in the report: counted at the pod's end.
    if (p.restarts > 0) retries.add(end === t1 ? t1 - 1 : end, p.restarts);
  }
  return {
    pending: pending.values(),
    running: running.values(),
    pendingPeak: pendingPeak.values(),
    runningPeak: runningPeak.values(),
    jobsActive: jobsActive.values(),
    jobsSucceeded: jobsSucceeded.values(),
    jobsFailed: jobsFailed.values(),
    podsFailed: podsFailed.values(),
    podsEvicted: podsEvicted.values(),
    retries: retries.values(),
    cpu: cpu === null ? null : cpu.values(),
  };
}

/** A pod's cpu request: its Job's template, its CronJob's, or its arrival template's (`<template>-<n>`). */
function cpuRequest(
  cpu: NonNullable<PageContext["cpu"]>,
  pod: ReportPod,
  cronJobOf: ReadonlyMap<string, string | null>,
): number {
  const key = `${pod.namespace}/${pod.job}`;
  const cronJob = cronJobOf.get(key);
  return (
    cpu.byJob[key] ??
    (cronJob == null ? undefined : cpu.byCronJob[`${pod.namespace}/${cronJob}`]) ??
    cpu.byJob[`${pod.namespace}/${pod.job.replace(/-\d+$/, "")}`] ??
    0
  );
}

/** The first value >= `t` in an ascending list, or null. */
function firstAtOrAfter(sorted: readonly number[], t: number): number | null {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length ? sorted[lo]! : null;
}

/**
 * A CronJob's schedule instants read one at a time as numbers (ms), `job` only when asked. A
 * run's CronJob ({@link ListedCronJob}) is read from its numbers, in memory or on disk, never
 * made into the contract's entries all at once: a per-minute year is 525,600 of them.
 */
interface ScheduleReader {
  readonly length: number;
  at(i: number): number;
  outcome(i: number): ScheduleOutcome;
  /** NaN when the instant's Job was not created or the report does not say when. */
  createdAt(i: number): number;
  job(i: number): string | undefined;
}

function scheduleReader(cj: ReportCronJob): ScheduleReader {
  if (cj instanceof ListedCronJob) {
    const list = cj.list;
    return {
      length: list.length,
      at: (i) => list.timeAt(i),
      outcome: (i) => list.outcomeAt(i),
      createdAt: (i) => list.jobCreatedAt(i),
      job: (i) => list.item(i).job,
    };
  }
  const schedules = cj.schedules;
  return {
    length: schedules.length,
    at: (i) => parseInstant(schedules[i]!.scheduledTime),
    outcome: (i) => schedules[i]!.outcome,
    createdAt: (i) => {
      const createdAt = schedules[i]!.createdAt;
      return createdAt === undefined ? Number.NaN : parseInstant(createdAt);
    },
    job: (i) => schedules[i]!.job,
  };
}

function cronJobs(report: Report, context: PageContext, t0: number, t1: number): PageCronJob[] {
  const readers = report.cronjobs.map(scheduleReader);
  const instants = readers.reduce((n, r) => n + r.length, 0);
  const aggregate = instants > MAX_SCHEDULE_MARKS;
  const width = (t1 - t0) / SERIES_BUCKETS;
  return report.cronjobs.map((cj, c) => {
    const schedules = readers[c]!;
    // The report's own spec (reports of newer versions) wins over the scenario's.
    const known = context.cronJobs.find((k) => k.namespace === cj.namespace && k.name === cj.name);
    const spec = cj.spec === undefined ? known : { schedule: cj.spec.schedule, timeZone: cj.spec.zone };
    const out: PageCronJob = {
      ns: cj.namespace,
      n: cj.name,
      schedule: spec?.schedule ?? null,
      tz: spec?.timeZone ?? null,
      t: [],
      m: [],
      late: [],
      job: [],
      dst: [],
      counts: aggregate ? SCHEDULE_MARKS.map(() => new Array<number>(SERIES_BUCKETS).fill(0)) : null,
    };
    for (let i = 0; i < schedules.length; i++) {
      const at = schedules.at(i);
      const outcome = schedules.outcome(i);
      const createdAt = schedules.createdAt(i);
      const delay = Number.isNaN(createdAt) ? null : round3((createdAt - at) / 1000);
      const mark = outcome === "created" && delay !== null && isLateStart(delay) ? "late" : outcome;
      if (out.counts !== null) {
        const bucket = Math.min(SERIES_BUCKETS - 1, Math.max(0, Math.floor((at - t0) / width)));
        out.counts[SCHEDULE_MARKS.indexOf(mark)]![bucket]!++;
        continue;
      }
      out.t.push(round3((at - t0) / 1000));
      out.m.push(SCHEDULE_MARKS.indexOf(mark));
      out.late.push(delay);
      out.job.push(schedules.job(i) ?? "");
    }
    if (spec !== undefined) {
      for (const skip of dstSkips(spec.schedule, spec.timeZone, t0, t1)) {
        out.dst.push({ wall: skip.wall, t: round3((skip.at - t0) / 1000) });
      }
    }
    return out;
  });
}
