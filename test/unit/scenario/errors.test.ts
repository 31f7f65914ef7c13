import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Diagnostics,
  editDistance,
  escapeControls,
  keyPath,
  ScenarioError,
  suggest,
} from "../../../src/scenario/errors.js";
import { parseYamlFile } from "../../../src/scenario/yaml-source.js";

describe("ScenarioError", () => {
  it("formats as file:line:column path: message", () => {
    const e = new ScenarioError(
      "scenarios/etl.yaml",
      14,
      20,
      "spec.workloads[0].failure.probability",
      "expected a number between 0 and 1, got 1.5",
    );
    expect(e.format()).toBe(
      "scenarios/etl.yaml:14:20 spec.workloads[0].failure.probability: expected a number between 0 and 1, got 1.5",
    );
    expect(new ScenarioError("a.yaml", 1, 1, "", "file-level").format()).toBe("a.yaml:1:1 file-level");
  });
});

describe("Diagnostics", () => {
  it("returns problems in document order: file first seen, then line, then column", () => {
    const d = new Diagnostics();
    d.noteFile("a.yaml");
    d.error({ file: "b.yaml", line: 1, column: 1 }, "x", "b1");
    d.error({ file: "a.yaml", line: 9, column: 1 }, "x", "a9");
    d.error({ file: "a.yaml", line: 2, column: 5 }, "x", "a2c5");
    d.error({ file: "a.yaml", line: 2, column: 3 }, "x", "a2c3");
    expect(d.errors().map((e) => e.message)).toEqual(["a2c3", "a2c5", "a9", "b1"]);
    expect(d.errorCount).toBe(4);
  });
});

describe("paths and suggestions", () => {
  it("writes map keys as Kubernetes does", () => {
    expect(keyPath("metadata.labels", "app")).toBe("metadata.labels[app]");
    expect(keyPath("exitCodes", "137")).toBe("exitCodes[137]");
    expect(keyPath("metadata.labels", "example.com/tier")).toBe('metadata.labels["example.com/tier"]');
  });

  it("suggests a known name within edit distance 2", () => {
    expect(editDistance("horizn", "horizon")).toBe(1);
    expect(suggest("horizn", ["seed", "horizon", "until"])).toBe("horizon");
    expect(suggest("workload", ["workloads"])).toBe("workloads");
    expect(suggest("banana", ["seed", "horizon"])).toBeNull();
  });
});

describe("parseYamlFile", () => {
  it("reports syntax errors located, and skips empty documents", () => {
    const d = new Diagnostics();
    const docs = parseYamlFile("x.yaml", "a: 1\n---\nb: {c: 1\n---\n---\nd: 2\n", d);
    expect(docs.map((doc) => doc.index)).toEqual([1, 4]);
    expect(d.errors().map((e) => e.format())).toEqual([
      "x.yaml:4:1 YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }",
    ]);
  });

  it("reports duplicate keys", () => {
    const d = new Diagnostics();
    parseYamlFile("x.yaml", "a: 1\na: 2\n", d);
    expect(d.errors().map((e) => e.format())).toEqual([
      "x.yaml:2:1 YAML syntax error: Map keys must be unique (the first is at line 1, column 1)",
    ]);
  });

  it("locates values, missing fields (at the parent's key) and empty values (at their key), following aliases", () => {
    const d = new Diagnostics();
    const [doc] = parseYamlFile(
      "x.yaml",
      "base: &b {x: 1}\nspec:\n  inner:\n    y: 2\n  empty:\nref: *b\n",
      d,
    );
    const root = doc!.root;
    expect(root.get("spec").get("inner").get("y").location()).toEqual({ file: "x.yaml", line: 4, column: 8 });
    expect(root.get("spec").get("inner").get("missing").location()).toEqual({
      file: "x.yaml",
      line: 3,
      column: 3,
    });
    expect(root.get("spec").get("inner").get("missing").path).toBe("spec.inner.missing");
    expect(root.get("spec").get("empty").location()).toEqual({ file: "x.yaml", line: 5, column: 3 });
    expect(root.get("spec").get("empty").isUnset).toBe(true);
    expect(root.get("ref").get("x").scalar).toBe(1);
  });
});

describe("escapeControls", () => {
  it("writes bidi and control characters as \\uXXXX, and leaves other text alone", () => {
    expect(escapeControls("abc\u202etxt.exe")).toBe("abc\\u202etxt.exe");
    expect(escapeControls("a\u0007b\nc\u001b[31m\u0085\u2066\u2069\u061c\u200f\u2028")).toBe(
      "a\\u0007b\\u000ac\\u001b[31m\\u0085\\u2066\\u2069\\u061c\\u200f\\u2028",
    );
    expect(escapeControls("é ü 日本 🙂 \\u202e")).toBe("é ü 日本 🙂 \\u202e");
  });

  it("leaves no unsafe character in any message (a property)", () => {
    const unsafe = /[\p{Cc}\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/u;
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const e = new ScenarioError(s, 1, 1, s, s).format();
        expect(unsafe.test(e)).toBe(false);
      }),
    );
  });

  it("is applied to every formatted message: a value from a scenario cannot reorder it", () => {
    const e = new ScenarioError("s.yaml", 3, 5, "metadata.name", 'Invalid value: "gnp.\u202eexe"');
    expect(e.format()).toBe('s.yaml:3:5 metadata.name: Invalid value: "gnp.\\u202eexe"');
    expect(e.message).toBe('Invalid value: "gnp.\u202eexe"');
  });
});
