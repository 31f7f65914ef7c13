import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseInstant } from "../../../src/report/instant.js";

describe("parseInstant", () => {
  it("reads every instant toISOString writes exactly as Date.parse does", () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(parseInstant(iso)).toBe(ms);
      }),
    );
  });

  it("agrees with Date.parse on consecutive rows of the same and the next day", () => {
    const day = Date.UTC(2026, 2, 1);
    for (const ms of [day, day + 1, day + 86_399_999, day + 86_400_000, day - 1]) {
      expect(parseInstant(new Date(ms).toISOString())).toBe(ms);
    }
  });

  it.each([
    "2026-03-01T24:00:00.000Z",
    "2026-03-01T23:60:00.000Z",
    "2026-02-30T01:00:00.000Z",
    "2026-13-01T00:00:00.000Z",
    "2026-03-01T0a:00:00.000Z",
    "2026-03-01T00:00:00Z",
    "2026-03-01T00:00:00.000+01:00",
    "+002026-03-01T00:00:00.000Z",
    "not a date",
    "",
  ])("falls back to Date.parse for %j", (text) => {
    expect(parseInstant(text)).toBe(Date.parse(text));
  });
});
