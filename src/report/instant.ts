/**
 * Reading back the instants of report rows. Rows hold ISO strings in the one shape
 * `formatInstant` writes (`2026-03-01T00:02:10.000Z`); reading those field by field, with the
 * date's milliseconds cached, is several times cheaper than `Date.parse`, which the CSV tables
 * would otherwise call for every duration column of every row.
 */

const ZERO = 48;
const DAY_MS = 86_400_000;

// Never a prefix of an instant until the first one is read.
let cachedDate = "-";
let cachedDateMs = 0;

/** The decimal number in `text[from, to)`, or -1 when a character is not a digit. */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * Milliseconds of the `YYYY-MM-DD` that `iso` starts with, or NaN. Cached: consecutive rows
 * mostly share a day, and comparing in place spares a sliced string per call.
 */
function dateMillis(iso: string): number {
  if (!iso.startsWith(cachedDate)) {
    const date = iso.slice(0, 10);
    const ms = Date.parse(date);
    if (!Number.isFinite(ms)) return Number.NaN;
    cachedDate = date;
    cachedDateMs = ms;
  }
  return cachedDateMs;
}

/** The milliseconds of an ISO instant, exactly as `Date.parse` reads it (NaN when invalid). */
export function parseInstant(iso: string): number {
  if (
    iso.length !== 24 ||
    iso.charCodeAt(10) !== 84 || // T
    iso.charCodeAt(13) !== 58 || // :
    iso.charCodeAt(16) !== 58 ||
    iso.charCodeAt(19) !== 46 || // .
    iso.charCodeAt(23) !== 90 // Z
  ) {
    return Date.parse(iso);
  }
  const h = digits(iso, 11, 13);
  const m = digits(iso, 14, 16);
  const s = digits(iso, 17, 19);
  const ms = digits(iso, 20, 23);
  // Out-of-range or odd fields (24:00, a leap second, signs): let Date decide.
  if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59 || ms < 0) return Date.parse(iso);
  const day = dateMillis(iso);
  if (Number.isNaN(day) || day % DAY_MS !== 0) return Date.parse(iso);
  return day + h * 3_600_000 + m * 60_000 + s * 1000 + ms;
}
