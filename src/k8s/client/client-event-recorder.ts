import type { EventRecorder, EventSubject, EventType } from "../events.js";
import type { ApiClient } from "./api-client.js";
import type { EventCorrelator } from "./event-correlator.js";

/** What the correlator did to the events of a run. */
export interface EventTotals {
  /** Dropped by the spam filter: they never reach the API server. */
  dropped: number;
  /** Sent as "(combined from similar events)". */
  aggregated: number;
}

/**
 * The EventRecorder a controller is given (client-go's recorder and broadcaster, reduced): an
 * event is recorded at the worker's time (after the calls before it returned), passes the
 * correlator, and unless dropped costs one call on the controller's client, which the worker
 * does not wait for. The report still lists every event the controller recorded; `totals`
 * says how many the correlator dropped or folded on their way to the API server.
 */
export class ClientEventRecorder implements EventRecorder {
  constructor(
    private readonly source: string,
    private readonly client: ApiClient,
    private readonly correlator: EventCorrelator,
    private readonly inner: EventRecorder,
    private readonly totals: EventTotals,
  ) {}

  event(subject: EventSubject, type: EventType, reason: string, message: string): void {
    const at = this.client.issueTime();
    const { kind, metadata } = subject;
    const c = this.correlator.correlate(
      {
        source: this.source,
        kind,
        namespace: metadata.namespace,
        name: metadata.name,
        type,
        reason,
        message,
      },
      at,
    );
    if (c.skip) this.totals.dropped++;
    else {
      if (c.aggregated) this.totals.aggregated++;
      this.client.request(at);
    }
    // As `land` would, without making a closure for the usual event that lands at once.
    if (this.client.landsNow(at)) this.inner.event(subject, type, reason, message);
    else this.client.land(at, () => this.inner.event(subject, type, reason, message));
  }
}
