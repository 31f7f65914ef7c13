import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { quantile } from "../../../src/report/metrics.js";
import { Sample } from "../../../src/report/sample.js";

describe("Sample", () => {
  it("holds every value pushed, across chunk boundaries, and sorts them as an array would", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, min: 0, max: 1e9 }), { maxLength: 9000 }), (values) => {
        const s = new Sample();
        for (const v of values) s.push(v);
        expect(s.length).toBe(values.length);
        expect([...s.sorted()]).toEqual([...Float64Array.from(values).sort()]);
      }),
      { numRuns: 30 },
    );
  });

  it("gives the nearest-rank quantiles of the values (p50 of 1..10 is 5, p99 is 10)", () => {
    const s = new Sample();
    for (let v = 10; v >= 1; v--) s.push(v);
    const sorted = s.sorted();
    expect(sorted[0]).toBe(1);
    expect(sorted[9]).toBe(10);
    expect(quantile([...sorted], 0.5)).toBe(5);
    expect(quantile([...sorted], 0.99)).toBe(10);
  });
});
