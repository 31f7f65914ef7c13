import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isMap, isScalar, isSeq, type Node } from "yaml";
import { Diagnostics } from "../../src/scenario/errors.js";
import { readPlainBlockYaml } from "../../src/scenario/yaml-fast-path.js";
import { newValueBudget, spendValues } from "../../src/scenario/yaml-guards.js";
import { parseYamlFile, parseYamlFileWithLibrary, type YValue } from "../../src/scenario/yaml-source.js";

/** Everything of a node a reader can see: kind, value, range, flow, children. */
function shape(node: Node | null): unknown {
  if (node === null) return null;
  if (isMap(node))
    return {
      map: node.items.map((p) => [shape(p.key as Node | null), shape(p.value as Node | null)]),
      range: node.range,
      flow: node.flow === true,
    };
  if (isSeq(node))
    return {
      seq: node.items.map((i) => shape(i as Node | null)),
      range: node.range,
      flow: node.flow === true,
    };
  if (isScalar(node)) {
    const v = node.value;
    return { value: typeof v === "number" ? String(v) : v, type: typeof v, range: node.range };
  }
  return "another kind of node";
}

/**
 * Where every value of a document is, as a reader reports problems: each value's location and
 * its key's, and where a missing field of each mapping would be reported.
 */
function locations(v: YValue): string[] {
  const here = (x: YValue) => `${x.path} ${JSON.stringify(x.location())} ${JSON.stringify(x.keyLocation())}`;
  const out = [here(v)];
  if (v.kind === "map") {
    out.push(here(v.get("no-such-field")));
    for (const { value } of v.entries(true)) out.push(...locations(value));
  }
  for (const item of v.items()) out.push(...locations(item));
  return out;
}

/** What parseYamlFile (fast path and all) or the library alone says of `text`. */
function outcome(parse: typeof parseYamlFile, text: string, limit?: number) {
  const diag = new Diagnostics();
  const budget = newValueBudget(limit);
  const docs = parse("x.yaml", text, diag, budget);
  return {
    errors: diag.errors().map((e) => e.format()),
    docs: docs.map((d) => ({ index: d.index, root: shape(d.root.node) })),
    left: budget.left,
  };
}

// Scalars of every core-schema type, and strings that look like them.
const PLAIN = [
  "a",
  "batch/v1",
  "250m",
  "2",
  "-1",
  "+3",
  "007",
  "0o17",
  "0o8",
  "0x1F",
  "0xG",
  "1e3",
  "-2.5E-2",
  "2.50",
  ".5",
  "1.",
  ".inf",
  "-.Inf",
  ".NaN",
  "null",
  "Null",
  "NULL",
  "~",
  "true",
  "False",
  "TRUE",
  "yes",
  "a:b",
  "http://x:80/y",
  "a  b",
  "x#y",
  "-x",
  "1_000",
  "12345678901234567890",
  "a,b",
  "a[0]",
  "<<",
  "$x",
  "Never",
];
const QUOTED = ['"q"', "'it''s'", '"a: b"', "'#x'", '""', "''", '"x, y"', "'[z]'"];
const FLOW_PLAIN = [
  "a",
  "b c",
  "250m",
  "1",
  "-2",
  "0x1F",
  "1e3",
  ".inf",
  "null",
  "true",
  "http://h:1/p",
  "~",
];
const KEYS = [
  "a",
  "b",
  "name",
  "app.kubernetes.io/name",
  '"q k"',
  "'s k'",
  "1",
  "true",
  "null",
  "x-y",
  "a b",
];
/** Spaces and comments after a value. */
const AFTER = ["", "", " ", "  # c", " #x"];
/** Lines before an entry: none or blank (comment lines inside a document are the library's). */
const BEFORE = ["", "", "", "\n", "\n  \n"];

const flowText: fc.Arbitrary<string> = fc.letrec<{ flow: string; item: string }>((tie) => ({
  item: fc.oneof({ depthSize: "small" }, fc.constantFrom(...FLOW_PLAIN, ...QUOTED), tie("flow")),
  flow: fc.oneof(
    fc
      .array(fc.tuple(tie("item"), fc.constantFrom("", " ")), { maxLength: 3 })
      .map((xs) => `[${xs.map(([x, s]) => `${x}${s}`).join(", ")}]`),
    fc
      .uniqueArray(fc.tuple(fc.constantFrom(...FLOW_PLAIN.slice(0, 4), '"k"'), tie("item")), {
        maxLength: 3,
        selector: ([k]) => k.replace(/"/g, ""),
      })
      .map((xs) => `{${xs.map(([k, v]) => `${k}: ${v}`).join(", ")}}`),
  ),
})).flow;

type Tree =
  | { kind: "scalar"; text: string }
  | { kind: "map"; entries: [string, Tree, string, string][]; indent: number; sameIndentList: boolean }
  | { kind: "seq"; items: [Tree, string, string][]; indent: number; compact: boolean };

const tree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree; map: Tree; seq: Tree; scalar: Tree }>((tie) => ({
  scalar: fc
    .oneof(fc.constantFrom(...PLAIN, ...QUOTED, ""), flowText)
    .map((text): Tree => ({ kind: "scalar", text })),
  tree: fc.oneof({ depthSize: "small" }, tie("scalar"), tie("map"), tie("seq")),
  map: fc.record({
    kind: fc.constant("map" as const),
    entries: fc.uniqueArray(
      fc.tuple(fc.constantFrom(...KEYS), tie("tree"), fc.constantFrom(...AFTER), fc.constantFrom(...BEFORE)),
      { minLength: 1, maxLength: 4, selector: ([k]) => k.replace(/^["']|["']$/g, "") },
    ),
    indent: fc.integer({ min: 1, max: 3 }),
    sameIndentList: fc.boolean(),
  }),
  seq: fc.record({
    kind: fc.constant("seq" as const),
    items: fc.array(fc.tuple(tie("tree"), fc.constantFrom(...AFTER), fc.constantFrom(...BEFORE)), {
      minLength: 1,
      maxLength: 4,
    }),
    indent: fc.integer({ min: 1, max: 3 }),
    compact: fc.boolean(),
  }),
})).tree;

/** An empty value's range takes in a comment after it by rules of the library's: no comment there. */
function uncommented(after: string): string {
  return after.includes("#") ? " " : after;
}

/** `t` as block YAML at column `col`; `first`: the first line's indentation is already written. */
function render(t: Tree, col: number, first = false): string {
  const pad = (n: number) => " ".repeat(n);
  if (t.kind === "scalar") return t.text;
  let out = "";
  if (t.kind === "map") {
    t.entries.forEach(([key, value, after, before], i) => {
      const lead = i === 0 && first ? "" : `${before}${pad(col)}`;
      if (value.kind === "scalar") {
        const v = value.text === "" ? "" : ` ${value.text}`;
        out += `${lead}${key}:${v}${value.text === "" ? uncommented(after) : after}\n`;
      } else {
        const at = value.kind === "seq" && t.sameIndentList ? col : col + value.indent;
        out += `${lead}${key}:${after}\n${render(value, at)}`;
      }
    });
    return out;
  }
  t.items.forEach(([item, after, before], i) => {
    const lead = i === 0 && first ? "" : `${before}${pad(col)}`;
    if (item.kind === "scalar")
      out += `${lead}-${item.text === "" ? uncommented(after) : ` ${item.text}${after}`}\n`;
    else if (t.compact) out += `${lead}- ${render(item, col + 2, true)}`;
    else out += `${lead}-${after}\n${render(item, col + t.indent)}`;
  });
  return out;
}

/** Documents of collections (a scalar root is the library's), with `---` between them. */
const documents: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      tree.filter((t) => t.kind !== "scalar"),
      fc.constantFrom("", "---\n", "--- # doc\n", "# head\n---\n"),
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map((docs) => docs.map(([t, head], i) => `${i === 0 ? head : "---\n"}${render(t, 0)}`).join(""));

/** Characters whose insertion changes YAML the most. */
const EDIT = [
  " ",
  "\n",
  ":",
  "-",
  "#",
  "'",
  '"',
  "[",
  "]",
  "{",
  "}",
  ",",
  "\t",
  "&",
  "*",
  "!",
  "|",
  ">",
  "?",
  "a",
  "1",
];

const edited: fc.Arbitrary<string> = fc
  .tuple(
    documents,
    fc.array(fc.tuple(fc.nat(), fc.constantFrom(...EDIT, "")), { minLength: 1, maxLength: 3 }),
  )
  .map(([text, edits]) => {
    let out = text;
    for (const [at, c] of edits) {
      const i = at % (out.length + 1);
      // An empty edit deletes the character there.
      out = c === "" ? out.slice(0, i) + out.slice(i + 1) : out.slice(0, i) + c + out.slice(i);
    }
    return out;
  });

describe("the plain block YAML fast path", () => {
  it("reads generated block YAML as the library does: the same nodes, ranges, value count and locations", () => {
    fc.assert(
      fc.property(documents, (text) => {
        const fast = readPlainBlockYaml(text);
        expect(fast).not.toBeNull();
        const library = outcome(parseYamlFileWithLibrary, text);
        expect(library.errors).toEqual([]);
        expect(fast!.docs.map((d) => ({ index: d.index, root: shape(d.root) }))).toEqual(library.docs);
        const budget = newValueBudget();
        spendValues(text, budget);
        expect(fast!.values).toBe(budget.limit - budget.left);
        const fastDocs = parseYamlFile("x.yaml", text, new Diagnostics());
        const libraryDocs = parseYamlFileWithLibrary("x.yaml", text, new Diagnostics());
        expect(fastDocs.map((d) => locations(d.root))).toEqual(libraryDocs.map((d) => locations(d.root)));
      }),
      { numRuns: 60 },
    );
  });

  it("says what the library says of any edit of it: errors, locations, documents and budget", () => {
    fc.assert(
      fc.property(edited, fc.option(fc.integer({ min: 0, max: 60 })), (text, limit) => {
        const budget = limit ?? undefined;
        expect(outcome(parseYamlFile, text, budget)).toEqual(outcome(parseYamlFileWithLibrary, text, budget));
      }),
      { numRuns: 200 },
    );
  });

  it("takes a Job manifest as the bench writes them", () => {
    const job = [
      "---",
      "apiVersion: batch/v1",
      "kind: Job",
      "metadata:",
      "  name: batch-000001",
      "spec:",
      "  template:",
      "    spec:",
      "      containers:",
      "        - name: worker",
      "          image: registry.example.com/ingest/worker:2.4.1",
      "          resources:",
      "            requests: {cpu: 250m, memory: 256Mi}",
      "",
    ].join("\n");
    const fast = readPlainBlockYaml(job + job.replace("000001", "000002"));
    expect(fast?.docs.map((d) => d.index)).toEqual([1, 2]);
    expect(fast?.values).toBe(46);
  });

  it.each([
    ["an anchor and alias", "a: &x 1\nb: *x\n"],
    ["a tag", "a: !!str 1\n"],
    ["a block scalar", "a: |\n  text\n"],
    ["a multi-line plain scalar", "a: one\n  two\n"],
    ["a multi-line flow collection", "a: [1,\n  2]\n"],
    ["an escape", 'a: "\\n"\n'],
    ["a tab", "a:\t1\n"],
    ["a carriage return", "a: 1\r\n"],
    ["non-ASCII text", "a: café\n"],
    ["a duplicate key", "a: 1\na: 2\n"],
    ["a bad indentation", "a:\n    b: 1\n  c: 2\n"],
    ["an explicit key", "? a\n: 1\n"],
    ["a document end marker", "a: 1\n...\n"],
    ["a directive", "%YAML 1.2\n---\na: 1\n"],
    ["a scalar document", "--- text\n"],
    ["a compact mapping as a value", "a: b: c\n"],
    ["a dash before a flow indicator", "a: [-, true]\n"],
    ["a dash closing a flow list", "a: [1, -]\n"],
    ["a key that is a dash", "-: 1\n"],
    ["a key that is a dash in a list", "- -: 1\n"],
    ["a flow key that is a dash", "a: {-: 1}\n"],
  ])("leaves %s to the library", (_what, text) => {
    expect(readPlainBlockYaml(text)).toBeNull();
    expect(outcome(parseYamlFile, text)).toEqual(outcome(parseYamlFileWithLibrary, text));
  });
});
