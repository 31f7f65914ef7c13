/**
 * client-go's event correlator (k8s.io/client-go/tools/record events_cache.go
 * `EventCorrelator.EventCorrelate`), the parts that change what reaches the API server:
 * - the aggregator (`EventAggregator.EventAggregate`, keyed by `EventAggregatorByReasonFunc`):
 *   events of one source about one object with the same type and reason but different messages;
 *   once 10 distinct messages were seen with no gap over 10 minutes, each further one is sent as
 *   "(combined from similar events): <message>";
 * - the spam filter (`EventSourceObjectSpamFilter`, keyed by `getSpamKey`: source and object
 *   only): a passive token bucket per object, 25 events at once, then one per 5 minutes; an
 *   event it refuses is dropped.
 * The event logger between them (`eventObserve`) only turns a repeat into a PATCH of the older
 * event's count, which is still one API call, so it is not needed to count calls.
 *
 * Kept as upstream except where Go is nondeterministic: when the aggregator's set of messages
 * is full, `PopAny` drops an arbitrary message; here the oldest one goes. Both records live in
 * LRU caches of `maxLruCacheEntries` (4096) keys as upstream (`NewEventAggregator` and
 * `NewEventSourceObjectSpamFilter` call `lru.New(maxLruCacheEntries)`): each event's `Get` and
 * `Add` make its key the most recently used, and the 4097th key forgets the least recently used
 * record, so a long run keeps a bounded number of records however many objects come and go.
 */
import { LruCache } from "../../collections/lru-cache.js";
import { PassiveTokenBucket } from "./token-bucket.js";

/** Entries of each of the correlator's LRU caches (upstream `maxLruCacheEntries`). */
export const MAX_LRU_CACHE_ENTRIES = 4096;

/** The aggregator's threshold (`defaultAggregateMaxEvents`). */
export const AGGREGATE_MAX_EVENTS = 10;
/** The aggregator's window in ms (`defaultAggregateIntervalInSeconds` 600). */
export const AGGREGATE_INTERVAL_MS = 600_000;
/** Events per object that pass the spam filter at once (`defaultSpamBurst`). */
export const SPAM_BURST = 25;
/** The spam filter's refill per second (`defaultSpamQPS` 1/300: one per 5 minutes). */
export const SPAM_QPS = 1 / 300;
/** `EventAggregatorByReasonMessageFunc`'s prefix. */
export const COMBINED_PREFIX = "(combined from similar events): ";

/** One event as the correlator sees it; `source` is the recording component. */
export interface CorrelatedEvent {
  source: string;
  kind: string;
  namespace: string;
  name: string;
  type: string;
  reason: string;
  message: string;
}

/** What happens to an event: dropped by the spam filter, or sent with this message. */
export type Correlation = { skip: true } | { skip: false; message: string; aggregated: boolean };

interface AggregateRecord {
  /** Distinct messages in insertion order (upstream `localKeys`). */
  messages: Set<string>;
  last: number;
}

export class EventCorrelator {
  private readonly aggregates = new LruCache<string, AggregateRecord>(MAX_LRU_CACHE_ENTRIES);
  private readonly spam = new LruCache<string, PassiveTokenBucket>(MAX_LRU_CACHE_ENTRIES);

  /** Keys held by the aggregator's and the spam filter's caches (for tests). */
  get cachedKeys(): { aggregates: string[]; spam: string[] } {
    return { aggregates: this.aggregates.keys(), spam: this.spam.keys() };
  }

  /** `EventCorrelate` for an event recorded at `now` (ms). */
  correlate(e: CorrelatedEvent, now: number): Correlation {
    const object = `${e.source}\u0000${e.kind}\u0000${e.namespace}\u0000${e.name}`;
    const aggregateKey = `${object}\u0000${e.type}\u0000${e.reason}`;
    let record = this.aggregates.get(aggregateKey);
    // A record older than the window (or none) starts afresh.
    if (record === undefined || now - record.last > AGGREGATE_INTERVAL_MS) {
      record = { messages: new Set(), last: now };
    }
    record.messages.add(e.message);
    record.last = now;
    // `EventAggregate` adds the record back after every event: the key is now the newest.
    this.aggregates.add(aggregateKey, record);
    let message = e.message;
    let aggregated = false;
    if (record.messages.size >= AGGREGATE_MAX_EVENTS) {
      const oldest = record.messages.values().next().value as string;
      record.messages.delete(oldest);
      message = COMBINED_PREFIX + e.message;
      aggregated = true;
    }
    let bucket = this.spam.get(object);
    if (bucket === undefined) bucket = new PassiveTokenBucket(SPAM_QPS, SPAM_BURST, now);
    // `EventSourceObjectSpamFilter.Filter` adds the record back whether or not it refuses.
    this.spam.add(object, bucket);
    if (!bucket.tryAccept(now)) return { skip: true };
    return { skip: false, message, aggregated };
  }
}
