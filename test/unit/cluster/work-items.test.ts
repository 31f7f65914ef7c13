import { describe, expect, it } from "vitest";
import { JobWorkItems, Worker, WorkItemQueues, workQueueSummary } from "../../../src/cluster/work-items.js";
import { RandomStreams } from "../../../src/rand/streams.js";
import type { WorkQueueSpec } from "../../../src/scenario/types.js";

const spec = (items: number, failure: WorkQueueSpec["itemFailure"] = null): WorkQueueSpec => ({
  items,
  itemDuration: { kind: "uniform", min: 1000, max: 5000 },
  itemFailure: failure,
});

describe("JobWorkItems", () => {
  it("hands out each item once, then reports empty; drainedAt is the last ack", () => {
    const q = new JobWorkItems("ns", "j", 0, spec(3), new RandomStreams(1));
    const w = new Worker(q);
    const seen: number[] = [];
    for (let t = 1; q.take(w); t++) {
      seen.push(w.item);
      q.ack(w, t * 1000);
    }
    expect(seen).toEqual([0, 1, 2]);
    expect([w.processed, q.processed, q.drainedAt]).toEqual([3, 3, 3000]);
  });

  it("an item's time depends on the item, not on the worker or the order of takes", () => {
    const times = (order: "a" | "b") => {
      const q = new JobWorkItems("ns", "j", 0, spec(4), new RandomStreams(9));
      const [a, b] = [new Worker(q), new Worker(q)];
      const out = new Map<number, number>();
      for (const w of order === "a" ? [a, b, a, b] : [b, b, a, a]) {
        q.take(w);
        out.set(w.item, w.after);
        q.ack(w, 0);
      }
      return [...out].sort((x, y) => x[0] - y[0]);
    };
    expect(times("a")).toEqual(times("b"));
  });

  it("a nacked item comes back first and continues its own stream", () => {
    const q = new JobWorkItems("ns", "j", 0, spec(5), new RandomStreams(2));
    const w = new Worker(q);
    q.take(w);
    const first = w.after;
    q.nack(w);
    expect(w.item).toBe(-1);
    q.take(w);
    expect(w.item).toBe(0);
    // The retry draws further along the item's stream: a fresh replay would repeat `first`.
    const replay = new JobWorkItems("ns", "j", 0, spec(5), new RandomStreams(2));
    const r = new Worker(replay);
    replay.take(r);
    expect(r.after).toBe(first);
    expect(w.after).not.toBe(first);
  });

  it("itemFailure probability 1 always crashes, at a point within the item's time", () => {
    const q = new JobWorkItems("ns", "j", 0, spec(50, { probability: 1, exitCode: 3 }), new RandomStreams(4));
    const w = new Worker(q);
    for (let i = 0; i < 50; i++) {
      q.take(w);
      expect(w.crash).toBe(true);
      expect(w.after).toBeGreaterThanOrEqual(0);
      expect(w.after).toBeLessThanOrEqual(5000);
      q.ack(w, 0);
    }
  });
});

describe("WorkItemQueues", () => {
  it("one queue per Job UID; workers keyed by pod; leave returns the held item", () => {
    const qs = new WorkItemQueues(new RandomStreams(1));
    const job = { uid: "u1", namespace: "ns", name: "j", createdAt: 0 };
    const a = qs.join("p1", job, spec(2));
    const b = qs.join("p2", job, spec(2));
    expect(a.queue).toBe(b.queue);
    a.queue.take(a);
    a.queue.ack(a, 10_000);
    b.queue.take(b);
    qs.leave("p2");
    expect(qs.itemsOf("p1")).toBe(1);
    expect(qs.itemsOf("p2")).toBeUndefined();
    expect(a.queue.take(a)).toBe(true);
    expect(a.item).toBe(1);
    a.queue.ack(a, 20_000);
    expect(workQueueSummary(qs.queues)).toEqual({
      items: 2,
      processed: 2,
      drainSeconds: 20,
      jobs: { "ns/j": { items: 2, processed: 2, drainSeconds: 20 } },
    });
  });

  it("summary: null without queues; drainSeconds null while any queue is undrained", () => {
    expect(workQueueSummary([])).toBeNull();
    const qs = new WorkItemQueues(new RandomStreams(1));
    qs.join("p", { uid: "u", namespace: "ns", name: "j", createdAt: 0 }, spec(1));
    expect(workQueueSummary(qs.queues)).toMatchObject({ processed: 0, drainSeconds: null });
  });
});
