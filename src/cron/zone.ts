/**
 * Time-zone arithmetic for the cron evaluator, built on the platform tz database (Intl).
 *
 * Everything here works in integer Unix **seconds** (robfig only ever handles whole seconds
 * after its first step). A {@link Zone} answers "which UTC offset applies at instant x, and
 * over which stretch [segStart, segEnd) is that offset constant" from a per-zone cache of
 * offset transitions, so that the hot path of `next()` never calls Intl.
 */

/** Seconds per day. */
export const DAY_S = 86_400;

/** Days covered by one cache chunk; offsets are sampled once a day inside a chunk. */
const CHUNK_DAYS = 128;
const CHUNK_S = CHUNK_DAYS * DAY_S;

/** Days since 1970-01-01 of a proleptic-Gregorian civil date (month 1..12, day may overflow). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Wall-clock fields of an instant in a zone. Mutable so the hot path can reuse one object. */
export interface WallFields {
  year: number;
  /** 1..12 */
  month: number;
  /** 1..31 */
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday, as Go's `time.Weekday`. */
  weekday: number;
}

/** A fresh, zeroed {@link WallFields}. */
export function newWallFields(): WallFields {
  return { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, weekday: 0 };
}

/** One cached chunk: transition instants inside it and the offset before/after each. */
interface Chunk {
  readonly start: number;
  readonly end: number;
  /** Transition instants, ascending; `offsets[i]` applies before `times[i]`. */
  readonly times: number[];
  /** `offsets.length === times.length + 1`. */
  readonly offsets: number[];
}

const UTC_NAMES = new Set(["UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Zulu"]);

/**
 * A time zone with cached offset transitions. `lookup` also leaves the bounds of a stretch of
 * constant offset around the instant in `segStart`/`segEnd` (possibly narrower than the real
 * zone period, e.g. cut at chunk edges: callers only rely on the offset being constant there).
 */
export class Zone {
  /** Start (inclusive, Unix s) of the constant-offset stretch found by the last lookup. */
  segStart = 0;
  /** End (exclusive, Unix s) of that stretch. */
  segEnd = 0;
  /** Offset (seconds east of UTC) over that stretch. */
  segOffset = 0;
  private readonly chunks = new Map<number, Chunk>();
  private readonly fmt: Intl.DateTimeFormat | null;

  /** @param name an IANA name Intl accepts (validate with {@link loadLocationError} first). */
  constructor(readonly name: string) {
    if (UTC_NAMES.has(name)) {
      // Fixed zero offset: one stretch covering all time, Intl never consulted.
      this.fmt = null;
      this.segStart = Number.NEGATIVE_INFINITY;
      this.segEnd = Number.POSITIVE_INFINITY;
      return;
    }
    this.fmt = new Intl.DateTimeFormat("en-US", {
      timeZone: name,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  }

  /** UTC offset (seconds east) at Unix second `sec`; sets segStart/segEnd/segOffset. */
  lookup(sec: number): number {
    if (sec >= this.segStart && sec < this.segEnd) return this.segOffset;
    const idx = Math.floor(sec / CHUNK_S);
    let chunk = this.chunks.get(idx);
    if (chunk === undefined) {
      chunk = this.buildChunk(idx);
      this.chunks.set(idx, chunk);
    }
    const { times, offsets } = chunk;
    let i = 0;
    while (i < times.length && times[i]! <= sec) i++;
    this.segStart = i === 0 ? chunk.start : times[i - 1]!;
    this.segEnd = i === times.length ? chunk.end : times[i]!;
    this.segOffset = offsets[i]!;
    return this.segOffset;
  }

  /**
   * Go's `time.Date(year, month, day, hour, min, sec, 0, loc)`: overflowing fields normalize
   * (month 13 → January next year, day 32 → next month, …), and the wall time is mapped to an
   * instant exactly as Go does: look up the offset in force at the wall time read as UTC; if
   * the resulting instant falls outside that offset's period, use the offset at that instant
   * instead. For a wall time in a spring-forward gap this gives the post-transition offset in
   * zones west of UTC (02:30 New York → 01:30 EST) and the pre-transition one east of UTC
   * (02:30 Berlin → 03:30 CEST); an ambiguous fall-back time likewise depends on the side.
   * Returns Unix seconds.
   */
  date(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
    const m0 = month - 1;
    const y = year + Math.floor(m0 / 12);
    const mo = m0 - Math.floor(m0 / 12) * 12 + 1;
    const unix = (daysFromCivil(y, mo, 1) + day - 1) * DAY_S + hour * 3600 + minute * 60 + second;
    const off = this.lookup(unix);
    if (off === 0) return unix; // Go skips the period check when the first offset is zero.
    const utc = unix - off;
    if (utc < this.segStart || utc >= this.segEnd) return unix - this.lookup(utc);
    return utc;
  }

  /** Fill `out` with the wall-clock fields of Unix second `sec` in this zone. */
  fields(sec: number, out: WallFields): void {
    const w = sec + this.lookup(sec);
    const days = Math.floor(w / DAY_S);
    let sod = w - days * DAY_S;
    out.hour = Math.floor(sod / 3600);
    sod -= out.hour * 3600;
    out.minute = Math.floor(sod / 60);
    out.second = sod - out.minute * 60;
    out.weekday = (((days + 4) % 7) + 7) % 7;
    if (days !== this.lastDays) {
      civilFromDays(days, this.civil);
      this.lastDays = days;
    }
    out.year = this.civil.year;
    out.month = this.civil.month;
    out.day = this.civil.day;
  }

  private lastDays = Number.NaN;
  private readonly civil = newWallFields();

  /** Offset at one instant straight from Intl (slow; only used to fill the cache). */
  private intlOffset(sec: number): number {
    if (this.fmt === null) return 0;
    let y = 0;
    let mo = 0;
    let d = 0;
    let h = 0;
    let mi = 0;
    let s = 0;
    for (const p of this.fmt.formatToParts(sec * 1000)) {
      const v = Number(p.value);
      if (p.type === "year") y = v;
      else if (p.type === "month") mo = v;
      else if (p.type === "day") d = v;
      else if (p.type === "hour") h = v === 24 ? 0 : v;
      else if (p.type === "minute") mi = v;
      else if (p.type === "second") s = v;
    }
    return daysFromCivil(y, mo, d) * DAY_S + h * 3600 + mi * 60 + s - sec;
  }

  /**
   * Sample the offset once a day across the chunk and bisect (to the second) every day whose
   * two ends differ. A change that reverts within one day would be missed; the tz database has
   * no such case for the zones and years the simulator uses.
   */
  private buildChunk(idx: number): Chunk {
    const start = idx * CHUNK_S;
    const times: number[] = [];
    let prev = this.intlOffset(start);
    const offsets = [prev];
    for (let k = 1; k <= CHUNK_DAYS; k++) {
      const t = start + k * DAY_S;
      const o = this.intlOffset(t);
      if (o !== prev) this.bisect(t - DAY_S, t, prev, o, times, offsets);
      prev = o;
    }
    return { start, end: start + CHUNK_S, times, offsets };
  }

  private bisect(lo: number, hi: number, oLo: number, oHi: number, times: number[], offsets: number[]): void {
    if (hi - lo <= 1) {
      times.push(hi);
      offsets.push(oHi);
      return;
    }
    const mid = Math.floor((lo + hi) / 2);
    const om = this.intlOffset(mid);
    if (om !== oLo) this.bisect(lo, mid, oLo, om, times, offsets);
    if (om !== oHi) this.bisect(mid, hi, om, oHi, times, offsets);
  }
}

/** Civil date of a day number (Howard Hinnant's algorithm); fills year/month/day of `out`. */
function civilFromDays(days: number, out: WallFields): void {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  out.day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  out.month = mp < 10 ? mp + 3 : mp - 9;
  out.year = yoe + era * 400 + (out.month <= 2 ? 1 : 0);
}

const zones = new Map<string, Zone>();

/** The shared cached {@link Zone} for a name; throws RangeError for a name Go could not load. */
export function getZone(name: string): Zone {
  let z = zones.get(name);
  if (z === undefined) {
    const err = loadLocationError(name);
    if (err !== null) throw new RangeError(`unknown time zone ${name}: ${err}`);
    z = new Zone(name === "" ? "UTC" : name);
    zones.set(name, z);
  }
  return z;
}

/** Memo of {@link loadLocationError}: the answer for a name never changes. */
const locationErrors = new Map<string, string | null>();

/**
 * The error Go's `time.LoadLocation(name)` would return, or null when it loads. "" and "UTC"
 * are UTC and "Local" is the local zone (robfig then evaluates in the caller's zone). Go reads
 * zoneinfo files, so names are case-sensitive; Intl is not, which is checked here as far as
 * Intl lets us (a differently-cased alias still passes).
 */
export function loadLocationError(name: string): string | null {
  let cached = locationErrors.get(name);
  if (cached === undefined) {
    cached = checkLocation(name);
    locationErrors.set(name, cached);
  }
  return cached;
}

/** The uncached check behind {@link loadLocationError} (an Intl lookup per call). */
function checkLocation(name: string): string | null {
  if (name === "" || name === "UTC" || name === "Local") return null;
  if (name.includes("..") || name[0] === "/" || name[0] === "\\") return "time: invalid location name";
  const unknown = `unknown time zone ${name}`;
  if (!/^[A-Za-z]/.test(name)) return unknown; // Intl offset strings such as "+05:30" are no files.
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return unknown;
  }
  if (resolved !== name && resolved.toLowerCase() === name.toLowerCase()) return unknown;
  return null;
}
