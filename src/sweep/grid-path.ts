/**
 * Paths of a sweep grid: `Kind/name.field.path` (or `Kind/namespace/name.field.path`) into a Job
 * or CronJob manifest, or a path into the Simulation spec (`workloads[0].failure.probability`,
 * `horizon`; `spec.` in front is allowed). Fields are written `.name`, list entries `[0]`, and
 * keys that hold dots `["app.kubernetes.io/name"]`.
 */
import { fieldPath, indexPath, suggest } from "../scenario/errors.js";
import type { ObjectKind } from "../scenario/types.js";

export type PathSegment = { kind: "field"; name: string } | { kind: "index"; index: number };

/** What a path names: the Simulation spec, or a declared manifest (its index in the scenario's list). */
export type PathTarget =
  | { kind: "Simulation" }
  | { kind: ObjectKind; namespace: string; name: string; doc: number };

export interface GridPath {
  target: PathTarget;
  /** From the document's root: a Simulation path starts with `spec`. */
  segments: PathSegment[];
}

/** A declared manifest a path may name. */
export interface Declared {
  kind: ObjectKind;
  namespace: string;
  name: string;
  /** Its index among the scenario's manifest documents. */
  doc: number;
}

const KINDS: readonly ObjectKind[] = ["Job", "CronJob"];

/** Fields of the Simulation spec a grid may not vary, and why. */
const FIXED_SIMULATION_FIELDS: Record<string, string> = {
  manifests: "spec.manifests is read once, before the grid: vary the fields of the manifests instead",
  sweep: "a grid cannot vary the sweep itself",
  seed: "a sweep runs every point with the same seeds: choose them with sim sweep --seeds or --seed-range",
};

/** Fields of a manifest a grid may not vary: they are its identity, which paths and reports use. */
const FIXED_MANIFEST_PATHS = ["apiVersion", "kind", "metadata", "metadata.name", "metadata.namespace"];

/** Resolve `text` against the declared manifests; a message saying what is wrong otherwise. */
export function resolveGridPath(text: string, declared: readonly Declared[]): GridPath | { problem: string } {
  const object = /^([A-Za-z]+)\/(.*)$/s.exec(text);
  if (object === null) {
    const segments = parseSegments(text.startsWith("spec.") ? text.slice("spec.".length) : text);
    if ("problem" in segments) return segments;
    const first = segments[0];
    const fixed = first?.kind === "field" ? FIXED_SIMULATION_FIELDS[first.name] : undefined;
    if (fixed !== undefined) return { problem: fixed };
    return { target: { kind: "Simulation" }, segments: [{ kind: "field", name: "spec" }, ...segments] };
  }
  const kindWord = object[1] ?? "";
  const kind = KINDS.find((k) => k === kindWord);
  if (kind === undefined) {
    const near = suggest(kindWord, KINDS);
    return {
      problem: `unknown kind ${JSON.stringify(kindWord)}${near === null ? "" : `, did you mean "${near}"?`}: a path names a Job or CronJob as Job/NAME.field or Job/NAMESPACE/NAME.field, or a field of the Simulation spec`,
    };
  }
  let rest = object[2] ?? "";
  let namespace: string | null = null;
  const ns = /^([a-z0-9-]+)\/(.*)$/s.exec(rest);
  if (ns !== null) {
    namespace = ns[1] ?? "";
    rest = ns[2] ?? "";
  }
  const candidates = declared.filter(
    (d) => d.kind === kind && (namespace === null || d.namespace === namespace),
  );
  // Names may hold dots: the longest declared name the path starts with is the one meant.
  let best: Declared[] = [];
  for (const d of candidates) {
    if (rest !== d.name && !rest.startsWith(`${d.name}.`) && !rest.startsWith(`${d.name}[`)) continue;
    if (best.length === 0 || d.name.length > (best[0]?.name.length ?? 0)) best = [d];
    else if (d.name.length === best[0]?.name.length) best.push(d);
  }
  const found = best[0];
  if (found === undefined) {
    const written = rest.split(/[.[]/)[0] ?? "";
    const names = candidates.map((d) => d.name);
    const near = suggest(written, names);
    const where = namespace === null ? "" : ` in namespace ${namespace}`;
    const known =
      near !== null
        ? `, did you mean "${near}"?`
        : names.length === 0
          ? ` (the scenario declares no ${kind}${where})`
          : ` (${kind}s${where}: ${names.slice(0, 10).join(", ")}${names.length > 10 ? ", ..." : ""})`;
    return { problem: `no ${kind} named ${JSON.stringify(written)}${where} in the scenario${known}` };
  }
  if (best.length > 1) {
    return {
      problem: `${kind} ${found.name} is declared in several namespaces (${best.map((d) => d.namespace).join(", ")}): write ${kind}/NAMESPACE/${found.name}.field`,
    };
  }
  const fields = rest.slice(found.name.length).replace(/^\./, "");
  if (fields === "") {
    return {
      problem: `expected a field after ${kind}/${found.name}, such as ${kind}/${found.name}.spec.parallelism`,
    };
  }
  const segments = parseSegments(fields);
  if ("problem" in segments) return segments;
  const shown = formatSegments("", segments);
  if (FIXED_MANIFEST_PATHS.includes(shown)) {
    return {
      problem: `${shown} names the ${kind} (paths and reports refer to it by name): a grid cannot vary it`,
    };
  }
  return { target: { kind, namespace: found.namespace, name: found.name, doc: found.doc }, segments };
}

/** `a.b[0]["x.y"]` into segments; the first is a field. */
export function parseSegments(text: string): PathSegment[] | { problem: string } {
  const out: PathSegment[] = [];
  let i = 0;
  const fail = (what: string) => ({
    problem: `expected ${what} at character ${i + 1} of ${JSON.stringify(text)}`,
  });
  while (i < text.length || out.length === 0) {
    const c = text[i];
    if (out.length > 0 && c === "[") {
      const index = /^\[(\d+)\]/.exec(text.slice(i));
      if (index !== null) {
        const n = Number(index[1]);
        if (!Number.isSafeInteger(n)) return fail("a list index");
        out.push({ kind: "index", index: n });
        i += index[0].length;
        continue;
      }
      const quoted = /^\["((?:[^"\\]|\\.)*)"\]/.exec(text.slice(i));
      if (quoted === null) return fail('a list index [0] or a quoted key ["a.b"]');
      try {
        out.push({ kind: "field", name: JSON.parse(`"${quoted[1] ?? ""}"`) as string });
      } catch {
        return fail("a quoted key with valid escapes");
      }
      i += quoted[0].length;
      continue;
    }
    if (out.length > 0) {
      if (c !== ".") return fail('"." or "["');
      i++;
    }
    const name = /^[^.[\]"\s]+/.exec(text.slice(i));
    if (name === null) return fail("a field name");
    out.push({ kind: "field", name: name[0] });
    i += name[0].length;
  }
  return out;
}

/** The path as the readers write it, below `base` ("" for a document's root). */
export function formatSegments(base: string, segments: readonly PathSegment[]): string {
  let p = base;
  for (const s of segments) p = s.kind === "index" ? indexPath(p, s.index) : fieldPath(p, s.name);
  return p;
}
