/**
 * Multi-document YAML with source positions. `YValue` is a cursor over the parsed nodes that
 * carries the field path and can say where a value (or a missing field) sits in the file, so
 * every validator can report `file:line:column path: message` without knowing about YAML.
 */
import {
  Composer,
  type CST,
  type Document,
  Lexer,
  LineCounter,
  type Node,
  Parser,
  type YAMLError,
} from "yaml";
import { type Diagnostics, fieldPath, indexPath, keyPath, type SourceLocation, suggest } from "./errors.js";
import { isAlias, isMap, isPair, isScalar, isSeq } from "./yaml-bindings.js";
import { withYamlDebugEnv } from "./yaml-debug-env.js";
import { type PlainDocumentStart, readPlainBlockDocument, scanPlainBlockYaml } from "./yaml-fast-path.js";
import {
  type AliasTargets,
  checkDocument,
  checkTokenShape,
  newValueBudget,
  type ValueBudget,
  ValueMeter,
  type YamlProblem,
} from "./yaml-guards.js";

/** One parsed file: its name as the user gave it and a way to turn offsets into line:column. */
export interface YamlFile {
  file: string;
  lineCounter: LineCounter;
  /**
   * The file's text when it is plain block YAML (read by yaml-fast-path): no anchors, aliases
   * or tags, so a value's source text and column alone say what it reads as (see sourceKey).
   */
  plainText?: string;
}

/** One non-empty document of a file, with the 1-based index of the document in the file. */
export interface YamlDocument {
  source: YamlFile;
  index: number;
  root: YValue;
}

/**
 * Parse every document of `text`: plain block YAML (what manifests are written in) by
 * yaml-fast-path, which gives the nodes the library would give, anything else by the library.
 * Syntax errors are reported to `diag` with their position;
 * a document with a syntax error is left out (its values would only produce follow-on errors).
 * Empty documents (a trailing `---`) are skipped. A file with more values than `budget` has
 * left, nested too deeply or with too wide a mapping is refused whole, before the parser or the
 * composer would do the work; duplicate keys and aliases are checked per document by
 * yaml-guards, in linear time.
 */
export function parseYamlFile(
  file: string,
  text: string,
  diag: Diagnostics,
  budget: ValueBudget = newValueBudget(),
): YamlDocument[] {
  diag.noteFile(file);
  const plain = scanPlainBlockYaml(text);
  // Too many values: the library's path finds the value past the limit, to point at it.
  if (plain !== null && plain.values <= budget.left) {
    budget.left -= plain.values;
    const source: YamlFile = { file, lineCounter: lineStartsOf(text), plainText: text };
    const last = new LastTree(text);
    return plain.docs.map((start) => ({
      source,
      index: start.index,
      root: YValue.plainRoot(source, new PlainDocument(last, start)),
    }));
  }
  return parseWithLibrary({ file, lineCounter: lineStartsOf(text) }, text, diag, budget);
}

/** What the documents of plain block YAML have: no aliases. */
const NO_ALIASES: AliasTargets = new Map();

/**
 * A document of plain block YAML. Its nodes are made when it is read and dropped when another
 * document of its file is read (made again, the same, if it is read again), so that a file of
 * 100,000 manifests is not held as 100,000 trees of nodes (~7 KB each) while the loader reads it.
 */
class PlainDocument {
  constructor(
    private readonly last: LastTree,
    readonly start: PlainDocumentStart,
  ) {}

  root(): Node {
    return this.last.tree(this);
  }
}

/**
 * The nodes of the document of one file read last. The loader reads each document a few times
 * in a row, then the next. One tree only: keeping the last 8 (or even 2) made each one live
 * through a young-generation collection and be copied into the old one: at 100,000 manifests,
 * `sim validate` took 5.4 s of CPU and 640 MB with 8 trees, 3.3 s and 285 MB with one.
 */
class LastTree {
  private doc: PlainDocument | null = null;
  private node: Node | null = null;

  constructor(private readonly text: string) {}

  tree(doc: PlainDocument): Node {
    if (this.doc === doc && this.node !== null) return this.node;
    this.doc = null;
    this.node = null;
    const made = readPlainBlockDocument(this.text, doc.start);
    this.doc = doc;
    this.node = made;
    return made;
  }
}

/**
 * parseYamlFile by the `yaml` library alone, whatever the text (tests compare the fast path
 * with it).
 */
export function parseYamlFileWithLibrary(
  file: string,
  text: string,
  diag: Diagnostics,
  budget: ValueBudget = newValueBudget(),
): YamlDocument[] {
  diag.noteFile(file);
  return parseWithLibrary({ file, lineCounter: lineStartsOf(text) }, text, diag, budget);
}

function parseWithLibrary(
  source: YamlFile,
  text: string,
  diag: Diagnostics,
  budget: ValueBudget,
): YamlDocument[] {
  // One pass: each lexeme is counted against the budget, then handed to the parser, and each
  // document token the parser completes is shape-checked and composed, so the file's token tree
  // is never held whole (the cost of the parse was mostly the garbage of holding it). What is
  // reported is as if the checks ran one after another over the whole file: too many values
  // anywhere first, then the first shape problem, then each document's own errors.
  const meter = new ValueMeter(budget);
  const parser = new Parser();
  // uniqueKeys: false because the library's own check is quadratic; checkDocument does it.
  const composer = new Composer({ prettyErrors: false, uniqueKeys: false });
  const docs: Document.Parsed[] = [];
  let shape: YamlProblem | null = null;
  const compose = (token: CST.Token): void => {
    if (shape !== null) return;
    shape = checkTokenShape([token]);
    if (shape === null) for (const doc of composer.next(token)) docs.push(doc);
  };
  withYamlDebugEnv(() => {
    for (const lexeme of new Lexer().lex(text)) {
      if (!meter.take(lexeme)) return;
      if (shape === null) for (const token of parser.next(lexeme)) compose(token);
    }
    for (const token of parser.end()) compose(token);
    if (shape === null) for (const doc of composer.end(true, text.length)) docs.push(doc);
  });
  if (meter.problem !== null) {
    diag.error(offsetLocation(source, meter.problem.offset), "", meter.problem.message);
    return [];
  }
  if (shape !== null) {
    const problem: YamlProblem = shape;
    diag.error(offsetLocation(source, problem.offset), "", problem.message);
    return [];
  }
  const where = (offset: number) => {
    const at = offsetLocation(source, offset);
    return `line ${at.line}, column ${at.column}`;
  };
  const out: YamlDocument[] = [];
  let index = 0;
  for (const doc of docs) {
    index++;
    if (doc.errors.length > 0) {
      for (const err of doc.errors) diag.error(offsetLocation(source, err.pos[0]), "", syntaxMessage(err));
      continue;
    }
    const contents = doc.contents as Node | null;
    if (contents === null || (isScalar(contents) && contents.value === null)) continue;
    const { problems, aliases } = checkDocument(doc, where);
    if (problems.length > 0) {
      for (const p of problems) diag.error(offsetLocation(source, p.offset), "", p.message);
      continue;
    }
    out.push({ source, index, root: YValue.root(source, aliases, contents) });
  }
  return out;
}

/**
 * The library's message where it is fixed text, else jobsim's words for the error code: some
 * messages quote the source (a block scalar header, an escape, a tag, an unexpected token), and
 * a file that did not parse must not be echoed (it may be any file a user was tricked into naming).
 */
function syntaxMessage(err: YAMLError): string {
  const text = FIXED_TEXT_CODES.has(err.code) ? err.message : (REWORDED[err.code] ?? "not valid YAML here");
  return `YAML syntax error: ${text}`;
}

/** Codes whose every message in the yaml library is fixed text (checked against yaml 2.9). */
const FIXED_TEXT_CODES: ReadonlySet<YAMLError["code"]> = new Set<YAMLError["code"]>([
  "ALIAS_PROPS",
  "BAD_ALIAS",
  "BAD_INDENT",
  "BLOCK_AS_IMPLICIT_KEY",
  "BLOCK_IN_FLOW",
  "DUPLICATE_KEY",
  "KEY_OVER_1024_CHARS",
  "MISSING_CHAR",
  "MULTILINE_IMPLICIT_KEY",
  "MULTIPLE_ANCHORS",
  "MULTIPLE_DOCS",
  "MULTIPLE_TAGS",
  "TAB_AS_INDENT",
]);

/** What jobsim says for the codes whose library messages may carry source text. */
const REWORDED: Partial<Record<YAMLError["code"], string>> = {
  BAD_COLLECTION_TYPE: "a tag (!!...) for another kind of value",
  BAD_DIRECTIVE: "a bad %YAML or %TAG directive",
  BAD_DQ_ESCAPE: "an invalid escape sequence in a double-quoted string",
  BAD_PROP_ORDER: "anchors (&) and tags (!) must come after the - ? or : indicator",
  BAD_SCALAR_START: "a plain value cannot start with this character; quote the value",
  TAG_RESOLVE_FAILED: "an unknown tag (!...), or a value its tag cannot read",
  UNEXPECTED_TOKEN: "unexpected text here; check the indentation, quotes and brackets",
};

/**
 * Every line start of `text`: offset 0 and the offset after each "\n", where the parser's own
 * onNewLine counts them too. Counted from the text rather than by the parser, which reports the
 * line breaks inside a multi-line plain scalar only where it accepts the scalar: after a token
 * it rejects (`a:\n]  b: c\n  d: e`) every later error fell on an earlier line, past its end.
 */
function lineStartsOf(text: string): LineCounter {
  const counter = new LineCounter();
  counter.addNewLine(0);
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) counter.addNewLine(i + 1);
  return counter;
}

/** The location of a character offset in a parsed file. */
export function offsetLocation(source: YamlFile, offset: number): SourceLocation {
  const { line, col } = source.lineCounter.linePos(offset);
  return { file: source.file, line, column: col };
}

/**
 * What a sweep's grid point needs of a document whose values it replaced (src/sweep/grid*.ts):
 * the nodes it put in, each with the file it came from (so a problem with a grid value points at
 * the grid value), and the paths the readers reached, so a grid path that names no field jobsim
 * reads is found.
 */
export interface TreeContext {
  /** Nodes put into the document, with the file their range is in. */
  readonly grafts: ReadonlyMap<Node, YamlFile>;
  /** Paths of the values a reader reached by name (`get`), by listing (`entries`, `items`). */
  readonly reached: Set<string>;
  /** Paths whose whole value a reader took as is (`toJS`): every path below counts as reached. */
  readonly copied: Set<string>;
}

/** What kind of YAML value a cursor points at. */
export type YKind = "missing" | "null" | "map" | "seq" | "scalar";

/**
 * A cursor on one value of a document. A missing field is a cursor too (kind "missing"): it
 * remembers its parent, so an error about it points at the mapping that should hold it.
 */
export class YValue {
  private constructor(
    readonly source: YamlFile,
    /** What the aliases of this value's document stand for. */
    readonly aliases: AliasTargets,
    /**
     * The resolved node (aliases followed); null when the field is missing. A document of plain
     * block YAML for its root, made when read.
     */
    private readonly raw: Node | PlainDocument | null,
    readonly path: string,
    /** The key node of the pair holding this value, when there is one. */
    private readonly keyNode: Node | null,
    private readonly parent: YValue | null,
    /** Set only on the documents of a sweep's grid point. */
    private readonly ctx: TreeContext | null,
  ) {}

  /** The cursor on a document's root value (`ctx`: a grid point's changed document). */
  static root(source: YamlFile, aliases: AliasTargets, node: Node, ctx: TreeContext | null = null): YValue {
    return new YValue(source, aliases, resolve(aliases, node), "", null, null, ctx);
  }

  /** The cursor on the root of a document of plain block YAML. */
  static plainRoot(source: YamlFile, doc: PlainDocument): YValue {
    return new YValue(source, NO_ALIASES, doc, "", null, null, null);
  }

  /** The resolved node (aliases followed); null when the field is missing. */
  get node(): Node | null {
    const raw = this.raw;
    return raw instanceof PlainDocument ? raw.root() : raw;
  }

  /**
   * A cursor on `node` as the root of this value's document (its file and aliases): a grid
   * point's changed copy of the document, read with `ctx`.
   */
  withRoot(node: Node, ctx: TreeContext): YValue {
    return YValue.root(this.source, this.aliases, node, ctx);
  }

  get kind(): YKind {
    const n = this.node;
    if (n === null) return "missing";
    if (isMap(n)) return "map";
    if (isSeq(n)) return "seq";
    if (isScalar(n)) return n.value === null ? "null" : "scalar";
    return "null";
  }

  /** True when the field is absent or explicitly null (`key:` or `key: null`): both mean unset. */
  get isUnset(): boolean {
    const k = this.kind;
    return k === "missing" || k === "null";
  }

  /** The scalar's value (string, number, boolean), or undefined when not a scalar. */
  get scalar(): unknown {
    return this.node !== null && isScalar(this.node) ? this.node.value : undefined;
  }

  /**
   * What this value reads as, as a string: its column and exact source text, when it is a
   * collection of a file of plain block YAML (else null). Two values with the same key read as
   * the same value, whatever file or document they are in; only their locations differ.
   */
  sourceKey(): string | null {
    const text = this.source.plainText;
    const n = this.raw;
    if (text === undefined || this.ctx !== null || n === null || n instanceof PlainDocument) return null;
    const range = n.range;
    if (range == null || !(isMap(n) || isSeq(n))) return null;
    const column = range[0] - (text.lastIndexOf("\n", range[0] - 1) + 1);
    return `${column}:${text.slice(range[0], range[2])}`;
  }

  /** The file this value was read from. */
  get file(): string {
    return this.source.file;
  }

  /**
   * Where to point for this value: its own start; for a missing field or an empty value, the key
   * that holds the parent mapping (or the parent's start when it has no key, as in a list).
   */
  location(): SourceLocation {
    const n = this.node;
    if (n === null) return this.parent === null ? offsetLocation(this.source, 0) : this.parent.keyLocation();
    const empty = isScalar(n) && n.value === null && n.range != null && n.range[0] === n.range[1];
    if (empty && this.keyNode?.range)
      return offsetLocation(this.sourceOf(this.keyNode), this.keyNode.range[0]);
    return offsetLocation(this.sourceOf(n), n.range?.[0] ?? 0);
  }

  /** The location of this value's key (for "unknown field"), else of the value itself. */
  keyLocation(): SourceLocation {
    if (this.keyNode?.range) return offsetLocation(this.sourceOf(this.keyNode), this.keyNode.range[0]);
    return this.location();
  }

  /** The file a node's range is in: a grid point's value came from the sweep section. */
  private sourceOf(node: Node): YamlFile {
    return this.ctx?.grafts.get(node) ?? this.source;
  }

  /** A cursor on a child node: a node a grid point put in is read as from its own file. */
  private at(raw: Node | null, path: string, keyNode: Node | null, reached: boolean): YValue {
    const ctx = this.ctx;
    if (ctx === null)
      return new YValue(this.source, this.aliases, resolve(this.aliases, raw), path, keyNode, this, null);
    if (reached) ctx.reached.add(path);
    const source = (raw !== null && ctx.grafts.get(raw)) || this.source;
    return new YValue(source, this.aliases, resolve(this.aliases, raw), path, keyNode, this, ctx);
  }

  /** The child field `name` of a mapping (path `parent.name`); missing when absent or not a map. */
  get(name: string): YValue {
    return this.child(name, fieldPath(this.path, name));
  }

  /** The entry `key` of a user map such as labels (path `parent[key]`). */
  entry(key: string): YValue {
    return this.child(key, keyPath(this.path, key));
  }

  private child(key: string, path: string): YValue {
    const n = this.node;
    if (n !== null && isMap(n)) {
      for (const pair of n.items) {
        const k = pair.key as Node | null;
        if (k !== null && isScalar(k) && String(k.value) === key) {
          return this.at(pair.value as Node | null, path, k, true);
        }
      }
    }
    return this.at(null, path, null, true);
  }

  /** The keys of a mapping in written order, each with its value cursor (`asFields`: paths `.key`). */
  entries(asFields = false): { key: string; value: YValue }[] {
    return this.pairs(asFields, true);
  }

  /**
   * The fields of a mapping as `entries(true)` lists them, for checking their names only: a
   * field listed here is not thereby one jobsim reads.
   */
  fieldEntries(): { key: string; value: YValue }[] {
    return this.pairs(true, false);
  }

  private pairs(asFields: boolean, reached: boolean): { key: string; value: YValue }[] {
    const n = this.node;
    if (n === null || !isMap(n)) return [];
    const out: { key: string; value: YValue }[] = [];
    for (const pair of n.items) {
      if (!isPair(pair)) continue;
      const k = pair.key as Node | null;
      const key = k !== null && isScalar(k) ? String(k.value) : String(k);
      const path = asFields ? fieldPath(this.path, key) : keyPath(this.path, key);
      out.push({ key, value: this.at(pair.value as Node | null, path, k, reached) });
    }
    return out;
  }

  /** The elements of a list, with paths `parent[i]`. */
  items(): YValue[] {
    const n = this.node;
    if (n === null || !isSeq(n)) return [];
    return n.items.map((item, i) => this.at(item as Node | null, indexPath(this.path, i), null, true));
  }

  /**
   * The plain JavaScript value (maps to objects), for opaque parts such as a patch body. Built
   * here rather than by the library's toJS, which searches the whole document for every alias
   * it meets; yaml-guards has already bounded what the aliases expand to.
   */
  toJS(): unknown {
    this.ctx?.copied.add(this.path);
    return this.node === null ? undefined : plainValue(this.node, this.aliases);
  }

  /** Short description of the value for "expected X, got Y" messages. */
  describe(): string {
    switch (this.kind) {
      case "missing":
        return "nothing";
      case "null":
        return "null";
      case "map":
        return "a mapping";
      case "seq":
        return "a list";
      default: {
        const v = this.scalar;
        return typeof v === "string" ? JSON.stringify(v) : String(v);
      }
    }
  }
}

function resolve(aliases: AliasTargets, node: Node | null): Node | null {
  // An anchor cannot sit on an alias, so one step reaches the anchored value.
  return node !== null && isAlias(node) ? (aliases.get(node) ?? null) : node;
}

function plainValue(node: Node, aliases: AliasTargets): unknown {
  const n = resolve(aliases, node);
  if (n === null) return null;
  if (isMap(n)) {
    const out: Record<string, unknown> = {};
    for (const pair of n.items) {
      const k = resolve(aliases, (pair.key as Node | null) ?? null);
      const key =
        k !== null && isScalar(k)
          ? String(k.value)
          : JSON.stringify(k === null ? null : plainValue(k, aliases));
      const value = pair.value == null ? null : plainValue(pair.value as Node, aliases);
      // A `__proto__` key is data, not the object's prototype.
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  if (isSeq(n))
    return (n.items as (Node | null)[]).map((item) => (item == null ? null : plainValue(item, aliases)));
  return isScalar(n) ? n.value : null;
}

/**
 * Readers of typed values for jobsim's own documents (the Simulation). Each reports a located
 * error in jobsim's words ("expected X, got Y") and returns undefined when the value is bad.
 */
export class Reader {
  constructor(readonly diag: Diagnostics) {}

  /** Report an error at `v`. */
  error(v: YValue, message: string): void {
    this.diag.error(v.location(), v.path, message);
  }

  /** Report a warning at `v`. */
  warn(v: YValue, message: string): void {
    this.diag.warn(v.location(), v.path, message);
  }

  /** Report "required field is missing" when `v` is unset; true when present. */
  required(v: YValue, what: string): boolean {
    if (!v.isUnset) return true;
    this.error(v, `required field is missing: expected ${what}`);
    return false;
  }

  /** True when `v` is a mapping; otherwise (and when present) reports it. */
  map(v: YValue): boolean {
    if (v.kind === "map") return true;
    if (!v.isUnset) this.error(v, `expected a mapping, got ${v.describe()}`);
    return false;
  }

  /** True when `v` is a list; otherwise (and when present) reports it. */
  seq(v: YValue): boolean {
    if (v.kind === "seq") return true;
    if (!v.isUnset) this.error(v, `expected a list, got ${v.describe()}`);
    return false;
  }

  /** Report every key of mapping `v` not in `known`, suggesting the nearest known name. */
  knownFields(v: YValue, known: readonly string[]): void {
    for (const { key, value } of v.fieldEntries()) {
      if (known.includes(key)) continue;
      const near = suggest(key, known);
      const hint = near === null ? `known fields: ${known.join(", ")}` : `did you mean "${near}"?`;
      this.diag.error(value.keyLocation(), value.path, `unknown field, ${hint}`);
    }
  }

  string(v: YValue, what = "a string"): string | undefined {
    if (v.isUnset) return undefined;
    if (typeof v.scalar === "string") return v.scalar;
    this.error(v, `expected ${what}, got ${v.describe()}`);
    return undefined;
  }

  boolean(v: YValue): boolean | undefined {
    if (v.isUnset) return undefined;
    if (typeof v.scalar === "boolean") return v.scalar;
    this.error(v, `expected true or false, got ${v.describe()}`);
    return undefined;
  }

  /** A finite number within [min, max]; the message names the range as `what`. */
  number(v: YValue, min: number, max: number, what: string): number | undefined {
    if (v.isUnset) return undefined;
    const x = v.scalar;
    if (typeof x === "number" && Number.isFinite(x) && x >= min && x <= max) return x;
    this.error(v, `expected ${what}, got ${v.describe()}`);
    return undefined;
  }

  /** An integer within [min, max]. */
  integer(v: YValue, min: number, max: number, what: string): number | undefined {
    const x = this.number(v, min, max, what);
    if (x === undefined) return undefined;
    if (Number.isSafeInteger(x)) return x;
    this.error(v, `expected ${what}, got ${v.describe()}`);
    return undefined;
  }
}
