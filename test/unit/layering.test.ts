/**
 * Layers point down only. The order of src/'s modules is written down here, once (README's
 * "How it works" lists them in the same order): a module may import from a layer below it and
 * from inside itself, never from a layer above, and never from a sibling in its own layer. Every
 * import counts: static and type-only, `export ... from`, and dynamic `import()`. No file may be
 * part of an import cycle either, type-only imports included (a shared type gets its own home).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  type ImportEdge,
  importGraph,
  importsOf,
  resolveSpecifier,
  sourceFiles,
} from "../helpers/import-graph.js";

/** Bottom to top; the modules of one layer are siblings and may not import each other. */
const LAYERS: readonly (readonly string[])[] = [
  ["collections", "io"],
  ["engine"],
  ["rand", "cron"],
  ["k8s"],
  ["controllers/job", "scenario"],
  ["controllers/cronjob", "controllers/ttl"],
  ["cluster"],
  ["report"],
  ["run", "explain"],
  ["sweep"],
  ["cli", "index.ts"],
];

/** The module a source-root-relative file belongs to (longest declared prefix), or null. */
function moduleOf(file: string, layers: readonly (readonly string[])[] = LAYERS): string | null {
  let best: string | null = null;
  for (const layer of layers)
    for (const module of layer)
      if (
        (file === module || file.startsWith(`${module}/`)) &&
        (best === null || module.length > best.length)
      )
        best = module;
  return best;
}

function layerOf(module: string, layers: readonly (readonly string[])[]): number {
  return layers.findIndex((layer) => layer.includes(module));
}

/** Every import that breaks the layering, as `file:line imports target (why)`. */
function layeringViolations(
  edges: readonly ImportEdge[],
  layers: readonly (readonly string[])[] = LAYERS,
): string[] {
  const out: string[] = [];
  for (const edge of edges) {
    if (edge.to === null) continue;
    const from = moduleOf(edge.from, layers);
    const to = moduleOf(edge.to, layers);
    const where = `${edge.from}:${edge.line} imports ${edge.to}`;
    if (from === null) out.push(`${where} (${edge.from} is in no declared layer)`);
    else if (to === null) out.push(`${where} (${edge.to} is in no declared layer)`);
    else if (from === to) continue;
    else if (layerOf(to, layers) > layerOf(from, layers)) out.push(`${where} (${to} is above ${from})`);
    else if (layerOf(to, layers) === layerOf(from, layers))
      out.push(`${where} (${to} is a sibling of ${from})`);
  }
  return out;
}

/** The files of every import cycle (strongly connected component of more than one file, or a self-import). */
function importCycles(edges: readonly ImportEdge[]): string[][] {
  const adjacent = new Map<string, string[]>();
  for (const { from, to } of edges) {
    if (to === null) continue;
    const list = adjacent.get(from) ?? [];
    list.push(to);
    adjacent.set(from, list);
  }
  // Tarjan's strongly connected components.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of adjacent.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string | undefined;
    do {
      w = stack.pop();
      if (w === undefined) break;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || adjacent.get(v)?.includes(v)) cycles.push(component.sort());
  };
  for (const v of [...adjacent.keys()].sort()) if (!index.has(v)) visit(v);
  return cycles;
}

const SRC = fileURLToPath(new URL("../../src", import.meta.url));

const edge = (from: string, to: string): ImportEdge => ({ from, specifier: to, to, line: 1 });

describe("layering of src/", () => {
  const edges = importGraph(SRC);

  it("reads the imports of the real tree (the parser finds the edges it must)", () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(edges).toContainEqual(
      expect.objectContaining({ from: "run/run.ts", to: "controllers/job/controller.ts" }),
    );
  });

  it("every src/ file belongs to a declared layer", () => {
    expect(sourceFiles(SRC).filter((f) => moduleOf(f) === null)).toEqual([]);
  });

  it("no import points up or sideways", () => {
    expect(layeringViolations(edges)).toEqual([]);
  });

  it("no import cycle, type-only imports included", () => {
    expect(importCycles(edges)).toEqual([]);
  });

  it("src/ imports only node builtins and the packages under dependencies (test oracles are devDependencies)", () => {
    const manifest = JSON.parse(
      readFileSync(fileURLToPath(new URL("../../package.json", import.meta.url)), "utf8"),
    );
    const runtime = new Set(Object.keys(manifest.dependencies ?? {}));
    const packageOf = (specifier: string): string =>
      specifier.startsWith("@")
        ? specifier.split("/").slice(0, 2).join("/")
        : (specifier.split("/")[0] ?? "");
    const stray = edges.filter(
      (e) => e.to === null && !e.specifier.startsWith("node:") && !runtime.has(packageOf(e.specifier)),
    );
    expect(stray.map((e) => `${e.from}:${e.line} ${e.specifier}`)).toEqual([]);
    expect(runtime.has("cron-parser") || runtime.has("seedrandom") || runtime.has("zod")).toBe(false);
  });

  it("every import resolves to a file that exists", () => {
    const files = new Set(sourceFiles(SRC));
    const missing = edges.filter((e) => e.to !== null && !files.has(e.to) && !e.to.endsWith(".json"));
    expect(missing.map((e) => `${e.from}:${e.line} ${e.specifier}`)).toEqual([]);
  });
});

describe("the layering check can fail", () => {
  it("reports an upward import", () => {
    expect(layeringViolations([edge("k8s/expectations.ts", "controllers/job/constants.ts")])).toEqual([
      "k8s/expectations.ts:1 imports controllers/job/constants.ts (controllers/job is above k8s)",
    ]);
  });

  it("reports an import between siblings of one layer", () => {
    expect(
      layeringViolations([edge("controllers/ttl/time-left.ts", "controllers/cronjob/utils.ts")]),
    ).toEqual([
      "controllers/ttl/time-left.ts:1 imports controllers/cronjob/utils.ts (controllers/cronjob is a sibling of controllers/ttl)",
    ]);
    expect(layeringViolations([edge("scenario/load.ts", "controllers/job/feature-gates.ts")])).toHaveLength(
      1,
    );
  });

  it("accepts downward and same-module imports, and reports files outside every layer", () => {
    expect(
      layeringViolations([
        edge("report/recorder.ts", "cluster/kubelet.ts"),
        edge("controllers/cronjob/utils.ts", "controllers/job/conditions.ts"),
        edge("k8s/store.ts", "k8s/types.ts"),
      ]),
    ).toEqual([]);
    expect(layeringViolations([edge("stray/x.ts", "engine/time.ts")])).toEqual([
      "stray/x.ts:1 imports engine/time.ts (stray/x.ts is in no declared layer)",
    ]);
  });

  it("finds a type-only cycle and a longer one", () => {
    expect(
      importCycles([
        edge("controllers/job/tracking.ts", "controllers/job/sync-job.ts"),
        edge("controllers/job/sync-job.ts", "controllers/job/tracking.ts"),
        edge("report/a.ts", "report/b.ts"),
        edge("report/b.ts", "report/c.ts"),
        edge("report/c.ts", "report/a.ts"),
        edge("report/c.ts", "engine/time.ts"),
      ]),
    ).toEqual([
      ["controllers/job/sync-job.ts", "controllers/job/tracking.ts"],
      ["report/a.ts", "report/b.ts", "report/c.ts"],
    ]);
  });

  it("the parser sees every form of import and none in comments or strings", () => {
    const source = [
      'import { a } from "./a.js";',
      'import type { B } from "../b.js";',
      "import {",
      "  type C,",
      "  d,",
      '} from "./c.js";',
      'export { e } from "./e.js";',
      'export type * from "./f.js";',
      'import "./side-effect.js";',
      'const g = await import("./g.js");',
      '// import { h } from "./commented.js";',
      '/* export * from "./block-comment.js"; */',
      'const message = "import { x } from \\"./in-a-string.js\\"";',
      'const template = `import("./in-a-template.js")`;',
    ].join("\n");
    expect(importsOf(source)).toEqual([
      { specifier: "./a.js", line: 1 },
      { specifier: "../b.js", line: 2 },
      { specifier: "./c.js", line: 6 },
      { specifier: "./e.js", line: 7 },
      { specifier: "./f.js", line: 8 },
      { specifier: "./side-effect.js", line: 9 },
      { specifier: "./g.js", line: 10 },
    ]);
  });

  it("resolves specifiers against the importing file", () => {
    expect(resolveSpecifier("report/recorder.ts", "../cluster/kubelet.js")).toBe("cluster/kubelet.ts");
    expect(resolveSpecifier("cron/next.ts", "./parse.js")).toBe("cron/parse.ts");
    expect(resolveSpecifier("cli/main.ts", "yargs")).toBeNull();
  });
});
