/**
 * `--max-events`: a bound on how many events a run may process. The run loop stops when the
 * bound is reached and `runScenario` throws {@link EventLimitReached}: no report is built, and
 * the error says how far the simulation got.
 */
import { formatInstant, type SimTime } from "../engine/time.js";
import type { StoreListener, WatchType } from "../k8s/store.js";

/** How far a run got when its event bound stopped it. */
export interface RunProgress {
  /** Simulated time reached (the instant of the last event processed). */
  reached: SimTime;
  /** Fraction of the horizon simulated, in [0, 1). */
  fraction: number;
  events: number;
  jobsCreated: number;
  podsCreated: number;
}

/** Thrown by `runScenario` when `maxEvents` stopped the run before the horizon. */
export class EventLimitReached extends Error {
  constructor(
    readonly maxEvents: number,
    readonly progress: RunProgress,
  ) {
    const p = progress;
    super(
      `stopped at --max-events ${maxEvents}: the run needs more events; it had reached ` +
        `${formatInstant(p.reached)} (${(p.fraction * 100).toFixed(1)}% of the horizon) ` +
        `with ${p.events} events, ${p.jobsCreated} Job(s) and ${p.podsCreated} pod(s) created`,
    );
    this.name = "EventLimitReached";
  }
}

/** Counts Jobs and pods created, for the progress an event bound reports. */
export class CreationCounter implements StoreListener {
  jobs = 0;
  pods = 0;

  onJob(type: WatchType): void {
    if (type === "ADDED") this.jobs++;
  }

  onPod(type: WatchType): void {
    if (type === "ADDED") this.pods++;
  }
}
