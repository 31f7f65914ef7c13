import { describe, expect, it } from "vitest";
import { Simulator } from "../../../src/engine/simulator.js";
import { RateLimitingQueue } from "../../../src/k8s/rate-limited-queue.js";

function setup() {
  const sim = new Simulator(0);
  const log: [number, string][] = [];
  const queue = new RateLimitingQueue(sim, (key) => log.push([sim.now(), key.key]), {
    base: 1000,
    max: 60_000,
  });
  const key = (name: string) => queue.key("ns", name);
  return { sim, queue, log, key };
}

describe("RateLimitingQueue", () => {
  it("dedups a key already queued for now, and keeps FIFO order between keys", () => {
    const { sim, queue, log, key } = setup();
    queue.add(key("a"));
    queue.add(key("b"));
    queue.add(key("a"));
    sim.runUntil(1);
    expect(log).toEqual([
      [0, "ns/a"],
      [0, "ns/b"],
    ]);
  });

  it("keeps the earliest of several delayed adds (client-go waitingEntryByData)", () => {
    const { sim, queue, log, key } = setup();
    queue.addAfter(key("a"), 10_000);
    queue.addAfter(key("a"), 1_000);
    queue.addAfter(key("a"), 5_000);
    sim.runUntil(20_000);
    expect(log).toEqual([[1_000, "ns/a"]]);
  });

  it("lets an immediate add and a waiting entry coexist; a waiting entry due while queued is absorbed", () => {
    const { sim, queue, log, key } = setup();
    queue.addAfter(key("a"), 1_000);
    queue.add(key("a"));
    sim.runUntil(5_000);
    expect(log).toEqual([
      [0, "ns/a"],
      [1_000, "ns/a"],
    ]);
    queue.addAfter(key("b"), 1_000);
    sim.runUntil(5_500);
    queue.add(key("b"));
    sim.runUntil(6_000);
    expect(log.slice(2)).toEqual([[5_500, "ns/b"]]);
  });

  it("retries failed keys 1 s, 2 s, 4 s ... up to the cap, and forget resets", () => {
    const { sim, queue, log, key } = setup();
    queue.addRateLimited(key("a"));
    sim.runUntil(1_001);
    queue.addRateLimited(key("a"));
    sim.runUntil(3_002);
    queue.forget(key("a"));
    queue.addRateLimited(key("a"));
    sim.runUntil(10_000);
    expect(log.map(([t]) => t)).toEqual([1_000, 3_001, 4_002]);
  });

  it("clear drops queued and waiting keys (a controller restart)", () => {
    const { sim, queue, log, key } = setup();
    queue.add(key("a"));
    queue.addAfter(key("b"), 1_000);
    queue.clear();
    sim.runUntil(5_000);
    expect(log).toEqual([]);
    queue.add(key("c"));
    sim.runUntil(6_000);
    expect(log).toEqual([[5_000, "ns/c"]]);
  });

  it("hands out one key object per object, split into its parts", () => {
    const { queue } = setup();
    const a = queue.key("default", "etl");
    expect(a).toMatchObject({ key: "default/etl", namespace: "default", name: "etl" });
    expect(queue.key("default", "etl")).toBe(a);
    expect(queue.key("other", "etl").key).toBe("other/etl");
  });

  it("drops a deleted object's key at once when idle, and only once idle when queued", () => {
    const { sim, queue, log, key } = setup();
    const idle = key("idle");
    queue.forgetKey("ns", "idle");
    expect(key("idle")).not.toBe(idle);

    // A key queued when its object goes is still the key of a new object with the same name,
    // so the two are not queued twice (as with client-go's string keys).
    const queued = key("a");
    queue.add(queued);
    queue.forgetKey("ns", "a");
    expect(key("a")).toBe(queued);
    queue.add(key("a"));
    queue.forgetKey("ns", "a");
    sim.runUntil(1);
    expect(log).toEqual([[0, "ns/a"]]);
    expect(key("a")).not.toBe(queued);

    // A waiting entry keeps the key too; forgetting what was never made is harmless.
    const waiting = key("w");
    queue.addAfter(waiting, 1_000);
    queue.forgetKey("ns", "w");
    queue.forgetKey("ns", "nowhere");
    expect(key("w")).toBe(waiting);
  });
});
