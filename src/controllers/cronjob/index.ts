/**
 * The CronJob controller (v2): reconcile, schedule arithmetic, history cleanup and API seams. The
 * robfig/cron port it evaluates schedules with is its own module, src/cron.
 */

export * from "./constants.js";
export * from "./history.js";
export * from "./injection.js";
export * from "./naming.js";
export * from "./sync-cronjob.js";
export * from "./utils.js";
