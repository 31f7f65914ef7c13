/** The CronJob controller (v2): reconcile, schedule arithmetic, history cleanup and API seams. */

export * from "../../cron/index.js";
export * from "./constants.js";
export * from "./history.js";
export * from "./injection.js";
export * from "./naming.js";
export * from "./sync-cronjob.js";
export * from "./utils.js";
