import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { quantile } from "../../../src/report/metrics.js";
import { Sample } from "../../../src/report/sample.js";

const PS = [0, 0.01, 0.5, 0.9, 0.99, 1];

/** Values that repeat (a few distinct durations) or not, in any order. */
const values = fc.oneof(
  fc.array(fc.double({ noNaN: true, min: 0, max: 1e9 }), { maxLength: 9000, size: "max" }),
  fc.array(fc.constantFrom(0, 0.001, 20, 20.5, 3600), { maxLength: 3000 }),
  fc.array(
    fc.integer({ min: 0, max: 40 }).map((ms) => ms / 1000),
    { maxLength: 3000 },
  ),
);

describe("Sample", () => {
  it("holds every value pushed, counted or not, and sorts and ranks them as an array would", () => {
    fc.assert(
      fc.property(values, fc.constantFrom(1, 8, 1024), (vs, maxDistinct) => {
        const s = new Sample(maxDistinct);
        for (const v of vs) s.push(v);
        const plain = Float64Array.from(vs).sort();
        expect(s.length).toBe(vs.length);
        expect([...s.sorted()]).toEqual([...plain]);
        const ranked = s.ranked();
        expect(ranked.length).toBe(vs.length);
        expect(ranked.max()).toBe(vs.length === 0 ? null : plain[plain.length - 1]);
        for (const p of PS) expect(ranked.nearestRank(p)).toBe(quantile(vs, p));
      }),
      { numRuns: 60 },
    );
  });

  it("keeps repeated values as counts: a year of equal durations is one entry", () => {
    const s = new Sample();
    for (let i = 0; i < 525_600; i++) s.push(i % 2 === 0 ? 20 : 20.001);
    // @ts-expect-error the private counts, read to show what is kept
    expect((s.counts as Map<number, number>).size).toBe(2);
    // @ts-expect-error the private chunks: none made
    expect(s.current).toBeNull();
    expect(s.ranked().nearestRank(0.5)).toBe(20);
    expect(s.ranked().nearestRank(0.51)).toBe(20.001);
  });

  it("gives the nearest-rank quantiles of the values (p50 of 1..10 is 5, p99 is 10)", () => {
    const s = new Sample();
    for (let v = 10; v >= 1; v--) s.push(v);
    const sorted = s.sorted();
    expect(sorted[0]).toBe(1);
    expect(sorted[9]).toBe(10);
    expect(s.ranked().nearestRank(0.5)).toBe(5);
    expect(s.ranked().nearestRank(0.99)).toBe(10);
    expect(quantile([...sorted], 0.5)).toBe(5);
    expect(new Sample().ranked().nearestRank(0.5)).toBeNull();
    expect(new Sample().ranked().max()).toBeNull();
  });
});
