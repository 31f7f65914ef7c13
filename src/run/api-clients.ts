/**
 * The control plane's API clients for one run (client/api-client.ts): one per controller, as
 * kube-controller-manager builds them, each with its own token bucket and event correlator;
 * kube-scheduler's own client for pod bindings; and the `controlPlane` part of the summary.
 */
import type { Simulator } from "../engine/simulator.js";
import { millisToSeconds } from "../engine/time.js";
import {
  ApiClient,
  DEFAULT_API_BURST,
  DEFAULT_API_QPS,
  DEFAULT_SCHEDULER_BURST,
  DEFAULT_SCHEDULER_QPS,
} from "../k8s/client/api-client.js";
import { ClientEventRecorder, type EventTotals } from "../k8s/client/client-event-recorder.js";
import { EventCorrelator } from "../k8s/client/event-correlator.js";
import type { EventRecorder } from "../k8s/events.js";
import type { RandomStreams } from "../rand/streams.js";
import type { SummaryTree } from "../report/types.js";
import type { ApiClientSpec } from "../scenario/types.js";

/** kube-controller-manager's client names (`ClientBuilder.ClientOrDie(name)`), in report order. */
export const CONTROLLER_CLIENTS = [
  "job-controller",
  "cronjob-controller",
  "ttl-after-finished-controller",
  "pod-garbage-collector",
] as const;
export type ControllerClient = (typeof CONTROLLER_CLIENTS)[number];

/** kube-scheduler's client, reported after the controllers'. */
export const SCHEDULER_CLIENT = "kube-scheduler";

export const DEFAULT_API_CLIENT: ApiClientSpec = {
  qps: DEFAULT_API_QPS,
  burst: DEFAULT_API_BURST,
  latency: null,
  scheduler: { qps: DEFAULT_SCHEDULER_QPS, burst: DEFAULT_SCHEDULER_BURST },
};

export class ApiClients {
  readonly events: EventTotals = { dropped: 0, aggregated: 0 };
  private readonly clients = new Map<ControllerClient | typeof SCHEDULER_CLIENT, ApiClient>();

  constructor(sim: Simulator, streams: RandomStreams, spec: ApiClientSpec) {
    const stream = (name: string) => (spec.latency === null ? null : streams.get(`api-latency/${name}`));
    for (const name of CONTROLLER_CLIENTS)
      this.clients.set(name, new ApiClient(name, sim, spec, stream(name)));
    const scheduler = { ...spec.scheduler, latency: spec.latency };
    this.clients.set(
      SCHEDULER_CLIENT,
      new ApiClient(SCHEDULER_CLIENT, sim, scheduler, stream(SCHEDULER_CLIENT)),
    );
  }

  client(name: ControllerClient | typeof SCHEDULER_CLIENT): ApiClient {
    return this.clients.get(name)!;
  }

  /** The recorder `name` records its events with: through its correlator and client. */
  recorder(name: ControllerClient, inner: EventRecorder): EventRecorder {
    return new ClientEventRecorder(name, this.client(name), new EventCorrelator(), inner, this.events);
  }

  /** `summary.controlPlane`: token waits (s), calls per client, events dropped and folded. */
  summary(): SummaryTree {
    let unthrottled = 0;
    let waited = 0;
    const calls: SummaryTree = {};
    for (const [name, c] of this.clients) {
      unthrottled += c.unthrottled;
      waited += c.throttleWaits.length;
      calls[name] = c.calls;
    }
    // Straight into one typed array: a run of a million pods waits millions of times, and a
    // copy as a number array first would be the run's largest object at its peak.
    const sorted = new Float64Array(waited);
    let k = 0;
    for (const c of this.clients.values()) for (const w of c.throttleWaits) sorted[k++] = w;
    sorted.sort();
    // Nearest rank (as report/metrics.ts `quantile`) over the calls that did not wait (0) and
    // those that did.
    const at = (p: number): number | null => {
      const n = unthrottled + sorted.length;
      if (n === 0) return null;
      const rank = Math.max(1, Math.ceil(p * n));
      return rank <= unthrottled ? 0 : millisToSeconds(sorted[rank - unthrottled - 1] ?? 0);
    };
    return {
      apiThrottleWait: { p50: at(0.5), p99: at(0.99) },
      calls,
      eventsDropped: this.events.dropped,
      eventsAggregated: this.events.aggregated,
    };
  }
}
