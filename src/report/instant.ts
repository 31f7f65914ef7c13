/**
 * Reading back the instants of report rows. Rows hold ISO strings in the one shape
 * `formatInstant` writes (`2026-03-01T00:02:10.000Z`); reading those digit by digit, with the
 * day counted by calendar arithmetic, is several times cheaper than `Date.parse`, which the CSV
 * tables and the page data would otherwise call for every instant of every row.
 */
import { daysFromCivil } from "../cron/zone.js";

const DAY_MS = 86_400_000;

/** The digit at `text[i]`, or NaN: a NaN field fails every range check below. */
function digit(text: string, i: number): number {
  const d = text.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : Number.NaN;
}

/** Days in `month` (1..12) of the proleptic Gregorian `year`. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The milliseconds of an ISO instant, exactly as `Date.parse` reads it (NaN when invalid). */
export function parseInstant(iso: string): number {
  if (
    iso.length !== 24 ||
    iso.charCodeAt(4) !== 45 || // -
    iso.charCodeAt(7) !== 45 ||
    iso.charCodeAt(10) !== 84 || // T
    iso.charCodeAt(13) !== 58 || // :
    iso.charCodeAt(16) !== 58 ||
    iso.charCodeAt(19) !== 46 || // .
    iso.charCodeAt(23) !== 90 // Z
  ) {
    return Date.parse(iso);
  }
  const year = digit(iso, 0) * 1000 + digit(iso, 1) * 100 + digit(iso, 2) * 10 + digit(iso, 3);
  const month = digit(iso, 5) * 10 + digit(iso, 6);
  const day = digit(iso, 8) * 10 + digit(iso, 9);
  const h = digit(iso, 11) * 10 + digit(iso, 12);
  const m = digit(iso, 14) * 10 + digit(iso, 15);
  const s = digit(iso, 17) * 10 + digit(iso, 18);
  const ms = digit(iso, 20) * 100 + digit(iso, 21) * 10 + digit(iso, 22);
  // A non-digit (NaN) or an odd field (24:00, a leap second, February 30th): let Date decide.
  if (
    !(year >= 0 && month >= 1 && month <= 12 && day >= 1 && h <= 23 && m <= 59 && s <= 59 && ms >= 0) ||
    day > daysInMonth(year, month)
  ) {
    return Date.parse(iso);
  }
  return daysFromCivil(year, month, day) * DAY_MS + h * 3_600_000 + m * 60_000 + s * 1000 + ms;
}
