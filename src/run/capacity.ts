/**
 * Summary sections of the capacity model, the work queues and the disruption bursts, added to
 * a report's summary after it is built (README "Report"):
 * - `cluster.peakPods`: most pods bound at once; `cluster.peakPending`: most pods waiting at once;
 * - `cluster.utilization`: time-weighted mean of used / allocatable over the horizon, of cpu
 *   when every node states allocatable cpu, else of pod slots (null when unlimited);
 *   `cluster.podUtilization` the pod-slot figure alone;
 * - `cluster.busyPeriod.startSeconds/endSeconds/seconds`: from the first pod bound to the last
 *   pod's share freed (or the horizon's end while pods are bound), in seconds after the
 *   scenario's start, and its length (null when no pod was bound);
 *   `cluster.utilizationBusy` / `cluster.podUtilizationBusy`: the same means over that period;
 * - `cluster.disruptionBursts`, `cluster.burstEvictions`: bursts fired, pods they evicted;
 * - `workQueue.items/processed/drainSeconds` and per Job `workQueue.jobs.<ns>/<name>.*`
 *   (only when a work-queue Job ran); drainSeconds counts from the Job's creation.
 */

import type { BurstTotals } from "../cluster/disruption-bursts.js";
import type { Cluster } from "../cluster/scheduler.js";
import { type WorkItemQueues, workQueueSummary } from "../cluster/work-items.js";
import type { SimTime } from "../engine/time.js";
import { millisToSeconds } from "../engine/time.js";
import type { SummaryTree } from "../report/types.js";

/** Add the `cluster` and `workQueue` sections to `summary`. */
export function addCapacitySummary(
  summary: SummaryTree,
  cluster: Cluster,
  queues: WorkItemQueues,
  bursts: BurstTotals,
  start: SimTime,
  end: SimTime,
): void {
  const u = cluster.utilization(end);
  const busy = cluster.busyPeriod(end);
  const b = cluster.busyUtilization(end);
  const seconds = (t: SimTime) => millisToSeconds(t - start);
  summary.cluster = {
    peakPods: cluster.peakInUse,
    peakPending: cluster.peakQueued,
    utilization: u.cpu ?? u.pods,
    podUtilization: u.pods,
    utilizationBusy: b.cpu ?? b.pods,
    podUtilizationBusy: b.pods,
    busyPeriod: {
      startSeconds: busy === null ? null : seconds(busy.start),
      endSeconds: busy === null ? null : seconds(busy.end),
      seconds: busy === null ? null : millisToSeconds(busy.end - busy.start),
    },
    disruptionBursts: bursts.bursts,
    burstEvictions: bursts.evicted,
  };
  const wq = workQueueSummary(queues.queues);
  if (wq !== null) {
    const jobs: SummaryTree = {};
    for (const [k, f] of Object.entries(wq.jobs)) jobs[k] = { ...f };
    summary.workQueue = { items: wq.items, processed: wq.processed, drainSeconds: wq.drainSeconds, jobs };
  }
}
