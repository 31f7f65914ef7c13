/**
 * The work queue with workers and sync durations: client-go's `Type` (FIFO, dirty set,
 * processing set) handed to `--concurrent-*-syncs` workers that stay busy for each sync.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Simulator } from "../../../src/engine/simulator.js";
import { RateLimitingQueue } from "../../../src/k8s/rate-limited-queue.js";

function setup(workers: number, syncMs: number) {
  const sim = new Simulator(0);
  const log: [number, string][] = [];
  const waits: number[] = [];
  const queue = new RateLimitingQueue(
    sim,
    (key) => log.push([sim.now(), key.name]),
    { base: 1000, max: 60_000 },
    { count: workers, syncDuration: () => syncMs, onSyncStart: (w) => waits.push(w) },
  );
  const key = (name: string) => queue.key("ns", name);
  return { sim, queue, log, waits, key };
}

describe("RateLimitingQueue with workers", () => {
  it("with 1 worker and sync duration d, syncs N keys d apart in queue order", () => {
    const { sim, queue, log, waits, key } = setup(1, 1000);
    for (const n of ["a", "b", "c", "d"]) queue.add(key(n));
    sim.runUntil(10_000);
    expect(log).toEqual([
      [0, "a"],
      [1000, "b"],
      [2000, "c"],
      [3000, "d"],
    ]);
    expect(waits).toEqual([0, 1000, 2000, 3000]);
    expect(queue.activeWorkers).toBe(0);
  });

  it("with 5 workers syncs 5 keys at once, the 6th and 7th when the first finish", () => {
    const { sim, queue, log, key } = setup(5, 1000);
    for (const n of ["a", "b", "c", "d", "e", "f", "g"]) queue.add(key(n));
    sim.runUntil(500);
    expect(queue.activeWorkers).toBe(5);
    sim.runUntil(10_000);
    expect(log).toEqual([
      [0, "a"],
      [0, "b"],
      [0, "c"],
      [0, "d"],
      [0, "e"],
      [1000, "f"],
      [1000, "g"],
    ]);
  });

  it("syncs a key re-added while it is processed exactly once more, after Done", () => {
    const { sim, queue, log, waits, key } = setup(1, 1000);
    queue.add(key("a"));
    sim.at(200, 1, () => queue.add(key("a")));
    sim.at(700, 1, () => queue.add(key("a")));
    sim.runUntil(10_000);
    expect(log).toEqual([
      [0, "a"],
      [1000, "a"],
    ]);
    // Queued again at Done, as client-go's workqueue_queue_duration measures it.
    expect(waits).toEqual([0, 0]);
  });

  it("never hands a key being processed to a second worker, even with workers idle", () => {
    const { sim, queue, log, key } = setup(3, 1000);
    queue.add(key("a"));
    sim.at(100, 1, () => queue.add(key("a")));
    sim.at(200, 1, () => queue.add(key("b")));
    sim.runUntil(10_000);
    expect(log).toEqual([
      [0, "a"],
      [200, "b"],
      [1000, "a"],
    ]);
  });

  it("treats a waiting entry that comes due as an Add: queued behind busy workers", () => {
    const { sim, queue, log, key } = setup(1, 1000);
    queue.add(key("a"));
    queue.addAfter(key("b"), 500);
    sim.runUntil(10_000);
    expect(log).toEqual([
      [0, "a"],
      [1000, "b"],
    ]);
  });

  it("a sync that re-queues its own key with no delay runs again after its duration", () => {
    const sim = new Simulator(0);
    const log: number[] = [];
    const queue: RateLimitingQueue = new RateLimitingQueue(
      sim,
      (key) => {
        log.push(sim.now());
        if (log.length < 3) queue.addAfter(key, 0);
      },
      { base: 1000, max: 60_000 },
      { count: 5, syncDuration: () => 2000 },
    );
    queue.add(queue.key("ns", "a"));
    sim.runUntil(60_000);
    expect(log).toEqual([0, 2000, 4000]);
  });

  it("clear stops the syncs in flight: nothing queued or processing survives", () => {
    const { sim, queue, log, key } = setup(1, 1000);
    queue.add(key("a"));
    queue.add(key("b"));
    sim.at(500, 0, () => queue.clear());
    sim.at(600, 1, () => queue.add(key("c")));
    sim.runUntil(10_000);
    expect(log).toEqual([
      [0, "a"],
      [600, "c"],
    ]);
  });

  it("property: at most `count` syncs at once, none of one key overlapping, no add lost", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 3000 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20_000 }), fc.constantFrom("a", "b", "c", "d", "e")), {
          maxLength: 40,
        }),
        (workers, syncMs, adds) => {
          const { sim, queue, log, key } = setup(workers, syncMs);
          for (const [t, n] of adds) sim.at(t, 1, () => queue.add(key(n)));
          sim.runUntil(10_000_000);
          // Concurrency: at any sync start, at most `workers` syncs are running (started < d ago).
          for (const [t] of log) {
            const running = log.filter(([s]) => s <= t && (syncMs === 0 ? s === t : t < s + syncMs)).length;
            if (syncMs > 0) expect(running).toBeLessThanOrEqual(workers);
          }
          // One key's syncs never overlap.
          for (const n of ["a", "b", "c", "d", "e"]) {
            const starts = log.filter(([, k]) => k === n).map(([s]) => s);
            for (let i = 1; i < starts.length; i++)
              expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(syncMs);
          }
          // Every add is covered by a sync that starts at or after it.
          for (const [t, n] of adds) expect(log.some(([s, k]) => k === n && s >= t)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});
