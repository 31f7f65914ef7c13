/** robfig/cron v3.0.1-compatible schedule parsing and evaluation for the CronJob controller. */

export { next, nextStepwise } from "./next.js";
export type { EverySchedule, ParseResult, Schedule, SpecSchedule } from "./parse.js";
export { hasTimeZonePrefix, parseSchedule } from "./parse.js";
export { getZone, loadLocationError } from "./zone.js";
