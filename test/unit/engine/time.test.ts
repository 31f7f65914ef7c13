import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatDuration,
  formatInstant,
  millisToSeconds,
  parseDuration,
  parseInstant,
  secondsToMillis,
} from "../../../src/engine/time.js";

describe("time", () => {
  it("formats instants exactly as Date.prototype.toISOString (years 0000-9999, ms precision)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }), (t) => {
        expect(formatInstant(t)).toBe(new Date(t).toISOString());
      }),
      { seed: 7, numRuns: 5000 },
    );
    // The ends of the four-digit years and just beyond them (Date's six-digit years).
    for (const t of [
      -62_167_219_200_001, -62_167_219_200_000, 0, -1, 253_402_300_799_999, 253_402_300_800_000,
    ]) {
      expect(formatInstant(t)).toBe(new Date(t).toISOString());
    }
    expect(formatInstant(Date.UTC(2026, 2, 1, 0, 0, 40))).toBe("2026-03-01T00:00:40.000Z");
  });

  it("formats repeated and colliding instants correctly through its cache of recent ones", () => {
    // Few distinct instants, many repeats: every cache slot is hit, missed and overwritten.
    const base = Date.UTC(2026, 0, 1);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 200 }), (steps) => {
        for (const step of steps) {
          const t = base + step * 100_000;
          expect(formatInstant(t)).toBe(new Date(t).toISOString());
        }
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it("parses Go-style durations with d and w, and rejects bare numbers", () => {
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("1.5h")).toBe(5_400_000);
    expect(parseDuration("500ms")).toBe(500);
    expect(parseDuration("2d")).toBe(172_800_000);
    expect(parseDuration("1w")).toBe(604_800_000);
    expect(parseDuration("90")).toBeUndefined();
    expect(parseDuration("1x")).toBeUndefined();
    expect(formatDuration(191_000)).toBe("3m11s");
    expect(formatDuration(600_000)).toBe("10m0s");
  });

  it("parses RFC 3339 instants only", () => {
    expect(parseInstant("2026-03-01T00:00:00Z")).toBe(Date.UTC(2026, 2, 1));
    expect(parseInstant("2026-03-01T01:00:00+01:00")).toBe(Date.UTC(2026, 2, 1));
    expect(parseInstant("2026-03-01")).toBeUndefined();
  });

  it("converts seconds to milliseconds and back exactly for whole seconds and milliseconds", () => {
    expect(secondsToMillis(30)).toBe(30_000);
    expect(secondsToMillis(0.001)).toBe(1);
    expect(millisToSeconds(1_500)).toBe(1.5);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_147_483_647 }), (seconds) => {
        expect(millisToSeconds(secondsToMillis(seconds))).toBe(seconds);
        expect(secondsToMillis(seconds)).toBe(seconds * 1000);
      }),
      { seed: 11, numRuns: 2000 },
    );
  });
});
