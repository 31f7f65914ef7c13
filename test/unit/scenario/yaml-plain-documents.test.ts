import { describe, expect, it } from "vitest";
import { Diagnostics } from "../../../src/scenario/errors.js";
import { parseYamlFile, parseYamlFileWithLibrary, type YValue } from "../../../src/scenario/yaml-source.js";

/** 30 Job-like documents, more than the loader keeps the nodes of at once. */
const TEXT = Array.from(
  { length: 30 },
  (_, i) =>
    `---\nkind: Job\nmetadata:\n  name: job-${i}\nspec:\n  parallelism: ${i}\n  template: {a: [${i}]}\n`,
).join("");

/** What a reader sees of a document: its values and where each field is. */
function seen(root: YValue): unknown {
  const spec = root.get("spec");
  return {
    value: root.toJS(),
    name: root.get("metadata").get("name").location(),
    parallelism: spec.get("parallelism").location(),
    template: spec.get("template").get("a").items()[0]!.location(),
    missing: spec.get("completions").location(),
  };
}

describe("documents of plain block YAML, read again when their nodes were dropped", () => {
  it("read in any order, say what the library's documents say", () => {
    const docs = parseYamlFile("x.yaml", TEXT, new Diagnostics());
    const library = parseYamlFileWithLibrary("x.yaml", TEXT, new Diagnostics()).map((d) => seen(d.root));
    expect(docs.map((d) => d.index)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const order = [...docs.keys()].reverse().concat([...docs.keys()], [0, 29, 0, 15]);
    for (const i of order) expect(seen(docs[i]!.root)).toEqual(library[i]);
  });

  it("keeps a cursor on a field valid after its document's nodes were dropped", () => {
    const docs = parseYamlFile("x.yaml", TEXT, new Diagnostics());
    const name = docs[0]!.root.get("metadata").get("name");
    for (const d of docs) d.root.toJS();
    expect(name.scalar).toBe("job-0");
    expect(name.location()).toEqual({ file: "x.yaml", line: 4, column: 9 });
  });
});
