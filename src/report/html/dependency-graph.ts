/**
 * The graph of a dependency pipeline (`jobsim.dev/depends-on`) as the page draws it: one node per
 * Job named in the annotations, with its outcome and times, layered by depth, and its critical
 * path: from the Job that finished last, back through the dependency that finished last at each
 * step (the one that released the next Job), which is the chain that set the pipeline's length.
 */
import type { ReportSkippedJob } from "../types.js";
import type { PageDependency } from "./context.js";

export interface DependencyNode {
  name: string;
  /** succeeded, failed, active or deleted as in the Jobs table; skipped; or absent (never in the run). */
  state: string;
  /** Seconds since start: created (or skipped) and finished; null when it has none. */
  start: number | null;
  end: number | null;
  /** Longest chain of dependencies above it (0 for a Job that depends on nothing). */
  layer: number;
  cause: string | null;
}

export interface DependencyGraph {
  nodes: DependencyNode[];
  /** [dependency, dependent] as indexes into nodes. */
  edges: [number, number][];
  /** Indexes into nodes, first Job first. */
  critical: number[];
}

interface JobFacts {
  ns: string;
  n: string;
  st: string;
  c: number;
  f: number | null;
}

/** The graph of `dependencies`, with outcomes from `jobs` and `skipped` (times relative to start). */
export function dependencyGraph(
  dependencies: readonly PageDependency[],
  jobs: readonly JobFacts[],
  skipped: readonly ReportSkippedJob[],
): DependencyGraph {
  const keyOf = (ns: string, n: string) => `${ns}/${n}`;
  const index = new Map<string, number>();
  const keys: string[] = [];
  const add = (ns: string, n: string) => {
    const key = keyOf(ns, n);
    if (!index.has(key)) {
      index.set(key, keys.length);
      keys.push(key);
    }
    return index.get(key)!;
  };
  const edges: [number, number][] = [];
  for (const d of dependencies) {
    const to = add(d.namespace, d.name);
    for (const dep of d.dependsOn) edges.push([add(d.namespace, dep), to]);
  }
  // Names are unique per namespace among plain Jobs; a CronJob's Jobs never carry the annotation.
  const byKey = new Map<string, JobFacts>();
  for (const j of jobs)
    if (j.ns !== undefined && !byKey.has(keyOf(j.ns, j.n))) byKey.set(keyOf(j.ns, j.n), j);
  const skippedByKey = new Map(skipped.map((s) => [keyOf(s.namespace, s.name), s] as const));
  const layers = new Array<number>(keys.length).fill(0);
  // Longest-path layering; the loader refuses cycles, and keys.length passes bound it regardless.
  for (let pass = 0; pass < keys.length; pass++) {
    let changed = false;
    for (const [from, to] of edges) {
      if (layers[to]! < layers[from]! + 1) {
        layers[to] = layers[from]! + 1;
        changed = true;
      }
    }
    if (!changed) break;
  }
  const nodes: DependencyNode[] = keys.map((key, k) => {
    const name = key.slice(key.indexOf("/") + 1);
    const job = byKey.get(key);
    const skip = skippedByKey.get(key);
    if (job !== undefined) {
      return { name, state: job.st, start: job.c, end: job.f, layer: layers[k]!, cause: null };
    }
    if (skip !== undefined)
      return { name, state: "skipped", start: null, end: null, layer: layers[k]!, cause: skip.cause };
    return { name, state: "absent", start: null, end: null, layer: layers[k]!, cause: null };
  });
  return { nodes, edges, critical: criticalPath(nodes, edges) };
}

function criticalPath(nodes: readonly DependencyNode[], edges: readonly [number, number][]): number[] {
  let last = -1;
  nodes.forEach((node, k) => {
    if (node.end !== null && (last < 0 || node.end > nodes[last]!.end!)) last = k;
  });
  if (last < 0) return [];
  const path = [last];
  for (let at = last; ; ) {
    let gate = -1;
    for (const [from, to] of edges) {
      if (to !== at || nodes[from]!.end === null) continue;
      if (gate < 0 || nodes[from]!.end! > nodes[gate]!.end!) gate = from;
    }
    if (gate < 0 || path.includes(gate)) break;
    path.unshift(gate);
    at = gate;
  }
  return path;
}
