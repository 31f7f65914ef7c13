/**
 * What daylight-saving changes did to a CronJob's schedule, for the top of the summary: a
 * scheduled wall time that did not exist (clocks went forward over it) and got no run, and a
 * wall time that happened twice (clocks went back) and ran twice. Read from the report: the
 * CronJob's spec and zone, and its listed instants.
 */
import { formatRFC3339InZone } from "../controllers/cronjob/naming.js";
import { getZone, parseSchedule, type SpecSchedule } from "../cron/index.js";
import { newWallFields, type WallFields } from "../cron/zone.js";
import { scheduleRows } from "./csv.js";
import { parseInstant } from "./instant.js";
import type { ReportCronJob } from "./types.js";

/** robfig `SpecSchedule` matching of one wall clock (seconds are always 0 for a five-field spec). */
function matches(s: SpecSchedule, w: WallFields): boolean {
  const minute = ((w.minute < 30 ? s.minuteLo >>> w.minute : s.minuteHi >>> (w.minute - 30)) & 1) === 1;
  if (!minute || ((s.hour >>> w.hour) & 1) === 0 || ((s.month >>> w.month) & 1) === 0) return false;
  const dom = ((s.dom >>> w.day) & 1) === 1;
  const dow = ((s.dow >>> w.weekday) & 1) === 1;
  // robfig `dayMatches`: either day field a star means both must match, else either.
  return s.star.dom || s.star.dow ? dom && dow : dom || dow;
}

/** `2026-03-29T02:30` of a wall clock. */
function wallText(w: WallFields): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${String(w.year).padStart(4, "0")}-${p(w.month)}-${p(w.day)}T${p(w.hour)}:${p(w.minute)}`;
}

/** The DST sentences of one CronJob over [start, end) (instants as ISO strings). */
export function dstNotes(cronJob: ReportCronJob, start: string, end: string): string[] {
  const zoneName = cronJob.spec?.zone;
  if (zoneName === undefined || cronJob.spec === undefined) return [];
  const parsed = parseSchedule(cronJob.spec.schedule);
  if (!parsed.ok || parsed.schedule.kind !== "spec") return [];
  const schedule = parsed.schedule;
  const zone = getZone(zoneName);
  // The zone's offset changes within the horizon (none in UTC: nothing to read then).
  const changes: { at: number; before: number; after: number }[] = [];
  const to = Math.floor(parseInstant(end) / 1000);
  let offset = zone.lookup(Math.floor(parseInstant(start) / 1000));
  for (;;) {
    const segEnd = zone.segEnd;
    if (segEnd >= to) break;
    const after = zone.lookup(segEnd);
    if (after !== offset) changes.push({ at: segEnd, before: offset, after });
    offset = after;
  }
  if (changes.length === 0) return [];
  // Only the instants within an hour of a change matter (offsets move by an hour at most here).
  const near = (sec: number) =>
    changes.some((c) => Math.abs(sec - c.at) <= Math.abs(c.after - c.before) + 3600);
  const times: number[] = [];
  for (const row of scheduleRows([cronJob])) {
    const t = parseInstant(row.schedule.scheduledTime);
    if (near(t / 1000)) times.push(t);
  }
  const notes: string[] = [];
  const w = newWallFields();
  for (const c of changes) {
    if (c.after <= c.before) continue;
    // Clocks going forward: wall times [at + before, at + after) never happened; those the
    // schedule names got no run when no instant lies near the change.
    const ranNear = times.some((t) => Math.abs(t / 1000 - c.at) < 3600);
    if (ranNear) continue;
    for (let wall = c.at + c.before; wall < c.at + c.after; wall += 60) {
      fieldsAtWall(wall, w);
      if (!matches(schedule, w)) continue;
      notes.push(
        `${wallText(w)} does not exist in ${zoneName} (clocks went forward): robfig/cron skips that run`,
      );
    }
  }
  // Clocks going back: one wall time, two instants.
  const seen = new Map<string, number>();
  for (const t of times) {
    const local = formatRFC3339InZone(t, zoneName).slice(0, 16);
    seen.set(local, (seen.get(local) ?? 0) + 1);
  }
  for (const [local, n] of seen) {
    if (n > 1) notes.push(`${local} came ${n} times in ${zoneName} (clocks went back): ${n} scheduled runs`);
  }
  return notes;
}

/** The civil fields of a wall-clock second count (as if UTC), into `out`. */
function fieldsAtWall(wall: number, out: WallFields): void {
  getZone("UTC").fields(wall, out);
}
