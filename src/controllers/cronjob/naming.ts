/** Names and annotation values of the Jobs a CronJob creates (upstream `getJobFromTemplate2`). */

import { getZone } from "../../cron/index.js";
import { newWallFields } from "../../cron/zone.js";
import type { SimTime } from "../../engine/time.js";
import type { CronJob } from "../../k8s/types.js";

/**
 * upstream `getTimeHashInMinutes`: Go's `t.Unix() / 60`, i.e. seconds floored, then divided
 * with truncation toward zero (the two only differ before 1970).
 */
export function getTimeHashInMinutes(scheduledTime: SimTime): number {
  return Math.trunc(Math.floor(scheduledTime / 1000) / 60);
}

/**
 * upstream `getJobName`: `<cronjob>-<unix minutes of the scheduled time>`. Deterministic per
 * minute, so the name doubles as the lock that stops the same instant running twice.
 */
export function getJobName(cj: CronJob, scheduledTime: SimTime): string {
  return `${cj.metadata.name}-${getTimeHashInMinutes(scheduledTime)}`;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");
/** Two-digit fields (0..99) without padStart. */
const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** Scratch wall-clock fields of {@link formatRFC3339InZone}. */
const wallScratch = newWallFields();

/**
 * Go's `t.In(zone).Format(time.RFC3339)`: whole seconds, `Z` for a zero offset, else `±hh:mm`.
 * `zone` "" is UTC, as `time.LoadLocation("")` is.
 * @throws RangeError when the zone cannot be loaded.
 */
export function formatRFC3339InZone(t: SimTime, zone: string): string {
  const sec = Math.floor(t / 1000);
  const z = getZone(zone);
  const offset = z.lookup(sec);
  const w = wallScratch;
  z.fields(sec, w); // the wall clock at sec + offset, as Date's UTC getters read it
  const wall =
    `${pad(w.year, 4)}-${pad2(w.month)}-${pad2(w.day)}` +
    `T${pad2(w.hour)}:${pad2(w.minute)}:${pad2(w.second)}`;
  if (offset === 0) return `${wall}Z`;
  const abs = Math.abs(offset);
  // Go prints hours and minutes only; second-level offsets (LMT) are truncated the same way.
  return `${wall}${offset < 0 ? "-" : "+"}${pad(Math.floor(abs / 3600))}:${pad(Math.floor((abs % 3600) / 60))}`;
}

/**
 * The value of `batch.kubernetes.io/cronjob-scheduled-timestamp`: the scheduled time in
 * `spec.timeZone`, or UTC when it is unset, whatever the controller's own zone (as upstream
 * `getJobFromTemplate2` writes it).
 */
export function scheduledTimestampAnnotation(cj: CronJob, scheduledTime: SimTime): string {
  return formatRFC3339InZone(scheduledTime, cj.spec.timeZone ?? "");
}
