/**
 * Every draw is a duration the engine can schedule: an integer from 0 to MAX_DURATION, for any
 * parameters the loader accepts and any uniform draw, the extreme ones included (a lognormal's
 * far tail is Infinity without the cap).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_DURATION } from "../../../src/engine/time-range.js";
import type { Distribution } from "../../../src/rand/distributions.js";
import { exponentialMillis, sampleMillis } from "../../../src/rand/distributions.js";
import type { RandomStream } from "../../../src/rand/streams.js";
import { Z99 } from "../../../src/scenario/durations.js";

/** The largest double `next()` can return. */
const LAST_DRAW = 1 - 2 ** -53;

/** A stream that returns `u` for every draw. */
function constantStream(u: number): RandomStream {
  return {
    name: "test",
    next: () => u,
    skip: () => {},
    nextInt: () => 0,
  } as unknown as RandomStream;
}

const draw = fc.oneof(fc.constantFrom(0, LAST_DRAW, 0.5), fc.double({ min: 0, max: LAST_DRAW, noNaN: true }));
const duration = fc.integer({ min: 1, max: MAX_DURATION });

/** Distributions with parameters inside the loader's bounds (durations.ts). */
const accepted: fc.Arbitrary<Distribution> = fc.oneof(
  fc
    .tuple(duration, fc.double({ min: 0, max: 1, noNaN: true, minExcluded: true }))
    .map(([median, f]): Distribution => {
      const mu = Math.log(median);
      const sigma = Math.max(Number.MIN_VALUE, (f * (Math.log(MAX_DURATION) - mu)) / Z99);
      return { kind: "lognormal", mu, sigma };
    }),
  fc
    .tuple(duration, fc.double({ min: 0.05, max: 1e6, noNaN: true }))
    .filter(([scale, shape]) => scale * Math.log(100) ** (1 / shape) <= MAX_DURATION)
    .map(([scale, shape]): Distribution => ({ kind: "weibull", shape, scale })),
  duration.map((mean): Distribution => ({ kind: "exponential", mean })),
  fc.tuple(duration, duration).map(([mean, stddev]): Distribution => ({ kind: "normal", mean, stddev })),
);

describe("sampled durations", () => {
  it("are integers from 0 to MAX_DURATION for every accepted distribution and draw", () => {
    fc.assert(
      fc.property(accepted, draw, (dist, u) => {
        const ms = sampleMillis(dist, constantStream(u));
        expect(Number.isSafeInteger(ms) && ms >= 0 && ms <= MAX_DURATION).toBe(true);
      }),
      { seed: 11, numRuns: 2000 },
    );
  });

  it("are capped at MAX_DURATION in the far tail", () => {
    const last = constantStream(LAST_DRAW);
    // exp(ln(1 h) + 8.2 * 25) overflows to Infinity: the cap keeps it a schedulable duration.
    expect(sampleMillis({ kind: "lognormal", mu: Math.log(3_600_000), sigma: 25 }, last)).toBe(MAX_DURATION);
    // 36.7 mean at the last draw: past MAX_DURATION when the mean is 10,000 years.
    expect(exponentialMillis(MAX_DURATION, last)).toBe(MAX_DURATION);
    expect(exponentialMillis(1000, last)).toBe(Math.round(-1000 * Math.log(2 ** -53)));
  });
});
