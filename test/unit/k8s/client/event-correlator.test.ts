/**
 * The event correlator, after client-go tools/record events_cache_test.go: the spam filter
 * (TestEventSpamFilter-like: 25 events per object, then one per 5 minutes) and the aggregator
 * (TestEventAggregatorByReasonFunc / TestEventCorrelator's "the-same-reason-different-message"
 * cases: the 10th distinct message within 10 minutes is combined).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  AGGREGATE_INTERVAL_MS,
  COMBINED_PREFIX,
  type CorrelatedEvent,
  EventCorrelator,
  MAX_LRU_CACHE_ENTRIES,
} from "../../../../src/k8s/client/event-correlator.js";

function ev(message: string, over: Partial<CorrelatedEvent> = {}): CorrelatedEvent {
  return {
    source: "job-controller",
    kind: "Job",
    namespace: "default",
    name: "j",
    type: "Normal",
    reason: "SuccessfulCreate",
    message,
    ...over,
  };
}

describe("EventCorrelator spam filter", () => {
  it("lets 25 events about one object through, then one per 5 minutes", () => {
    const c = new EventCorrelator();
    // The same message each time: never aggregated, only filtered.
    const passed = Array.from({ length: 30 }, () => !c.correlate(ev("m"), 0).skip);
    expect(passed.filter(Boolean)).toHaveLength(25);
    expect(passed.slice(25)).toEqual([false, false, false, false, false]);
    expect(c.correlate(ev("m"), 299_999).skip).toBe(true);
    expect(c.correlate(ev("m"), 300_000).skip).toBe(false);
    expect(c.correlate(ev("m"), 300_001).skip).toBe(true);
  });

  it("keys by source and object: another object or source has its own budget", () => {
    const c = new EventCorrelator();
    for (let i = 0; i < 25; i++) c.correlate(ev("m"), 0);
    expect(c.correlate(ev("m"), 0).skip).toBe(true);
    expect(c.correlate(ev("m", { name: "other" }), 0).skip).toBe(false);
    expect(c.correlate(ev("m", { source: "cronjob-controller" }), 0).skip).toBe(false);
    // Reason and type are not part of the spam key.
    expect(c.correlate(ev("m", { reason: "Completed" }), 0).skip).toBe(true);
  });
});

describe("EventCorrelator aggregator", () => {
  it("combines the 10th and later distinct messages of one reason within 10 minutes", () => {
    const c = new EventCorrelator();
    const out = Array.from({ length: 12 }, (_, i) => c.correlate(ev(`Created pod: p${i}`), i * 1000));
    for (let i = 0; i < 9; i++)
      expect(out[i]).toEqual({ skip: false, message: `Created pod: p${i}`, aggregated: false });
    expect(out[9]).toEqual({ skip: false, message: `${COMBINED_PREFIX}Created pod: p9`, aggregated: true });
    expect(out[11]).toEqual({ skip: false, message: `${COMBINED_PREFIX}Created pod: p11`, aggregated: true });
  });

  it("repeats of one message are not similar events", () => {
    const c = new EventCorrelator();
    const out = Array.from({ length: 20 }, () => c.correlate(ev("same"), 0));
    expect(out.every((r) => !r.skip && !r.aggregated)).toBe(true);
  });

  it("a gap over 10 minutes starts a fresh record; other reasons are apart", () => {
    const c = new EventCorrelator();
    for (let i = 0; i < 9; i++) c.correlate(ev(`m${i}`), 0);
    expect(c.correlate(ev("other reason", { reason: "SuccessfulDelete" }), 0)).toMatchObject({
      aggregated: false,
    });
    const fresh = c.correlate(ev("m9"), AGGREGATE_INTERVAL_MS + 1);
    expect(fresh).toMatchObject({ skip: false, aggregated: false, message: "m9" });
    // Exactly at the window's edge the record is still live.
    const d = new EventCorrelator();
    for (let i = 0; i < 9; i++) d.correlate(ev(`m${i}`), 0);
    expect(d.correlate(ev("m9"), AGGREGATE_INTERVAL_MS)).toMatchObject({ aggregated: true });
  });

  it("an aggregated event still passes the spam filter first", () => {
    const c = new EventCorrelator();
    const out = Array.from({ length: 40 }, (_, i) => c.correlate(ev(`m${i}`), 0));
    expect(out.filter((r) => !r.skip)).toHaveLength(25);
    expect(out.filter((r) => !r.skip && r.aggregated)).toHaveLength(16);
  });
});

describe("EventCorrelator LRU caches (maxLruCacheEntries)", () => {
  /** Object `a` spends its burst; then `others` other objects each send one event. */
  function spentThenCrowded(others: number): EventCorrelator {
    const c = new EventCorrelator();
    for (let i = 0; i < 25; i++) expect(c.correlate(ev(`m${i}`, { name: "a" }), 0).skip).toBe(false);
    for (let i = 0; i < others; i++) c.correlate(ev("x", { name: `o${i}` }), 0);
    return c;
  }

  it("keeps every record while at most 4096 objects were seen (as an unbounded map would)", () => {
    const c = spentThenCrowded(MAX_LRU_CACHE_ENTRIES - 1);
    expect(c.correlate(ev("late", { name: "a" }), 1).skip).toBe(true);
    // Both caches are full to the bound and nothing was dropped.
    expect(c.cachedKeys.aggregates).toHaveLength(MAX_LRU_CACHE_ENTRIES);
    expect(c.cachedKeys.spam).toHaveLength(MAX_LRU_CACHE_ENTRIES);
  });

  it("forgets the least recently used object's records when the 4097th arrives", () => {
    const c = spentThenCrowded(MAX_LRU_CACHE_ENTRIES);
    expect(c.cachedKeys.spam).toHaveLength(MAX_LRU_CACHE_ENTRIES);
    expect(c.cachedKeys.spam.some((k) => k.endsWith("\u0000a"))).toBe(false);
    // A fresh bucket: `a` passes again, and its messages start a new aggregate.
    const again = c.correlate(ev("m0", { name: "a" }), 1);
    expect(again).toEqual({ skip: false, message: "m0", aggregated: false });
  });

  it("an event refreshes its object, so the oldest untouched one goes instead", () => {
    const c = new EventCorrelator();
    for (let i = 0; i < 25; i++) c.correlate(ev(`m${i}`, { name: "a" }), 0);
    c.correlate(ev("x", { name: "b" }), 0);
    for (let i = 0; i < MAX_LRU_CACHE_ENTRIES - 2; i++) c.correlate(ev("x", { name: `o${i}` }), 0);
    c.correlate(ev("m25", { name: "a" }), 0); // refused, and now the most recently used
    c.correlate(ev("x", { name: "new" }), 0); // evicts `b`, not `a`
    expect(c.cachedKeys.spam.some((k) => k.endsWith("\u0000b"))).toBe(false);
    expect(c.correlate(ev("m26", { name: "a" }), 0).skip).toBe(true);
  });
});

/**
 * The correlator as plainly as upstream writes it: string keys built for every event, LRU
 * recency as an array, the messages of a record as an array. The correlator remembers recent
 * objects' keys and makes a record's set of messages lazily: it must decide the same.
 */
class PlainCorrelator {
  private readonly aggregates: [string, { messages: string[]; last: number }][] = [];
  private readonly spam: [string, { tokens: number; last: number }][] = [];

  constructor(private readonly capacity: number) {}

  correlate(e: CorrelatedEvent, now: number): { skip: boolean; aggregated: boolean } {
    const object = [e.source, e.kind, e.namespace, e.name].join("\u0000");
    const key = [object, e.type, e.reason].join("\u0000");
    let record = this.touch(this.aggregates, key);
    if (record === undefined || now - record.last > AGGREGATE_INTERVAL_MS)
      record = { messages: [], last: now };
    if (!record.messages.includes(e.message)) record.messages.push(e.message);
    record.last = now;
    this.put(this.aggregates, key, record);
    const aggregated = record.messages.length >= 10;
    if (aggregated) record.messages.shift();
    const bucket = this.touch(this.spam, object) ?? { tokens: 25, last: now };
    this.put(this.spam, object, bucket);
    const tokens = Math.min(bucket.tokens + ((now - Math.min(now, bucket.last)) * (1 / 300)) / 1000, 25) - 1;
    if (tokens < 0) return { skip: true, aggregated: false };
    bucket.tokens = tokens;
    bucket.last = now;
    return { skip: false, aggregated };
  }

  keys(): { aggregates: string[]; spam: string[] } {
    return { aggregates: this.aggregates.map(([k]) => k), spam: this.spam.map(([k]) => k) };
  }

  private touch<V>(lru: [string, V][], key: string): V | undefined {
    const at = lru.findIndex(([k]) => k === key);
    if (at < 0) return undefined;
    const [entry] = lru.splice(at, 1);
    lru.push(entry!);
    return entry![1];
  }

  private put<V>(lru: [string, V][], key: string, value: V): void {
    const at = lru.findIndex(([k]) => k === key);
    if (at >= 0) lru.splice(at, 1);
    lru.push([key, value]);
    if (lru.length > this.capacity) lru.shift();
  }
}

describe("EventCorrelator against a plain model", () => {
  it("skips, aggregates and caches the same keys on any run of events", () => {
    // Few objects and reasons, so records fill up; objects that differ in one part of their key.
    const objects = [
      { source: "job-controller", kind: "Job", namespace: "default", name: "a" },
      { source: "job-controller", kind: "Job", namespace: "default", name: "b" },
      { source: "cronjob-controller", kind: "Job", namespace: "default", name: "a" },
      { source: "job-controller", kind: "CronJob", namespace: "default", name: "a" },
      { source: "job-controller", kind: "Job", namespace: "ns", name: "a" },
    ];
    const reasons = [
      { type: "Normal", reason: "SuccessfulCreate" },
      { type: "Normal", reason: "Completed" },
      { type: "Warning", reason: "Completed" },
    ];
    const event = fc.record({
      object: fc.constantFrom(...objects),
      reason: fc.constantFrom(...reasons),
      message: fc.integer({ min: 0, max: 12 }).map((i) => `m${i}`),
      // Time since the event before: often none, sometimes past the aggregation window.
      gap: fc.oneof(
        { weight: 20, arbitrary: fc.constant(0) },
        { weight: 10, arbitrary: fc.integer({ min: 0, max: 60_000 }) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 * AGGREGATE_INTERVAL_MS }) },
      ),
    });
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 1, max: 6 }), fc.constant(64)),
        fc.array(event, { minLength: 100, maxLength: 300, size: "max" }),
        (capacity, events) => {
          const fast = new EventCorrelator(capacity);
          const plain = new PlainCorrelator(capacity);
          let now = 0;
          for (const { gap, object, reason, message } of events) {
            now += gap;
            const e = { ...object, ...reason, message };
            const got = fast.correlate({ ...e }, now);
            const want = plain.correlate(e, now);
            expect({ skip: got.skip, aggregated: !got.skip && got.aggregated }).toEqual(want);
            if (!got.skip) expect(got.message).toBe(got.aggregated ? COMBINED_PREFIX + e.message : e.message);
          }
          expect(fast.cachedKeys).toEqual(plain.keys());
        },
      ),
      { numRuns: 100 },
    );
  });
});
