/**
 * Values a scenario field should never be trusted to hold: the wrong type, huge, negative,
 * NaN-like, empty, very long, control or bidi characters, deep nesting. Shared by the
 * mutation generator and the grammar generator.
 */
import fc from "fast-check";

/** A value the YAML writer can express (maps, lists, scalars). */
export type YamlLike = null | boolean | number | string | YamlLike[] | { [key: string]: YamlLike };

const otherTypes: fc.Arbitrary<YamlLike> = fc.constantFrom<YamlLike>(
  null,
  true,
  false,
  0,
  1,
  "",
  "text",
  [],
  {},
  ["a", 1],
  { a: 1 },
);

const hugeOrNegative: fc.Arbitrary<YamlLike> = fc.oneof(
  fc.constantFrom<YamlLike>(
    -1,
    -0.5,
    2 ** 31,
    -(2 ** 31) - 1,
    2 ** 53 + 2,
    Number.MAX_SAFE_INTEGER,
    1e308,
    -1e308,
    5e-324,
  ),
  fc.integer(),
  fc.double({ noNaN: true }),
);

const nanLike: fc.Arbitrary<YamlLike> = fc.constantFrom<YamlLike>(
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  "NaN",
  ".nan",
  "Infinity",
  "-.inf",
  "1e999",
  "0x10",
  "1_000",
);

/** Strings close to what duration, time and quantity fields expect, and not quite right. */
const nearMissStrings: fc.Arbitrary<YamlLike> = fc.constantFrom<YamlLike>(
  "0s",
  "-5m",
  "1ms",
  "0.5ms",
  "1e3s",
  "1.5",
  "5",
  "999999999999h",
  "1h1h",
  "1w2d3h",
  "2026-02-30T00:00:00Z",
  "2026-03-01T00:00:00",
  "9999-12-31T23:59:59Z",
  "0000-01-01T00:00:00Z",
  "*/0 * * * *",
  "@every 1m",
  "TZ=UTC 0 * * * *",
  "61 * * * *",
  "1Gi",
  "500m",
  "-1",
  "1e9",
);

const oddCharacters: fc.Arbitrary<YamlLike> = fc.oneof(
  fc.constantFrom<YamlLike>(
    "\u0000",
    "a\u0007b",
    "\u202e\u2066evil",
    "\ufeffbom",
    "line\nbreak",
    "tab\there",
    "\u{1F600}",
    "\ud800",
    "__proto__",
    "constructor",
  ),
  fc.string({ unit: "binary", maxLength: 12 }),
);

const veryLong: fc.Arbitrary<YamlLike> = fc
  .tuple(fc.constantFrom("a", "1h", "x-", "\u00e9"), fc.integer({ min: 64, max: 5000 }))
  .map(([unit, times]) => unit.repeat(times));

/** `depth` levels of lists or maps around a scalar. */
export function nested(depth: number, asMap: boolean): YamlLike {
  let v: YamlLike = 1;
  for (let i = 0; i < depth; i++) v = asMap ? { a: v } : [v];
  return v;
}

const deepNesting: fc.Arbitrary<YamlLike> = fc
  .tuple(fc.integer({ min: 2, max: 200 }), fc.boolean())
  .map(([depth, asMap]) => nested(depth, asMap));

/** Any odd value. */
export const oddValue: fc.Arbitrary<YamlLike> = fc.oneof(
  otherTypes,
  hugeOrNegative,
  nanLike,
  nearMissStrings,
  oddCharacters,
  veryLong,
  deepNesting,
);
