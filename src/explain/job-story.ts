/**
 * The story of one Job, and of one of its pods, from what report.json holds: its pods' lives,
 * the pod-failure backoff before each replacement, the conditions the Job controller set, and
 * who deleted it. The backoff is the Job controller's rule (upstream `getRemainingTime` in
 * backoff_utils.go: `podFailureBackOff` doubled per failure after the first, capped at
 * `maxPodFailureBackOff`) applied to the failures the report lists, with the constants the
 * report's `settings` name.
 */
import { parseDuration } from "../engine/time.js";
import type { Report, ReportCondition, ReportEvent, ReportJob, ReportPod } from "../report/types.js";
import { count, humanDuration, ordinal, type Story, type StoryLine, shortTime } from "./story.js";

/** What the story needs besides the Job: the rest of the report, indexed once. */
export interface JobContext {
  report: Report;
  /** Events about this Job, in report order. */
  events: readonly ReportEvent[];
  /** Its pods, by creation time then name. */
  pods: readonly ReportPod[];
}

/** Milliseconds of an instant the report wrote. */
export const ms = (iso: string): number => Date.parse(iso);

const DEFAULT_BACKOFF = 10_000;
const DEFAULT_MAX_BACKOFF = 600_000;

/** The Job controller's pod-failure backoff constants from the report's settings. */
function backoffSettings(report: Report): { base: number; cap: number } {
  const jc = report.settings.jobController as Record<string, unknown> | undefined;
  const read = (v: unknown, d: number) => (typeof v === "string" ? (parseDuration(v) ?? d) : d);
  return {
    base: read(jc?.podFailureBackOff, DEFAULT_BACKOFF),
    cap: read(jc?.maxPodFailureBackOff, DEFAULT_MAX_BACKOFF),
  };
}

/** When the controller manager came back from each outage (`settings.controllerManager.outages`). */
function controllerRestarts(report: Report): number[] {
  const cm = report.settings.controllerManager as { outages?: unknown } | undefined;
  if (!Array.isArray(cm?.outages)) return [];
  return cm.outages
    .map((o: unknown) => (typeof o === "object" && o !== null ? (o as { end?: unknown }).end : undefined))
    .filter((end): end is string => typeof end === "string")
    .map(ms);
}

/** upstream `getRemainingTimeForFailuresCount` without the elapsed part: the delay it chose. */
export function backoffFor(failures: number, base: number, cap: number): number {
  let backoff = base;
  for (let i = 1; i < failures; i++) {
    backoff *= 2;
    if (backoff >= cap) return cap;
  }
  return backoff;
}

/**
 * The finished pods of a Job (or of one index) in finish order, with prefix counts, so the
 * backoff record at any instant (upstream `newBackoffRecord` over the pods finished by then) is
 * a binary search rather than a walk over every pod.
 */
class FailureTimeline {
  private readonly times: number[];
  /** Failures that count among the first i pods. */
  private readonly failures: number[] = [0];
  /** Successes among the first i pods. */
  private readonly succeeded: number[] = [0];
  /** Position of the last success among the first i pods, or -1. */
  private readonly lastSuccess: number[] = [-1];
  /** Position of the last counted failure among the first i pods, or -1. */
  private readonly lastFailure: number[] = [-1];

  constructor(
    private readonly pods: readonly ReportPod[],
    counts: (p: ReportPod) => boolean,
  ) {
    this.times = pods.map((p) => ms(p.finishedAt!));
    pods.forEach((p, i) => {
      const fails = counts(p);
      this.failures.push(this.failures[i]! + (fails ? 1 : 0));
      this.lastSuccess.push(p.phase === "Succeeded" ? i : this.lastSuccess[i]!);
      this.succeeded.push(this.succeeded[i]! + (p.phase === "Succeeded" ? 1 : 0));
      this.lastFailure.push(fails ? i : this.lastFailure[i]!);
    });
  }

  /** The record from the pods finished before `t`: failures in all, in a row since the last success, the last one. */
  recordBefore(t: number): {
    failures: number;
    succeeded: number;
    inARow: number;
    lastFailure: ReportPod | null;
  } {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    const success = this.lastSuccess[lo]!;
    const inARow = this.failures[lo]! - this.failures[success + 1]!;
    const last = this.lastFailure[lo]!;
    return {
      failures: this.failures[lo]!,
      succeeded: this.succeeded[lo]!,
      inARow,
      lastFailure: inARow > 0 && last > success ? this.pods[last]! : null,
    };
  }
}

/** Who deleted each pod, from the Job's `Deleted pod: NAME` events: the pod's name to when. */
function deletionsByController(events: readonly ReportEvent[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of events) {
    if (e.reason === "SuccessfulDelete" && e.message.startsWith("Deleted pod: ")) {
      out.set(e.message.slice("Deleted pod: ".length), e.time);
    }
  }
  return out;
}

function spec(job: ReportJob): {
  backoffLimit: number | null;
  perIndex: number | null;
  hasPolicy: boolean;
  ttl: number | null;
  activeDeadline: number | null;
} {
  const s = job.spec;
  const num = (v: unknown) => (typeof v === "number" ? v : null);
  return {
    backoffLimit: num(s.backoffLimit),
    perIndex: num(s.backoffLimitPerIndex),
    hasPolicy: s.podFailurePolicy !== null && s.podFailurePolicy !== undefined,
    ttl: num(s.ttlSecondsAfterFinished),
    activeDeadline: num(s.activeDeadlineSeconds),
  };
}

/** The title line: the Job and what governs its retries. */
function title(job: ReportJob): string {
  const s = job.spec;
  const parts = [
    String(s.completionMode ?? "NonIndexed"),
    `completions ${s.completions ?? "unset"}`,
    `parallelism ${s.parallelism ?? 1}`,
  ];
  const { backoffLimit, perIndex, hasPolicy, ttl, activeDeadline } = spec(job);
  if (perIndex !== null) parts.push(`backoffLimitPerIndex ${perIndex}`);
  else if (backoffLimit !== null) parts.push(`backoffLimit ${backoffLimit}`);
  if (hasPolicy) parts.push("podFailurePolicy");
  if (s.successPolicy !== null && s.successPolicy !== undefined) parts.push("successPolicy");
  if (activeDeadline !== null) parts.push(`activeDeadlineSeconds ${activeDeadline}`);
  if (ttl !== null) parts.push(`ttlSecondsAfterFinished ${ttl}`);
  return `Job ${job.namespace}/${job.name} (${parts.join(", ")})`;
}

/** The story of `job`. */
export function jobStory(job: ReportJob, ctx: JobContext, target: string): Story {
  const lines: StoryLine[] = [];
  const notes: string[] = [];
  lines.push(creationLine(job, ctx.report));
  const { base, cap } = backoffSettings(ctx.report);
  const deleted = deletionsByController(ctx.events);
  const sp = spec(job);
  const finishedCondition = job.status.conditions.find(
    (c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True",
  );
  const firstCreation = ctx.pods.length > 0 ? ms(ctx.pods[0]!.createdAt) : Number.NaN;
  // Failures seen so far, in finish order, to count retries and the backoff record.
  const finished = ctx.pods
    .filter((p) => p.finishedAt !== null && (p.phase === "Failed" || p.phase === "Succeeded"))
    .slice()
    .sort((a, b) => ms(a.finishedAt!) - ms(b.finishedAt!));
  const countsAsFailure = (p: ReportPod) => {
    const by = deleted.get(p.name);
    return p.phase === "Failed" && !(by !== undefined && ms(by) <= ms(p.finishedAt!));
  };
  const all = new FailureTimeline(finished, countsAsFailure);
  // With backoffLimitPerIndex each index has its own record (upstream getPodCreationInfoForIndependentIndexes).
  const byIndex = new Map<number | null, FailureTimeline>();
  if (sp.perIndex !== null) {
    const groups = new Map<number | null, ReportPod[]>();
    for (const p of finished) {
      const g = groups.get(p.index);
      if (g === undefined) groups.set(p.index, [p]);
      else g.push(p);
    }
    for (const [index, pods] of groups) byIndex.set(index, new FailureTimeline(pods, countsAsFailure));
  }
  const none = new FailureTimeline([], countsAsFailure);
  const timelineOf = (index: number | null): FailureTimeline =>
    sp.perIndex === null ? all : (byIndex.get(index) ?? none);
  const retryOf = (failures: number, index: number | null): string => {
    if (sp.perIndex !== null) {
      return failures > sp.perIndex
        ? `index ${index} has ${failures} failures > backoffLimitPerIndex ${sp.perIndex}: no retry`
        : `retry ${failures} of ${sp.perIndex} for index ${index}`;
    }
    if (sp.hasPolicy || sp.backoffLimit === null)
      return `${ordinal(failures)} failure (the podFailurePolicy decides what counts)`;
    return failures > sp.backoffLimit
      ? `${failures} failures > backoffLimit ${sp.backoffLimit}: no retry`
      : `retry ${failures} of ${sp.backoffLimit}`;
  };
  for (const pod of ctx.pods) {
    const created = ms(pod.createdAt);
    const label = `pod ${pod.name}${pod.index === null ? "" : ` (index ${pod.index})`}`;
    let text = `${label} created`;
    if (created > firstCreation) {
      const record = timelineOf(pod.index).recordBefore(created);
      const lastFailure = record.lastFailure;
      if (lastFailure !== null) {
        const chosen = backoffFor(record.inARow, base, cap);
        const waited = created - ms(lastFailure.finishedAt!);
        text += `, replacing ${lastFailure.name}: ${humanDuration(waited)} after its failure${waited >= chosen ? ` (backoff ${humanDuration(chosen)})` : ""}`;
      } else {
        const done = all.recordBefore(created).succeeded;
        const completions = job.spec.completions;
        text += `: ${done}${typeof completions === "number" ? ` of ${completions}` : ""} succeeded by then, parallelism ${job.spec.parallelism ?? 1}`;
      }
    }
    if (pod.startedAt !== null && pod.startedAt === pod.createdAt) text += ", running at once";
    lines.push({ time: pod.createdAt, text, pod: pod.name });
    let afterFailure = "";
    if (pod.finishedAt !== null && countsAsFailure(pod)) {
      // What the controller made of the failure: the backoff before a replacement, and the count.
      const record = timelineOf(pod.index).recordBefore(ms(pod.finishedAt) + 1);
      const retry = retryOf(record.failures, pod.index);
      afterFailure = retry.endsWith("no retry")
        ? `; ${retry}`
        : `; backoff ${humanDuration(backoffFor(record.inARow, base, cap))}; ${retry}`;
    }
    lines.push(...podLifeLines(pod, label, deleted.get(pod.name) ?? null, job, sp, afterFailure));
  }
  const conditions = conditionLines(job, ctx.pods.length > 0);
  lines.push(...conditions);
  for (const e of otherEvents(job, ctx.events))
    lines.push({ time: e.time, text: `event ${e.type} ${e.reason}: ${e.message}` });
  const deletion = deletionLine(job, finishedCondition ?? null, ctx.report);
  if (deletion !== null) lines.push(deletion);
  if (finishedCondition === undefined && job.deletedAt === null) {
    const open = `still running when the simulation ended: ${job.status.active} active, ${job.status.succeeded} succeeded, ${job.status.failed} failed`;
    lines.push({ time: ctx.report.scenario.end, text: open });
  }
  sortLines(lines, new Set(conditions));
  const end = job.deletedAt ?? finishedCondition?.lastTransitionTime ?? ctx.report.scenario.end;
  const restarts = controllerRestarts(ctx.report).filter((t) => t > ms(job.createdAt) && t <= ms(end));
  if (restarts.length > 0) {
    notes.push(
      `the controller manager restarted during this Job (after an outage, at ${restarts.map((t) => shortTime(new Date(t).toISOString())).join(", ")}): a restart forgets backoff records (kubernetes issue #114650), so a backoff shown across it may not be what the new controller waited`,
    );
  }
  if (ctx.pods.length === 0 && job.status.active + job.status.succeeded + job.status.failed > 0) {
    notes.push("the report lists none of its pods (deleted by the pod garbage collector before the end?)");
  }
  return { target, title: title(job), lines, notes };
}

/**
 * Stable sort by time: lines made at one instant keep the order they were made in, except that
 * `first` lines (a condition the controller set) go before the others of their instant (the
 * pods it deleted because of it).
 */
export function sortLines(lines: StoryLine[], first: ReadonlySet<StoryLine> = new Set()): void {
  const order = lines.map((l, i) => ({ l, i, t: ms(l.time), r: first.has(l) ? 0 : 1 }));
  order.sort((a, b) => a.t - b.t || a.r - b.r || a.i - b.i);
  for (let i = 0; i < order.length; i++) lines[i] = order[i]!.l;
}

function creationLine(job: ReportJob, report: Report): StoryLine {
  if (job.cronJob === null) return { time: job.createdAt, text: "Job created" };
  const cj = report.cronjobs.find((c) => c.namespace === job.namespace && c.name === job.cronJob);
  const entry = cj?.schedules.find((s) => s.job === job.name);
  if (entry === undefined) return { time: job.createdAt, text: `Job created by CronJob ${job.cronJob}` };
  const late = ms(job.createdAt) - ms(entry.scheduledTime);
  return {
    time: job.createdAt,
    text: `Job created by CronJob ${job.cronJob} for its instant ${shortTime(entry.scheduledTime)}, ${humanDuration(late)} after it${late > 1000 ? ` (sim explain cronjob/${job.cronJob}@${entry.scheduledTime.slice(0, 16)}Z says why)` : ""}`,
  };
}

function podLifeLines(
  pod: ReportPod,
  label: string,
  deletedByController: string | null,
  job: ReportJob,
  sp: ReturnType<typeof spec>,
  /** What the controller made of the failure, appended to the failure line. */
  afterFailure: string,
): StoryLine[] {
  const out: StoryLine[] = [];
  const line = (time: string, text: string) => out.push({ time, text, pod: pod.name });
  if (pod.startedAt !== null && pod.startedAt !== pod.createdAt) {
    line(
      pod.startedAt,
      `${label} running after ${humanDuration(ms(pod.startedAt) - ms(pod.createdAt))} Pending`,
    );
  }
  if (pod.restarts > 0) {
    const when = pod.finishedAt ?? pod.deletedAt ?? pod.startedAt ?? pod.createdAt;
    line(
      when,
      `${label} had restarted ${count(pod.restarts, "time")} in place (restartPolicy OnFailure: the kubelet restarts it; each restart counts toward backoffLimit ${sp.backoffLimit ?? "-"})`,
    );
  }
  if (deletedByController !== null) {
    line(
      deletedByController,
      `${label} deleted by the Job controller${terminalReason(job, deletedByController)}`,
    );
  }
  if (pod.finishedAt !== null) {
    const exit = pod.exitCode === null ? "" : ` exit ${pod.exitCode}`;
    const reason = pod.reason === null ? "" : ` (${pod.reason})`;
    const disrupted = pod.conditions.includes("DisruptionTarget") ? "; DisruptionTarget: evicted" : "";
    if (pod.phase === "Succeeded") line(pod.finishedAt, `${label} succeeded${exit}`);
    else if (deletedByController !== null && ms(deletedByController) <= ms(pod.finishedAt)) {
      line(
        pod.finishedAt,
        `${label} stopped${exit}${reason} after the controller's delete: not counted as a failure`,
      );
    } else {
      line(pod.finishedAt, `${label} failed${exit}${reason}${disrupted}${afterFailure}`);
    }
  } else if (pod.startedAt === null && pod.deletedAt === null) {
    line(pod.createdAt, `${label} never started (Pending to the end)`);
  }
  if (pod.deletedAt !== null && deletedByController === null) {
    const withJob = job.deletedAt !== null && ms(pod.deletedAt) >= ms(job.deletedAt);
    line(
      pod.deletedAt,
      withJob
        ? `${label} deleted with its Job (garbage collector, owner reference)`
        : `${label} deleted by the pod garbage collector (terminated pods beyond its threshold, oldest first)`,
    );
  }
  return out;
}

/** Why the Job controller deleted pods at `time`: the condition it had set by then, if any. */
function terminalReason(job: ReportJob, time: string): string {
  const c = job.status.conditions
    .filter((k) => k.status === "True" && ms(k.lastTransitionTime) <= ms(time))
    .find((k) => ["SuccessCriteriaMet", "FailureTarget", "Complete", "Failed"].includes(k.type));
  return c === undefined ? "" : `: ${c.type} (${c.reason}), its remaining pods are terminated`;
}

function conditionLines(job: ReportJob, hasPods: boolean): StoryLine[] {
  const sp = spec(job);
  const trueConditions = job.status.conditions.filter((c) => c.status === "True");
  return trueConditions.map((c: ReportCondition) => {
    const target = trueConditions.find(
      (k) => (k.type === "FailureTarget" || k.type === "SuccessCriteriaMet") && k.reason === c.reason,
    );
    if ((c.type === "Failed" || c.type === "Complete") && target !== undefined) {
      const waited = ms(c.lastTransitionTime) - ms(target.lastTransitionTime);
      const after =
        waited > 0
          ? `, ${humanDuration(waited)} after ${target.type}: its pods had terminated`
          : `, as ${target.type}`;
      const took =
        c.type === "Complete" && job.status.startTime !== null
          ? `; took ${humanDuration(ms(c.lastTransitionTime) - ms(job.status.startTime))}`
          : "";
      return { time: c.lastTransitionTime, text: `${c.type}: ${c.reason}${after}${took}` };
    }
    let why = c.message;
    if (c.reason === "BackoffLimitExceeded" && sp.backoffLimit !== null && hasPods) {
      why = `${job.status.failed} failed pods > backoffLimit ${sp.backoffLimit} (${c.message})`;
    } else if (
      c.reason === "DeadlineExceeded" &&
      sp.activeDeadline !== null &&
      job.status.startTime !== null
    ) {
      why = `activeDeadlineSeconds ${sp.activeDeadline} passed since it started at ${shortTime(job.status.startTime)} (${c.message})`;
    }
    let text = `${c.type}: ${c.reason}: ${why}`;
    if (c.type === "Complete" && job.status.startTime !== null) {
      text += `; took ${humanDuration(ms(c.lastTransitionTime) - ms(job.status.startTime))}`;
    }
    return { time: c.lastTransitionTime, text };
  });
}

/** Events about the Job the other lines do not already tell. */
function otherEvents(job: ReportJob, events: readonly ReportEvent[]): ReportEvent[] {
  const told = new Set(job.status.conditions.map((c) => c.reason));
  return events.filter(
    (e) =>
      !(e.reason === "SuccessfulCreate" && e.message.startsWith("Created pod: ")) &&
      !(e.reason === "SuccessfulDelete" && e.message.startsWith("Deleted pod: ")) &&
      e.reason !== "Completed" &&
      !told.has(e.reason),
  );
}

function deletionLine(job: ReportJob, finished: ReportCondition | null, report: Report): StoryLine | null {
  if (job.deletedAt === null) return null;
  const at = ms(job.deletedAt);
  const sp = spec(job);
  if (finished !== null && sp.ttl !== null) {
    const after = at - ms(finished.lastTransitionTime);
    if (after >= sp.ttl * 1000) {
      return {
        time: job.deletedAt,
        text: `deleted by TTL after ${humanDuration(after)} (ttlSecondsAfterFinished ${sp.ttl})`,
      };
    }
  }
  if (job.cronJob !== null) {
    const byCronJob = report.events.some(
      (e) =>
        e.object.kind === "CronJob" &&
        e.object.name === job.cronJob &&
        e.object.namespace === job.namespace &&
        e.time === job.deletedAt &&
        e.message === `Deleted job ${job.name}`,
    );
    if (byCronJob) {
      const cj = report.cronjobs.find((c) => c.namespace === job.namespace && c.name === job.cronJob);
      if (finished === null) {
        return {
          time: job.deletedAt,
          text: `deleted by CronJob ${job.cronJob} while running: concurrencyPolicy Replace`,
        };
      }
      const limit =
        finished.type === "Complete"
          ? `successfulJobsHistoryLimit ${cj?.spec?.successfulJobsHistoryLimit ?? "?"}`
          : `failedJobsHistoryLimit ${cj?.spec?.failedJobsHistoryLimit ?? "?"}`;
      return {
        time: job.deletedAt,
        text: `deleted by CronJob ${job.cronJob}: history limit (${limit}) reached by newer Jobs`,
      };
    }
  }
  return { time: job.deletedAt, text: "deleted (by a scenario action)" };
}
