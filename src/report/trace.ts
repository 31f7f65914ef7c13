/**
 * `sim run --trace FILE`: the report as Chrome trace event JSON (`{"traceEvents": [...]}`), which
 * Perfetto (ui.perfetto.dev) and chrome://tracing open. A process per namespace, a thread per
 * Job (one more per pod that overlaps the others: slices on one thread must nest) and one per
 * CronJob; a complete event (`ph: "X"`) per pod from creation to its end, a nested `Pending`
 * slice while it waited for a node, and instant events (`ph: "i"`) for the controllers'
 * decisions. Times are microseconds of simulated time since the scenario's start. Pure: it reads
 * a finished Report, so the same report gives the same bytes.
 */
import { type TextSink, toJson } from "./format.js";
import { parseInstant } from "./instant.js";
import type { Report, ReportCronJob, ReportJob, ReportPod, ReportSchedule } from "./types.js";

/** One trace event, keys in the order written. */
export interface TraceEvent {
  name: string;
  cat?: string;
  ph: "X" | "i" | "M";
  ts?: number;
  dur?: number;
  /** Instant scope: `t` (thread). */
  s?: "t";
  pid: number;
  tid: number;
  args?: Record<string, unknown>;
}

/** Categories of the trace's events, so a viewer can filter them and a script count them. */
export const TRACE_CATEGORY = {
  pod: "pod",
  pending: "pending",
  job: "job",
  cronjob: "cronjob",
  event: "event",
} as const;

/** Delay past which a CronJob's Job counts as created late (the controller's 100 ms pad and sync). */
const LATE_MS = 1000;
/** Gap after a failure past which the next pod's creation shows the pod-failure backoff. */
const BACKOFF_SHOWN_MS = 1500;

/** Where a pod attempt ended in the trace: finished, deleted, else the end of the horizon. */
function podEnd(pod: ReportPod, end: number): number {
  const stop = pod.finishedAt ?? pod.deletedAt;
  return stop === null ? end : parseInstant(stop);
}

/** How a pod ended, as the slice's name (viewers colour slices by name). */
export function podOutcome(pod: ReportPod): string {
  if (pod.phase === "Succeeded") return "Succeeded";
  if (pod.phase === "Failed") {
    if (pod.conditions.includes("DisruptionTarget")) return "Evicted";
    return pod.exitCode === null ? "Failed" : `Failed (exit ${pod.exitCode})`;
  }
  if (pod.deletedAt !== null) return "Deleted";
  return pod.startedAt === null ? "Pending" : "Running";
}

/** Pods in creation order packed onto lanes that never overlap; returns each pod's lane. */
function packLanes(pods: readonly ReportPod[], end: number): number[] {
  const laneEnds: number[] = [];
  return pods.map((pod) => {
    const from = parseInstant(pod.createdAt);
    let lane = laneEnds.findIndex((busyUntil) => busyUntil <= from);
    if (lane === -1) lane = laneEnds.length;
    laneEnds[lane] = podEnd(pod, end);
    return lane;
  });
}

/** Builds the event list; `us` turns an instant into microseconds since the start. */
class TraceBuilder {
  readonly events: TraceEvent[] = [];
  private readonly pids = new Map<string, number>();
  private readonly nextTid = new Map<number, number>();

  constructor(
    private readonly start: number,
    readonly end: number,
  ) {}

  us(iso: string): number {
    return (parseInstant(iso) - this.start) * 1000;
  }

  pid(namespace: string): number {
    let pid = this.pids.get(namespace);
    if (pid === undefined) {
      pid = this.pids.size + 1;
      this.pids.set(namespace, pid);
      this.events.push({
        name: "process_name",
        ph: "M",
        pid,
        tid: 0,
        args: { name: `namespace ${namespace}` },
      });
      this.events.push({ name: "process_sort_index", ph: "M", pid, tid: 0, args: { sort_index: pid } });
    }
    return pid;
  }

  /** A new named thread of `pid`, listed in creation order. */
  thread(pid: number, name: string): number {
    const tid = this.nextTid.get(pid) ?? 1;
    this.nextTid.set(pid, tid + 1);
    this.events.push({ name: "thread_name", ph: "M", pid, tid, args: { name } });
    this.events.push({ name: "thread_sort_index", ph: "M", pid, tid, args: { sort_index: tid } });
    return tid;
  }

  instant(
    pid: number,
    tid: number,
    at: string,
    name: string,
    cat: string,
    args: Record<string, unknown>,
  ): void {
    this.events.push({ name, cat, ph: "i", ts: this.us(at), s: "t", pid, tid, args });
  }
}

/** The trace events of `report`: metadata, pod slices and decision instants. */
export function traceEvents(report: Report): TraceEvent[] {
  const start = parseInstant(report.scenario.start);
  const b = new TraceBuilder(start, parseInstant(report.scenario.end));
  const jobEvents = report.events.filter((e) => e.object.kind === "Job");
  const podsOf = perJob(
    report.jobs,
    report.pods,
    (p) => `${p.namespace}/${p.job}`,
    (p) => p.createdAt,
  );
  const eventsOf = perJob(
    report.jobs,
    jobEvents,
    (e) => `${e.object.namespace}/${e.object.name}`,
    (e) => e.time,
  );
  const eventsByCronJob = new Map<string, Report["events"]>();
  for (const e of report.events) {
    if (e.object.kind !== "CronJob") continue;
    const key = `${e.object.namespace}/${e.object.name}`;
    const list = eventsByCronJob.get(key);
    if (list === undefined) eventsByCronJob.set(key, [e]);
    else list.push(e);
  }
  for (const job of report.jobs) addJob(b, job, podsOf.get(job) ?? [], eventsOf.get(job) ?? []);
  for (const cronJob of report.cronjobs) {
    addCronJob(b, cronJob, eventsByCronJob.get(`${cronJob.namespace}/${cronJob.name}`) ?? []);
  }
  for (const skipped of report.skipped ?? []) {
    const pid = b.pid(skipped.namespace);
    const tid = b.thread(pid, skipped.name);
    b.instant(pid, tid, skipped.at, "Skipped", TRACE_CATEGORY.job, { cause: skipped.cause });
  }
  return b.events;
}

/**
 * `items` (pods, events) of each Job, found by `ns/name`. A name used again (a Job deleted and
 * created anew) splits them: an item belongs to the last Job of that name created at or before it.
 */
function perJob<T>(
  jobs: readonly ReportJob[],
  items: readonly T[],
  keyOf: (item: T) => string,
  timeOf: (item: T) => string,
): Map<ReportJob, T[]> {
  const byKey = new Map<string, ReportJob[]>();
  for (const job of jobs) {
    const key = `${job.namespace}/${job.name}`;
    const list = byKey.get(key);
    if (list === undefined) byKey.set(key, [job]);
    else list.push(job);
  }
  const out = new Map<ReportJob, T[]>();
  for (const item of items) {
    const candidates = byKey.get(keyOf(item));
    if (candidates === undefined) continue;
    let owner = candidates[0]!;
    if (candidates.length > 1) {
      const at = parseInstant(timeOf(item));
      for (const job of candidates) if (parseInstant(job.createdAt) <= at) owner = job;
    }
    const list = out.get(owner);
    if (list === undefined) out.set(owner, [item]);
    else list.push(item);
  }
  return out;
}

function addJob(b: TraceBuilder, job: ReportJob, pods: readonly ReportPod[], events: Report["events"]): void {
  const pid = b.pid(job.namespace);
  const lanes = packLanes(pods, b.end);
  const laneCount = Math.max(1, ...lanes.map((l) => l + 1));
  const tids = Array.from({ length: laneCount }, (_, lane) =>
    b.thread(pid, lane === 0 ? job.name : `${job.name} (${lane + 1})`),
  );
  pods.forEach((pod, i) => {
    const tid = tids[lanes[i] ?? 0] ?? 0;
    const created = parseInstant(pod.createdAt);
    const stop = podEnd(pod, b.end);
    const ts = b.us(pod.createdAt);
    const dur = Math.max(0, stop - created) * 1000;
    b.events.push({
      name: podOutcome(pod),
      cat: TRACE_CATEGORY.pod,
      ph: "X",
      ts,
      dur,
      pid,
      tid,
      args: {
        pod: pod.name,
        node: pod.node ?? null,
        index: pod.index,
        phase: pod.phase,
        exitCode: pod.exitCode,
        reason: pod.reason,
        restarts: pod.restarts,
        createdAt: pod.createdAt,
        startedAt: pod.startedAt,
        finishedAt: pod.finishedAt,
        deletedAt: pod.deletedAt,
      },
    });
    // Waiting for a node: from creation to Running, or to its end if it never ran.
    const pendingEnd = pod.startedAt === null ? stop : Math.min(stop, parseInstant(pod.startedAt));
    if (pendingEnd > created) {
      const args = { pod: pod.name };
      b.events.push({
        name: "Pending",
        cat: TRACE_CATEGORY.pending,
        ph: "X",
        ts,
        dur: (pendingEnd - created) * 1000,
        pid,
        tid,
        args,
      });
    }
  });
  const main = tids[0] ?? 0;
  for (const e of events) {
    b.instant(pid, main, e.time, e.reason, TRACE_CATEGORY.event, { type: e.type, message: e.message });
  }
  addBackoffWaits(b, pid, main, pods);
  for (const c of job.status.conditions) {
    if (c.status !== "True") continue;
    const name = c.type === "Complete" || c.type === "Failed" ? `Job ${c.type}` : c.type;
    b.instant(pid, main, c.lastTransitionTime, name, TRACE_CATEGORY.job, {
      reason: c.reason,
      message: c.message,
    });
  }
}

/**
 * A failed pod whose replacement came more than a sync later waited out the pod-failure
 * backoff (upstream `getNewFinishedPods` and `getRemainingTime` hold creation back): one instant
 * at the failure, with the wait until the next pod of the same index (any pod of a NonIndexed Job).
 */
function addBackoffWaits(b: TraceBuilder, pid: number, tid: number, pods: readonly ReportPod[]): void {
  for (let i = 0; i < pods.length; i++) {
    const failed = pods[i]!;
    if (failed.phase !== "Failed" || failed.finishedAt === null) continue;
    const at = parseInstant(failed.finishedAt);
    const next = pods.find((p, k) => k > i && p.index === failed.index && parseInstant(p.createdAt) >= at);
    if (next === undefined) continue;
    const wait = parseInstant(next.createdAt) - at;
    if (wait <= BACKOFF_SHOWN_MS) continue;
    b.instant(pid, tid, failed.finishedAt, "Backoff wait", TRACE_CATEGORY.job, {
      failedPod: failed.name,
      nextPod: next.name,
      waitSeconds: wait / 1000,
    });
  }
}

function addCronJob(b: TraceBuilder, cronJob: ReportCronJob, events: Report["events"]): void {
  const pid = b.pid(cronJob.namespace);
  const tid = b.thread(pid, `cronjob/${cronJob.name}`);
  for (const s of cronJob.schedules) {
    const name = scheduleInstantName(s);
    if (name === null) continue;
    b.instant(pid, tid, s.scheduledTime, name, TRACE_CATEGORY.cronjob, {
      scheduledTime: s.scheduledTime,
      outcome: s.outcome,
      job: s.job ?? null,
      createdAt: s.createdAt ?? null,
    });
  }
  for (const e of events) {
    b.instant(pid, tid, e.time, e.reason, TRACE_CATEGORY.event, { type: e.type, message: e.message });
  }
}

/** The instant's name for a schedule instant worth marking, or null for one created on time. */
function scheduleInstantName(s: ReportSchedule): string | null {
  if (s.outcome !== "created") return `Schedule ${s.outcome}`;
  if (s.createdAt === undefined) return null;
  const delay = parseInstant(s.createdAt) - parseInstant(s.scheduledTime);
  return delay > LATE_MS ? "Schedule created late" : null;
}

/** Write `report`'s trace as JSON to `sink`: one event per line, then the document's metadata. */
export function writeTrace(report: Report, sink: TextSink): void {
  const events = traceEvents(report);
  sink.write('{"traceEvents":[\n');
  for (let i = 0; i < events.length; i++) {
    sink.write(toJson(events[i], 0) + (i < events.length - 1 ? ",\n" : "\n"));
  }
  const { name, seed, start } = report.scenario;
  sink.write(`],"displayTimeUnit":"ms","otherData":${toJson({ scenario: name, seed, start }, 0)}}\n`);
}
