/**
 * Dependency checks on graphs far deeper than the call stack: a valid 10,000-Job chain loads, a
 * 10,000-Job cycle is one located error (named by its ends), and neither overflows the stack.
 */
import { describe, expect, it } from "vitest";
import type { JobManifest } from "../../../src/k8s/types.js";
import { checkDependencies, DEPENDS_ON_ANNOTATION } from "../../../src/scenario/dependencies.js";
import { Diagnostics } from "../../../src/scenario/errors.js";
import type { SimulationDocument } from "../../../src/scenario/read-simulation-result.js";
import { parseYamlFile, Reader, type YValue } from "../../../src/scenario/yaml-source.js";

const N = 10_000;

/** Jobs j0..j(N-1), each depending on the one before; j0 on j(N-1) when `closed`. */
function chain(closed: boolean): JobManifest[] {
  return Array.from({ length: N }, (_, i) => {
    const dep = i > 0 ? `j${i - 1}` : closed ? `j${N - 1}` : null;
    const annotations: Record<string, string> = dep === null ? {} : { [DEPENDS_ON_ANNOTATION]: dep };
    return { metadata: { name: `j${i}`, namespace: "default", annotations } } as unknown as JobManifest;
  });
}

/** Check `jobs`; every Job's document is one small YAML document, so errors point into it. */
function check(jobs: JobManifest[]): string[] {
  const diag = new Diagnostics();
  const doc = parseYamlFile(
    "jobs.yaml",
    `metadata:\n  name: j\n  annotations: {${DEPENDS_ON_ANNOTATION}: x}\n`,
    diag,
  )[0]!.root;
  const sites: YValue[] = jobs.map(() => doc);
  const sim = { spec: { actions: [] }, actionSites: [] } as unknown as SimulationDocument;
  checkDependencies(new Reader(diag), sim, jobs, sites);
  return diag.errors().map((e) => e.format());
}

describe("dependency graphs of 10,000 Jobs", () => {
  it("accepts a chain, declared in either order", () => {
    expect(check(chain(false))).toEqual([]);
    // Declared last-first, a depth-first search from the first Job goes 10,000 deep.
    expect(check(chain(false).reverse())).toEqual([]);
  });

  it("reports a cycle once, at its first Job, naming its ends", () => {
    const names = [0, N - 1, N - 2, N - 3, N - 4, N - 5].map((i) => `j${i}`);
    const tail = [5, 4, 3, 2, 1, 0].map((i) => `j${i}`);
    expect(check(chain(true))).toEqual([
      `jobs.yaml:3:40 metadata.annotations["${DEPENDS_ON_ANNOTATION}"]: dependency cycle ${names.join(" -> ")} -> ... (${N + 1 - 12} more) -> ${tail.join(" -> ")}`,
    ]);
  });

  it("names every Job of a short cycle", () => {
    const jobs = chain(false).slice(0, 3);
    jobs[0]!.metadata.annotations[DEPENDS_ON_ANNOTATION] = "j2";
    expect(check(jobs)).toEqual([
      `jobs.yaml:3:40 metadata.annotations["${DEPENDS_ON_ANNOTATION}"]: dependency cycle j0 -> j2 -> j1 -> j0`,
    ]);
  });
});
