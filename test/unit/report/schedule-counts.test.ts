import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { quantile } from "../../../src/report/metrics.js";
import { cronJobSummary, ScheduleCounts } from "../../../src/report/schedules.js";

const T0 = Date.UTC(2026, 0, 1);

describe("ScheduleCounts start delays", () => {
  it("are the nearest-rank quantiles of every created instant's delay, few distinct delays or many", () => {
    // A handful of delays (the 100 ms pad, an outage), or one per instant (API latency).
    const delay = fc.oneof(fc.constantFrom(100, 100, 100, 61_100), fc.integer({ min: 0, max: 5_000 }));
    fc.assert(
      fc.property(fc.array(fc.option(delay), { maxLength: 3000, size: "max" }), (delays) => {
        const counts = new ScheduleCounts();
        delays.forEach((d, i) => {
          const at = T0 + i * 60_000;
          if (d === null) counts.add(at, "forbidden", undefined);
          else counts.add(at, "created", at + d);
        });
        const created = delays.filter((d): d is number => d !== null).map((d) => d / 1000);
        expect(cronJobSummary(counts, 0, 0).startDelay).toEqual({
          p50: quantile(created, 0.5),
          p99: quantile(created, 0.99),
        });
        expect(counts.scheduled).toBe(delays.length);
        expect(counts.byOutcome.created).toBe(created.length);
      }),
      { numRuns: 40 },
    );
  });
});
