/**
 * The span of simulated time jobsim can run and report: instants from 0000-01-01T00:00:00.000Z to
 * 9999-12-31T23:59:59.999Z, durations up to that whole span (10,000 Gregorian years).
 *
 * Instants outside four-digit years are not RFC 3339: a report could not write them in the shape
 * `Date.prototype.toISOString()` gives every other instant, and no scenario could name them.
 * Bounding durations by the same span keeps every sum the engine forms (an instant plus a few
 * durations) a safe integer within `Date`'s range, so scheduling and formatting never fail; an
 * event is scheduled at most one duration after an instant of the run, and MAX_INSTANT plus two
 * MAX_DURATIONs is still below 2^50, where the event queue's keys stop being exact.
 */
import { DAY, formatInstant, type Millis, type SimTime } from "./time.js";

/** The first instant jobsim simulates: 0000-01-01T00:00:00.000Z. */
export const MIN_INSTANT: SimTime = -62_167_219_200_000;
/** The last instant jobsim simulates: 9999-12-31T23:59:59.999Z. */
export const MAX_INSTANT: SimTime = 253_402_300_799_999;
/**
 * The longest duration: 3652425d, the 10,000 Gregorian years from MIN_INSTANT to just after
 * MAX_INSTANT. Longer than any horizon, so a wait of this length never ends inside a simulation.
 */
export const MAX_DURATION: Millis = 3_652_425 * DAY;

/** The allowed instants, for error messages. */
export const INSTANT_RANGE_TEXT = `from ${formatInstant(MIN_INSTANT)} to ${formatInstant(MAX_INSTANT)}`;
/** The longest duration as a scenario writes it, for error messages. */
export const MAX_DURATION_TEXT = "3652425d (10,000 years)";

/** True for an integer instant jobsim can simulate and write. */
export function instantInRange(t: number): boolean {
  return Number.isSafeInteger(t) && t >= MIN_INSTANT && t <= MAX_INSTANT;
}

/** True for an integer duration from 0 to MAX_DURATION. */
export function durationInRange(ms: number): boolean {
  return Number.isSafeInteger(ms) && ms >= 0 && ms <= MAX_DURATION;
}
