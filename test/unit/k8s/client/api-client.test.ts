/**
 * The API client's worker clock: sequential calls are issued when the one before returned,
 * a parallel batch's calls all at its start, writes land when their call returns, and an
 * unlimited client without latency never defers anything.
 */
import { describe, expect, it } from "vitest";
import { Simulator } from "../../../../src/engine/simulator.js";
import { ApiClient } from "../../../../src/k8s/client/api-client.js";
import { RandomStreams } from "../../../../src/rand/streams.js";

const latency20 = { kind: "constant", value: 20 } as const;

describe("ApiClient", () => {
  it("unlimited, no latency: every call returns now and every write lands at once", () => {
    const sim = new Simulator(0);
    const c = new ApiClient("job-controller", sim, { qps: null, burst: 30, latency: null }, null);
    c.startSync();
    const landed: number[] = [];
    for (let i = 0; i < 100; i++) c.land(c.call(), () => landed.push(sim.now()));
    expect(c.endSync()).toBe(0);
    expect(landed).toHaveLength(100);
    expect(sim.pending).toBe(0);
    expect(c.calls).toBe(100);
    expect(c.unthrottled).toBe(100);
  });

  it("sequential calls add their latencies; a parallel batch waits for its slowest", () => {
    const sim = new Simulator(0);
    const streams = new RandomStreams(1);
    const c = new ApiClient("x", sim, { qps: null, burst: 1, latency: latency20 }, streams.get("l"));
    c.startSync();
    expect([c.call(), c.call()]).toEqual([20, 40]);
    const batch = c.parallel(() => [c.call(), c.call(), c.call()]);
    expect(batch).toEqual([60, 60, 60]);
    expect(c.call()).toBe(80);
    expect(c.endSync()).toBe(80);
  });

  it("a write whose token is due later lands then, through the simulator", () => {
    const sim = new Simulator(0);
    const c = new ApiClient("x", sim, { qps: 10, burst: 1, latency: null }, null);
    c.startSync();
    const landed: number[] = [];
    c.parallel(() => {
      for (let i = 0; i < 3; i++) c.land(c.call(), () => landed.push(sim.now()));
    });
    expect(c.endSync()).toBe(200);
    expect(landed).toEqual([0]);
    sim.runUntil(1000);
    expect(landed).toEqual([0, 100, 200]);
    expect(c.throttleWaits).toEqual([100, 200]);
  });

  it("a call issued before the last reservation queues behind it (no refill counted twice)", () => {
    const sim = new Simulator(0);
    const c = new ApiClient("x", sim, { qps: 1, burst: 1, latency: null }, null);
    c.startSync();
    c.call(); // 0: the token
    c.call(); // the worker waits to 1 s
    c.call(); // 2 s
    c.endSync();
    // An event sent now (0 s) comes after the reservations the sync made: 3 s.
    expect(c.request(0)).toBe(3000);
  });
});
