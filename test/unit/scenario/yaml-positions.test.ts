import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Diagnostics } from "../../../src/scenario/errors.js";
import { parseYamlFile } from "../../../src/scenario/yaml-source.js";

function errorLocations(text: string): { line: number; column: number }[] {
  const diag = new Diagnostics();
  parseYamlFile("x.yaml", text, diag);
  return diag.errors().map((e) => ({ line: e.line, column: e.column }));
}

/** Pieces of YAML that, stitched together, reach the parser's error recovery often. */
const PIECES = [
  "a",
  ":",
  " ",
  "\n",
  "\r\n",
  "- ",
  "]",
  "[",
  "{",
  "}",
  '"',
  "'",
  "|",
  "#",
  "  ",
  "b: c",
  "\t",
  "---\n",
];

describe("YAML syntax error positions", () => {
  it("a syntax error after a rejected token is on its own line (found by the CLI fuzz suite)", () => {
    // The multi-line plain scalar "c\n  d" follows a rejected "]": the parser did not report its
    // line break, so the ":" on line 3 was placed at 2:12, past the end of "]  b: c".
    expect(errorLocations("a:\n]  b: c\n  d: e\n")).toEqual([
      { line: 2, column: 1 },
      { line: 2, column: 4 },
      { line: 2, column: 5 },
      { line: 2, column: 7 },
      { line: 3, column: 4 },
      { line: 3, column: 6 },
    ]);
  });

  it("every located error lies inside the text: an existing line, a column at most one past its end", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), (pieces) => {
        const text = pieces.join("");
        const lines = text.split("\n");
        for (const { line, column } of errorLocations(text)) {
          expect(line).toBeGreaterThanOrEqual(1);
          expect(line).toBeLessThanOrEqual(lines.length);
          expect(column).toBeGreaterThanOrEqual(1);
          expect(column).toBeLessThanOrEqual(lines[line - 1]!.length + 1);
        }
      }),
      { seed: 20261206, numRuns: 2000 },
    );
  });
});
