import { describe, expect, it } from "vitest";
import { PRIORITY_LEVELS } from "../../../src/engine/priorities.js";
import { formatInstant, parseDuration, parseInstant } from "../../../src/engine/time.js";
import {
  durationInRange,
  instantInRange,
  MAX_DURATION,
  MAX_INSTANT,
  MIN_INSTANT,
} from "../../../src/engine/time-range.js";

describe("the simulated span", () => {
  it("is the four-digit years, written and read back as RFC 3339", () => {
    for (const t of [MIN_INSTANT, MAX_INSTANT]) expect(parseInstant(formatInstant(t))).toBe(t);
    expect(formatInstant(MIN_INSTANT)).toBe("0000-01-01T00:00:00.000Z");
    expect(formatInstant(MAX_INSTANT)).toBe("9999-12-31T23:59:59.999Z");
    expect([MIN_INSTANT - 1, MIN_INSTANT, MAX_INSTANT, MAX_INSTANT + 1, 0.5].map(instantInRange)).toEqual([
      false,
      true,
      true,
      false,
      false,
    ]);
  });

  it("bounds durations by the whole span, written as 3652425d", () => {
    expect(MAX_DURATION).toBe(MAX_INSTANT - MIN_INSTANT + 1);
    expect(parseDuration("3652425d")).toBe(MAX_DURATION);
    expect([-1, 0, MAX_DURATION, MAX_DURATION + 1, Number.POSITIVE_INFINITY].map(durationInRange)).toEqual([
      false,
      true,
      true,
      false,
      false,
    ]);
  });

  it("keeps an instant plus two durations exact as an event-queue key", () => {
    const key = (MAX_INSTANT + 2 * MAX_DURATION) * PRIORITY_LEVELS + PRIORITY_LEVELS - 1;
    expect(Number.isSafeInteger(key)).toBe(true);
  });
});
