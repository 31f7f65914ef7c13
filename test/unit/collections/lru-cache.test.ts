import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LruCache } from "../../../src/collections/lru-cache.js";

describe("LruCache", () => {
  it("evicts the least recently added key past its capacity", () => {
    const lru = new LruCache<string, number>(2);
    lru.add("a", 1);
    lru.add("b", 2);
    lru.add("c", 3);
    expect(lru.keys()).toEqual(["b", "c"]);
    expect(lru.get("a")).toBeUndefined();
  });

  it("a get or a re-add makes a key the most recently used", () => {
    const lru = new LruCache<string, number>(2);
    lru.add("a", 1);
    lru.add("b", 2);
    expect(lru.get("a")).toBe(1);
    lru.add("c", 3);
    expect(lru.keys()).toEqual(["a", "c"]);
    lru.add("a", 4);
    lru.add("d", 5);
    expect(lru.keys()).toEqual(["a", "d"]);
    expect(lru.get("a")).toBe(4);
  });

  it("matches a list model of least-to-most recently used keys", () => {
    const op = fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 6 }));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(op, { maxLength: 60 }), (capacity, ops) => {
        const lru = new LruCache<number, number>(capacity);
        const model: [number, number][] = [];
        ops.forEach(([isAdd, key], i) => {
          const at = model.findIndex(([k]) => k === key);
          if (isAdd) {
            if (at >= 0) model.splice(at, 1);
            model.push([key, i]);
            if (model.length > capacity) model.shift();
            lru.add(key, i);
          } else {
            const hit = at >= 0 ? model.splice(at, 1)[0] : undefined;
            if (hit) model.push(hit);
            expect(lru.get(key)).toBe(hit?.[1]);
          }
          expect(lru.keys()).toEqual(model.map(([k]) => k));
        });
      }),
    );
  });
});

describe("LruCache slots", () => {
  it("find with a hint, getAt, setAt and addAbsent act as get and add, however stale the hint", () => {
    // 0: add, 1: get, 2: find + getAt, 3: find + setAt or addAbsent (as get then add).
    const op = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 6 }));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(op, { maxLength: 80 }), (capacity, ops) => {
        const fast = new LruCache<number, number>(capacity);
        const plain = new LruCache<number, number>(capacity);
        // The slot each key was last seen in: stale once it was evicted and its slot reused.
        const hints = new Map<number, number>();
        ops.forEach(([kind, key], i) => {
          if (kind === 0) {
            hints.set(key, fast.add(key, i));
            plain.add(key, i);
          } else if (kind === 1) {
            expect(fast.get(key)).toBe(plain.get(key));
          } else {
            const slot = fast.find(key, hints.get(key) ?? -1);
            const want = plain.get(key);
            expect(slot >= 0 ? fast.getAt(slot) : undefined).toBe(want);
            if (kind === 3) {
              if (slot >= 0) fast.setAt(slot, i);
              else hints.set(key, fast.addAbsent(key, i));
              plain.add(key, i);
            }
          }
          expect(fast.keys()).toEqual(plain.keys());
        });
        for (const k of plain.keys()) expect(fast.get(k)).toBe(plain.get(k));
      }),
      { numRuns: 200 },
    );
  });
});

describe("LruCache with keys indexed by a part of them", () => {
  it("acts as a cache of the whole keys, however many keys share an index key", () => {
    interface Key {
      name: number;
      part: number;
    }
    const identity = {
      indexKey: (k: Key) => k.name,
      equals: (a: Key, b: Key) => a.name === b.name && a.part === b.part,
    };
    // 0: add, 1: get, 2: find with a remembered hint + getAt; keys spread over two names.
    const op = fc.tuple(
      fc.integer({ min: 0, max: 2 }),
      fc.integer({ min: 0, max: 1 }),
      fc.integer({ min: 0, max: 3 }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(op, { maxLength: 100, size: "max" }),
        (capacity, ops) => {
          const chained = new LruCache<Key, number, number>(capacity, identity);
          const plain = new LruCache<string, number>(capacity);
          const hints = new Map<string, number>();
          ops.forEach(([kind, name, part], i) => {
            // A new key object every time: found by equality, never by identity.
            const key = { name, part };
            const text = `${name}/${part}`;
            if (kind === 0) {
              hints.set(text, chained.add(key, i));
              plain.add(text, i);
            } else if (kind === 1) {
              expect(chained.get(key)).toBe(plain.get(text));
            } else {
              const slot = chained.find(key, hints.get(text) ?? -1);
              expect(slot >= 0 ? chained.getAt(slot) : undefined).toBe(plain.get(text));
            }
            expect(chained.keys().map((k) => `${k.name}/${k.part}`)).toEqual(plain.keys());
            expect(chained.size).toBe(plain.size);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
