import { describe, expect, it } from "vitest";
import { Simulator } from "../../../src/engine/simulator.js";
import { WorkQueue } from "../../../src/k8s/workqueue.js";

function setup() {
  const sim = new Simulator(0);
  const log: [number, string][] = [];
  const queue = new WorkQueue(sim, (key) => log.push([sim.now(), key]), { base: 1000, max: 60_000 });
  return { sim, queue, log };
}

describe("WorkQueue", () => {
  it("dedups a key already queued for now, and keeps FIFO order between keys", () => {
    const { sim, queue, log } = setup();
    queue.add("a");
    queue.add("b");
    queue.add("a");
    sim.runUntil(1);
    expect(log).toEqual([
      [0, "a"],
      [0, "b"],
    ]);
  });

  it("keeps the earliest of several delayed adds (client-go waitingEntryByData)", () => {
    const { sim, queue, log } = setup();
    queue.addAfter("a", 10_000);
    queue.addAfter("a", 1_000);
    queue.addAfter("a", 5_000);
    sim.runUntil(20_000);
    expect(log).toEqual([[1_000, "a"]]);
  });

  it("lets an immediate add and a waiting entry coexist; a waiting entry due while queued is absorbed", () => {
    const { sim, queue, log } = setup();
    queue.addAfter("a", 1_000);
    queue.add("a");
    sim.runUntil(5_000);
    expect(log).toEqual([
      [0, "a"],
      [1_000, "a"],
    ]);
  });

  it("retries failed keys 1 s, 2 s, 4 s ... up to the cap, and forget resets", () => {
    const { sim, queue, log } = setup();
    queue.addRateLimited("a");
    sim.runUntil(1_001);
    queue.addRateLimited("a");
    sim.runUntil(3_002);
    queue.forget("a");
    queue.addRateLimited("a");
    sim.runUntil(10_000);
    expect(log.map(([t]) => t)).toEqual([1_000, 3_001, 4_002]);
  });

  it("clear drops queued and waiting keys (a controller restart)", () => {
    const { sim, queue, log } = setup();
    queue.add("a");
    queue.addAfter("b", 1_000);
    queue.clear();
    sim.runUntil(5_000);
    expect(log).toEqual([]);
    queue.add("c");
    sim.runUntil(6_000);
    expect(log).toEqual([[5_000, "c"]]);
  });
});
