/**
 * `cluster.disruptions`: bursts that evict a fraction of the running pods at once, as a spot
 * reclaim or a node drain does; at a given time, or as a Poisson process at a rate.
 *
 * Streams: `disruption-burst/<i>` draws the gaps of entry i's Poisson process;
 * `disruption-burst/<i>/<k>` picks the victims of its k-th burst.
 */
import { Priority } from "../engine/priorities.js";
import type { Simulator } from "../engine/simulator.js";
import type { SimTime } from "../engine/time.js";
import { exponentialMillis } from "../rand/distributions.js";
import type { RandomStreams } from "../rand/streams.js";
import type { DisruptionBurst } from "../scenario/types.js";
import type { Kubelet } from "./kubelet.js";

/** What the bursts did, for the report. */
export interface BurstTotals {
  bursts: number;
  evicted: number;
}

/** Schedule every burst of `bursts` in [start, end); returns live totals. */
export function scheduleDisruptionBursts(
  sim: Simulator,
  streams: RandomStreams,
  bursts: readonly DisruptionBurst[],
  kubelet: Kubelet,
  end: SimTime,
): BurstTotals {
  const totals: BurstTotals = { bursts: 0, evicted: 0 };
  bursts.forEach((b, i) => {
    let k = 0;
    const fire = () => {
      totals.bursts++;
      totals.evicted += kubelet.evictFraction(b.fraction, streams.get(`disruption-burst/${i}/${k++}`));
    };
    if (b.kind === "at") {
      if (b.at < end) sim.at(b.at, Priority.podTransition, fire);
      return;
    }
    const gaps = streams.get(`disruption-burst/${i}`);
    // One pending burst per entry: each schedules the next.
    const next = () => {
      const t = sim.now() + exponentialMillis(b.meanInterval, gaps);
      if (t >= end) return;
      sim.at(t, Priority.podTransition, () => {
        fire();
        next();
      });
    };
    next();
  });
  return totals;
}
