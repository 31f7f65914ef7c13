import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ChurnMap, ChurnSet } from "../../../src/collections/churn-collections.js";

// Enough distinct keys and writes for several renewals (every 64 new keys on top of the size).
const key = fc.integer({ min: 0, max: 150 }).map((n) => `ns/k${n}`);
const op = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("set" as const), key, value: fc.integer() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("delete" as const), key }) },
  { weight: 1, arbitrary: fc.constant({ kind: "clear" as const }) },
);

describe("ChurnSet and ChurnMap", () => {
  it("behave like a Set and a Map, insertion order included, across renewals", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 100, maxLength: 600 }), (ops) => {
        const set = new ChurnSet<string>();
        const map = new ChurnMap<string, number>();
        const refSet = new Set<string>();
        const refMap = new Map<string, number>();
        for (const o of ops) {
          if (o.kind === "set") {
            set.add(o.key);
            refSet.add(o.key);
            map.set(o.key, o.value);
            refMap.set(o.key, o.value);
          } else if (o.kind === "delete") {
            expect(set.delete(o.key)).toBe(refSet.delete(o.key));
            expect(map.delete(o.key)).toBe(refMap.delete(o.key));
          } else {
            set.clear();
            refSet.clear();
            map.clear();
            refMap.clear();
          }
          expect(set.size).toBe(refSet.size);
          expect(map.size).toBe(refMap.size);
          if (o.kind !== "clear") {
            expect(set.has(o.key)).toBe(refSet.has(o.key));
            expect(map.get(o.key)).toBe(refMap.get(o.key));
          }
        }
        expect([...set]).toEqual([...refSet]);
        expect([...map]).toEqual([...refMap]);
        expect([...map.keys()]).toEqual([...refMap.keys()]);
        expect([...map.values()]).toEqual([...refMap.values()]);
      }),
      { seed: 20261127, numRuns: 200 },
    );
  });

  it("keep insertion order when a renewal copies the table", () => {
    const map = new ChurnMap<number, number>([[-1, -1]]);
    for (let i = 0; i < 1000; i++) {
      map.set(i, i);
      if (i >= 3) map.delete(i - 3);
    }
    expect([...map.keys()]).toEqual([-1, 997, 998, 999]);
  });
});
