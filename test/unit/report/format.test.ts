import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatNumber, LazyList, normalizeNumber, toJson } from "../../../src/report/format.js";

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

  // The oracle: JSON.stringify, with every number replaced by its report text. Arrays are
  // written by JSON.stringify a block of items at a time when nothing in them is written
  // differently, else value by value: both ways must give these bytes.
  const oracle = (value: unknown, indent: number): string => {
    const numbers: string[] = [];
    const marked = JSON.stringify(
      value,
      (_key, v: unknown) =>
        typeof v === "number" ? `\u0000${numbers.push(formatNumber(v) ?? "null") - 1}\u0000` : v,
      indent,
    );
    // A lone undefined or function: JSON.stringify returns no text, the writer writes null.
    if (marked === undefined) return "null";
    return marked.replace(/"\\u0000(\d+)\\u0000"/g, (_m, i: string) => numbers[Number(i)]!);
  };

  class Point {
    constructor(
      readonly x: number,
      readonly label: string,
    ) {}
  }

  const anyText = fc.string({
    unit: fc.integer({ min: 1, max: 0xffff }).map((c) => String.fromCharCode(c)), // lone surrogates too
    maxLength: 6,
  });
  const anyNumber = fc.oneof(
    fc.integer(),
    fc.double(),
    fc.constantFrom(-0, 1e21, -(2 ** 70), 1e-7, 0.1 + 0.2, Number.NaN, Number.NEGATIVE_INFINITY),
  );
  const leaf = fc.oneof(
    anyText,
    anyNumber,
    fc.integer({ min: -1000, max: 1000 }),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.constant(() => 1),
  );
  const { value: anyValue } = fc.letrec<{ value: unknown; list: unknown[]; record: Record<string, unknown> }>(
    (tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        leaf,
        tie("list"),
        tie("record"),
        tie("record").map((r) => Object.assign(Object.create(null), r)),
        fc.tuple(fc.integer(), anyText).map(([x, label]) => new Point(x, label)),
        fc.integer({ min: 0, max: 4e12 }).map((ms) => new Date(ms)),
        fc.array(leaf, { maxLength: 4 }).map((items) => new LazyList(items.length, (i) => items[i])),
      ),
      list: fc.array(tie("value"), { maxLength: 5 }),
      record: fc.dictionary(anyText, tie("value"), { maxKeys: 5 }),
    }),
  );
  // Long arrays of small records, a few of them with a number JSON.stringify writes otherwise.
  const longList = fc.array(
    fc.record({
      name: anyText,
      count: fc.oneof(fc.integer(), anyNumber),
      tags: fc.array(anyText, { maxLength: 2 }),
    }),
    { minLength: 200, maxLength: 800 },
  );

  it("writes JSON.stringify's text with report numbers, at any depth and indent", () => {
    fc.assert(
      fc.property(anyValue, fc.constantFrom(0, 2, 4, 10), (value, indent) => {
        expect(toJson(value, indent)).toBe(oracle(value, indent));
      }),
      { numRuns: 1000 },
    );
  });

  it("writes long arrays in blocks with the same bytes, whichever blocks need the slow way", () => {
    fc.assert(
      fc.property(longList, fc.constantFrom(0, 2), (list, indent) => {
        const value = { report: { items: list, after: [list.length] } };
        expect(toJson(value, indent)).toBe(oracle(value, indent));
      }),
      { numRuns: 60 },
    );
  });

  it("indents by more than JSON.stringify's 10 spaces when asked, arrays included", () => {
    const u = " ".repeat(12);
    expect(toJson({ a: [[1, { b: 2 }]] }, 12)).toBe(
      `{\n${u}"a": [\n${u}${u}[\n${u}${u}${u}1,\n${u}${u}${u}{\n${u}${u}${u}${u}"b": 2\n${u}${u}${u}}\n${u}${u}]\n${u}]\n}`,
    );
  });

  it("writes a boxed primitive in an array by its own keys, as everywhere else", () => {
    expect(toJson(Object(1), 0)).toBe("{}");
    expect(toJson([Object(1), Object("s")], 0)).toBe(`[{},${toJson(Object("s"), 0)}]`);
  });

  it("writes only own keys of long-array items whose prototype has enumerable keys", () => {
    // Inherited keys JSON.stringify never writes: a rounded, a bigint and a plain one.
    for (const inherited of [{ share: 0.1 + 0.2 }, { big: 1n }, { plain: "x" }]) {
      const items = Array.from({ length: 300 }, (_, i) => Object.assign(Object.create(inherited), { i }));
      expect(toJson({ items }, 2)).toBe(oracle({ items }, 2));
    }
  });

  it("throws its own error for a bigint inside a long array", () => {
    const value = { items: [...Array.from({ length: 300 }, (_, i) => ({ i })), { big: 1n }] };
    expect(() => toJson(value)).toThrow(/cannot hold a bigint/);
  });
});
