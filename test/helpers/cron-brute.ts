/**
 * Brute-force oracle for cron schedules: walk every whole UTC minute after a start, read its
 * wall clock in the zone straight from Intl (own cache, nothing shared with the evaluator), and
 * return the first minute whose wall fields match robfig's rules (minute, hour, month, and the
 * day-of-month/day-of-week star rule). This is "what a cron should do"; robfig's stepping agrees
 * with it except in the quirks the tests name.
 */

import type { SpecSchedule } from "../../src/cron/index.js";

const formats = new Map<string, Intl.DateTimeFormat>();
/** zone → UTC day number → offset (s) for the whole day, or per-minute offsets on change days. */
const dayOffsets = new Map<string, Map<number, number | Int32Array>>();

function intlOffset(zone: string, sec: number): number {
  let fmt = formats.get(zone);
  if (fmt === undefined) {
    fmt = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formats.set(zone, fmt);
  }
  const p: Record<string, number> = {};
  for (const part of fmt.formatToParts(sec * 1000)) p[part.type] = Number(part.value);
  const wallMs = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!);
  return wallMs / 1000 - sec;
}

/** Offset (s) at a whole UTC minute; assumes at most a few changes a day, sampled per minute. */
function offsetAt(zone: string, sec: number): number {
  let cache = dayOffsets.get(zone);
  if (cache === undefined) {
    cache = new Map();
    dayOffsets.set(zone, cache);
  }
  const day = Math.floor(sec / 86_400);
  let entry = cache.get(day);
  if (entry === undefined) {
    const a = intlOffset(zone, day * 86_400);
    const b = intlOffset(zone, day * 86_400 + 86_399);
    const mid = intlOffset(zone, day * 86_400 + 43_200);
    if (a === b && a === mid) entry = a;
    else {
      const perMinute = new Int32Array(1440);
      for (let m = 0; m < 1440; m++) perMinute[m] = intlOffset(zone, day * 86_400 + m * 60);
      entry = perMinute;
    }
    cache.set(day, entry);
  }
  return typeof entry === "number" ? entry : entry[Math.floor((sec - day * 86_400) / 60)]!;
}

/** Whether wall-clock fields match the schedule by robfig's rules. */
export function wallMatches(
  s: SpecSchedule,
  w: { month: number; day: number; weekday: number; hour: number; minute: number },
): boolean {
  if (((s.month >>> w.month) & 1) === 0) return false;
  const domOk = ((s.dom >>> w.day) & 1) === 1;
  const dowOk = ((s.dow >>> w.weekday) & 1) === 1;
  const dayOk = s.star.dom || s.star.dow ? domOk && dowOk : domOk || dowOk;
  if (!dayOk || ((s.hour >>> w.hour) & 1) === 0) return false;
  const minuteBit = w.minute < 30 ? s.minuteLo >>> w.minute : s.minuteHi >>> (w.minute - 30);
  return (minuteBit & 1) === 1;
}

/**
 * First whole minute strictly after `afterMs` (ms) whose wall clock in `zone` matches, searching
 * up to `windowMs` past `afterMs`; null if none in the window.
 */
export function bruteNext(s: SpecSchedule, afterMs: number, zone: string, windowMs: number): number | null {
  const first = Math.floor(afterMs / 60_000) + 1;
  const last = Math.floor((afterMs + windowMs) / 60_000);
  let lastDay = Number.NaN;
  let dayOk = false;
  const w = { month: 0, day: 0, weekday: 0, hour: 0, minute: 0 };
  for (let m = first; m <= last; m++) {
    const sec = m * 60;
    const wall = sec + offsetAt(zone, sec);
    const day = Math.floor(wall / 86_400);
    if (day !== lastDay) {
      lastDay = day;
      const d = new Date(day * 86_400_000);
      w.month = d.getUTCMonth() + 1;
      w.day = d.getUTCDate();
      w.weekday = d.getUTCDay();
      w.hour = 0;
      w.minute = 0;
      // Day-level pre-check with an hour/minute that always pass, to skip non-matching days fast.
      dayOk = wallMatchesDay(s, w);
    }
    if (!dayOk) continue;
    const sod = wall - day * 86_400;
    w.hour = Math.floor(sod / 3600);
    w.minute = Math.floor((sod % 3600) / 60);
    if (sod % 60 === 0 && wallMatches(s, w)) return sec * 1000;
  }
  return null;
}

function wallMatchesDay(s: SpecSchedule, w: { month: number; day: number; weekday: number }): boolean {
  if (((s.month >>> w.month) & 1) === 0) return false;
  const domOk = ((s.dom >>> w.day) & 1) === 1;
  const dowOk = ((s.dow >>> w.weekday) & 1) === 1;
  return s.star.dom || s.star.dow ? domOk && dowOk : domOk || dowOk;
}

/** Offset transitions (UTC ms) of `zone` in [fromMs, toMs), found by the same per-day sampling. */
export function transitionsBetween(zone: string, fromMs: number, toMs: number): number[] {
  const out: number[] = [];
  let prev = offsetAt(zone, Math.floor(fromMs / 60_000) * 60);
  for (let sec = Math.floor(fromMs / 60_000) * 60 + 60; sec * 1000 < toMs; sec += 60) {
    const day = Math.floor(sec / 86_400);
    const entry = dayOffsets.get(zone)?.get(day);
    if (typeof entry === "number" && entry === prev) {
      sec = (day + 1) * 86_400 - 60; // whole day at the same offset: skip to its last minute
      continue;
    }
    const o = offsetAt(zone, sec);
    if (o !== prev) out.push(sec * 1000);
    prev = o;
  }
  return out;
}
