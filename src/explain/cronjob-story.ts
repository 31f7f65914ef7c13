/**
 * The story of one CronJob instant (or an overview of a CronJob): its outcome, read in the
 * CronJob's own time zone, and why, from the schedule list, the CronJob's Jobs and events.
 * Schedule arithmetic is robfig's (the port in src/cron), so a wall time
 * a DST change skips or repeats is told as the controller sees it.
 */
import { formatRFC3339InZone } from "../controllers/cronjob/naming.js";
import { parseStandard } from "../controllers/cronjob/utils.js";
import { getZone, next } from "../cron/index.js";
import { nearestNames } from "../report/compare.js";
import { ReportInputError } from "../report/errors.js";
import type { Report, ReportCronJob, ReportEvent, ReportJob, ReportSchedule } from "../report/types.js";
import { ms, sortLines } from "./job-story.js";
import { count, humanDuration, type Story, type StoryLine, shortTime } from "./story.js";
import { formatWall, type InstantSpec, type WallTime } from "./target.js";

/** Instants created within this of their scheduled time are on time (the controller's pad is 100 ms). */
const ON_TIME_MS = 1000;

/** The zone a CronJob's schedule is read in, and whether the report said so. */
function zoneOf(cj: ReportCronJob): string {
  return cj.spec?.zone ?? "UTC";
}

/** `2026-03-29 03:30 Europe/Berlin` (seconds when not zero), for an instant. */
export function localTime(iso: string, zone: string): string {
  const t = formatRFC3339InZone(ms(iso), zone);
  const wall = t.slice(0, 19).replace("T", " ");
  const short = wall.endsWith(":00") ? wall.slice(0, 16) : wall;
  return zone === "UTC" || zone === "" ? `${short} UTC` : `${short} ${zone}`;
}

function title(cj: ReportCronJob): string {
  const s = cj.spec;
  if (s === undefined) return `CronJob ${cj.namespace}/${cj.name}`;
  const parts = [`schedule "${s.schedule}"`, `zone ${s.zone}`, `concurrencyPolicy ${s.concurrencyPolicy}`];
  if (s.startingDeadlineSeconds !== null) parts.push(`startingDeadlineSeconds ${s.startingDeadlineSeconds}`);
  if (s.suspend) parts.push("suspended at the end");
  return `CronJob ${cj.namespace}/${cj.name} (${parts.join(", ")})`;
}

/** Index of the first schedule entry at or after `t` (entries are in time order). */
function lowerBound(schedules: readonly ReportSchedule[], t: number): number {
  let lo = 0;
  let hi = schedules.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ms(schedules[mid]!.scheduledTime) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The instants (Unix ms) whose wall clock in `zone` reads `wall`: none in a spring-forward gap,
 * two in a fall-back hour, else one.
 */
export function instantsOfWall(wall: WallTime, zone: string): number[] {
  const z = getZone(zone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) / 1000;
  const offsets = new Set([z.lookup(asUtc - 86_400), z.lookup(asUtc), z.lookup(asUtc + 86_400)]);
  const out: number[] = [];
  for (const offset of offsets) {
    const sec = asUtc - offset;
    if (z.lookup(sec) === offset) out.push(sec * 1000);
  }
  return out.sort((a, b) => a - b);
}

/** Whether the five-field schedule matches `wall` (read as a wall clock, whatever the zone). */
function scheduleMatchesWall(schedule: string, wall: WallTime): boolean {
  const parsed = parseStandard(schedule);
  if (!parsed.ok || parsed.schedule.kind !== "spec") return false;
  const t = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  // robfig reads the fields against the wall clock: evaluated in UTC, the wall time is the instant.
  return next({ ...parsed.schedule, location: null }, t - 1000, "UTC") === t;
}

/**
 * The offset change a wall time falls into, as `clocks jump from 02:00 to 03:00 (UTC+01:00 to
 * UTC+02:00)`, and its instant (Unix ms).
 */
function gapOf(wall: WallTime, zone: string): { text: string; at: number } {
  const z = getZone(zone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) / 1000;
  const before = z.lookup(asUtc - 86_400);
  const after = z.lookup(asUtc + 86_400);
  // The change is the instant the offset turns from `before` to `after`: bisect the two days.
  let lo = asUtc - 86_400;
  let hi = asUtc + 86_400;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (z.lookup(mid) === before) lo = mid;
    else hi = mid;
  }
  const clock = (sec: number) => new Date(sec * 1000).toISOString().slice(11, 16);
  const offset = (o: number) =>
    `UTC${o < 0 ? "-" : "+"}${String(Math.floor(Math.abs(o) / 3600)).padStart(2, "0")}:${String(Math.floor((Math.abs(o) % 3600) / 60)).padStart(2, "0")}`;
  return {
    text: `clocks jump from ${clock(hi + before)} to ${clock(hi + after)} (${offset(before)} to ${offset(after)})`,
    at: hi * 1000,
  };
}

/** The story of `cj` at `instant`, or its overview when `instant` is null. */
export function cronJobStory(
  cj: ReportCronJob,
  instant: InstantSpec | null,
  report: Report,
  target: string,
): Story {
  const notes: string[] = [];
  if (cj.spec === undefined)
    notes.push("this report does not hold the CronJob's spec (an older jobsim wrote it): times read in UTC");
  if (instant === null) return overview(cj, report, target, notes);
  const zone = zoneOf(cj);
  const wanted = instant.kind === "absolute" ? [instant.ms] : instantsOfWall(instant.wall, zone);
  const found = wanted
    .map((t) => cj.schedules[lowerBound(cj.schedules, t)])
    .filter((s): s is ReportSchedule => s !== undefined && wanted.includes(ms(s.scheduledTime)));
  const lines: StoryLine[] = [];
  if (instant.kind === "local" && wanted.length === 0) {
    const wall = formatWall(instant.wall).slice(11);
    const day = formatWall(instant.wall).slice(0, 10);
    const matches = cj.spec !== undefined && scheduleMatchesWall(cj.spec.schedule, instant.wall);
    const gap = gapOf(instant.wall, zone);
    const at = new Date(gap.at).toISOString();
    lines.push({
      time: at,
      text: `${wall} ${zone} does not exist on ${day}: ${gap.text}; ${matches ? "robfig skips it, so no Job runs for it" : "the schedule has no instant then anyway"}`,
    });
    const after = cj.schedules[lowerBound(cj.schedules, ms(at))];
    if (after !== undefined) {
      lines.push({
        time: after.scheduledTime,
        text: `next instant: ${localTime(after.scheduledTime, zone)} (${after.outcome})`,
      });
    }
    return { target, title: title(cj), lines, notes };
  }
  if (found.length === 0) throw notAnInstant(cj, instant, wanted, report);
  if (found.length === 2) {
    lines.push({
      time: found[0]!.scheduledTime,
      text: `${formatWall((instant as { wall: WallTime }).wall).slice(11)} ${zone} happens twice on this day (clocks go back): robfig runs both`,
    });
  }
  for (const entry of found) lines.push(...instantLines(cj, entry, report));
  sortLines(lines);
  return { target, title: title(cj), lines, notes };
}

function notAnInstant(
  cj: ReportCronJob,
  instant: InstantSpec,
  wanted: number[],
  report: Report,
): ReportInputError {
  const zone = zoneOf(cj);
  const t = wanted[0] ?? Number.NaN;
  const i = lowerBound(cj.schedules, t);
  const near = [cj.schedules[i - 1], cj.schedules[i]]
    .filter((s): s is ReportSchedule => s !== undefined)
    .map((s) => localTime(s.scheduledTime, zone));
  const start = ms(report.scenario.start);
  const end = ms(report.scenario.end);
  const outside =
    t < start || t >= end ? ` (the report covers ${report.scenario.start} to ${report.scenario.end})` : "";
  const nearest = near.length > 0 ? `; nearest instants: ${near.join(", ")}` : "; it has no instants";
  return new ReportInputError(
    `CronJob ${cj.namespace}/${cj.name} has no instant at ${instant.text}${instant.kind === "local" ? ` ${zone}` : ""}${outside}${nearest}`,
  );
}

/** The controller manager's outages the report lists (`settings.controllerManager.outages`). */
function outagesOf(report: Report): { start: string; end: string }[] {
  const cm = report.settings.controllerManager as { outages?: unknown } | undefined;
  if (!Array.isArray(cm?.outages)) return [];
  return cm.outages.filter(
    (o): o is { start: string; end: string } =>
      typeof o === "object" && o !== null && typeof o.start === "string" && typeof o.end === "string",
  );
}

/** `the controller manager was down from A to B` for an outage overlapping [from, to], or null. */
function outageDuring(report: Report, from: number, to: number): string | null {
  const o = outagesOf(report).find((x) => ms(x.start) <= to && ms(x.end) >= from);
  return o === undefined
    ? null
    : `the controller manager was down from ${shortTime(o.start)} to ${shortTime(o.end)} (spec.controller.outages)`;
}

/** The Jobs of `cj` that were running at `t`: created before it and not finished by then. */
function activeAt(
  cj: ReportCronJob,
  jobs: readonly ReportJob[],
  t: number,
): { job: ReportJob; until: string | null }[] {
  const out: { job: ReportJob; until: string | null }[] = [];
  for (const job of jobs) {
    if (job.cronJob !== cj.name || job.namespace !== cj.namespace || ms(job.createdAt) > t) continue;
    const done = job.status.conditions.find(
      (c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True",
    );
    const until = done?.lastTransitionTime ?? job.deletedAt;
    if (until === null || ms(until) > t) out.push({ job, until });
  }
  return out;
}

function cronJobEvents(cj: ReportCronJob, events: readonly ReportEvent[]): ReportEvent[] {
  return events.filter(
    (e) => e.object.kind === "CronJob" && e.object.name === cj.name && e.object.namespace === cj.namespace,
  );
}

/** Events about the CronJob in [from, to], repeats folded: `JobAlreadyActive x3 (... to ...)`. */
function foldedEvents(
  events: readonly ReportEvent[],
  from: number,
  to: number,
  reasons: readonly string[],
): StoryLine[] {
  const groups = new Map<string, ReportEvent[]>();
  for (const e of events) {
    const t = ms(e.time);
    if (t < from || t > to || !reasons.includes(e.reason)) continue;
    const key = `${e.reason}\u0000${e.message}`;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, [e]);
    else g.push(e);
  }
  return [...groups.values()].map((g) => {
    const first = g[0]!;
    const times = g.length === 1 ? "" : ` x${g.length} until ${shortTime(g[g.length - 1]!.time)}`;
    return { time: first.time, text: `event ${first.type} ${first.reason}${times}: ${first.message}` };
  });
}

const WHY_REASONS = [
  "JobAlreadyActive",
  "TooManyMissedTimes",
  "MissSchedule",
  "UnexpectedJob",
  "FailedCreate",
];

/** The lines about one instant. */
function instantLines(cj: ReportCronJob, entry: ReportSchedule, report: Report): StoryLine[] {
  const zone = zoneOf(cj);
  const t = ms(entry.scheduledTime);
  const policy = cj.spec?.concurrencyPolicy ?? "Allow";
  const lines: StoryLine[] = [
    {
      time: entry.scheduledTime,
      text: `instant ${localTime(entry.scheduledTime, zone)}${zone === "UTC" ? "" : ` (${entry.scheduledTime.slice(11, 16)} UTC)`}: ${entry.outcome}`,
    },
  ];
  const events = cronJobEvents(cj, report.events);
  const running = activeAt(cj, report.jobs, t).filter((a) => a.job.name !== entry.job);
  const busy = running.map(
    (a) =>
      `Job ${a.job.name} still active${a.until === null ? " to the end" : ` until ${shortTime(a.until)}`}`,
  );
  const nextIndex = lowerBound(cj.schedules, t + 1);
  const later = cj.schedules.slice(nextIndex).find((s) => s.outcome === "created");
  switch (entry.outcome) {
    case "created": {
      const late = ms(entry.createdAt!) - t;
      if (late <= ON_TIME_MS) {
        lines.push({
          time: entry.createdAt!,
          text: `created Job ${entry.job} on time (${humanDuration(late)} after the instant)`,
        });
      } else {
        const why =
          busy.length > 0 && policy === "Forbid"
            ? `Forbid and ${busy.join(", ")}`
            : busy.length > 0
              ? `${busy.join(", ")} (concurrencyPolicy ${policy})`
              : (outageDuring(report, t, ms(entry.createdAt!)) ??
                "no Job of it was active: the controller did not sync it earlier");
        lines.push({
          time: entry.createdAt!,
          text: `created Job ${entry.job} ${humanDuration(late)} late: ${why}`,
        });
      }
      const i = lowerBound(cj.schedules, t);
      const before = cj.schedules[i - 1];
      if (before?.outcome === "suspended") {
        const run = runOf(cj.schedules, i - 1, "suspended");
        lines.push({
          time: entry.scheduledTime,
          text: `the CronJob had been resumed: the ${count(run.length, "instant")} before were suspended (${localTime(run.first, zone)} to ${localTime(run.last, zone)}), and only the most recent missed instant ever runs`,
        });
      }
      lines.push(...foldedEvents(events, t, ms(entry.createdAt!), WHY_REASONS));
      const job = report.jobs.find((j) => j.namespace === cj.namespace && j.name === entry.job);
      const done = job?.status.conditions.find(
        (c) => (c.type === "Complete" || c.type === "Failed") && c.status === "True",
      );
      if (done !== undefined) {
        lines.push({
          time: done.lastTransitionTime,
          text: `Job ${entry.job} ${done.type}: ${done.reason} (sim explain job/${entry.job})`,
        });
      } else if (job !== undefined && job.deletedAt !== null) {
        lines.push({ time: job.deletedAt, text: `Job ${entry.job} deleted before it finished` });
      }
      break;
    }
    case "forbidden": {
      const why = busy.length > 0 ? busy.join(", ") : "a Job of it was active";
      lines.push({ time: entry.scheduledTime, text: `not started: concurrencyPolicy Forbid and ${why}` });
      lines.push(
        ...foldedEvents(
          events,
          t,
          later === undefined ? Number.POSITIVE_INFINITY : ms(later.createdAt!),
          WHY_REASONS,
        ),
      );
      if (later !== undefined) {
        lines.push({
          time: later.createdAt!,
          text: `the controller started a later instant, ${localTime(later.scheduledTime, zone)} (Job ${later.job}): it only ever starts the most recent missed instant`,
        });
      }
      break;
    }
    case "suspended": {
      const run = runOf(cj.schedules, lowerBound(cj.schedules, t), "suspended");
      lines.push({
        time: entry.scheduledTime,
        text: `not started: the CronJob was suspended (spec.suspend); one of ${run.length} suspended instants in a row, ${localTime(run.first, zone)} to ${localTime(run.last, zone)}`,
      });
      if (later !== undefined) {
        const resumedLate = ms(later.createdAt!) - ms(later.scheduledTime);
        lines.push({
          time: later.createdAt!,
          text: `next Job: instant ${localTime(later.scheduledTime, zone)} (Job ${later.job}${resumedLate > ON_TIME_MS ? `, ${humanDuration(resumedLate)} late` : ""})`,
        });
        lines.push(...foldedEvents(events, ms(run.last), ms(later.createdAt!), ["TooManyMissedTimes"]));
      }
      break;
    }
    case "missedDeadline": {
      const deadline = cj.spec?.startingDeadlineSeconds;
      lines.push({
        time: entry.scheduledTime,
        text: `not started: the controller did not get to it within startingDeadlineSeconds ${deadline ?? "?"}: ${busy.length > 0 ? busy.join(", ") : (outageDuring(report, t, t + (deadline ?? 0) * 1000) ?? "no Job of it was active")}`,
      });
      lines.push(...foldedEvents(events, t, t + (deadline ?? 0) * 1000, WHY_REASONS));
      break;
    }
    case "superseded":
      lines.push({
        time: entry.scheduledTime,
        text: `not started: passed over for a later instant${later === undefined ? "" : ` (${localTime(later.scheduledTime, zone)}, Job ${later.job}, created ${shortTime(later.createdAt!)})`}; the controller only starts the most recent missed instant (upstream mostRecentScheduleTime)`,
      });
      break;
    case "pending":
      lines.push({ time: report.scenario.end, text: "not decided yet when the simulation ended" });
      break;
  }
  return lines;
}

/** The run of consecutive entries with `outcome` around position `i`. */
function runOf(
  schedules: readonly ReportSchedule[],
  i: number,
  outcome: string,
): { length: number; first: string; last: string } {
  let a = i;
  let b = i;
  while (a > 0 && schedules[a - 1]!.outcome === outcome) a--;
  while (b + 1 < schedules.length && schedules[b + 1]!.outcome === outcome) b++;
  return { length: b - a + 1, first: schedules[a]!.scheduledTime, last: schedules[b]!.scheduledTime };
}

/** Without an instant: counts by outcome, and the first instants worth asking about. */
function overview(cj: ReportCronJob, report: Report, target: string, notes: string[]): Story {
  const zone = zoneOf(cj);
  const counts = new Map<string, number>();
  for (const s of cj.schedules) counts.set(s.outcome, (counts.get(s.outcome) ?? 0) + 1);
  const tally = [...counts].map(([o, n]) => `${n} ${o}`).join(", ");
  const lines: StoryLine[] = [
    { time: report.scenario.start, text: `${count(cj.schedules.length, "instant")}: ${tally || "none"}` },
  ];
  const notable = cj.schedules.filter(
    (s) => s.outcome !== "created" || ms(s.createdAt!) - ms(s.scheduledTime) > ON_TIME_MS,
  );
  for (const s of notable.slice(0, 10)) {
    const late =
      s.outcome === "created" ? ` ${humanDuration(ms(s.createdAt!) - ms(s.scheduledTime))} late` : "";
    lines.push({ time: s.scheduledTime, text: `${localTime(s.scheduledTime, zone)}: ${s.outcome}${late}` });
  }
  if (notable.length > 10)
    lines.push({
      time: notable[10]!.scheduledTime,
      text: `... ${notable.length - 10} more not created or late`,
    });
  const example = notable[0] ?? cj.schedules[0];
  if (example !== undefined) {
    const local = formatRFC3339InZone(ms(example.scheduledTime), zone).slice(0, 16);
    notes.push(`explain one instant: sim explain REPORT cronjob/${cj.name}@${local} (in ${zone})`);
  }
  return { target, title: title(cj), lines, notes };
}

/** Names of the report's CronJobs closest to `name`. */
export function nearestCronJobs(report: Report, name: string): string[] {
  return nearestNames(
    name,
    report.cronjobs.map((c) => c.name),
  );
}
