import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DecisionCursor, DecisionLog } from "../../../src/report/decision-log.js";

/** The log's content as [time, bits, jobCreatedAt] in order. */
function contents(log: DecisionLog): [number, number, number | undefined][] {
  return Array.from({ length: log.size }, (_, i) => [log.timeAt(i), log.bitsAt(i), log.jobCreatedAtAt(i)]);
}

describe("DecisionLog", () => {
  it("ORs decisions about the same instant and keeps the last Job creation time", () => {
    const log = new DecisionLog();
    log.add(60_000, 2);
    log.add(60_000, 1, 60_100);
    log.add(120_000, 4);
    log.add(60_000, 8, 60_200);
    expect(contents(log)).toEqual([
      [60_000, 11, 60_200],
      [120_000, 4, undefined],
    ]);
  });

  it("keeps instants sorted whatever order decisions arrive in, like a Map of ORed bits", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 300 }), fc.constantFrom(1, 2, 4, 8, 16)), {
          maxLength: 200,
        }),
        (decisions) => {
          const log = new DecisionLog();
          const expected = new Map<number, number>();
          for (const [minute, bit] of decisions) {
            log.add(minute * 60_000, bit);
            expected.set(minute * 60_000, (expected.get(minute * 60_000) ?? 0) | bit);
          }
          const sorted = [...expected].sort((a, b) => a[0] - b[0]);
          expect(contents(log)).toEqual(sorted.map(([t, bits]) => [t, bits, undefined]));
        },
      ),
    );
  });
});

describe("DecisionCursor", () => {
  it("finds decided instants while walking forward, and again after stepping back", () => {
    const log = new DecisionLog();
    for (const t of [10, 30, 50]) log.add(t, 1);
    const cursor = new DecisionCursor(log);
    expect([0, 10, 20, 30, 40, 50, 60].map((t) => cursor.find(t))).toEqual([-1, 0, -1, 1, -1, 2, -1]);
    expect(cursor.find(10)).toBe(0);
  });
});
