import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SteadyMap, SteadySet } from "../../../src/k8s/steady-collections.js";

const key = fc.constantFrom("a", "b", "ns/c", "d");
const op = fc.oneof(
  fc.record({ kind: fc.constant("set" as const), key, value: fc.integer() }),
  fc.record({ kind: fc.constant("delete" as const), key }),
  fc.record({ kind: fc.constant("clear" as const) }),
);

describe("SteadySet and SteadyMap", () => {
  it("behave like a Set and a Map over any sequence of writes, emptying included", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const set = new SteadySet();
        const map = new SteadyMap<number>();
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
          for (const k of ["a", "b", "ns/c", "d", ""]) {
            expect(set.has(k)).toBe(refSet.has(k));
            expect(map.has(k)).toBe(refMap.has(k));
            expect(map.get(k)).toBe(refMap.get(k));
          }
          expect([...map.entries()]).toEqual([...refMap.entries()]);
          expect([...map.values()]).toEqual([...refMap.values()]);
        }
      }),
      { seed: 20261127, numRuns: 300 },
    );
  });

  it("refuse the empty key they keep for themselves", () => {
    expect(() => new SteadySet().add("")).toThrow(RangeError);
    expect(() => new SteadyMap<number>().set("", 1)).toThrow(RangeError);
  });
});
