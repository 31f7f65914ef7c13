/**
 * Simulated time: integer milliseconds since the Unix epoch (UTC). Durations are integer
 * milliseconds too. Nothing here reads the wall clock.
 */

/** An instant of simulated time, in integer milliseconds since 1970-01-01T00:00:00Z. */
export type SimTime = number;
/** A span of simulated time, in integer milliseconds. */
export type Millis = number;

export const SECOND: Millis = 1000;
export const MINUTE: Millis = 60 * SECOND;
export const HOUR: Millis = 60 * MINUTE;
export const DAY: Millis = 24 * HOUR;
export const WEEK: Millis = 7 * DAY;

/**
 * A count of seconds (a Kubernetes `...Seconds` field, a report column) as milliseconds of
 * simulation time: the one conversion, so Job, CronJob, TTL and kubelet code read alike.
 */
export function secondsToMillis(seconds: number): Millis {
  return seconds * SECOND;
}

/** Milliseconds of simulation time as seconds (report columns and metrics). */
export function millisToSeconds(ms: Millis): number {
  return ms / SECOND;
}

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: SECOND,
  m: MINUTE,
  h: HOUR,
  d: DAY,
  w: WEEK,
};

const DURATION_RE = /^(?:(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h|d|w))+$/;
/** The text of a duration, as a JSON Schema `pattern` (scenario schema). */
export const DURATION_PATTERN = DURATION_RE.source;
const PART_RE = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h|d|w)/g;

/**
 * Parse a Go-style duration (`1h30m`, `90s`, `1.5h`, `500ms`) extended with `d` and `w`.
 * Returns integer milliseconds (rounded), or `undefined` when the text is not a duration.
 * A bare number is not a duration: its unit would be a guess.
 */
export function parseDuration(text: string): Millis | undefined {
  if (text === "0") return 0;
  if (!DURATION_RE.test(text)) return undefined;
  let total = 0;
  for (const match of text.matchAll(PART_RE)) {
    total += Number(match[1]) * UNIT_MS[match[2]!]!;
  }
  return Math.round(total);
}

/** Format a duration the way Go's `time.Duration.String` does, at millisecond precision. */
export function formatDuration(ms: Millis): string {
  if (ms === 0) return "0s";
  const sign = ms < 0 ? "-" : "";
  let rest = Math.abs(ms);
  const h = Math.floor(rest / HOUR);
  rest -= h * HOUR;
  const m = Math.floor(rest / MINUTE);
  rest -= m * MINUTE;
  const s = rest / SECOND;
  let out = sign;
  if (h > 0) out += `${h}h`;
  if (h > 0 || m > 0) out += `${m}m`;
  out += `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, "")}s`;
  return out;
}

const RFC3339_RE = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
/** The text of an RFC 3339 instant, as a JSON Schema `pattern` (scenario schema). */
export const RFC3339_PATTERN = RFC3339_RE.source;

/** Parse an RFC 3339 instant to SimTime, or `undefined` when malformed. */
export function parseInstant(text: string): SimTime | undefined {
  if (!RFC3339_RE.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

let cachedDay = Number.NaN;
let cachedDayPrefix = "";

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/**
 * Format an instant as `Date.prototype.toISOString()` does: `2026-03-01T00:00:40.000Z`.
 * Reports format millions of instants, so the date part is cached per UTC day.
 */
export function formatInstant(t: SimTime): string {
  // Rows and events repeat a handful of recent instants (a batch of pods created, started,
  // finished and deleted together): a small direct-mapped cache saves most of the strings.
  // Fibonacci hashing of the low 32 bits: report instants are often multiples of 100 ms or 1 s,
  // so their low bits alone would collide.
  const slot = Math.imul(t | 0, 0x9e3779b1) >>> (32 - RECENT_INSTANT_BITS);
  if (recentInstants[slot] === t) return recentTexts[slot]!;
  const text = formatUncached(t);
  recentInstants[slot] = t;
  recentTexts[slot] = text;
  return text;
}

const RECENT_INSTANT_BITS = 6;
const RECENT_INSTANTS = 1 << RECENT_INSTANT_BITS;
const recentInstants = new Float64Array(RECENT_INSTANTS).fill(Number.NaN);
const recentTexts: string[] = new Array<string>(RECENT_INSTANTS).fill("");

function formatUncached(t: SimTime): string {
  const day = Math.floor(t / DAY);
  if (day !== cachedDay) {
    const iso = new Date(day * DAY).toISOString();
    // Years outside 0000-9999 have another shape; let Date handle those whole.
    if (iso.length !== 24) return new Date(t).toISOString();
    cachedDay = day;
    cachedDayPrefix = iso.slice(0, 11);
  }
  let rest = t - day * DAY;
  const h = Math.floor(rest / HOUR);
  rest -= h * HOUR;
  const m = Math.floor(rest / MINUTE);
  rest -= m * MINUTE;
  const s = Math.floor(rest / SECOND);
  const ms = rest - s * SECOND;
  return `${cachedDayPrefix}${pad2(h)}:${pad2(m)}:${pad2(s)}.${ms < 10 ? "00" : ms < 100 ? "0" : ""}${ms}Z`;
}
