/**
 * The event correlator, after client-go tools/record events_cache_test.go: the spam filter
 * (TestEventSpamFilter-like: 25 events per object, then one per 5 minutes) and the aggregator
 * (TestEventAggregatorByReasonFunc / TestEventCorrelator's "the-same-reason-different-message"
 * cases: the 10th distinct message within 10 minutes is combined).
 */
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
