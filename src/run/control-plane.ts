/**
 * Wires `spec.controller`'s timing into a run: the workers and sync durations of each
 * controller's queue, the informers' delivery delay, and the report's `controlPlane` summary
 * (how long keys waited for a worker, leader takeovers). Nothing here runs when the scenario
 * sets no timing, so such runs are exactly what they were.
 */
import type { Millis } from "../engine/time.js";
import { formatDuration, millisToSeconds } from "../engine/time.js";
import type { QueueWorkers } from "../k8s/rate-limited-queue.js";
import { sampleMillis } from "../rand/distributions.js";
import type { StreamFactory } from "../rand/streams.js";
import type { SummaryTree } from "../report/types.js";
import { TIMED_CONTROLLERS, type TimedController } from "../scenario/control-plane-section.js";
import type { ControllerTiming, Outage } from "../scenario/types.js";

/** Waits in whole milliseconds, counted, so a year of syncs needs memory per distinct wait only. */
class WaitCounts {
  private readonly counts = new Map<Millis, number>();
  private total = 0;

  add(waited: Millis): void {
    this.counts.set(waited, (this.counts.get(waited) ?? 0) + 1);
    this.total++;
  }

  /** Nearest-rank p-quantile in seconds, as report/metrics.ts `quantile`; null when empty. */
  quantile(p: number): number | null {
    if (this.total === 0) return null;
    const rank = Math.max(1, Math.ceil(p * this.total));
    const keys = [...this.counts.keys()].sort((a, b) => a - b);
    let seen = 0;
    for (const k of keys) {
      seen += this.counts.get(k)!;
      if (seen >= rank) return millisToSeconds(k);
    }
    return millisToSeconds(keys[keys.length - 1]!);
  }

  get syncs(): number {
    return this.total;
  }
}

export class ControlPlaneTiming {
  private readonly waits: Record<TimedController, WaitCounts> = {
    job: new WaitCounts(),
    cronJob: new WaitCounts(),
    ttl: new WaitCounts(),
  };

  constructor(
    private readonly timing: ControllerTiming | undefined,
    private readonly streams: StreamFactory,
  ) {}

  /**
   * The queue workers of `controller`: null without a sync duration (syncs take no time, so
   * workers never matter). Durations come from the stream `controller-sync/<controller>`.
   */
  workers(controller: TimedController): QueueWorkers | null {
    const dist = this.timing?.syncDuration[controller] ?? null;
    if (dist === null) return null;
    const rng = this.streams.get(`controller-sync/${controller}`);
    const waits = this.waits[controller];
    return {
      count: this.timing!.concurrentSyncs[controller],
      syncDuration: () => Math.max(0, Math.round(sampleMillis(dist, rng))),
      onSyncStart: (waited) => waits.add(waited),
    };
  }

  /** The delivery delay of `controller`'s informer, from the stream `informer-delay/<controller>`. */
  informerDelay(controller: TimedController): (() => Millis) | null {
    const dist = this.timing?.informerDelay ?? null;
    if (dist === null) return null;
    const rng = this.streams.get(`informer-delay/${controller}`);
    return () => Math.max(0, Math.round(sampleMillis(dist, rng)));
  }

  /** `settings.controllerManager` additions; empty without timing. */
  settings(): Record<string, unknown> {
    const t = this.timing;
    if (t === undefined) return {};
    return {
      concurrentSyncs: { ...t.concurrentSyncs },
      leaderElection: {
        leaseDuration: formatDuration(t.leaderElection.leaseDuration),
        renewDeadline: formatDuration(t.leaderElection.renewDeadline),
        retryPeriod: formatDuration(t.leaderElection.retryPeriod),
      },
    };
  }

  /** The report's `controlPlane` summary; null when the scenario has no timing and no restart. */
  summary(outages: readonly Outage[]): SummaryTree | null {
    const takeovers = outages.filter((o) => o.restart !== undefined).length;
    if (this.timing === undefined && takeovers === 0) return null;
    const syncDelay: SummaryTree = {};
    const syncs: SummaryTree = {};
    for (const c of TIMED_CONTROLLERS) {
      const w = this.waits[c];
      syncDelay[c] = { p50: w.quantile(0.5), p99: w.quantile(0.99) };
      syncs[c] = w.syncs;
    }
    return { syncDelay, syncs, leaderTakeovers: takeovers };
  }
}
