/**
 * expandGrid: a scenario's what-if grid (its `spec.sweep` section and `--set` flags) expanded
 * into grid points, each a Scenario validated exactly as loadScenario validates a file. The
 * files are read and parsed once; each point changes copies of the parsed documents
 * (grid-graft.ts) and runs the loader's checks on them, so every problem of every point is
 * reported, located, before anything runs.
 *
 * Points are the cartesian product of the axes in the order written, the last axis varying
 * fastest: each `grid` entry is an axis, the `zip` group one axis (its i-th value of every path
 * together). A `--set` flag whose path names the same field as an axis (or a zip path) replaces
 * that axis's values in place; other flags add axes after the section's, in the order given.
 */
import type { Node } from "yaml";
import { Diagnostics, ScenarioError, type SourceLocation, suggest } from "../scenario/errors.js";
import {
  checkScenarioDocuments,
  type LoadOptions,
  loadScenarioDocuments,
  type ManifestDoc,
  type ScenarioDocuments,
} from "../scenario/load.js";
import { MAX_GRID_POINTS, readSweepSection } from "../scenario/sweep-section.js";
import type { Scenario } from "../scenario/types.js";
import { Reader, type TreeContext, type YamlFile, type YValue } from "../scenario/yaml-source.js";
import { graft, withoutAliases } from "./grid-graft.js";
import { type Declared, formatSegments, type GridPath, resolveGridPath } from "./grid-path.js";
import { readSetFlags, SET_FLAGS_FILE } from "./grid-set.js";
import type { GridPoint } from "./types.js";

export interface GridOptions extends LoadOptions {
  /** `--set PATH=V1,V2,...` flags, as given. */
  set?: readonly string[];
}

export type GridResult =
  | {
      ok: true;
      /** The scenario as written (no grid applied): what `sim run` runs. */
      base: Scenario;
      /** `p0`, `p1`, ... in grid order; one point, the base, when there is no grid. */
      points: GridPoint[];
      /** `spec.sweep.seeds`; null when not given. */
      seeds: number | null;
      /** The base's warnings, then each new warning of a point (naming the points). */
      warnings: string[];
    }
  | { ok: false; errors: ScenarioError[]; warnings: string[] };

/** One varied path and its values (a `grid` entry, a `zip` path or a `--set` flag). */
interface Column {
  path: string;
  /** `spec.sweep.grid["PATH"]` or `--set["PATH"]`: where it is written, for messages. */
  label: string;
  /** Where the path is written. */
  pathAt: SourceLocation;
  list: YValue;
  values: YValue[];
  resolved: GridPath;
  /** The document and field it names: paths that name the same field have the same key. */
  key: string;
}

interface Axis {
  columns: Column[];
}

/** The Simulation document's index in point bookkeeping; manifests are 0, 1, ... */
const SIMULATION_DOC = -1;

/** Load `file` and expand its grid (section and `options.set`) into validated points. */
export function expandGrid(file: string, options: GridOptions = {}): GridResult {
  const { result, documents } = loadScenarioDocuments(file, options);
  const diag = new Diagnostics();
  diag.noteFile(file);
  if (!result.ok || documents === null) {
    // The scenario's problems in their order, then the flags'.
    const errors = result.ok ? [] : result.errors;
    for (const e of errors) diag.error(e, e.path, e.message);
    readSetFlags(options.set ?? [], diag);
    return {
      ok: false,
      errors: diag.errors(),
      warnings: result.ok ? result.scenario.warnings : result.warnings,
    };
  }
  const base = result.scenario;
  const axes = readAxes(documents, readSetFlags(options.set ?? [], diag), diag);
  if (diag.errorCount > 0 || axes === null)
    return { ok: false, errors: diag.errors(), warnings: base.warnings };
  const seeds = base.sweep?.seeds ?? null;
  if (axes.length === 0) {
    return {
      ok: true,
      base,
      points: [{ id: "p0", params: {}, scenario: withoutSweep(base) }],
      seeds,
      warnings: base.warnings,
    };
  }
  const expanded = validatePoints(documents, base, axes);
  if (expanded.errors.length > 0) return { ok: false, errors: expanded.errors, warnings: base.warnings };
  return {
    ok: true,
    base,
    points: expanded.points,
    seeds,
    warnings: [...base.warnings, ...expanded.warnings],
  };
}

/** The section's axes with the --set flags applied; null (and errors in `diag`) when a path is bad. */
function readAxes(
  documents: ScenarioDocuments,
  setColumns: ReturnType<typeof readSetFlags>,
  diag: Diagnostics,
): Axis[] | null {
  // Read again for its sites: the base load has checked it already.
  const section = readSweepSection(
    new Reader(new Diagnostics()),
    documents.simulation.get("spec").get("sweep"),
  );
  // Listed when a path is resolved: reading every manifest's name is work a grid-less scenario
  // of 100,000 Jobs need not do.
  let declared: Declared[] | undefined;
  const resolve = (
    path: string,
    at: SourceLocation,
    label: string,
  ): { resolved: GridPath; key: string } | null => {
    declared ??= declaredObjects(documents.manifests);
    const resolved = resolveGridPath(path, declared);
    if ("problem" in resolved) {
      diag.error(at, label, resolved.problem);
      return null;
    }
    const doc = resolved.target.kind === "Simulation" ? SIMULATION_DOC : resolved.target.doc;
    return { resolved, key: `${doc}|${formatSegments("", resolved.segments)}` };
  };
  const axes: Axis[] = [];
  for (const axis of section?.axes ?? []) {
    const columns: Column[] = [];
    for (const c of axis.columns) {
      const at = c.list.keyLocation();
      const r = resolve(c.path, at, c.list.path);
      if (r !== null) columns.push({ ...c, ...r, label: c.list.path, pathAt: at });
    }
    axes.push({ columns });
  }
  for (const s of setColumns) {
    const at = { file: SET_FLAGS_FILE, line: s.flag, column: 1 };
    const r = resolve(s.path, at, s.label);
    if (r === null) continue;
    const column: Column = { ...s, ...r, pathAt: at };
    const earlierSet = setColumns.find((o) => o !== s && o.flag < s.flag && o.path === s.path);
    if (earlierSet !== undefined) {
      diag.error(
        at,
        s.label,
        `given twice (first in --set flag ${earlierSet.flag}): give one --set per path`,
      );
      continue;
    }
    const axis = axes.find((a) => a.columns.some((c) => c.key === column.key));
    if (axis === undefined) {
      axes.push({ columns: [column] });
      continue;
    }
    const i = axis.columns.findIndex((c) => c.key === column.key);
    const replaced = axis.columns[i];
    if (replaced === undefined) continue;
    if (replaced.label.startsWith(SET_FLAGS_FILE)) {
      diag.error(at, s.label, `names the same field as ${replaced.label}: give one --set per field`);
      continue;
    }
    if (axis.columns.length > 1 && column.values.length !== replaced.values.length) {
      diag.error(
        column.list.location(),
        s.label,
        `expected ${replaced.values.length} values, as many as ${replaced.label} it replaces (zip takes the i-th value of each path), got ${column.values.length}`,
      );
      continue;
    }
    axis.columns[i] = column;
  }
  checkOverlaps(
    axes.flatMap((a) => a.columns),
    diag,
  );
  let points = 1;
  for (const a of axes) points *= a.columns[0]?.values.length ?? 1;
  if (points > MAX_GRID_POINTS) {
    diag.error(
      setColumns.length > 0
        ? { file: SET_FLAGS_FILE, line: 1, column: 1 }
        : (section?.site.keyLocation() ?? { file: documents.file, line: 1, column: 1 }),
      "",
      `the grid has ${points} points, more than the ${MAX_GRID_POINTS} limit (every point is validated before a run): vary fewer paths or fewer values`,
    );
  }
  return diag.errorCount > 0 ? null : axes.filter((a) => a.columns.length > 0);
}

/** Two paths naming the same field, or one inside the other, would depend on which is applied last. */
function checkOverlaps(columns: readonly Column[], diag: Diagnostics): void {
  columns.forEach((c, i) => {
    for (const earlier of columns.slice(0, i)) {
      const [a, b] = [earlier.key, c.key];
      if (a === b) {
        diag.error(c.pathAt, c.label, `names the same field as ${earlier.label}: vary each field once`);
        break;
      }
      const inside = b.startsWith(a) ? b.slice(a.length) : a.startsWith(b) ? a.slice(b.length) : null;
      if (inside !== null && (inside.startsWith(".") || inside.startsWith("["))) {
        diag.error(
          c.pathAt,
          c.label,
          `overlaps ${earlier.label} (one field is inside the other): vary either, not both`,
        );
        break;
      }
    }
  });
}

function declaredObjects(manifests: readonly ManifestDoc[]): Declared[] {
  return manifests.map((m, doc) => {
    const meta = m.v.get("metadata");
    const namespace = meta.get("namespace").scalar;
    return {
      kind: m.kind,
      name: String(meta.get("name").scalar),
      // A kustomization's namespace wins over the manifest's, as the loader applies it.
      namespace: m.namespace ?? (typeof namespace === "string" ? namespace : "default"),
      doc,
    };
  });
}

/** A point's problem before it is told: where, which path, what, and in which points. */
interface Finding {
  at: SourceLocation;
  path: string;
  message: string;
  /** Said of the point's own values (its location is a grid value or path), not elsewhere. */
  ofValue: boolean;
  points: number[];
}

/** Every point's scenario, or every problem of every point. */
function validatePoints(
  documents: ScenarioDocuments,
  base: Scenario,
  axes: readonly Axis[],
): { points: GridPoint[]; errors: ScenarioError[]; warnings: string[] } {
  const columns = axes.flatMap((a) => a.columns);
  const total = axes.reduce((n, a) => n * (a.columns[0]?.values.length ?? 1), 1);
  const errors = new Map<string, Finding>();
  const warnings = new Map<string, Finding>();
  const baseWarnings = new Set(base.warnings);
  const known = new Set<Column>();
  /** Columns a point could not put in (their problem is told, not "unknown field"). */
  const unplaced = new Set<Column>();
  const readers = new Map<Column, { reached: Set<string>; copied: Set<string> }[]>();
  const points: GridPoint[] = [];
  const pointParams: Record<string, unknown>[] = [];
  const readRelative = (from: string, rel: string) =>
    documents.readRelative(from === SET_FLAGS_FILE ? documents.file : from, rel);

  for (let p = 0; p < total; p++) {
    const chosen = choose(axes, p);
    const params: Record<string, unknown> = {};
    for (const { column, value } of chosen) params[column.path] = value.toJS() ?? null;
    pointParams.push(params);
    const made = new Map<Node, YamlFile>();
    const changed = new Map<number, YValue>();
    const contexts = new Map<number, TreeContext>();
    for (const { column, value } of chosen) {
      const target = column.resolved.target;
      const doc = target.kind === "Simulation" ? SIMULATION_DOC : target.doc;
      const original = doc === SIMULATION_DOC ? documents.simulation : documents.manifests[doc]?.v;
      if (original === undefined || original.node === null) continue;
      let ctx = contexts.get(doc);
      if (ctx === undefined) {
        ctx = { grafts: made, reached: new Set(), copied: new Set() };
        contexts.set(doc, ctx);
      }
      const rootNode = changed.get(doc)?.node ?? original.node;
      const node =
        value.kind === "null" || value.node === null ? null : withoutAliases(value.node, value.aliases);
      if (node !== null) made.set(node, value.source);
      const start = column.list.node?.range?.[0] ?? 0;
      const result = graft(rootNode, "", column.resolved.segments, node, original.aliases, {
        nodes: made,
        source: column.list.source,
        range: [start, start, start],
      });
      if ("problem" in result) {
        unplaced.add(column);
        note(errors, {
          at: column.pathAt,
          path: column.label,
          message: result.problem,
          ofValue: true,
          points: [p],
        });
        continue;
      }
      changed.set(doc, original.withRoot(result, ctx));
    }
    const pointDocuments: ScenarioDocuments = {
      ...documents,
      simulation: changed.get(SIMULATION_DOC) ?? documents.simulation,
      manifests: documents.manifests.map((m, i) => {
        const v = changed.get(i);
        return v === undefined ? m : { kind: m.kind, v };
      }),
      readRelative,
    };
    const diag = new Diagnostics();
    const scenario = checkScenarioDocuments(pointDocuments, diag);
    for (const { column } of chosen) {
      const target = column.resolved.target;
      const ctx = contexts.get(target.kind === "Simulation" ? SIMULATION_DOC : target.doc);
      if (ctx === undefined || known.has(column)) continue;
      if (unreadSegment(column, ctx) === null) {
        known.add(column);
        readers.delete(column);
        continue;
      }
      // A few points' readers are enough to name the fields read where the path leads.
      const seen = readers.get(column) ?? [];
      if (seen.length < 4) seen.push(ctx);
      readers.set(column, seen);
    }
    for (const e of diag.errors()) note(errors, attribute(e, columns, p));
    const own: Finding[] = [];
    for (const w of diag.warnings()) {
      if (baseWarnings.has(w.format())) continue;
      const finding = attribute(w, columns, p);
      note(warnings, finding);
      own.push(finding);
    }
    if (scenario !== undefined) {
      const pointWarnings = own.map((f) => tell(f, pointParams).format());
      points.push({
        id: `p${p}`,
        params,
        scenario: { ...withoutSweep(scenario), warnings: [...base.warnings, ...pointWarnings] },
      });
    }
  }

  const out = new Diagnostics();
  out.noteFile(documents.file);
  const unknown = columns.filter((c) => !known.has(c) && !unplaced.has(c));
  for (const c of unknown) out.error(c.pathAt, c.label, unknownFieldMessage(c, readers.get(c) ?? []));
  // What the readers said of an unknown field itself (a created key sits where the list starts) is said above.
  const aboutUnknown = (f: Finding) =>
    unknown.some((c) => f.at.file === c.list.source.file && sameLocation(f.at, c.list.location()));
  for (const f of errors.values()) {
    if (!aboutUnknown(f)) {
      const told = tell(f, pointParams);
      out.error(told, told.path, told.message);
    }
  }
  return {
    points,
    errors: out.errors(),
    warnings: [...warnings.values()]
      .filter((f) => !aboutUnknown(f))
      .map((f) => tell(f, pointParams).format()),
  };
}

/** The value each column takes in point `p` (mixed radix, the last axis fastest). */
function choose(axes: readonly Axis[], p: number): { column: Column; value: YValue }[] {
  const out: { column: Column; value: YValue }[] = [];
  let rest = p;
  const digits: number[] = [];
  for (let a = axes.length - 1; a >= 0; a--) {
    const n = axes[a]?.columns[0]?.values.length ?? 1;
    digits[a] = rest % n;
    rest = Math.floor(rest / n);
  }
  axes.forEach((axis, a) => {
    for (const column of axis.columns) {
      const value = column.values[digits[a] ?? 0];
      if (value !== undefined) out.push({ column, value });
    }
  });
  return out;
}

/**
 * The first segment of the column's path that no reader of the point reached, with the path to
 * its parent; null when the whole path was read (or a reader took a value above it whole).
 */
function unreadSegment(
  column: Column,
  ctx: { reached: Set<string>; copied: Set<string> },
): { index: number; parent: string } | null {
  let p = "";
  const segments = column.resolved.segments;
  for (let i = 0; i < segments.length; i++) {
    if (ctx.copied.has(p)) return null;
    const s = segments[i];
    if (s === undefined) break;
    const forms =
      s.kind === "index"
        ? [formatSegments(p, [s])]
        : [formatSegments(p, [s]), `${p}[${s.name}]`, `${p}[${JSON.stringify(s.name)}]`];
    const form = forms.find((f) => ctx.reached.has(f));
    if (form === undefined) return { index: i, parent: p };
    p = form;
  }
  return null;
}

/** "unknown field" for a path no point's readers reached, with the nearest field they read. */
function unknownFieldMessage(
  column: Column,
  contexts: readonly { reached: Set<string>; copied: Set<string> }[],
): string {
  const target = column.resolved.target;
  const of =
    target.kind === "Simulation"
      ? "the Simulation spec"
      : `${target.kind} ${target.namespace}/${target.name}`;
  const segments = column.resolved.segments;
  const first = contexts[0] === undefined ? null : unreadSegment(column, contexts[0]);
  const index = first?.index ?? segments.length - 1;
  const parent = first?.parent ?? "";
  // Simulation paths are written below spec.
  const shown = (p: string) => (target.kind === "Simulation" ? p.replace(/^spec\.?/, "") : p);
  const written = shown(formatSegments(parent, segments.slice(index, index + 1)));
  const names = new Set<string>();
  for (const ctx of contexts) {
    for (const path of ctx.reached) {
      const rest =
        parent === "" ? path : path.startsWith(`${parent}.`) ? path.slice(parent.length + 1) : null;
      if (rest !== null && /^[^.[\]]+$/.test(rest)) names.add(rest);
    }
  }
  const fields = [...names].map((n) => shown(parent === "" ? n : `${parent}.${n}`)).sort();
  const near = suggest(written, fields);
  const hint =
    near !== null
      ? `, did you mean "${near}"?`
      : fields.length > 0
        ? ` (fields read there: ${fields.slice(0, 12).join(", ")}${fields.length > 12 ? ", ..." : ""})`
        : "";
  return `unknown field "${written}" of ${of}: jobsim reads no such field${hint}`;
}

/** Where a point's problem belongs: at a grid value or path when it is about one, else where it was found. */
function attribute(e: ScenarioError, columns: readonly Column[], p: number): Finding {
  for (const c of columns) {
    if (e.file !== c.list.source.file) continue;
    const listAt = c.list.location();
    if (sameLocation(e, listAt) && c.list.node !== null) {
      return { at: e, path: c.label, message: prefixed(e), ofValue: true, points: [p] };
    }
    const offset = offsetOf(c.list.source, e);
    if (offset === null) continue;
    for (let i = 0; i < c.values.length; i++) {
      const range = c.values[i]?.node?.range;
      if (range && offset >= range[0] && offset < Math.max(range[1], range[0] + 1)) {
        return { at: e, path: `${c.label}[${i}]`, message: prefixed(e), ofValue: true, points: [p] };
      }
    }
  }
  return { at: e, path: e.path, message: e.message, ofValue: false, points: [p] };
}

function prefixed(e: ScenarioError): string {
  return e.path === "" ? e.message : `${e.path}: ${e.message}`;
}

/** Collect `f`, merging it with the same problem found in other points. */
function note(into: Map<string, Finding>, f: Finding): void {
  const key = `${f.at.file}:${f.at.line}:${f.at.column}\u0000${f.path}\u0000${f.message}`;
  const same = into.get(key);
  if (same === undefined) into.set(key, f);
  // Points are checked in order, so a point already listed is the last one.
  else for (const p of f.points) if (same.points.at(-1) !== p) same.points.push(p);
}

/** The finding as a located problem naming its points. */
function tell(f: Finding, params: readonly Record<string, unknown>[]): ScenarioError {
  const ids = f.points.map((p) => `p${p}`);
  let which: string;
  if (ids.length === 1) {
    const only = f.points[0] ?? 0;
    const values = Object.entries(params[only] ?? {}).map(([k, v]) => `${k}=${shortValue(v)}`);
    which = f.ofValue ? `in point ${ids[0]}` : `in point ${ids[0]} (${values.join(", ")})`;
  } else if (ids.length === params.length) {
    which = `in every point (${ids.length})`;
  } else {
    which =
      ids.length <= 6
        ? `in points ${ids.join(", ")}`
        : `in ${ids.length} points (${ids.slice(0, 5).join(", ")}, ...)`;
  }
  return new ScenarioError(f.at.file, f.at.line, f.at.column, f.path, `${which}: ${f.message}`);
}

function shortValue(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

function sameLocation(a: SourceLocation, b: SourceLocation): boolean {
  return a.file === b.file && a.line === b.line && a.column === b.column;
}

/** The character offset of a location in `source`; null when the line is not in it. */
function offsetOf(source: YamlFile, at: SourceLocation): number | null {
  const lineStart = source.lineCounter.lineStarts[at.line - 1];
  return lineStart === undefined ? null : lineStart + at.column - 1;
}

function withoutSweep(scenario: Scenario): Scenario {
  const { sweep: _sweep, ...rest } = scenario;
  return rest;
}
