import { describe, expect, it } from "vitest";
import { Cluster, DEFAULT_NODE_NAME, podDemand } from "../../../src/cluster/scheduler.js";
import type { Container, PodSpec } from "../../../src/k8s/types.js";

const d = (milliCpu: number, priority = 0, memory = 0) => ({ milliCpu, memory, priority });
const pool = (name: string, count: number, milliCpu: number | null, pods = 110) => ({
  name,
  count,
  milliCpu,
  memory: null,
  pods,
});

describe("Cluster", () => {
  it("pod-count capacity: FIFO within a priority, higher priority first", () => {
    const c = new Cluster(1, undefined);
    expect(c.request("a", d(0))).toBe(DEFAULT_NODE_NAME);
    expect(c.request("b", d(0, 0))).toBeNull();
    expect(c.request("c", d(0, 5))).toBeNull();
    expect(c.request("e", d(0, 0))).toBeNull();
    expect(c.queued).toBe(3);
    expect(c.release("a")).toEqual(["c"]);
    expect(c.release("c")).toEqual(["b"]);
    c.withdraw("e");
    expect(c.release("b")).toEqual([]);
    expect([c.inUse, c.peakInUse, c.peakQueued]).toEqual([0, 1, 3]);
  });

  it("nodes: first fit in declared order, names <pool>-<i>; a release can bind several pods", () => {
    const c = new Cluster(null, [pool("a", 2, 2000), pool("b", 1, 4000)]);
    expect(["p1", "p2", "p3"].map((k) => c.request(k, d(1500)))).toEqual(["a-0", "a-1", "b-0"]);
    expect(c.request("p4", d(3000))).toBeNull();
    expect(c.request("p5", d(500))).toBe("a-0");
    expect(c.request("p6", d(2600))).toBeNull();
    expect(c.request("p7", d(400))).toBe("a-1");
    // Freeing b-0 (4 cores) binds p4 (3 cores); p6 (2.6) no longer fits; nothing else waits.
    expect(c.release("p3")).toEqual(["p4"]);
    expect(c.nodeOf("p4")).toBe("b-0");
    expect(c.release("p4")).toEqual(["p6"]);
  });

  it("the node pods limit binds too", () => {
    const c = new Cluster(null, [pool("n", 1, null, 2)]);
    expect([c.request("a", d(0)), c.request("b", d(0)), c.request("c", d(0))]).toEqual(["n-0", "n-0", null]);
    expect(c.release("a")).toEqual(["c"]);
  });

  it("utilization is time-weighted over [start, end]", () => {
    let now = 0;
    const c = new Cluster(null, [pool("n", 1, 4000, 4)], { now: () => now, since: (t) => now - t }, 0);
    c.request("a", d(2000));
    now = 500;
    c.request("b", d(2000));
    now = 1000;
    c.release("a");
    c.release("b");
    // cpu: 2 cores for 500 ms + 4 cores for 500 ms, of 4 cores × 2000 ms.
    expect(c.utilization(2000)).toEqual({ pods: (1 * 500 + 2 * 500) / (4 * 2000), cpu: 3000 / 8000 });
    expect(new Cluster(null, undefined).utilization(10)).toEqual({ pods: null, cpu: null });
  });
});

describe("podDemand", () => {
  const container = (cpu: number, memory: number, restartPolicy: string | null = null): Container =>
    ({
      name: "c",
      image: null,
      resources: { requests: { cpu, memory }, limits: {} },
      restartPolicy,
    }) as Container;
  it("sums containers and sidecars, takes the larger plain init container, maps the priority class", () => {
    const spec = {
      containers: [container(0.5, 100), container(0.25, 50)],
      initContainers: [container(2, 10), container(0.1, 1, "Always")],
      priorityClassName: "high",
    } as PodSpec;
    expect(podDemand(spec, { high: 7 })).toEqual({ milliCpu: 2000, memory: 151, priority: 7 });
    expect(podDemand({ ...spec, priorityClassName: "other" }, { high: 7 }).priority).toBe(0);
  });

  it("busy period: first pod bound to last share freed, or the end while pods are bound", () => {
    let now = 0;
    const clock = { now: () => now, since: (t: number) => now - t };
    const c = new Cluster(null, [pool("n", 1, 4000, 4)], clock, 0);
    expect(c.busyPeriod(2000)).toBeNull();
    expect(c.busyUtilization(2000)).toEqual({ pods: null, cpu: null });
    now = 400;
    c.request("a", d(2000));
    now = 900;
    c.request("b", d(2000));
    now = 1400;
    c.release("a");
    c.release("b");
    expect(c.busyPeriod(4000)).toEqual({ start: 400, end: 1400 });
    // cpu: 2 cores for 500 ms + 4 cores for 500 ms, of 4 cores × the busy 1000 ms (not the 4000 ms horizon).
    expect(c.busyUtilization(4000)).toEqual({ pods: (1 * 500 + 2 * 500) / (4 * 1000), cpu: 3000 / 4000 });
    expect(c.utilization(4000)).toEqual({ pods: (1 * 500 + 2 * 500) / (4 * 4000), cpu: 3000 / 16000 });
    now = 3000;
    c.request("c", d(4000));
    expect(c.busyPeriod(4000)).toEqual({ start: 400, end: 4000 });
    expect(c.busyUtilization(4000).cpu).toBe((3_000_000 + 4000 * 1000) / (4000 * 3600));
  });
});
