/**
 * Bounds on the work a YAML file can cause, checked where the `yaml` library would otherwise
 * spend it: nesting depth and keys per mapping on the token tree before any node is built (the
 * composer recurses per level and, with uniqueKeys, compares every key with every earlier one);
 * duplicate keys with one Set per mapping; and aliases resolved once per document, with the
 * values they expand to counted, so a "billion laughs" document is refused before anything
 * expands it.
 */
import { type Alias, CST, type Document, isAlias, isMap, isScalar, isSeq, Lexer, type Node } from "yaml";
import { MAX_YAML_ALIAS_EXPANSION, MAX_YAML_DEPTH, MAX_YAML_KEYS, MAX_YAML_VALUES } from "./limits.js";

/** A problem at a character offset of the file; the message never quotes the file. */
export interface YamlProblem {
  offset: number;
  message: string;
}

/** What is left of a scenario's MAX_YAML_VALUES; one is shared by all the files of a scenario. */
export interface ValueBudget {
  readonly limit: number;
  left: number;
}

export function newValueBudget(limit = MAX_YAML_VALUES): ValueBudget {
  return { limit, left: limit };
}

/** Lexer tokens that start a value; a plain or block scalar's content follows a SCALAR mark. */
const VALUE_TOKENS: ReadonlySet<string> = new Set([
  "scalar",
  "single-quoted-scalar",
  "double-quoted-scalar",
  "alias",
  "flow-map-start",
  "flow-seq-start",
  "seq-item-ind",
]);

/** Zero-width marks the lexer puts before a document, a scalar and after a bad flow collection. */
const MARKS: ReadonlySet<string> = new Set([CST.DOCUMENT, CST.SCALAR, CST.FLOW_END]);

/**
 * Takes a file's values from a budget lexeme by lexeme, as the lexer yields them (it streams and
 * keeps nothing), so a file of a million tiny values is refused before the parser builds a token
 * for each; `problem` is set at the first value past the limit.
 */
export class ValueMeter {
  /** Offset in the file of the next lexeme. */
  private offset = 0;
  problem: YamlProblem | null = null;

  constructor(private readonly budget: ValueBudget) {}

  /** Count one lexeme; false once the budget is spent (at this lexeme or before). */
  take(lexeme: string): boolean {
    if (this.problem !== null) return false;
    const type = CST.tokenType(lexeme);
    if (type !== null && VALUE_TOKENS.has(type) && --this.budget.left < 0) {
      this.problem = {
        offset: this.offset,
        message: `too many values: more than ${this.budget.limit} in the scenario's YAML files together (the limit)`,
      };
      return false;
    }
    if (!MARKS.has(lexeme)) this.offset += lexeme.length;
    return true;
  }
}

/** Take `text`'s values from `budget` (the lexer alone); the problem when there were too many. */
export function spendValues(text: string, budget: ValueBudget): YamlProblem | null {
  const meter = new ValueMeter(budget);
  for (const lexeme of new Lexer().lex(text)) if (!meter.take(lexeme)) break;
  return meter.problem;
}

/**
 * The first collection nested deeper than MAX_YAML_DEPTH, or the first mapping with more than
 * MAX_YAML_KEYS keys, in the parser's token tree; null when the file is within both.
 */
export function checkTokenShape(tokens: readonly CST.Token[]): YamlProblem | null {
  const stack: { token: CST.Token; depth: number }[] = [];
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i]!;
    if (t.type === "document" && t.value !== undefined) stack.push({ token: t.value, depth: 1 });
  }
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (token.type !== "block-map" && token.type !== "block-seq" && token.type !== "flow-collection")
      continue;
    if (depth > MAX_YAML_DEPTH) {
      return {
        offset: token.offset,
        message: `too deeply nested: more than ${MAX_YAML_DEPTH} levels of mappings and lists (the limit)`,
      };
    }
    const isMapping =
      token.type === "block-map" || (token.type === "flow-collection" && token.start.source === "{");
    if (isMapping && token.items.length > MAX_YAML_KEYS) {
      const item = token.items[MAX_YAML_KEYS]!;
      return {
        offset: item.key?.offset ?? item.start[0]?.offset ?? token.offset,
        message: `too many keys: a mapping with more than ${MAX_YAML_KEYS} keys (the limit)`,
      };
    }
    for (let i = token.items.length - 1; i >= 0; i--) {
      const item: CST.CollectionItem = token.items[i]!;
      if (item.value) stack.push({ token: item.value, depth: depth + 1 });
      if (item.key) stack.push({ token: item.key, depth: depth + 1 });
    }
  }
  return null;
}

/** What an alias stands for: the anchored node, or undefined when no anchor precedes it. */
export type AliasTargets = ReadonlyMap<Alias, Node | undefined>;

/**
 * Walk one composed document (without following aliases) in the order the library's
 * Alias.resolve searches it: report keys a mapping already has (keys compare as strings, as the
 * API server's JSON sees them), aliases without an anchor, and aliases that would expand the
 * document by more than MAX_YAML_ALIAS_EXPANSION values. Alias.resolve visits the whole
 * document on every call; the targets returned here are found in this one walk instead.
 */
export function checkDocument(
  doc: Document,
  where: (offset: number) => string,
): { problems: YamlProblem[]; aliases: AliasTargets } {
  const problems: YamlProblem[] = [];
  const aliases = new Map<Alias, Node | undefined>();
  const anchors = new Map<string, Node>();
  const inOrder: Alias[] = [];
  const root = doc.contents as Node | null;
  const stack: Node[] = root === null ? [] : [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isAlias(node)) {
      aliases.set(node, anchors.get(node.source));
      inOrder.push(node);
      continue;
    }
    if (node.anchor) anchors.set(node.anchor, node);
    if (isMap(node)) {
      const seen = new Map<string, Node>();
      const children: Node[] = [];
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        const value = pair.value as Node | null;
        if (key !== null && isScalar(key)) {
          const name = String(key.value);
          const first = seen.get(name);
          if (first === undefined) seen.set(name, key);
          else {
            problems.push({
              offset: key.range?.[0] ?? 0,
              message: `YAML syntax error: Map keys must be unique (the first is at ${where(first.range?.[0] ?? 0)})`,
            });
          }
        }
        if (key != null) children.push(key);
        if (value != null) children.push(value);
      }
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) {
        const item = node.items[i] as Node | null;
        if (item != null) stack.push(item);
      }
    }
  }

  const sizes = new Map<Node, number>();
  let added = 0;
  for (const alias of inOrder) {
    const target = aliases.get(alias);
    if (target === undefined) {
      problems.push({
        offset: alias.range?.[0] ?? 0,
        message: "YAML syntax error: an alias (*name) with no anchor (&name) of that name before it",
      });
      continue;
    }
    added += expandedSize(target, aliases, sizes);
    if (added > MAX_YAML_ALIAS_EXPANSION) {
      problems.push({
        offset: alias.range?.[0] ?? 0,
        message: `too many aliases: the aliases (*name) of this document stand for more than ${MAX_YAML_ALIAS_EXPANSION} values (the limit)`,
      });
      break;
    }
  }
  return { problems, aliases };
}

/** Values `node` stands for with every alias inside it expanded, at most MAX_SAFE_INTEGER. */
function expandedSize(start: Node, aliases: AliasTargets, sizes: Map<Node, number>): number {
  const known = sizes.get(start);
  if (known !== undefined) return known;
  const onPath = new Set<Node>();
  const frames: { node: Node; kids: Node[]; next: number; sum: number }[] = [];
  const open = (node: Node) => {
    onPath.add(node);
    frames.push({ node, kids: childrenOf(node, aliases), next: 0, sum: isAlias(node) ? 0 : 1 });
  };
  open(start);
  let result = 0;
  while (frames.length > 0) {
    const top = frames[frames.length - 1]!;
    if (top.next < top.kids.length) {
      const kid = top.kids[top.next++]!;
      const size = sizes.get(kid);
      // An alias inside the node it names (`&a [*a]`) would expand for ever.
      if (size !== undefined || onPath.has(kid))
        top.sum = saturate(top.sum + (size ?? Number.MAX_SAFE_INTEGER));
      else open(kid);
      continue;
    }
    frames.pop();
    onPath.delete(top.node);
    sizes.set(top.node, top.sum);
    const parent = frames[frames.length - 1];
    if (parent === undefined) result = top.sum;
    else parent.sum = saturate(parent.sum + top.sum);
  }
  return result;
}

function saturate(n: number): number {
  return Math.min(n, Number.MAX_SAFE_INTEGER);
}

function childrenOf(node: Node, aliases: AliasTargets): Node[] {
  if (isAlias(node)) {
    const target = aliases.get(node);
    return target === undefined ? [] : [target];
  }
  if (isMap(node)) {
    const out: Node[] = [];
    for (const pair of node.items) {
      if (pair.key != null) out.push(pair.key as Node);
      if (pair.value != null) out.push(pair.value as Node);
    }
    return out;
  }
  if (isSeq(node)) return (node.items as (Node | null)[]).filter((item): item is Node => item != null);
  return [];
}
