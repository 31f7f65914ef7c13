/**
 * Multi-document YAML with source positions. `YValue` is a cursor over the parsed nodes that
 * carries the field path and can say where a value (or a missing field) sits in the file, so
 * every validator can report `file:line:column path: message` without knowing about YAML.
 */
import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseAllDocuments,
} from "yaml";
import { type Diagnostics, fieldPath, indexPath, keyPath, type SourceLocation, suggest } from "./errors.js";

/** One parsed file: its name as the user gave it and a way to turn offsets into line:column. */
export interface YamlFile {
  file: string;
  lineCounter: LineCounter;
}

/** One non-empty document of a file, with the 1-based index of the document in the file. */
export interface YamlDocument {
  source: YamlFile;
  doc: Document;
  index: number;
  root: YValue;
}

/**
 * Parse every document of `text`. Syntax errors are reported to `diag` with their position;
 * a document with a syntax error is left out (its values would only produce follow-on errors).
 * Empty documents (a trailing `---`) are skipped.
 */
export function parseYamlFile(file: string, text: string, diag: Diagnostics): YamlDocument[] {
  diag.noteFile(file);
  const lineCounter = new LineCounter();
  const source: YamlFile = { file, lineCounter };
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const out: YamlDocument[] = [];
  let index = 0;
  for (const doc of docs) {
    index++;
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        const at = offsetLocation(source, err.pos[0]);
        diag.error(at, "", `YAML syntax error: ${err.message}`);
      }
      continue;
    }
    const contents = doc.contents as Node | null;
    if (contents === null || (isScalar(contents) && contents.value === null)) continue;
    out.push({ source, doc, index, root: YValue.root(source, doc, contents) });
  }
  return out;
}

/** The location of a character offset in a parsed file. */
export function offsetLocation(source: YamlFile, offset: number): SourceLocation {
  const { line, col } = source.lineCounter.linePos(offset);
  return { file: source.file, line, column: col };
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
    private readonly doc: Document,
    /** The resolved node (aliases followed); null when the field is missing. */
    readonly node: Node | null,
    readonly path: string,
    /** The key node of the pair holding this value, when there is one. */
    private readonly keyNode: Node | null,
    private readonly parent: YValue | null,
  ) {}

  /** The cursor on a document's root value. */
  static root(source: YamlFile, doc: Document, node: Node): YValue {
    return new YValue(source, doc, resolve(doc, node), "", null, null);
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
    if (empty && this.keyNode?.range) return offsetLocation(this.source, this.keyNode.range[0]);
    return offsetLocation(this.source, n.range?.[0] ?? 0);
  }

  /** The location of this value's key (for "unknown field"), else of the value itself. */
  keyLocation(): SourceLocation {
    if (this.keyNode?.range) return offsetLocation(this.source, this.keyNode.range[0]);
    return this.location();
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
          return new YValue(
            this.source,
            this.doc,
            resolve(this.doc, pair.value as Node | null),
            path,
            k,
            this,
          );
        }
      }
    }
    return new YValue(this.source, this.doc, null, path, null, this);
  }

  /** The keys of a mapping in written order, each with its value cursor (`asFields`: paths `.key`). */
  entries(asFields = false): { key: string; value: YValue }[] {
    const n = this.node;
    if (n === null || !isMap(n)) return [];
    const out: { key: string; value: YValue }[] = [];
    for (const pair of n.items) {
      if (!isPair(pair)) continue;
      const k = pair.key as Node | null;
      const key = k !== null && isScalar(k) ? String(k.value) : String(k);
      const path = asFields ? fieldPath(this.path, key) : keyPath(this.path, key);
      out.push({
        key,
        value: new YValue(this.source, this.doc, resolve(this.doc, pair.value as Node | null), path, k, this),
      });
    }
    return out;
  }

  /** The elements of a list, with paths `parent[i]`. */
  items(): YValue[] {
    const n = this.node;
    if (n === null || !isSeq(n)) return [];
    return n.items.map(
      (item, i) =>
        new YValue(
          this.source,
          this.doc,
          resolve(this.doc, item as Node | null),
          indexPath(this.path, i),
          null,
          this,
        ),
    );
  }

  /** The plain JavaScript value (maps to objects), for opaque parts such as a patch body. */
  toJS(): unknown {
    const n = this.node;
    if (n === null) return undefined;
    return n.toJS(this.doc);
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

function resolve(doc: Document, node: Node | null): Node | null {
  let n = node;
  // Follow alias chains (`*anchor`); the yaml library rejects cycles when it parses.
  for (let guard = 0; n !== null && isAlias(n) && guard < 100; guard++) {
    n = (n.resolve(doc) as Node | undefined) ?? null;
  }
  return n;
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
    for (const { key, value } of v.entries(true)) {
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
