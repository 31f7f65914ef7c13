import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatNumber, normalizeNumber, toJson } from "../../../src/report/format.js";

describe("formatNumber", () => {
  it.each([
    [0, "0"],
    [-0, "0"],
    [42, "42"],
    [-7, "-7"],
    [1e20, "100000000000000000000"],
    [1e21, "1000000000000000000000"],
    [2 ** 70, "1180591620717411303424"],
    [0.1 + 0.2, "0.3"],
    [1 / 3, "0.333333"],
    [2 / 3, "0.666667"],
    [-1 / 3, "-0.333333"],
    [1.5, "1.5"],
    [123456.1234567, "123456.123457"],
    [1e-7, "0"],
    [-1e-7, "0"],
    // Rounding follows the double's exact value: 5e-7 is stored just below the half.
    [0.0000005, "0"],
    [0.0000015, "0.000002"],
    [1.23e-5, "0.000012"],
    [Number.MAX_SAFE_INTEGER, "9007199254740991"],
  ])("%s → %s", (input, expected) => {
    expect(formatNumber(input)).toBe(expected);
  });

  it("never writes NaN or Infinity", () => {
    expect(formatNumber(Number.NaN)).toBeNull();
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBeNull();
    expect(formatNumber(Number.NEGATIVE_INFINITY)).toBeNull();
  });

  it("is within half a millionth of the value and never uses exponent notation", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e15, max: 1e15, noNaN: true }), (x) => {
        const text = formatNumber(x)!;
        expect(text).not.toMatch(/e/i);
        expect(text).toMatch(/^-?\d+(\.\d{1,6})?$/);
        expect(Math.abs(Number(text) - x)).toBeLessThanOrEqual(5e-7 + Math.abs(x) * Number.EPSILON * 4);
      }),
    );
  });

  it("equals toFixed(6) with trailing zeros dropped (the definition), short decimals included", () => {
    const byDefinition = (x: number): string => {
      if (Number.isInteger(x)) return formatNumber(x)!;
      let text = x.toFixed(6);
      if (text.includes(".")) text = text.replace(/0+$/, "").replace(/\.$/, "");
      return text === "-0" ? "0" : text;
    };
    const shortDecimal = fc
      .tuple(fc.integer({ min: -2e9, max: 2e9 }), fc.integer({ min: 0, max: 7 }))
      .map(([digits, places]) => digits / 10 ** places);
    fc.assert(
      fc.property(fc.oneof(fc.double({ min: -1e10, max: 1e10, noNaN: true }), shortDecimal), (x) => {
        expect(formatNumber(x)).toBe(byDefinition(x));
      }),
      { numRuns: 2000 },
    );
  });

  it("is stable: formatting the read-back value gives the same text", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), (x) => {
        const once = formatNumber(x)!;
        expect(formatNumber(Number(once))).toBe(once);
      }),
    );
  });

  it("normalizeNumber returns the number a reader would parse", () => {
    expect(normalizeNumber(1 / 3)).toBe(0.333333);
    expect(normalizeNumber(Number.NaN)).toBeNull();
    expect(Object.is(normalizeNumber(-0), 0)).toBe(true);
  });
});

describe("toJson", () => {
  it("matches JSON.stringify layout, with report numbers", () => {
    const value = { b: 1, a: [1, "x", null, true], e: [], o: {}, n: { deep: { x: 2.5 } } };
    expect(toJson(value)).toBe(JSON.stringify(value, null, 2));
  });

  it("keeps insertion order, rounds numbers, writes null for NaN/Infinity and drops undefined", () => {
    const value = {
      z: 1 / 3,
      a: Number.NaN,
      m: Number.POSITIVE_INFINITY,
      u: undefined,
      arr: [undefined, -0],
    };
    expect(toJson(value)).toBe(
      '{\n  "z": 0.333333,\n  "a": null,\n  "m": null,\n  "arr": [\n    null,\n    0\n  ]\n}',
    );
  });

  it("escapes strings and keys as JSON does", () => {
    const value = { 'q"k': 'line\n"quoted"\\ \u0001 é' };
    expect(JSON.parse(toJson(value))).toEqual(value);
  });

  it("supports compact output", () => {
    expect(toJson({ a: [1, 2], b: {} }, 0)).toBe('{"a":[1,2],"b":{}}');
  });

  it("parses back to the normalized value for any JSON-like input", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = toJson(value);
        expect(JSON.parse(text)).toEqual(
          JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === "number" ? normalizeNumber(v) : v))),
        );
      }),
    );
  });
});
