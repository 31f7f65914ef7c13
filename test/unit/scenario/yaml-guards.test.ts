import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Diagnostics } from "../../../src/scenario/errors.js";
import { MAX_YAML_DEPTH, MAX_YAML_KEYS, MAX_YAML_VALUES } from "../../../src/scenario/limits.js";
import { newValueBudget } from "../../../src/scenario/yaml-guards.js";
import { parseYamlFile } from "../../../src/scenario/yaml-source.js";
import { errorsOf, load, SIM_HEAD } from "./mem-fs.js";

function parse(text: string, budget = newValueBudget()) {
  const diag = new Diagnostics();
  const docs = parseYamlFile("x.yaml", text, diag, budget);
  return { docs, errors: diag.errors().map((e) => e.format()) };
}

const SECRET = "hunter2-do-not-echo";

describe("YAML nesting depth", () => {
  it(`accepts ${MAX_YAML_DEPTH} levels and refuses one more, located where it starts`, () => {
    const nest = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}\n`;
    expect(parse(nest(MAX_YAML_DEPTH)).errors).toEqual([]);
    expect(parse(`${nest(MAX_YAML_DEPTH + 1)}`).errors).toEqual([
      `x.yaml:1:${MAX_YAML_DEPTH + 1} too deeply nested: more than ${MAX_YAML_DEPTH} levels of mappings and lists (the limit)`,
    ]);
  });

  it("gives the real reason for a scenario nested thousands deep, not 'no Simulation document'", () => {
    const deep = `${"{a: ".repeat(5000)}1${"}".repeat(5000)}`;
    const errors = errorsOf(load(`${SIM_HEAD}spec:\n  x: ${deep}\n`));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^scenarios\/test\.yaml:6:\d+ too deeply nested: more than 100 levels/);
  });

  it("counts block indentation as nesting too", () => {
    const lines = Array.from({ length: MAX_YAML_DEPTH + 1 }, (_, i) => `${"  ".repeat(i)}a:`);
    expect(parse(`${lines.join("\n")} 1\n`).errors).toEqual([
      `x.yaml:${MAX_YAML_DEPTH + 1}:${2 * MAX_YAML_DEPTH + 1} too deeply nested: more than ${MAX_YAML_DEPTH} levels of mappings and lists (the limit)`,
    ]);
  });
});

describe("YAML keys per mapping", () => {
  const mapping = (n: number) => Array.from({ length: n }, (_, i) => `k${i}: v\n`).join("");

  it(`accepts ${MAX_YAML_KEYS} keys and refuses more, at the first key over`, () => {
    expect(parse(mapping(MAX_YAML_KEYS)).errors).toEqual([]);
    expect(parse(mapping(MAX_YAML_KEYS + 1)).errors).toEqual([
      `x.yaml:${MAX_YAML_KEYS + 1}:1 too many keys: a mapping with more than ${MAX_YAML_KEYS} keys (the limit)`,
    ]);
  });

  it("bounds flow mappings the same way", () => {
    const flow = `{${Array.from({ length: MAX_YAML_KEYS + 1 }, (_, i) => `k${i}: 1`).join(", ")}}\n`;
    expect(parse(flow).errors[0]).toMatch(/^x\.yaml:1:\d+ too many keys/);
  });

  it("finds duplicate keys (as strings, like the API server's JSON) and points at the first", () => {
    expect(parse("a: 1\nb: 2\na: 3\n").errors).toEqual([
      "x.yaml:3:1 YAML syntax error: Map keys must be unique (the first is at line 1, column 1)",
    ]);
    expect(parse('m: {1: a, "1": b}\n').errors).toEqual([
      "x.yaml:1:11 YAML syntax error: Map keys must be unique (the first is at line 1, column 5)",
    ]);
    expect(parse("a: {x: 1}\nb: {x: 1}\n").errors).toEqual([]);
  });
});

describe("YAML values per scenario", () => {
  it("refuses a file with more values than the budget before parsing it", () => {
    const limit = 1000;
    const text = `a: [${Array.from({ length: limit }, () => "1").join(",")}]\n`;
    const { errors, docs } = parse(text, newValueBudget(limit));
    expect(docs).toEqual([]);
    // `a` and `[` are two values: the one over the limit is the (MAX - 1)th `1`.
    expect(errors).toEqual([
      `x.yaml:1:${2 * limit + 1} too many values: more than ${limit} in the scenario's YAML files together (the limit)`,
    ]);
  });

  it("defaults to MAX_YAML_VALUES", () => {
    expect(newValueBudget()).toEqual({ limit: MAX_YAML_VALUES, left: MAX_YAML_VALUES });
  });

  it("counts every kind of value once, and shares one budget between the files of a scenario", () => {
    const budget = { limit: 16, left: 16 };
    // e 1 a [ 1 { b 'q' c *x l - "d" - text: 15 values (an anchor or a block header is not one).
    const text = "e: &x 1\na: [1, {b: 'q', c: *x}]\nl:\n  - \"d\"\n  - |\n    text\n";
    expect(parse(text, budget).errors).toEqual([]);
    expect(budget.left).toBe(1);
    expect(parse("f: [1, 2]\n", budget).errors).toEqual([
      `x.yaml:1:4 too many values: more than 16 in the scenario's YAML files together (the limit)`,
    ]);
  });
});

describe("YAML aliases", () => {
  const laughs = (levels: number) => {
    let text = `l0: &l0 [${Array(10).fill('"lol"').join(", ")}]\n`;
    for (let i = 1; i <= levels; i++)
      text += `l${i}: &l${i} [${Array(10)
        .fill(`*l${i - 1}`)
        .join(", ")}]\n`;
    return text;
  };

  it("refuses a billion laughs at the alias that crosses the limit, without expanding it", () => {
    const { errors, docs } = parse(laughs(9));
    expect(docs).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^x\.yaml:5:\d+ too many aliases: the aliases \(\*name\) of this document stand for more than 100000 values/,
    );
  });

  it("follows aliases of a modest document, to the last anchor of that name before them", () => {
    const { docs, errors } = parse(`${laughs(2)}a: &x 1\nb: *x\nc: &x 2\nd: *x\n`);
    expect(errors).toEqual([]);
    const root = docs[0]!.root;
    expect((root.get("l2").toJS() as unknown[][]).flat(2)).toHaveLength(1000);
    expect([root.get("b").scalar, root.get("d").scalar]).toEqual([1, 2]);
  });

  it("refuses an alias without an anchor and one inside the node it names", () => {
    expect(parse("a: *nope\n").errors).toEqual([
      "x.yaml:1:4 YAML syntax error: an alias (*name) with no anchor (&name) of that name before it",
    ]);
    expect(parse("a: &x [1, *x]\n").errors[0]).toMatch(/^x\.yaml:1:11 too many aliases/);
  });

  it("builds plain values itself: a __proto__ key is data", () => {
    const [doc] = parse('p: {__proto__: {polluted: true}, "a b": [1, 3]}\n').docs;
    const value = doc!.root.get("p").toJS() as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["__proto__", "a b"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("reads any JSON value back as it was (a property)", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const { docs, errors } = parse(`v: ${JSON.stringify(value)}\n`);
        expect(errors).toEqual([]);
        expect(docs[0]!.root.get("v").toJS()).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 200 },
    );
  });
});

describe("YAML syntax errors never quote the source", () => {
  it.each([
    ["a block scalar header", `a: |x${SECRET}\n  b\n`],
    ["an escape sequence", `a: "\\q${SECRET}"\n`],
    ["a directive", `%YAML 9.9 ${SECRET}\n---\na: 1\n`],
    ["an unexpected token", `a: b\n ${SECRET}: [\n`],
    ["a bad flow", `a: [${SECRET}, }\n`],
    ["a stray indicator", `@${SECRET}\n`],
  ])("%s", (_what, text) => {
    const { errors } = parse(text);
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e).not.toContain(SECRET);
  });
});
