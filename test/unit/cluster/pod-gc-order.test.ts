import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type GcEntry, TerminatedPodOrder } from "../../../src/cluster/pod-gc-order.js";

/** upstream `byEvictionAndCreationTimestamp`, made total by namespace. */
function reference(a: GcEntry, b: GcEntry): number {
  if (a.evicted !== b.evicted) return a.evicted ? -1 : 1;
  if (a.created !== b.created) return a.created - b.created;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0;
}

const entry = (created: number, name: string, evicted = false, namespace = "default"): GcEntry => ({
  evicted,
  created,
  name,
  namespace,
  key: `${namespace}/${name}`,
  gone: false,
});

function drain(order: TerminatedPodOrder): string[] {
  const out: string[] = [];
  for (let e = order.pop(); e !== undefined; e = order.pop()) out.push(e.key);
  return out;
}

describe("TerminatedPodOrder", () => {
  it("gives evicted pods first, then the oldest, then by name", () => {
    const order = new TerminatedPodOrder();
    order.push(entry(2000, "b"));
    order.push(entry(1000, "z"));
    order.push(entry(2000, "a"));
    order.push(entry(3000, "e", true));
    order.push(entry(1000, "y", false, "other"));
    expect(drain(order)).toEqual(["default/e", "other/y", "default/z", "default/a", "default/b"]);
    expect(order.size).toBe(0);
  });

  it("places a pod pushed into a group already being taken from by its name", () => {
    const order = new TerminatedPodOrder();
    for (const name of ["c", "a", "e"]) order.push(entry(1000, name));
    expect(order.pop()?.name).toBe("a");
    order.push(entry(1000, "d"));
    order.push(entry(1000, "b"));
    expect(drain(order)).toEqual(["default/b", "default/c", "default/d", "default/e"]);
  });

  it("a pod of an older batch pushed while a newer batch is being taken from comes next", () => {
    const order = new TerminatedPodOrder();
    order.push(entry(5000, "a"));
    order.push(entry(5000, "b"));
    expect(order.pop()?.name).toBe("a");
    order.push(entry(1000, "c"));
    expect(drain(order)).toEqual(["default/c", "default/b"]);
  });

  it("retain drops the entries the caller no longer wants and keeps the order", () => {
    const order = new TerminatedPodOrder();
    for (const [t, name] of [
      [5, "a"],
      [1, "b"],
      [5, "c"],
      [1, "d"],
    ] as const)
      order.push(entry(t, name));
    order.retain((e) => e.name !== "b" && e.name !== "c");
    expect(order.size).toBe(2);
    expect(drain(order)).toEqual(["default/d", "default/a"]);
  });

  it("pops every entry in the reference order, whatever the interleaving of pushes and pops", () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant("push" as const),
        created: fc.integer({ min: 0, max: 5 }),
        name: fc.constantFrom("a", "b", "c", "d", "e", "f"),
        namespace: fc.constantFrom("x", "y"),
        evicted: fc.boolean(),
      }),
      fc.record({ kind: fc.constant("pop" as const) }),
      fc.record({
        kind: fc.constant("retain" as const),
        drop: fc.constantFrom("a", "b", "c", "d", "e", "f"),
      }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 100 }), (ops) => {
        const order = new TerminatedPodOrder();
        const model: GcEntry[] = [];
        const seen = new Set<string>();
        for (const o of ops) {
          if (o.kind === "push") {
            // A pod terminates once: keys are unique, as in PodGC.
            const key = `${o.namespace}/${o.name}/${o.created}`;
            if (seen.has(key)) continue;
            seen.add(key);
            const e = { ...entry(o.created, o.name, o.evicted, o.namespace), key };
            order.push(e);
            model.push(e);
          } else if (o.kind === "retain") {
            // PodGC's pruning of deleted pods, which also resets the cached push and pop groups.
            order.retain((e) => e.name !== o.drop);
            model.splice(0, model.length, ...model.filter((e) => e.name !== o.drop));
          } else {
            model.sort(reference);
            expect(order.pop()?.key).toBe(model.shift()?.key);
          }
          expect(order.size).toBe(model.length);
        }
        expect(drain(order)).toEqual(model.sort(reference).map((e) => e.key));
      }),
      { seed: 20261127, numRuns: 1000 },
    );
  });
});
