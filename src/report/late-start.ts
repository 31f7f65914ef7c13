/**
 * When a CronJob's Job counts as "created late", in every view (terminal, markdown, report.html):
 * the controller normally creates it 100 ms after the scheduled time (its nextScheduleDelta
 * wake-up pad), so a second or more means something held it back (Forbid, an outage, a busy
 * worker).
 */
export const LATE_START_SECONDS = 1;

/** Whether a Job created `delaySeconds` after its scheduled time was late. */
export function isLateStart(delaySeconds: number): boolean {
  return delaySeconds >= LATE_START_SECONDS;
}
