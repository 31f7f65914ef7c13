/**
 * Dependent Jobs: the `jobsim.dev/depends-on` and `jobsim.dev/trigger-rule` annotations, read and
 * validated at load. They are jobsim's own orchestration (like Argo's `depends` or Airflow's
 * trigger rules): the Job controller never sees them, they only decide when a Job is submitted.
 */
import type { JobManifest } from "../k8s/types.js";
import { suggest } from "./errors.js";
import type { SimulationDocument } from "./read-simulation-result.js";
import type { Reader, YValue } from "./yaml-source.js";

/** Comma-separated names of Jobs (same namespace) that must finish before this Job is created. */
export const DEPENDS_ON_ANNOTATION = "jobsim.dev/depends-on";
/** Which outcomes of the dependencies let the Job run; default `all-succeeded`. */
export const TRIGGER_RULE_ANNOTATION = "jobsim.dev/trigger-rule";

/** The trigger rules, in the order the docs list them. */
export const TRIGGER_RULES = ["all-succeeded", "all-done", "any-failed"] as const;

/** How a dependent Job's dependencies decide whether it runs. */
export type TriggerRule = (typeof TRIGGER_RULES)[number];

/** A Job's dependencies, as its annotations state them. */
export interface JobDependencies {
  /** Names in the Job's namespace, in written order, without duplicates. */
  dependsOn: string[];
  rule: TriggerRule;
}

/** Split a depends-on value into names (trimmed; empty entries kept as "" so they can be reported). */
function splitNames(value: string): string[] {
  return value.split(",").map((s) => s.trim());
}

/** The dependencies of a (validated) Job manifest, or null when it has none. */
export function jobDependencies(job: Pick<JobManifest, "metadata">): JobDependencies | null {
  const raw = job.metadata.annotations[DEPENDS_ON_ANNOTATION];
  if (raw === undefined) return null;
  const dependsOn = [...new Set(splitNames(raw).filter((n) => n !== ""))];
  if (dependsOn.length === 0) return null;
  const ruleText = job.metadata.annotations[TRIGGER_RULE_ANNOTATION];
  const rule = (TRIGGER_RULES as readonly string[]).includes(ruleText ?? "")
    ? (ruleText as TriggerRule)
    : "all-succeeded";
  return { dependsOn, rule };
}

const key = (namespace: string, name: string) => `${namespace}/${name}`;

function annotationSite(doc: YValue, annotation: string): YValue {
  return doc.get("metadata").get("annotations").entry(annotation);
}

/**
 * Check every declared Job's dependency annotations: names of Jobs declared in the same
 * namespace, no self-dependency, no cycle, a known trigger rule. `sites` holds each Job's
 * document (same order as `jobs`). Jobs created by actions cannot have dependencies (they are
 * submitted at their action's time), nor can arrival templates (see arrivals.ts).
 */
export function checkDependencies(
  r: Reader,
  sim: SimulationDocument,
  jobs: readonly JobManifest[],
  sites: readonly YValue[],
): void {
  const declared = new Map<string, number>();
  jobs.forEach((j, i) => {
    declared.set(key(j.metadata.namespace, j.metadata.name), i);
  });
  // Valid edges only, so that one bad name does not also report a cycle through it.
  const edges: number[][] = jobs.map(() => []);

  jobs.forEach((job, i) => {
    const site = sites[i]!;
    const ns = job.metadata.namespace;
    const raw = job.metadata.annotations[DEPENDS_ON_ANNOTATION];
    const ruleText = job.metadata.annotations[TRIGGER_RULE_ANNOTATION];
    if (ruleText !== undefined) {
      const ruleV = annotationSite(site, TRIGGER_RULE_ANNOTATION);
      if (!(TRIGGER_RULES as readonly string[]).includes(ruleText)) {
        const near = suggest(ruleText, TRIGGER_RULES);
        r.error(
          ruleV,
          `expected one of ${TRIGGER_RULES.join(", ")}, got ${JSON.stringify(ruleText)}` +
            (near === null ? "" : `; did you mean "${near}"?`),
        );
      } else if (raw === undefined) {
        r.warn(ruleV, `has no effect without the ${DEPENDS_ON_ANNOTATION} annotation`);
      }
    }
    if (raw === undefined) return;
    const v = annotationSite(site, DEPENDS_ON_ANNOTATION);
    const names = splitNames(raw);
    if (names.some((n) => n === "")) {
      r.error(
        v,
        `expected comma-separated Job names such as "extract,transform", got ${JSON.stringify(raw)}`,
      );
      return;
    }
    const seen = new Set<string>();
    for (const name of names) {
      if (seen.has(name)) {
        r.error(v, `lists ${name} twice`);
        continue;
      }
      seen.add(name);
      if (name === job.metadata.name) {
        r.error(v, `a Job cannot depend on itself (${name})`);
        continue;
      }
      const target = declared.get(key(ns, name));
      if (target === undefined) {
        const near = suggest(
          name,
          jobs.filter((j) => j.metadata.namespace === ns).map((j) => j.metadata.name),
        );
        r.error(
          v,
          `no Job named ${JSON.stringify(name)} in namespace ${ns} among the scenario's manifests` +
            (near === null ? "" : `; did you mean "${near}"?`),
        );
        continue;
      }
      edges[i]!.push(target);
    }
  });

  reportCycles(r, jobs, sites, edges);

  sim.spec.actions.forEach((action, i) => {
    if (action.kind !== "create" || action.manifest.kind !== "Job") return;
    if (action.manifest.metadata.annotations[DEPENDS_ON_ANNOTATION] === undefined) return;
    r.error(
      annotationSite(sim.actionSites[i]!.get("create"), DEPENDS_ON_ANNOTATION),
      "dependencies apply to Jobs declared in the scenario's manifests, not to Jobs created by actions",
    );
  });
}

/**
 * Depth-first search in document order; each back edge is one cycle, reported once at the
 * depends-on annotation of its member declared first, named from there:
 * `dependency cycle extract -> transform -> extract`. Iterative, with the path kept in an array:
 * a chain of thousands of Jobs is a valid scenario and must not exhaust the call stack.
 */
function reportCycles(
  r: Reader,
  jobs: readonly JobManifest[],
  sites: readonly YValue[],
  edges: readonly number[][],
): void {
  const WHITE = 0;
  const GREY = 1;
  const BLACK = 2;
  const color = new Uint8Array(jobs.length);
  /** The grey path from the root, and for each of its Jobs the next edge to follow. */
  const path: number[] = [];
  const nextEdge: number[] = [];
  /** Where each grey Job sits in `path`, so a back edge finds its cycle without a search. */
  const depth = new Int32Array(jobs.length);
  const enter = (u: number): void => {
    color[u] = GREY;
    depth[u] = path.length;
    path.push(u);
    nextEdge.push(0);
  };
  for (let root = 0; root < jobs.length; root++) {
    if (color[root] !== WHITE) continue;
    enter(root);
    while (path.length > 0) {
      const top = path.length - 1;
      const u = path[top]!;
      const out = edges[u]!;
      if (nextEdge[top]! === out.length) {
        path.pop();
        nextEdge.pop();
        color[u] = BLACK;
        continue;
      }
      const w = out[nextEdge[top]!]!;
      nextEdge[top]!++;
      if (color[w] === GREY) reportCycle(r, jobs, sites, path.slice(depth[w]!));
      else if (color[w] === WHITE) enter(w);
    }
  }
}

/** Report one cycle (its Jobs in path order) at its member declared first. */
function reportCycle(
  r: Reader,
  jobs: readonly JobManifest[],
  sites: readonly YValue[],
  cycle: readonly number[],
): void {
  let first = 0;
  for (let i = 1; i < cycle.length; i++) if (cycle[i]! < cycle[first]!) first = i;
  const rotated = [...cycle.slice(first), ...cycle.slice(0, first)];
  const names = [...rotated, rotated[0]!].map((k) => jobs[k]!.metadata.name);
  // A cycle through thousands of Jobs is named by its ends: the message stays one readable line.
  const shown =
    names.length <= CYCLE_NAMES_SHOWN
      ? names
      : [
          ...names.slice(0, CYCLE_NAMES_SHOWN / 2),
          `... (${names.length - CYCLE_NAMES_SHOWN} more)`,
          ...names.slice(-CYCLE_NAMES_SHOWN / 2),
        ];
  r.error(
    annotationSite(sites[rotated[0]!]!, DEPENDS_ON_ANNOTATION),
    `dependency cycle ${shown.join(" -> ")}`,
  );
}

/** At most this many names of a cycle are written out (an even number: half from each end). */
const CYCLE_NAMES_SHOWN = 12;
