/** BusyKeys: a key whose worker still waits for its calls is synced again once they returned. */
import { describe, expect, it } from "vitest";
import { Simulator } from "../../../src/engine/simulator.js";
import { BusyKeys } from "../../../src/k8s/client/busy-keys.js";
import { RateLimitingQueue } from "../../../src/k8s/rate-limited-queue.js";

describe("BusyKeys", () => {
  it("holds a key until its last call returned, then lets it through once", () => {
    const sim = new Simulator(0);
    const busy = new BusyKeys();
    const synced: string[] = [];
    const queue: RateLimitingQueue = new RateLimitingQueue(
      sim,
      (key) => {
        if (busy.ready(queue, key, sim.now())) synced.push(`${key.name}@${sim.now()}`);
      },
      { base: 5, max: 1000 },
    );
    const key = queue.key("ns", "a");
    busy.busyUntil(key, 700, 0);
    busy.busyUntil(queue.key("ns", "b"), 0, 0); // returned at once: never busy
    queue.add(key);
    queue.add(queue.key("ns", "b"));
    sim.runUntil(10_000);
    expect(synced).toEqual(["b@0", "a@700"]);
  });

  it("forgets every key on clear (a fresh process)", () => {
    const sim = new Simulator(0);
    const busy = new BusyKeys();
    const queue = new RateLimitingQueue(sim, () => {}, { base: 5, max: 1000 });
    const key = queue.key("ns", "a");
    busy.busyUntil(key, 700, 0);
    busy.clear();
    expect(busy.ready(queue, key, 0)).toBe(true);
  });
});
