import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NamespacedMap } from "../../../src/collections/namespaced-map.js";

// Few namespaces and names, so an operation often repeats the last key (the remembered hit) and
// keys come back after deletion; enough re-insertions for the inner tables to renew.
const namespace = fc.constantFrom("default", "team-a");
const name = fc.integer({ min: 0, max: 9 }).map((n) => `pod-${n}`);
const op = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("set" as const), namespace, name, value: fc.integer() }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("delete" as const), namespace, name }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("get" as const), namespace, name }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("has" as const), namespace, name }) },
);

describe("NamespacedMap", () => {
  it("behaves like a Map keyed by namespace and name, order by namespace then insertion", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 50, maxLength: 500 }), (ops) => {
        const map = new NamespacedMap<{ value: number }>();
        const model = new Map<string, Map<string, { value: number }>>();
        for (const o of ops) {
          const names = model.get(o.namespace);
          if (o.kind === "set") {
            const value = { value: o.value };
            map.set(o.namespace, o.name, value);
            if (names === undefined) model.set(o.namespace, new Map([[o.name, value]]));
            else names.set(o.name, value);
          } else if (o.kind === "delete") {
            expect(map.delete(o.namespace, o.name)).toBe(names?.delete(o.name) ?? false);
          } else if (o.kind === "get") {
            expect(map.get(o.namespace, o.name)).toBe(names?.get(o.name));
          } else {
            expect(map.has(o.namespace, o.name)).toBe(names?.has(o.name) ?? false);
          }
          // Namespaces in order of first write (reading one does not create it).
          const expected = [...model.values()].flatMap((m) => [...m.values()]);
          expect([...map.values()]).toEqual(expected);
          expect(map.size).toBe(expected.length);
        }
      }),
      { numRuns: 150 },
    );
  });
});
