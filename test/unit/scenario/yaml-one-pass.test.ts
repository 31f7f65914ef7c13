import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Composer, type CST, Parser } from "yaml";
import { Diagnostics } from "../../../src/scenario/errors.js";
import { MAX_YAML_DEPTH } from "../../../src/scenario/limits.js";
import { withYamlDebugEnv } from "../../../src/scenario/yaml-debug-env.js";
import {
  checkTokenShape,
  newValueBudget,
  spendValues,
  type ValueBudget,
} from "../../../src/scenario/yaml-guards.js";
import { parseYamlFile } from "../../../src/scenario/yaml-source.js";

/** What parseYamlFile says of a text: its errors, and each document kept (index and text). */
function outcome(text: string, budget: ValueBudget) {
  const diag = new Diagnostics();
  const docs = parseYamlFile("x.yaml", text, diag, budget);
  return {
    errors: diag.errors().map((e) => e.format()),
    docs: docs.map((d) => `${d.index}: ${JSON.stringify(d.root.toJS())}`),
    left: budget.left,
  };
}

/**
 * The checks one after another over the whole file, as parseYamlFile did before it made them
 * one pass: the values counted, then the whole token tree held and shape-checked, then composed.
 * Only the outcome before checkDocument is compared: the rest is the same code.
 */
function stepByStep(text: string, budget: ValueBudget): { errors: string[]; composed: number; left: number } {
  const at = (offset: number) => {
    const lines = text.slice(0, offset).split("\n");
    return `x.yaml:${lines.length}:${lines.at(-1)!.length + 1}`;
  };
  const over = spendValues(text, budget);
  if (over !== null)
    return { errors: [`${at(over.offset)} ${over.message}`], composed: 0, left: budget.left };
  const tokens: CST.Token[] = Array.from(new Parser().parse(text));
  const shape = checkTokenShape(tokens);
  if (shape !== null)
    return { errors: [`${at(shape.offset)} ${shape.message}`], composed: 0, left: budget.left };
  const docs = Array.from(
    new Composer({ prettyErrors: false, uniqueKeys: false }).compose(tokens, true, text.length),
  );
  return { errors: [], composed: docs.length, left: budget.left };
}

describe("parseYamlFile in one pass", () => {
  it("says what the checks one after another said, for any text and budget", () => {
    const piece = fc.constantFrom(
      "a",
      "b: ",
      ": ",
      "- ",
      "\n",
      "\n  ",
      "[",
      "]",
      "{",
      "}",
      ", ",
      "&x ",
      "*x",
      "'q'",
      '"d"',
      "# c\n",
      "\n---\n",
      "|\n  t\n",
      "[[[[",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.integer({ min: 0, max: 30 }), (pieces, limit) => {
        const text = pieces.join("");
        const got = outcome(text, newValueBudget(limit));
        const want = stepByStep(text, newValueBudget(limit));
        expect(got.left).toBe(want.left);
        // A budget or shape problem is all that is said of the file, and no document is kept.
        if (want.errors.length > 0) {
          expect(got.errors).toEqual(want.errors);
          expect(got.docs).toEqual([]);
        } else {
          expect(got.errors.some((e) => /too many values|too deeply nested|too many keys/.test(e))).toBe(
            false,
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it("refuses a file over the value budget whole, even after a document nested too deeply", () => {
    const deep = `${"[".repeat(MAX_YAML_DEPTH + 1)}${"]".repeat(MAX_YAML_DEPTH + 1)}\n`;
    const text = `${deep}---\nx: [1, 2, 3]\n`;
    // The deep list is 101 values, `x` and `[` two more: `1` is one too many.
    const budget = newValueBudget(MAX_YAML_DEPTH + 1 + 2);
    expect(outcome(text, budget).errors).toEqual([
      `x.yaml:3:5 too many values: more than ${MAX_YAML_DEPTH + 3} in the scenario's YAML files together (the limit)`,
    ]);
  });

  it("gives the first shape problem and no syntax error of an earlier document", () => {
    const deep = `${"[".repeat(MAX_YAML_DEPTH + 1)}${"]".repeat(MAX_YAML_DEPTH + 1)}\n`;
    expect(outcome(`a: {b: 1\n---\n${deep}`, newValueBudget()).errors).toEqual([
      `x.yaml:3:${MAX_YAML_DEPTH + 1} too deeply nested: more than ${MAX_YAML_DEPTH} levels of mappings and lists (the limit)`,
    ]);
  });
});

describe("withYamlDebugEnv", () => {
  it("shows the yaml library only its two debug variables, and puts the environment back", () => {
    const real = process.env;
    process.env.LOG_STREAM = "1";
    try {
      const seen = withYamlDebugEnv(() => ({ ...process.env }));
      expect(seen).toEqual({ LOG_STREAM: "1" });
      expect(process.env).toBe(real);
      expect(() =>
        withYamlDebugEnv(() => {
          throw new Error("boom");
        }),
      ).toThrow("boom");
      expect(process.env).toBe(real);
    } finally {
      delete process.env.LOG_STREAM;
    }
  });
});
