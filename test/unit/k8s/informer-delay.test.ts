import { describe, expect, it } from "vitest";
import { Simulator } from "../../../src/engine/simulator.js";
import { Informer, InformerDelivery } from "../../../src/k8s/informer.js";
import type { Job } from "../../../src/k8s/types.js";

const job = (name: string) => ({ metadata: { name } }) as unknown as Job;

function setup(delays: number[] | null) {
  const sim = new Simulator(0);
  const seen: [number, string][] = [];
  let i = 0;
  const informer = new Informer(
    new InformerDelivery(sim),
    { onJob: (_t, _o, j) => seen.push([sim.now(), j.metadata.name]) },
    delays === null ? null : () => delays[i++ % delays.length]!,
  );
  return { sim, seen, informer };
}

describe("Informer delivery delay", () => {
  it("shifts every handler call by exactly the delay", () => {
    const { sim, seen, informer } = setup([3000]);
    informer.onJob("ADDED", null, job("a"));
    sim.at(10_000, 1, () => informer.onJob("MODIFIED", job("a"), job("b")));
    sim.runUntil(60_000);
    expect(seen).toEqual([
      [3000, "a"],
      [13_000, "b"],
    ]);
  });

  it("keeps the watch order: an event never overtakes the one written before it", () => {
    const { sim, seen, informer } = setup([5000, 1000, 7000]);
    informer.onJob("ADDED", null, job("a"));
    informer.onJob("MODIFIED", null, job("b"));
    informer.onJob("MODIFIED", null, job("c"));
    sim.runUntil(60_000);
    expect(seen).toEqual([
      [5000, "a"],
      [5000, "b"],
      [7000, "c"],
    ]);
  });

  it("drops deliveries in flight when the controller stops", () => {
    const { sim, seen, informer } = setup([3000]);
    informer.onJob("ADDED", null, job("a"));
    sim.at(1000, 0, () => {
      informer.connected = false;
    });
    sim.at(2000, 0, () => {
      informer.connected = true;
      informer.onJob("ADDED", null, job("b"));
    });
    sim.runUntil(60_000);
    expect(seen).toEqual([[5000, "b"]]);
  });

  it("without a delay delivers at the write's instant", () => {
    const { sim, seen, informer } = setup(null);
    sim.at(4000, 1, () => informer.onJob("ADDED", null, job("a")));
    sim.runUntil(60_000);
    expect(seen).toEqual([[4000, "a"]]);
  });
});
