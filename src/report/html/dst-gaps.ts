/**
 * Schedule instants that a daylight-saving change skips. robfig's `SpecSchedule.Next` walks
 * wall-clock fields in the schedule's zone, so a wall time inside a spring-forward gap (02:30 on
 * the night Berlin moves from 02:00 to 03:00) never comes up: the CronJob simply has no instant
 * that day, and report.json, which lists the instants that happened, has nothing to show. The
 * page marks those days from the zone's transitions and the schedule read on a clock without DST.
 */
import { getZone, next, parseSchedule } from "../../cron/index.js";

/** A wall time a forward transition skipped, as the UTC instant it would have been before the change. */
export interface DstSkip {
  /** The skipped wall time as `YYYY-MM-DDTHH:MM` (local, in the CronJob's zone). */
  wall: string;
  /** Milliseconds since the epoch of the transition that swallowed it. */
  at: number;
}

/** Gaps larger than this in one zone are not looked for (no real zone has more than a few per year). */
const MAX_GAPS = 1000;

/**
 * Wall times of `schedule` (evaluated in `timeZone`) that fall in a forward DST gap between
 * `startMs` and `endMs`; empty for `@every` schedules, a zone without DST, or an unparsable schedule.
 */
export function dstSkips(schedule: string, timeZone: string, startMs: number, endMs: number): DstSkip[] {
  const parsed = parseSchedule(schedule);
  if (!parsed.ok || parsed.schedule.kind === "every") return [];
  let zone: ReturnType<typeof getZone>;
  try {
    zone = getZone(parsed.schedule.location ?? timeZone);
  } catch {
    return [];
  }
  // The same fields on a clock without transitions: its instants are the schedule's wall times.
  const wallClock = { ...parsed.schedule, location: "UTC" };
  const skips: DstSkip[] = [];
  let sec = Math.floor(startMs / 1000);
  const endSec = Math.ceil(endMs / 1000);
  let offset = zone.lookup(sec);
  for (let gaps = 0; gaps < MAX_GAPS && sec < endSec; ) {
    zone.lookup(sec);
    const stretchEnd = zone.segEnd;
    if (!Number.isFinite(stretchEnd) || stretchEnd >= endSec) break;
    const after = zone.lookup(stretchEnd);
    if (after > offset) {
      gaps++;
      // Wall times from (transition + old offset) up to (transition + new offset) do not exist.
      const gapStart = (stretchEnd + offset) * 1000;
      const gapEnd = (stretchEnd + after) * 1000;
      for (
        let t = next(wallClock, gapStart - 1, "UTC");
        t !== null && t < gapEnd;
        t = next(wallClock, t, "UTC")
      ) {
        skips.push({ wall: new Date(t).toISOString().slice(0, 16), at: stretchEnd * 1000 });
      }
    }
    offset = after;
    sec = stretchEnd;
  }
  return skips;
}
