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
import { type KeyIdentity, LruCache } from "../../collections/lru-cache.js";
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

/** The one answer for a dropped event: a third of events are dropped in a CronJob's year. */
const SKIPPED: Correlation = Object.freeze({ skip: true });

/**
 * An aggregate record: the distinct messages in insertion order (upstream `localKeys`) and the
 * time of the last event. There are never more than AGGREGATE_MAX_EVENTS of them (the tenth
 * makes the oldest go), so an array searched from its end holds them: a set of churning
 * messages (a CronJob's "Created job <name>", a new name each minute) rehashed its table every
 * few events. Most records only ever see one message (a Job's one "Created pod").
 */
class AggregateRecord {
  // Plain fields: a record is made for most events about a new Job. One message is held
  // alone; the array is made when a second distinct one comes.
  private messages: string | string[];

  constructor(
    message: string,
    public last: number,
  ) {
    this.messages = message;
  }

  /** Add `message` (a repeat changes nothing); returns the number of distinct messages. */
  add(message: string): number {
    const messages = this.messages;
    if (typeof messages === "string") {
      if (message === messages) return 1;
      this.messages = [messages, message];
      return 2;
    }
    // From the newest: a repeat is most often of the message just before.
    for (let i = messages.length - 1; i >= 0; i--) if (messages[i] === message) return messages.length;
    return messages.push(message);
  }

  /** Forget the oldest message (upstream `PopAny`, made deterministic). */
  dropOldest(): void {
    // One message never reaches AGGREGATE_MAX_EVENTS.
    if (typeof this.messages !== "string") this.messages.shift();
  }
}

/**
 * The spam filter's key: the event's source and object (upstream `getSpamKey`), and the cache
 * slot it was last seen in (-1: none yet), which is not part of the key.
 */
interface ObjectKey {
  source: string;
  kind: string;
  namespace: string;
  name: string;
  slot: number;
  /**
   * The aggregator's keys of this object seen lately (at most RECENT_REASONS), chained through
   * `nextOfObject`: keys live in the caches long after their object went, and an array grown
   * by a push reserves 17 slots for the usual one or two.
   */
  firstAggregate: AggregateKey | null;
  aggregateCount: number;
}

/** The aggregator's key: the object's key with the event's type and reason; `slot` as above. */
interface AggregateKey {
  object: ObjectKey;
  type: string;
  reason: string;
  slot: number;
  /** The object's next remembered aggregator key (see `ObjectKey.firstAggregate`). */
  nextOfObject: AggregateKey | null;
}

const sameObject = (a: ObjectKey, b: ObjectKey): boolean =>
  a === b || (a.name === b.name && a.namespace === b.namespace && a.kind === b.kind && a.source === b.source);

/** Objects are indexed by name, a string the API store already hashed: no joined key is made. */
const OBJECT_IDENTITY: KeyIdentity<ObjectKey, string> = {
  indexKey: (k) => k.name,
  equals: sameObject,
};

const AGGREGATE_IDENTITY: KeyIdentity<AggregateKey, string> = {
  indexKey: (k) => k.object.name,
  equals: (a, b) => a === b || (a.type === b.type && a.reason === b.reason && sameObject(a.object, b.object)),
};

/** The key upstream joins for the spam filter (its parts with NUL between, for tests). */
const objectText = (k: ObjectKey): string => `${k.source}\u0000${k.kind}\u0000${k.namespace}\u0000${k.name}`;

/**
 * Objects whose keys are remembered. Events come in runs about one object (a Job's pods
 * created, then the Job finished; a CronJob's Job created, seen finished, deleted), so a few
 * recent objects spare making their keys again and finding their cache slots.
 */
const RECENT_OBJECTS = 4;
/** Aggregator keys remembered per object; past that, keys are made afresh rather than searched. */
const RECENT_REASONS = 8;

export class EventCorrelator {
  private readonly aggregates: LruCache<AggregateKey, AggregateRecord, string>;
  private readonly spam: LruCache<ObjectKey, PassiveTokenBucket, string>;
  private readonly recent: (ObjectKey | undefined)[] = new Array(RECENT_OBJECTS).fill(undefined);
  private nextRecent = 0;

  /** `capacity`: entries of each LRU cache (upstream's; tests make it small). */
  constructor(capacity = MAX_LRU_CACHE_ENTRIES) {
    this.aggregates = new LruCache(capacity, AGGREGATE_IDENTITY);
    this.spam = new LruCache(capacity, OBJECT_IDENTITY);
  }

  /** Keys held by the aggregator's and the spam filter's caches, joined as upstream's (for tests). */
  get cachedKeys(): { aggregates: string[]; spam: string[] } {
    return {
      aggregates: this.aggregates
        .keys()
        .map((k) => `${objectText(k.object)}\u0000${k.type}\u0000${k.reason}`),
      spam: this.spam.keys().map(objectText),
    };
  }

  /**
   * `EventCorrelate` for an event recorded at `now` (ms). Each cache is read (`Get`) and then
   * written (`Add`) under one key; the slot a remembered key was last in spares both lookups.
   */
  correlate(e: CorrelatedEvent, now: number): Correlation {
    const object = this.objectKeyOf(e);
    const aggregate = aggregateKeyOf(object, e.type, e.reason);
    const aggregates = this.aggregates;
    let slot = aggregates.find(aggregate, aggregate.slot);
    let record = slot < 0 ? undefined : aggregates.getAt(slot);
    // A record older than the window (or none) starts afresh.
    let distinct = 1;
    if (record === undefined || now - record.last > AGGREGATE_INTERVAL_MS) {
      record = new AggregateRecord(e.message, now);
    } else {
      distinct = record.add(e.message);
      record.last = now;
    }
    // `EventAggregate` adds the record back after every event: the key is now the newest.
    if (slot < 0) slot = aggregates.addAbsent(aggregate, record);
    else aggregates.setAt(slot, record);
    aggregate.slot = slot;
    let message = e.message;
    let aggregated = false;
    if (distinct >= AGGREGATE_MAX_EVENTS) {
      record.dropOldest();
      message = COMBINED_PREFIX + e.message;
      aggregated = true;
    }
    const spam = this.spam;
    slot = spam.find(object, object.slot);
    const bucket = slot < 0 ? new PassiveTokenBucket(SPAM_QPS, SPAM_BURST, now) : spam.getAt(slot);
    // `EventSourceObjectSpamFilter.Filter` adds the record back whether or not it refuses.
    if (slot < 0) slot = spam.addAbsent(object, bucket);
    else spam.setAt(slot, bucket);
    object.slot = slot;
    if (!bucket.tryAccept(now)) return SKIPPED;
    return { skip: false, message, aggregated };
  }

  /** The key of `e`'s object: remembered when it is a recent one, else made. */
  private objectKeyOf(e: CorrelatedEvent): ObjectKey {
    for (let i = 0; i < RECENT_OBJECTS; i++) {
      const k = this.recent[i];
      if (
        k !== undefined &&
        k.name === e.name &&
        k.namespace === e.namespace &&
        k.kind === e.kind &&
        k.source === e.source
      )
        return k;
    }
    const k: ObjectKey = {
      source: e.source,
      kind: e.kind,
      namespace: e.namespace,
      name: e.name,
      slot: -1,
      firstAggregate: null,
      aggregateCount: 0,
    };
    this.recent[this.nextRecent] = k;
    this.nextRecent = (this.nextRecent + 1) % RECENT_OBJECTS;
    return k;
  }
}

/** The aggregator's key of an event about `object` (`EventAggregatorByReasonFunc`). */
function aggregateKeyOf(object: ObjectKey, type: string, reason: string): AggregateKey {
  for (let k = object.firstAggregate; k !== null; k = k.nextOfObject) {
    if (k.type === type && k.reason === reason) return k;
  }
  const k: AggregateKey = { object, type, reason, slot: -1, nextOfObject: null };
  if (object.aggregateCount < RECENT_REASONS) {
    // Appended, so the keys are searched in the order they came, as the array was.
    let last = object.firstAggregate;
    if (last === null) object.firstAggregate = k;
    else {
      while (last.nextOfObject !== null) last = last.nextOfObject;
      last.nextOfObject = k;
    }
    object.aggregateCount++;
  }
  return k;
}
