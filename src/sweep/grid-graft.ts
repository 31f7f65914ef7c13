/**
 * Put a grid value into a parsed YAML document without touching the document itself: the nodes
 * on the path are copied (copy on write), everything else is shared. The copy is what a grid
 * point's validation reads, so the loader's checks run on the changed tree without reading or
 * parsing a file again.
 */
import { isAlias, isMap, isScalar, isSeq, type Node, Pair, Scalar, YAMLMap, YAMLSeq } from "yaml";
import type { AliasTargets } from "../scenario/yaml-guards.js";
import { formatSegments, type PathSegment } from "./grid-path.js";

/** Nodes made for a point: each created node is recorded with the file its range points into. */
export interface MadeNodes<Source> {
  /** Every node put into a document (made here, or a grid value), with its file. */
  readonly nodes: Map<Node, Source>;
  /** The file and range that created keys and mappings take (where the grid path is written). */
  readonly source: Source;
  readonly range: [number, number, number];
}

/** The document with `value` at `segments` (null: the field removed), or what stops it. */
export function graft<Source>(
  root: Node,
  base: string,
  segments: readonly PathSegment[],
  value: Node | null,
  aliases: AliasTargets,
  made: MadeNodes<Source>,
): Node | { problem: string } {
  const result = setIn(root, 0);
  return result === UNCHANGED ? root : result;

  function setIn(node: Node | null, i: number): Node | typeof UNCHANGED | { problem: string } {
    const segment = segments[i];
    if (segment === undefined) return value ?? UNCHANGED;
    const last = i === segments.length - 1;
    const here = formatSegments(base, segments.slice(0, i));
    const absent = node === null || (isScalar(node) && node.value === null);
    if (segment.kind === "index") {
      if (absent || !isSeq(node)) {
        return {
          problem: `${here} is ${absent ? "not set" : describe(node)}, not a list: there is no entry ${segment.index}`,
        };
      }
      const items = node.items as (Node | null)[];
      if (segment.index >= items.length) {
        return {
          problem: `${here} has ${items.length} ${items.length === 1 ? "entry" : "entries"}: there is no entry ${segment.index}`,
        };
      }
      if (last && value === null) return { problem: "null removes a field; a list entry cannot be removed" };
      const child = setIn(resolve(items[segment.index] ?? null), i + 1);
      if (child === UNCHANGED || "problem" in child) return child;
      const copy = new YAMLSeq();
      Object.assign(copy, { range: node.range, flow: node.flow });
      copy.items = items.map((item, k) => (k === segment.index ? child : item));
      return copy;
    }
    if (absent) {
      // Nothing to remove under a field that is not there.
      if (value === null) return UNCHANGED;
      const child = setIn(null, i + 1);
      if (child === UNCHANGED || "problem" in child) return child;
      const map = madeNode(new YAMLMap());
      map.items = [new Pair(madeNode(new Scalar(segment.name)), child)];
      return map;
    }
    if (!isMap(node))
      return { problem: `${here} is ${describe(node)}, not a mapping: it has no field ${segment.name}` };
    const items = node.items as Pair<Node | null, Node | null>[];
    const at = items.findIndex(
      (p) => p.key !== null && isScalar(p.key) && String(p.key.value) === segment.name,
    );
    let replaced: Pair<Node | null, Node | null>[];
    if (last && value === null) {
      if (at < 0) return UNCHANGED;
      replaced = items.filter((_, k) => k !== at);
    } else {
      const pair = items[at];
      const child = setIn(pair === undefined ? null : resolve(pair.value), i + 1);
      if (child === UNCHANGED || "problem" in child) return child;
      replaced =
        pair === undefined
          ? [...items, new Pair(madeNode(new Scalar(segment.name)), child)]
          : items.map((p, k) => (k === at ? new Pair(p.key, child) : p));
    }
    const copy = new YAMLMap();
    Object.assign(copy, { range: node.range, flow: node.flow });
    copy.items = replaced;
    return copy;
  }

  function resolve(node: Node | null): Node | null {
    return node !== null && isAlias(node) ? (aliases.get(node) ?? null) : node;
  }

  function madeNode<N extends Node>(node: N): N {
    node.range = made.range;
    made.nodes.set(node, made.source);
    return node;
  }
}

const UNCHANGED = Symbol("unchanged");

function describe(node: Node): string {
  if (isMap(node)) return "a mapping";
  if (isSeq(node)) return "a list";
  return isScalar(node) ? `a single value (${JSON.stringify(node.value)})` : "a value";
}

/**
 * `node` with every alias replaced by what it stands for (copies of the collections that hold
 * one; the node itself when it has none), so it can be put into another document.
 */
export function withoutAliases(node: Node, aliases: AliasTargets): Node {
  if (isAlias(node)) {
    const target = aliases.get(node);
    return target === undefined ? new Scalar(null) : withoutAliases(target, aliases);
  }
  if (isMap(node)) {
    const items = node.items as Pair<Node | null, Node | null>[];
    const copied = items.map((p) => {
      const value = p.value === null ? null : withoutAliases(p.value, aliases);
      const key = p.key === null ? null : withoutAliases(p.key, aliases);
      return value === p.value && key === p.key ? p : new Pair(key, value);
    });
    if (copied.every((p, k) => p === items[k])) return node;
    const copy = new YAMLMap();
    Object.assign(copy, { range: node.range, flow: node.flow });
    copy.items = copied;
    return copy;
  }
  if (isSeq(node)) {
    const items = node.items as (Node | null)[];
    const copied = items.map((item) => (item === null ? null : withoutAliases(item, aliases)));
    if (copied.every((item, k) => item === items[k])) return node;
    const copy = new YAMLSeq();
    Object.assign(copy, { range: node.range, flow: node.flow });
    copy.items = copied;
    return copy;
  }
  return node;
}
