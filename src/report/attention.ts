/**
 * What went wrong in a run, in sentences, for the top of the terminal and markdown summaries:
 * failed Jobs and their reasons, deadline breaches, Jobs unfinished at the end, CronJob instants
 * that did not run on time (suspended, forbidden, missed, superseded, late), dependent Jobs
 * skipped, evictions and TooManyMissedTimes warnings. Empty when nothing did.
 */
import type { CronJobTally } from "./cronjob-table.js";
import { displayCount, displaySeconds } from "./display.js";
import { dstNotes } from "./dst-notes.js";
import { lookupMetric } from "./flatten.js";
import { isFailed } from "./job-selection.js";
import { LATE_START_SECONDS } from "./late-start.js";
import type { Report, SummaryTree } from "./types.js";

/** Failed Jobs named in the sentence before "and N more". */
const NAMED_FAILURES = 3;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${displayCount(n)} ${n === 1 ? one : many}`;
}

/** `29 BackoffLimitExceeded, 1 DeadlineExceeded`, from the summary's `jobs.failedByReason`. */
export function failedByReason(summary: SummaryTree): string {
  const jobs = summary.jobs;
  const byReason = jobs !== null && typeof jobs === "object" ? jobs.failedByReason : undefined;
  if (byReason === null || typeof byReason !== "object") return "";
  return Object.entries(byReason)
    .filter(([, v]) => typeof v === "number")
    .map(([reason, v]) => `${displayCount(v as number)} ${reason}`)
    .join(", ");
}

/** One sentence per thing that went wrong; `tallies` are the report's CronJobs', in order. */
export function whatWentWrong(report: Report, tallies: readonly CronJobTally[]): string[] {
  const get = (name: string) => lookupMetric(report.summary, name);
  const lines: string[] = [];
  const created = get("jobs.created") ?? 0;
  const failed = get("jobs.failed") ?? 0;
  if (failed > 0) {
    const names = report.jobs.filter(isFailed).map((j) => j.name);
    const shown = names.slice(0, NAMED_FAILURES).join(", ");
    const more =
      names.length > NAMED_FAILURES ? ` and ${displayCount(names.length - NAMED_FAILURES)} more` : "";
    const reasons = failedByReason(report.summary);
    lines.push(
      `${displayCount(failed)} of ${plural(created, "Job")} failed` +
        (reasons === "" ? "" : ` (${reasons})`) +
        (shown === "" ? "" : `: ${shown}${more}`),
    );
  }
  const deadline = get("deadlines.jobDeadlineExceeded") ?? 0;
  if (deadline > 0)
    lines.push(`${plural(deadline, "Job")} ran past activeDeadlineSeconds (DeadlineExceeded)`);
  const active = get("jobs.active") ?? 0;
  if (active > 0) lines.push(`${plural(active, "Job")} had not finished when the horizon ended`);
  report.cronjobs.forEach((cj, i) => {
    const t = tallies[i];
    if (t === undefined) return;
    const parts: string[] = [];
    if (t.suspended > 0) parts.push(`${displayCount(t.suspended)} suspended`);
    if (t.forbidden > 0)
      parts.push(`${displayCount(t.forbidden)} forbidden (Forbid: the previous Job still active)`);
    if (t.missedDeadline > 0) parts.push(`${displayCount(t.missedDeadline)} missed startingDeadlineSeconds`);
    if (t.superseded > 0) parts.push(`${displayCount(t.superseded)} superseded by a later instant`);
    if (t.late > 0) {
      parts.push(
        `${displayCount(t.late)} created late (≥ ${LATE_START_SECONDS}s, at most ${displaySeconds(t.maxDelaySeconds)})`,
      );
    }
    if (parts.length > 0) {
      lines.push(`cronjob/${cj.name}: of ${plural(t.scheduled, "scheduled run")}, ${parts.join(", ")}`);
    }
    for (const note of dstNotes(cj, report.scenario.start, report.scenario.end))
      lines.push(`cronjob/${cj.name}: ${note}`);
  });
  const tooManyMissed = get("cronjobs.tooManyMissed") ?? 0;
  if (tooManyMissed > 0) {
    lines.push(
      `${plural(tooManyMissed, "TooManyMissedTimes warning")}: over 100 start times missed, only the latest ran`,
    );
  }
  const skipped = report.skipped ?? [];
  if (skipped.length > 0) {
    const list = skipped.map((j) => `${j.name} (${j.cause})`).join(", ");
    lines.push(`${plural(skipped.length, "dependent Job")} skipped: ${list}`);
  }
  const evicted = get("pods.evicted") ?? 0;
  if (evicted > 0) lines.push(`${plural(evicted, "pod")} evicted (DisruptionTarget)`);
  return lines;
}

/**
 * The line in place of {@link whatWentWrong}'s when it has none: `Nothing went wrong: all 5 Jobs
 * succeeded, after 58 retries.` (retries are not failures, but they cost time).
 */
export function nothingWentWrong(report: Report): string {
  const created = lookupMetric(report.summary, "jobs.created") ?? 0;
  const retries = lookupMetric(report.summary, "retries") ?? 0;
  const jobs = created === 1 ? "the Job" : `all ${displayCount(created)} Jobs`;
  return `Nothing went wrong: ${jobs} succeeded${retries > 0 ? `, after ${plural(retries, "retry", "retries")}` : ""}.`;
}
