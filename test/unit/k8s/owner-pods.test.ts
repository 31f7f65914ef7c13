import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { currentPods, OwnerPods, type PodSlot } from "../../../src/k8s/owner-pods.js";
import type { Pod } from "../../../src/k8s/types.js";

const slotNamed = (name: string): PodSlot => ({
  current: { metadata: { name } } as Pod,
  owner: null,
  allAt: -1,
  liveAt: -1,
  stored: true,
  gcEntry: null,
  reportEntry: null,
});

// Enough pods and removals for the lists to fill with holes and compact several times.
const pick = fc.nat({ max: 10_000 });
const op = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("create" as const), live: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("settle" as const), pick }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("remove" as const), pick }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("dropLive" as const), chance: fc.nat({ max: 19 }) }),
  },
);

const names = (list: readonly (PodSlot | null)[], count: number) =>
  currentPods(list, count).map((p) => p.metadata.name);

describe("OwnerPods", () => {
  it("lists pods as a Map keyed by name would, insertion order included, across compactions", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 50, maxLength: 400 }), (ops) => {
        const owner = new OwnerPods("uid", "job");
        const all = new Map<string, PodSlot>();
        const live = new Map<string, PodSlot>();
        let created = 0;
        for (const o of ops) {
          if (o.kind === "create") {
            const slot = slotNamed(`p${created++}`);
            owner.addAll(slot);
            all.set(slot.current.metadata.name, slot);
            if (o.live) {
              owner.addLive(slot);
              live.set(slot.current.metadata.name, slot);
            }
          } else if (o.kind === "settle" && all.size > 0) {
            const slot = [...all.values()][o.pick % all.size]!;
            expect(owner.removeLive(slot)).toBe(live.delete(slot.current.metadata.name));
          } else if (o.kind === "remove" && all.size > 0) {
            const slot = [...all.values()][o.pick % all.size]!;
            owner.removeLive(slot);
            live.delete(slot.current.metadata.name);
            expect(owner.removeAll(slot)).toBe(true);
            all.delete(slot.current.metadata.name);
            // A second removal finds nothing.
            expect(owner.removeAll(slot)).toBe(false);
            expect(slot.allAt).toBe(-1);
          } else if (o.kind === "dropLive" && o.chance === 0) {
            owner.dropLive();
            live.clear();
          }
          expect(names(owner.all, owner.allCount)).toEqual([...all.keys()]);
          expect(names(owner.live, owner.liveCount)).toEqual([...live.keys()]);
          expect(owner.allCount).toBe(all.size);
          expect(owner.liveCount).toBe(live.size);
          // Every listed slot knows where it is.
          owner.all.forEach((slot, i) => {
            if (slot !== null) expect(slot.allAt).toBe(i);
          });
          owner.live.forEach((slot, i) => {
            if (slot !== null) expect(slot.liveAt).toBe(i);
          });
        }
      }),
      { numRuns: 60 },
    );
  });

  it("forgets its pods when dropped: none keeps a place in a list", () => {
    const owner = new OwnerPods("uid", "job");
    const slots = ["a", "b", "c"].map(slotNamed);
    for (const slot of slots) {
      owner.addAll(slot);
      owner.addLive(slot);
    }
    owner.dropAll();
    expect(owner.allCount + owner.liveCount).toBe(0);
    expect(slots.map((s) => [s.owner, s.allAt, s.liveAt])).toEqual([
      [null, -1, -1],
      [null, -1, -1],
      [null, -1, -1],
    ]);
  });
});
