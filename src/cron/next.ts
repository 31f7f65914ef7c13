/**
 * `Next(t)` of robfig/cron v3.0.1: `SpecSchedule.Next` and `ConstantDelaySchedule.Next`.
 *
 * The 5-field walk is robfig's own (month → day → hour → minute → second, each loop stepping
 * the way robfig steps it: `AddDate` on wall fields for months and days, absolute `Add` for
 * hours, minutes and seconds, `goto WRAP` when a field rolls over), so its DST behaviour comes
 * out exactly: wall times in a spring-forward gap are skipped, a repeated fall-back hour runs
 * twice, and its quirks (30-minute DST zones, days without a midnight) are kept too. For speed,
 * the hour/minute/second loops jump straight to the next matching or wrapping step while the
 * UTC offset stays constant over the jump, which gives the same instant as stepping one unit at
 * a time; at an offset change they land on the first step past it and carry on from there.
 */

import type { Schedule, SpecSchedule } from "./parse.js";
import { getZone, newWallFields, type WallFields, type Zone } from "./zone.js";

/** Per-schedule lookup tables: `nextX[i]` = smallest set value ≥ i, or the field size. */
interface Compiled {
  readonly nextMinute: Uint8Array;
  readonly nextHour: Uint8Array;
  readonly month: number;
  readonly dom: number;
  readonly dow: number;
  /** robfig `dayMatches`: AND when either day field carries the star bit, else OR. */
  readonly dayAnd: boolean;
  /** Some field can never match, so robfig would search 5 years and return the zero time. */
  readonly never: boolean;
  /**
   * Memo of the last two {@link next} calls (most recent first): the controller asks for Next
   * of the same one or two instants (lastScheduleTime and the instant due) several times per
   * sync and in every sync until the next instant is due.
   */
  memoAfter0: number;
  memoZone0: string;
  memoResult0: number | null;
  memoAfter1: number;
  memoZone1: string;
  memoResult1: number | null;
}

/** Seconds field of a standard spec is always {0}. */
const NEXT_SECOND = nextTable(60, (i) => i === 0);

function nextTable(size: number, has: (i: number) => boolean): Uint8Array {
  const t = new Uint8Array(size + 1);
  t[size] = size;
  for (let i = size - 1; i >= 0; i--) t[i] = has(i) ? i : t[i + 1]!;
  return t;
}

const compiled = new WeakMap<SpecSchedule, Compiled>();

function compile(s: SpecSchedule): Compiled {
  let c = compiled.get(s);
  if (c === undefined) {
    const nextMinute = nextTable(
      60,
      (i) => ((i < 30 ? s.minuteLo >>> i : s.minuteHi >>> (i - 30)) & 1) === 1,
    );
    const nextHour = nextTable(24, (i) => ((s.hour >>> i) & 1) === 1);
    const dayAnd = s.star.dom || s.star.dow;
    const noDay = dayAnd ? s.dom === 0 || s.dow === 0 : s.dom === 0 && s.dow === 0;
    const never = nextMinute[0] === 60 || nextHour[0] === 24 || s.month === 0 || noDay;
    c = {
      nextMinute,
      nextHour,
      month: s.month,
      dom: s.dom,
      dow: s.dow,
      dayAnd,
      never,
      memoAfter0: Number.NaN,
      memoZone0: "",
      memoResult0: null,
      memoAfter1: Number.NaN,
      memoZone1: "",
      memoResult1: null,
    };
    compiled.set(s, c);
  }
  return c;
}

/**
 * The next activation strictly after `afterMs`, as robfig's `Schedule.Next` computes it.
 *
 * - 5-field schedules: evaluated in the schedule's `TZ=` zone, else in `zone` (robfig reads a
 *   schedule without a location in the location of the time passed in; the simulator passes
 *   the controller's zone). Whole seconds only. Returns null where robfig returns the zero time
 *   (nothing within five years of the start, e.g. `0 0 30 2 *`).
 * - `@every d`: `afterMs` truncated to the second, plus d; the zone is ignored.
 *
 * @throws RangeError when the zone is not a loadable IANA name.
 */
export function next(schedule: Schedule, afterMs: number, zone: string): number | null {
  if (schedule.kind === "every") return Math.floor(afterMs / 1000) * 1000 + schedule.delayMs;
  const c = compile(schedule);
  const name = schedule.location ?? zone;
  // Next is a pure function of (schedule, instant, zone): repeat a recent answer.
  if (!stepwise) {
    if (afterMs === c.memoAfter0 && name === c.memoZone0) return c.memoResult0;
    if (afterMs === c.memoAfter1 && name === c.memoZone1) return c.memoResult1;
  }
  const z = getZone(name);
  let result: number | null = null;
  if (!c.never) {
    const t = walk(c, z, Math.floor(afterMs / 1000) + 1);
    if (t !== null) result = t * 1000;
  }
  if (!stepwise) {
    c.memoAfter1 = c.memoAfter0;
    c.memoZone1 = c.memoZone0;
    c.memoResult1 = c.memoResult0;
    c.memoAfter0 = afterMs;
    c.memoZone0 = name;
    c.memoResult0 = result;
  }
  return result;
}

/**
 * Same result as {@link next}, but every loop steps one unit at a time exactly as robfig's code
 * does. Slow; exported so tests can check the jumping loops against it.
 */
export function nextStepwise(schedule: Schedule, afterMs: number, zone: string): number | null {
  stepwise = true;
  try {
    return next(schedule, afterMs, zone);
  } finally {
    stepwise = false;
  }
}

let stepwise = false;
/** Set by {@link stepLoop}: whether it stopped because the field rolled over to 0. */
let wrapped = false;
const f: WallFields = newWallFields();

function dayMatches(c: Compiled): boolean {
  const domMatch = ((c.dom >>> f.day) & 1) === 1;
  const dowMatch = ((c.dow >>> f.weekday) & 1) === 1;
  return c.dayAnd ? domMatch && dowMatch : domMatch || dowMatch;
}

/** robfig `SpecSchedule.Next` from its first candidate `t` (Unix s, already "upcoming second"). */
function walk(c: Compiled, z: Zone, start: number): number | null {
  let t = start;
  let added = false;
  z.fields(t, f);
  const yearLimit = f.year + 5;
  wrap: for (;;) {
    if (f.year > yearLimit) return null;

    if (((c.month >>> f.month) & 1) === 0) {
      if (!added) {
        added = true;
        t = z.date(f.year, f.month, 1, 0, 0, 0);
        z.fields(t, f);
      }
      for (;;) {
        t = z.date(f.year, f.month + 1, f.day, f.hour, f.minute, f.second); // AddDate(0, 1, 0)
        z.fields(t, f);
        if (f.month === 1) continue wrap;
        if (((c.month >>> f.month) & 1) === 1) break;
      }
    }

    while (!dayMatches(c)) {
      if (!added) {
        added = true;
        t = z.date(f.year, f.month, f.day, 0, 0, 0);
        z.fields(t, f);
      }
      t = z.date(f.year, f.month, f.day + 1, f.hour, f.minute, f.second); // AddDate(0, 0, 1)
      z.fields(t, f);
      // robfig's fix-up for days whose midnight does not exist: back to hour 0 by absolute hours.
      if (f.hour !== 0) {
        t += f.hour > 12 ? (24 - f.hour) * 3600 : -f.hour * 3600;
        z.fields(t, f);
      }
      if (f.day === 1) continue wrap;
    }

    if (c.nextHour[f.hour] !== f.hour) {
      if (!added) {
        added = true;
        t = z.date(f.year, f.month, f.day, f.hour, 0, 0);
      }
      t = stepLoop(z, t, 3600, 24, c.nextHour);
      z.fields(t, f);
      if (wrapped) continue;
    }

    if (c.nextMinute[f.minute] !== f.minute) {
      if (!added) {
        added = true;
        t = Math.floor(t / 60) * 60; // Truncate(time.Minute): absolute, not wall-clock
      }
      t = stepLoop(z, t, 60, 60, c.nextMinute);
      z.fields(t, f);
      if (wrapped) continue;
    }

    if (f.second !== 0) {
      added = true; // Truncate(time.Second) is a no-op on whole seconds
      t = stepLoop(z, t, 1, 60, NEXT_SECOND);
      z.fields(t, f);
      if (wrapped) continue;
    }
    return t;
  }
}

/**
 * One of robfig's `for !match { t = t.Add(unit); if field == 0 { goto WRAP } }` loops, entered
 * after the field failed to match. `unit` is the step in seconds and `size` the field's period
 * in steps (the field value is floor(wall / unit) mod size). Returns the instant where the loop
 * stops and sets {@link wrapped}.
 */
function stepLoop(z: Zone, start: number, unit: number, size: number, table: Uint8Array): number {
  const period = unit * size;
  let t = start;
  for (;;) {
    const o = z.lookup(t);
    const end = z.segEnd;
    const w = t + o;
    const u = Math.floor((w - Math.floor(w / period) * period) / unit);
    if (stepwise) {
      t += unit;
      const w2 = t + z.lookup(t);
      const u2 = Math.floor((w2 - Math.floor(w2 / period) * period) / unit);
      if (u2 === 0 || table[u2] === u2) {
        wrapped = u2 === 0;
        return t;
      }
      continue;
    }
    // With a constant offset the field advances by one per step, so jump to the first step
    // where it is set or rolls over to 0.
    const stop = table[u + 1]!;
    const target = t + (stop - u) * unit;
    if (target < end) {
      wrapped = stop === size;
      return target;
    }
    // The offset changes first: land on the first step at or past the change, test it there.
    t += Math.ceil((end - t) / unit) * unit;
    const w2 = t + z.lookup(t);
    const u2 = Math.floor((w2 - Math.floor(w2 / period) * period) / unit);
    if (u2 === 0 || table[u2] === u2) {
      wrapped = u2 === 0;
      return t;
    }
  }
}
