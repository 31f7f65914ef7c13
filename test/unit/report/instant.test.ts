import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseInstant } from "../../../src/report/instant.js";

/** 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: every instant of four-digit years. */
const FIRST_MS = -62_167_219_200_000;
const LAST_MS = 253_402_300_799_999;

describe("parseInstant", () => {
  it("reads every instant toISOString writes exactly as Date.parse does (years 0000-9999)", () => {
    fc.assert(
      fc.property(fc.integer({ min: FIRST_MS, max: LAST_MS }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(parseInstant(iso)).toBe(ms);
      }),
      { numRuns: 5000 },
    );
  });

  it("reads the first and last instants of the range, of leap days and of every month", () => {
    for (const ms of [FIRST_MS, FIRST_MS + 1, LAST_MS, LAST_MS - 1, 0, -1]) {
      expect(parseInstant(new Date(ms).toISOString())).toBe(ms);
    }
    for (const year of [0, 4, 100, 400, 1900, 2000, 2024, 2026, 9999]) {
      for (let month = 0; month < 12; month++) {
        const last = Date.UTC(year, month + 1, 0, 23, 59, 59, 999);
        const first = Date.UTC(year, month, 1);
        for (const ms of [first, last]) {
          const date = new Date(ms);
          date.setUTCFullYear(year, date.getUTCMonth(), date.getUTCDate()); // Date.UTC maps 0-99 to 19xx
          expect(parseInstant(date.toISOString())).toBe(date.getTime());
        }
      }
    }
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
    "2026-03-01T23:59:60.000Z",
    "2026-02-30T01:00:00.000Z",
    "2026-02-29T01:00:00.000Z",
    "1900-02-29T01:00:00.000Z",
    "2026-04-31T01:00:00.000Z",
    "2026-00-10T00:00:00.000Z",
    "2026-03-00T00:00:00.000Z",
    "2026-13-01T00:00:00.000Z",
    "2026-03-01T0a:00:00.000Z",
    "2026-03-01T00:00:00.00aZ",
    "20a6-03-01T00:00:00.000Z",
    "2026/03/01T00:00:00.000Z",
    "2026-03-01T00:00:00Z",
    "2026-03-01T00:00:00.000+01:00",
    "+002026-03-01T00:00:00.000Z",
    "-000001-03-01T00:00:00.000Z",
    "not a date",
    "",
  ])("falls back to Date.parse for %j", (text) => {
    expect(parseInstant(text)).toBe(Date.parse(text));
  });

  it("agrees with Date.parse on instants with any one character changed", () => {
    const alphabet = "0123456789-:.TZ+ a/";
    fc.assert(
      fc.property(
        fc.integer({ min: FIRST_MS, max: LAST_MS }),
        fc.nat(23),
        fc.nat(alphabet.length - 1),
        (ms, at, pick) => {
          const iso = new Date(ms).toISOString();
          const text = iso.slice(0, at) + alphabet[pick] + iso.slice(at + 1);
          expect(Object.is(parseInstant(text), Date.parse(text))).toBe(true);
        },
      ),
      { numRuns: 5000 },
    );
  });
});
