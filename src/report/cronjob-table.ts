/**
 * The `kubectl get cronjobs`-style table of the terminal summary (NAME, SCHEDULE, TIMEZONE,
 * SUSPEND, ACTIVE, LAST SCHEDULE as kubectl prints them, LAST SCHEDULE as an age at the end of
 * the horizon), plus what happened to each CronJob's schedule instants: created, created late,
 * forbidden, missed (startingDeadlineSeconds) and suspended.
 */
import { scheduleRows } from "./csv.js";
import { humanDuration } from "./display.js";
import { parseInstant } from "./instant.js";
import { isLateStart } from "./late-start.js";
import type { ReportCronJob } from "./types.js";

/** What happened to one CronJob's schedule instants. */
export interface CronJobTally {
  scheduled: number;
  created: number;
  /** Created at least {@link LATE_START_SECONDS} after the scheduled time. */
  late: number;
  /** The largest delay of a created instant, in seconds (0 when none was created). */
  maxDelaySeconds: number;
  suspended: number;
  forbidden: number;
  missedDeadline: number;
  superseded: number;
  pending: number;
}

/** Count `cronJob`'s instants by outcome (one pass, without building the whole list). */
export function tallyCronJob(cronJob: ReportCronJob): CronJobTally {
  const t: CronJobTally = {
    scheduled: 0,
    created: 0,
    late: 0,
    maxDelaySeconds: 0,
    suspended: 0,
    forbidden: 0,
    missedDeadline: 0,
    superseded: 0,
    pending: 0,
  };
  for (const row of scheduleRows([cronJob])) {
    t.scheduled++;
    t[row.schedule.outcome]++;
    const delay = row.delaySeconds;
    if (delay === null) continue;
    if (isLateStart(delay)) t.late++;
    t.maxDelaySeconds = Math.max(t.maxDelaySeconds, delay);
  }
  return t;
}

/** The table's rows, header first; `end` is the end of the horizon (kubectl's "now"). */
export function cronJobRows(
  cronjobs: readonly ReportCronJob[],
  tallies: readonly CronJobTally[],
  end: string,
): string[][] {
  const namespaces = new Set(cronjobs.map((c) => c.namespace)).size > 1;
  const header = [
    "NAME",
    "SCHEDULE",
    "TIMEZONE",
    "SUSPEND",
    "ACTIVE",
    "LAST SCHEDULE",
    "CREATED",
    "LATE",
    "FORBIDDEN",
    "MISSED",
    "SUSPENDED",
  ];
  const rows = [namespaces ? ["NAMESPACE", ...header] : header];
  const now = parseInstant(end);
  cronjobs.forEach((cj, i) => {
    const t = tallies[i]!;
    const last = cj.status.lastScheduleTime;
    const cells = [
      cj.name,
      // "-": a report of an older version, which did not keep the spec.
      cj.spec?.schedule ?? "-",
      cj.spec === undefined ? "-" : (cj.spec.timeZone ?? "<none>"),
      cj.spec === undefined ? "-" : cj.spec.suspend ? "True" : "False",
      String(cj.status.active.length),
      last === null ? "<none>" : humanDuration((now - parseInstant(last)) / 1000),
      String(t.created),
      String(t.late),
      String(t.forbidden),
      String(t.missedDeadline),
      String(t.suspended),
    ];
    rows.push(namespaces ? [cj.namespace, ...cells] : cells);
  });
  return rows;
}
