/**
 * The schedule language of robfig/cron v3.0.1 `ParseStandard` (what Kubernetes uses): an
 * optional `TZ=`/`CRON_TZ=` prefix, then exactly five fields or a descriptor. Error messages
 * are robfig's (and Go's strconv/time ones it wraps), character for character.
 */

import { goAtoi, goParseDuration } from "./go-text.js";
import { loadLocationError } from "./zone.js";

/** A five-field schedule (descriptors other than `@every` compile to one too). */
export interface SpecSchedule {
  readonly kind: "spec";
  /** The text given to {@link parseSchedule}. */
  readonly source: string;
  /** Minute bits 0..29 (bit i = minute i). Split because 60 bits do not fit an int32. */
  readonly minuteLo: number;
  /** Minute bits 30..59 (bit i = minute i + 30). */
  readonly minuteHi: number;
  /** Hour bits 0..23. */
  readonly hour: number;
  /** Day-of-month bits 1..31 (unsigned 32-bit). */
  readonly dom: number;
  /** Month bits 1..12. */
  readonly month: number;
  /** Day-of-week bits 0..6, 0 = Sunday. */
  readonly dow: number;
  /**
   * robfig's `starBit` per field: set when an item is `*`/`?` without a step > 1. Only the
   * day-of-month and day-of-week ones change matching (`dayMatches`).
   */
  readonly star: {
    readonly minute: boolean;
    readonly hour: boolean;
    readonly dom: boolean;
    readonly month: boolean;
    readonly dow: boolean;
  };
  /** Zone from a `TZ=`/`CRON_TZ=` prefix ("UTC" for `TZ=` or `TZ=UTC`); null = caller's zone. */
  readonly location: string | null;
}

/** `@every <duration>`: robfig's `ConstantDelaySchedule`, zone-independent. */
export interface EverySchedule {
  readonly kind: "every";
  readonly source: string;
  /** Whole seconds, at least 1 s, in milliseconds. */
  readonly delayMs: number;
}

/** A parsed schedule. */
export type Schedule = SpecSchedule | EverySchedule;

/** Result of {@link parseSchedule}: the schedule, or robfig's error text. */
export type ParseResult = { ok: true; schedule: Schedule } | { ok: false; message: string };

interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly names: Readonly<Record<string, number>> | null;
}

const MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DOW_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const MINUTES: Bounds = { min: 0, max: 59, names: null };
const HOURS: Bounds = { min: 0, max: 23, names: null };
const DOM: Bounds = { min: 1, max: 31, names: null };
const MONTHS: Bounds = { min: 1, max: 12, names: Object.fromEntries(MONTH_NAMES.map((n, i) => [n, i + 1])) };
const DOW: Bounds = { min: 0, max: 6, names: Object.fromEntries(DOW_NAMES.map((n, i) => [n, i])) };

/** Go's `unicode.IsSpace` set, used by `strings.Fields` and `strings.TrimSpace`. */
const GO_SPACE = "\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const FIELDS_SEP = new RegExp(`[${GO_SPACE}]+`);
const TRIM = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, "g");

class ParseError extends Error {}

/**
 * Kubernetes' validation test for a time zone in the schedule text: `strings.Contains(schedule,
 * "TZ")` (so it also catches `CRON_TZ=` and any other "TZ"). The API server rejects such a
 * schedule on create; the controller still honours the prefix on grandfathered objects.
 */
export function hasTimeZonePrefix(spec: string): boolean {
  return spec.includes("TZ");
}

/** Parse a schedule as robfig/cron v3.0.1 `ParseStandard` does. */
export function parseSchedule(spec: string): ParseResult {
  try {
    return { ok: true, schedule: parseOrThrow(spec) };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, message: e.message };
    throw e;
  }
}

function parseOrThrow(source: string): Schedule {
  let spec = source;
  if (spec.length === 0) throw new ParseError("empty spec string");
  let location: string | null = null;
  if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
    const i = spec.indexOf(" ");
    // robfig slices spec[eq+1:i] unchecked: with no space Go panics. Report the panic text.
    if (i < 0) throw new ParseError("runtime error: slice bounds out of range [:-1]");
    const zone = spec.slice(spec.indexOf("=") + 1, i);
    const err = loadLocationError(zone);
    if (err !== null) throw new ParseError(`provided bad location ${zone}: ${err}`);
    location = zone === "Local" ? null : zone === "" ? "UTC" : zone;
    spec = spec.slice(i).replace(TRIM, "");
  }
  if (spec.startsWith("@")) return parseDescriptor(source, spec, location);

  const fields = spec.split(FIELDS_SEP).filter((f) => f !== "");
  if (fields.length !== 5) {
    throw new ParseError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(" ")}]`);
  }
  const minute = getField(fields[0]!, MINUTES);
  const hour = getField(fields[1]!, HOURS);
  const dom = getField(fields[2]!, DOM);
  const month = getField(fields[3]!, MONTHS);
  const dow = getField(fields[4]!, DOW);
  return spec5(source, location, minute, hour, dom, month, dow);
}

/** Bits of one field plus its star flag. Bits as a plain array of set positions (max 60). */
interface FieldBits {
  readonly bits: boolean[];
  readonly star: boolean;
}

function spec5(
  source: string,
  location: string | null,
  minute: FieldBits,
  hour: FieldBits,
  dom: FieldBits,
  month: FieldBits,
  dow: FieldBits,
): SpecSchedule {
  const word = (f: FieldBits, from: number, to: number): number => {
    let w = 0;
    for (let i = from; i <= to; i++) if (f.bits[i]) w |= 1 << (i - from);
    return w >>> 0;
  };
  return {
    kind: "spec",
    source,
    minuteLo: word(minute, 0, 29),
    minuteHi: word(minute, 30, 59),
    hour: word(hour, 0, 23),
    dom: word(dom, 0, 31),
    month: word(month, 0, 12),
    dow: word(dow, 0, 6),
    star: { minute: minute.star, hour: hour.star, dom: dom.star, month: month.star, dow: dow.star },
    location,
  };
}

/** robfig `getField`: comma-separated list, empty items dropped (`strings.FieldsFunc`). */
function getField(field: string, r: Bounds): FieldBits {
  const bits: boolean[] = [];
  let star = false;
  for (const expr of field.split(",")) {
    if (expr === "") continue;
    star = getRange(expr, r, bits) || star;
  }
  return { bits, star };
}

/** robfig `getRange`: sets bits for `number | number "-" number ["/" number]`; returns the star bit. */
function getRange(expr: string, r: Bounds, bits: boolean[]): boolean {
  const rangeAndStep = expr.split("/");
  const lowAndHigh = rangeAndStep[0]!.split("-");
  const singleDigit = lowAndHigh.length === 1;
  let start: bigint;
  let end: bigint;
  let step: bigint;
  let star = false;
  if (lowAndHigh[0] === "*" || lowAndHigh[0] === "?") {
    // Anything after "*-" is ignored unchecked, as in robfig.
    start = BigInt(r.min);
    end = BigInt(r.max);
    star = true;
  } else {
    start = parseIntOrName(lowAndHigh[0]!, r.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1]!, r.names);
    else throw new ParseError(`too many hyphens: ${expr}`);
  }
  if (rangeAndStep.length === 1) step = 1n;
  else if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1]!);
    if (singleDigit) end = BigInt(r.max); // "N/step" means "N-max/step"
    if (step > 1n) star = false;
  } else throw new ParseError(`too many slashes: ${expr}`);

  if (start < r.min) throw new ParseError(`beginning of range (${start}) below minimum (${r.min}): ${expr}`);
  if (end > r.max) throw new ParseError(`end of range (${end}) above maximum (${r.max}): ${expr}`);
  if (start > end)
    throw new ParseError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0n) throw new ParseError(`step of range should be a positive number: ${expr}`);
  for (let i = start; i <= end; i += step) bits[Number(i)] = true;
  return star;
}

function parseIntOrName(expr: string, names: Bounds["names"]): bigint {
  if (names !== null) {
    const named = names[expr.toLowerCase()];
    if (named !== undefined && Object.hasOwn(names, expr.toLowerCase())) return BigInt(named);
  }
  return mustParseInt(expr);
}

function mustParseInt(expr: string): bigint {
  const num = goAtoi(expr);
  if (typeof num === "string") throw new ParseError(`failed to parse int from ${expr}: ${num}`);
  if (num < 0n) throw new ParseError(`negative number (${num}) not allowed: ${expr}`);
  return num;
}

/** A descriptor as robfig's `parseDescriptor`: exact match on the (prefix-stripped) text. */
function parseDescriptor(source: string, spec: string, location: string | null): Schedule {
  const fixed: Record<string, string> = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
  };
  const same = Object.hasOwn(fixed, spec) ? fixed[spec] : undefined;
  if (same !== undefined) {
    const f = same.split(" ");
    const g = [MINUTES, HOURS, DOM, MONTHS, DOW].map((b, i) => getField(f[i]!, b));
    return spec5(source, location, g[0]!, g[1]!, g[2]!, g[3]!, g[4]!);
  }
  const every = "@every ";
  if (spec.startsWith(every)) {
    const d = goParseDuration(spec.slice(every.length));
    if (typeof d === "string") throw new ParseError(`failed to parse duration ${spec}: ${d}`);
    // robfig `Every`: below 1 s becomes 1 s, then the sub-second part is dropped.
    const ns = d < 1_000_000_000n ? 1_000_000_000n : d;
    return { kind: "every", source, delayMs: Number(ns / 1_000_000_000n) * 1000 };
  }
  throw new ParseError(`unrecognized descriptor: ${spec}`);
}
