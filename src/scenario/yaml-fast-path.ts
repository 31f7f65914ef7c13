/**
 * A quick reader for the plain block YAML manifests are written in: block mappings and lists,
 * single-line plain and quoted scalars, single-line flow collections, `---`, comments after
 * values and comment lines before a document's content. It
 * builds the nodes the `yaml` library's Composer builds for such text (the same values, ranges
 * and `flow` marks), at a fraction of the library's time and garbage, and counts the values as
 * yaml-guards' ValueMeter does. Anything else (anchors, aliases, tags, block or multi-line
 * scalars, escapes, tabs, non-ASCII text, comment lines inside a document, duplicate keys, an
 * odd indentation, any syntax error) makes it give up on the whole file, and the library reads it instead: it says what the
 * library would say, or nothing.
 */
import type { Node } from "yaml";
import { MAX_YAML_DEPTH, MAX_YAML_KEYS } from "./limits.js";
import { type Pair, Scalar, type YAMLMap, type YAMLSeq } from "./yaml-bindings.js";
import { quickMap, quickPair, quickScalar, quickSeq } from "./yaml-quick-nodes.js";

/**
 * Where a document with content starts, and its number as the library numbers the documents
 * of a file (1-based, empty ones counted).
 */
export interface PlainDocumentStart {
  index: number;
  /** Offset of the root collection's first entry. */
  at: number;
  /** The root collection's column. */
  col: number;
}

/** A file of plain block YAML: where its documents start, and its values (as ValueMeter counts them). */
export interface PlainBlockFile {
  docs: PlainDocumentStart[];
  values: number;
}

/**
 * Read all of `text` (each document's nodes are made and dropped); where its documents start
 * when it is plain block YAML, else null. Empty documents are left out (their numbers are still
 * counted), as parseYamlFile leaves them out. readPlainBlockDocument makes a document's nodes
 * again when they are wanted, so a file's documents need not all be held at once.
 */
export function scanPlainBlockYaml(text: string): PlainBlockFile | null {
  // Tabs, carriage returns, control characters and non-ASCII text are the library's to judge.
  if (NOT_PLAIN_ASCII.test(text)) return null;
  try {
    return new BlockReader(text, false).scan();
  } catch (err) {
    if (err === GIVE_UP) return null;
    throw err;
  }
}

/** The nodes of a document scanPlainBlockYaml found in `text` (the same nodes every time). */
export function readPlainBlockDocument(text: string, start: PlainDocumentStart): Node {
  return new BlockReader(text, true).document(start);
}

/** scanPlainBlockYaml with every document's nodes. */
export function readPlainBlockYaml(
  text: string,
): { docs: { index: number; root: Node }[]; values: number } | null {
  const scanned = scanPlainBlockYaml(text);
  if (scanned === null) return null;
  const docs = scanned.docs.map((d) => ({ index: d.index, root: readPlainBlockDocument(text, d) }));
  return { docs, values: scanned.values };
}

const NOT_PLAIN_ASCII = /[^\n\x20-\x7e]/;

/** Thrown (one instance, no stack to capture) when the text is not plain block YAML. */
const GIVE_UP = new Error("not plain block YAML");

/** The library refuses implicit keys longer than this (KEY_OVER_1024_CHARS). */
const MAX_IMPLICIT_KEY = 1024;

const NL = 10;
const SPACE = 32;
const HASH = 35;
const DASH = 45;
const DQUOTE = 34;
const SQUOTE = 39;
const COLON = 58;
const COMMA = 44;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;

/** Characters a plain scalar cannot start with (YAML's c-indicator, less `-`, `?` and `:`). */
const NOT_PLAIN_START = new Set([...",[]{}#&*!|>'\"%@`"].map((c) => c.charCodeAt(0)));

/** The core schema's plain-scalar tags (yaml's schema/core), tried in the library's order. */
const NULL_RE = /^(?:~|[Nn]ull|NULL)$/;
const BOOL_RE = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT_RE = /^0o[0-7]+$/;
const INT_RE = /^[-+]?[0-9]+$/;
const INT_HEX_RE = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN_RE = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP_RE = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT_RE = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
/** First characters of the plain scalars that are not strings in the core schema. */
const MAYBE_NOT_STRING = /^[-+.~0-9nNtTfF]/;

/** A plain scalar's value as the core schema resolves it (null, boolean, number or string). */
export function plainScalarValue(source: string): unknown {
  if (!MAYBE_NOT_STRING.test(source)) return source;
  if (NULL_RE.test(source)) return null;
  if (BOOL_RE.test(source)) return source[0] === "t" || source[0] === "T";
  if (INT_OCT_RE.test(source)) return Number.parseInt(source.slice(2), 8);
  if (INT_RE.test(source)) return Number.parseInt(source, 10);
  if (INT_HEX_RE.test(source)) return Number.parseInt(source.slice(2), 16);
  if (FLOAT_NAN_RE.test(source))
    return source.slice(-3).toLowerCase() === "nan"
      ? Number.NaN
      : source[0] === "-"
        ? Number.NEGATIVE_INFINITY
        : Number.POSITIVE_INFINITY;
  if (FLOAT_EXP_RE.test(source) || FLOAT_RE.test(source)) return Number.parseFloat(source);
  return source;
}

/** What a scan returns for every node: it makes none. */
const UNMADE: Node = new Scalar(null);

/**
 * Reads line by line. `pos` is the start of the line being looked at; every method either
 * reads what it was asked to and leaves `pos` at a line start, or throws GIVE_UP.
 */
class BlockReader {
  private pos = 0;
  private values = 0;
  /** range[1] and range[2] of the node read last (made or not). */
  private valueEnd = 0;
  private end = 0;
  /** The key read last, as a string (keys compare as strings). */
  private keyName = "";
  /**
   * Between a document's first line of content and its end: the library ends a node's range
   * after the comment lines that follow it by rules of its own, so a comment line there is the
   * library's to read.
   */
  private inDocument = false;
  private readonly n: number;

  constructor(
    private readonly text: string,
    /** false: check and count only, make no node (scanPlainBlockYaml). */
    private readonly make: boolean,
  ) {
    this.n = text.length;
  }

  private scalar(value: unknown, start: number, valueEnd: number, nodeEnd: number): Node {
    this.valueEnd = valueEnd;
    this.end = nodeEnd;
    if (!this.make) return UNMADE;
    return quickScalar(value, [start, valueEnd, nodeEnd]);
  }

  /** Set range[2] of `node`, the node read last. */
  private endAt(node: Node, nodeEnd: number): void {
    this.end = nodeEnd;
    if (this.make && node.range) node.range[2] = nodeEnd;
  }

  /** Set the range of a collection read last that ends where its last item does. */
  private collectionRange(node: YAMLMap | YAMLSeq | null, at: number): Node {
    const end = this.end;
    this.valueEnd = end;
    if (node === null) return UNMADE;
    node.range = [at, end, end];
    return node;
  }

  scan(): PlainBlockFile {
    const docs: PlainDocumentStart[] = [];
    let index = 0;
    /** A `---` opened a document that has had no content yet. */
    let open = false;
    for (let indent = this.nextContent(); indent >= 0; indent = this.nextContent()) {
      const at = this.pos + indent;
      if (indent === 0 && this.isMarker(at, "---")) {
        if (open) index++;
        this.pos = this.restOfLine(at + 3);
        open = true;
        continue;
      }
      this.inDocument = true;
      this.block(indent, at, 1);
      index++;
      open = false;
      docs.push({ index, at, col: indent });
      const next = this.nextContent();
      this.inDocument = false;
      if (next >= 0 && !(next === 0 && this.isMarker(this.pos, "---"))) throw GIVE_UP;
    }
    return { docs, values: this.values };
  }

  /** The root collection of the document that starts at `start`. */
  document(start: PlainDocumentStart): Node {
    this.pos = start.at - start.col;
    this.inDocument = true;
    return this.block(start.col, start.at, 1);
  }

  /**
   * Move `pos` to the next line with content (not blank, not only a comment); its indentation,
   * or -1 at the end of the text. Comment lines are taken only before a document's content.
   */
  private nextContent(): number {
    const t = this.text;
    let p = this.pos;
    while (p < this.n) {
      let i = p;
      while (i < this.n && t.charCodeAt(i) === SPACE) i++;
      if (i < this.n) {
        const c = t.charCodeAt(i);
        if (c !== NL && c !== HASH) {
          this.pos = p;
          return i - p;
        }
        if (c === HASH && this.inDocument) throw GIVE_UP;
      }
      p = this.lineAfter(i);
    }
    this.pos = this.n;
    return -1;
  }

  /** The start of the line after the one holding `i` (the text's end on the last line). */
  private lineAfter(i: number): number {
    const e = this.text.indexOf("\n", i);
    return e < 0 ? this.n : e + 1;
  }

  private eolFrom(i: number): number {
    const e = this.text.indexOf("\n", i);
    return e < 0 ? this.n : e;
  }

  /** True when `i` is the end of the line or a space: `-`, `:` and markers need one after them. */
  private blankAt(i: number): boolean {
    if (i >= this.n) return true;
    const c = this.text.charCodeAt(i);
    return c === SPACE || c === NL;
  }

  private isMarker(at: number, marker: string): boolean {
    return this.text.startsWith(marker, at) && this.blankAt(at + 3);
  }

  private skipSpaces(i: number): number {
    while (i < this.n && this.text.charCodeAt(i) === SPACE) i++;
    return i;
  }

  /** After a value that ends at `i`: only spaces and a comment may follow; the next line's start. */
  private restOfLine(i: number): number {
    const j = this.skipSpaces(i);
    if (j >= this.n || this.text.charCodeAt(j) === NL) return this.lineAfter(j);
    if (this.text.charCodeAt(j) === HASH && j > i) return this.lineAfter(j);
    throw GIVE_UP;
  }

  /** The block collection at column `col` whose first entry starts at `at`. */
  private block(col: number, at: number, depth: number): Node {
    if (this.text.charCodeAt(at) === DASH && this.blankAt(at + 1)) return this.blockSeq(col, at, depth);
    return this.blockMap(col, at, depth);
  }

  private blockSeq(col: number, at: number, depth: number): Node {
    if (depth > MAX_YAML_DEPTH) throw GIVE_UP;
    const seq = this.make ? quickSeq() : null;
    let entry = at;
    for (;;) {
      this.values++;
      const lineStart = entry - col;
      const p = this.skipSpaces(entry + 1);
      const eol = this.eolFrom(p);
      let item: Node;
      const c = p < eol ? this.text.charCodeAt(p) : NL;
      if (c === DASH && this.blankAt(p + 1)) {
        item = this.blockSeq(p - lineStart, p, depth + 1);
      } else if (c !== NL && c !== HASH && c !== LBRACKET && c !== LBRACE && this.keyColon(p, eol) >= 0) {
        item = this.blockMap(p - lineStart, p, depth + 1);
      } else item = this.value(col, p, eol, depth, false);
      (seq?.items as Node[] | undefined)?.push(item);
      const indent = this.nextContent();
      if (
        indent === col &&
        this.text.charCodeAt(this.pos + col) === DASH &&
        this.blankAt(this.pos + col + 1)
      ) {
        entry = this.pos + col;
        continue;
      }
      if (indent > col) throw GIVE_UP;
      break;
    }
    return this.collectionRange(seq, at);
  }

  private blockMap(col: number, at: number, depth: number): Node {
    if (depth > MAX_YAML_DEPTH) throw GIVE_UP;
    const map = this.make ? quickMap() : null;
    const keys = new KeySet();
    let count = 0;
    let entry = at;
    for (;;) {
      const eol = this.eolFrom(entry);
      const colon = this.keyColon(entry, eol);
      if (colon < 0 || colon - entry > MAX_IMPLICIT_KEY) throw GIVE_UP;
      const key = this.keyScalar(entry, colon);
      if (++count > MAX_YAML_KEYS) throw GIVE_UP;
      keys.add(this.keyName);
      const p = this.skipSpaces(colon + 1);
      const value = this.value(col, p, eol, depth, true);
      (map?.items as Pair<Node, Node>[] | undefined)?.push(quickPair(key, value));
      const indent = this.nextContent();
      if (indent === col && !(col === 0 && this.isMarker(this.pos, "---"))) {
        entry = this.pos + col;
        continue;
      }
      if (indent > col) throw GIVE_UP;
      break;
    }
    return this.collectionRange(map, at);
  }

  /**
   * The `:` that makes the text at `p` (up to `eol`) a key, or -1: a quoted scalar or a plain one
   * followed by `:` and a space or the end of the line, before any comment.
   */
  private keyColon(p: number, eol: number): number {
    const t = this.text;
    const c = t.charCodeAt(p);
    if (c === DQUOTE || c === SQUOTE) {
      const close = this.closingQuote(p, eol);
      return t.charCodeAt(close + 1) === COLON && this.blankAt(close + 2) ? close + 1 : -1;
    }
    for (let i = p; i < eol; i++) {
      const x = t.charCodeAt(i);
      if (x === COLON && this.blankAt(i + 1)) return i;
      if (x === HASH && t.charCodeAt(i - 1) === SPACE) return -1;
    }
    return -1;
  }

  /** The key from `p` to the `:` at `colon`. */
  private keyScalar(p: number, colon: number): Node {
    const c = this.text.charCodeAt(p);
    this.values++;
    let value: unknown;
    if (c === DQUOTE || c === SQUOTE) value = this.quoted(p, colon - 1);
    else if (!this.plainStart(p) || this.text.charCodeAt(colon - 1) === SPACE) throw GIVE_UP;
    // A key that is just `-` (`-: 1`): the library's lexer counts one value more for it.
    else if (c === DASH && colon === p + 1) throw GIVE_UP;
    else value = plainScalarValue(this.text.slice(p, colon));
    this.keyName = String(value);
    return this.scalar(value, p, colon, colon);
  }

  /** True when a plain scalar may start at `p` (in either context). */
  private plainStart(p: number): boolean {
    const c = this.text.charCodeAt(p);
    if (c === DASH) return !this.blankAt(p + 1);
    // `?` and `:` start plain scalars only before a non-space; the library is left to judge them.
    return !NOT_PLAIN_START.has(c) && c !== 63 && c !== COLON && c !== SPACE && c !== NL;
  }

  /**
   * The value after a block indicator (`-` of an entry of a list at column `col`, or a key's `:`
   * in a mapping at `col`), starting at `p` on a line that ends at `eol`. Leaves `pos` at the
   * start of the next line (or of the nested block's next line).
   */
  private value(col: number, p: number, eol: number, depth: number, inMap: boolean): Node {
    const t = this.text;
    const c = p < eol ? t.charCodeAt(p) : NL;
    if (c === NL || c === HASH) {
      this.pos = this.lineAfter(p);
      const indent = this.nextContent();
      const at = this.pos + indent;
      if (indent > col) return this.block(indent, at, depth + 1);
      // A mapping's value may be a list at the mapping's own indentation.
      if (inMap && indent === col && t.charCodeAt(at) === DASH && this.blankAt(at + 1))
        return this.blockSeq(col, at, depth + 1);
      // An empty value's range takes a comment after it, and some of what follows, by the
      // library's own rules: left to the library.
      if (c === HASH) throw GIVE_UP;
      return this.scalar(null, p, p, p);
    }
    let node: Node;
    if (c === DQUOTE || c === SQUOTE) {
      const close = this.closingQuote(p, eol);
      this.values++;
      node = this.scalar(this.make ? this.quoted(p, close) : null, p, close + 1, close + 1);
    } else if (c === LBRACKET || c === LBRACE) {
      node = this.flow(p, eol, depth + 1);
    } else {
      // A key here (`a: b: c`, `a: - b`) or a mapping in a list entry is the callers' to see.
      if (!this.plainStart(p) || (inMap && this.keyColon(p, eol) >= 0)) throw GIVE_UP;
      let stop = eol;
      for (let i = p + 1; i < eol; i++) {
        if (t.charCodeAt(i) === HASH && t.charCodeAt(i - 1) === SPACE) {
          stop = i;
          break;
        }
      }
      let valueEnd = stop;
      while (t.charCodeAt(valueEnd - 1) === SPACE) valueEnd--;
      if (t.charCodeAt(valueEnd - 1) === COLON) throw GIVE_UP;
      this.values++;
      this.pos = this.lineAfter(stop);
      return this.scalar(this.make ? plainScalarValue(t.slice(p, valueEnd)) : null, p, valueEnd, this.pos);
    }
    this.pos = this.restOfLine(this.valueEnd);
    this.endAt(node, this.pos);
    return node;
  }

  /** The offset of the quote closing the quoted scalar at `p`, on the same line. */
  private closingQuote(p: number, eol: number): number {
    const t = this.text;
    const q = t.charCodeAt(p);
    for (let i = p + 1; i < eol; i++) {
      const c = t.charCodeAt(i);
      if (q === DQUOTE && c === 92) throw GIVE_UP; // an escape: the library decodes them
      if (c !== q) continue;
      if (q === SQUOTE && t.charCodeAt(i + 1) === SQUOTE) {
        i++;
        continue;
      }
      return i;
    }
    throw GIVE_UP; // a quoted scalar over several lines
  }

  /** The value of the quoted scalar from `p` to its closing quote at `close`. */
  private quoted(p: number, close: number): string {
    const inner = this.text.slice(p + 1, close);
    return this.text.charCodeAt(p) === SQUOTE ? inner.replaceAll("''", "'") : inner;
  }

  /** The flow collection at `p`, all on the line ending at `eol`; range[2] is its range[1]. */
  private flow(p: number, eol: number, depth: number): Node {
    if (depth > MAX_YAML_DEPTH) throw GIVE_UP;
    this.values++;
    const t = this.text;
    const isMap = t.charCodeAt(p) === LBRACE;
    const close = isMap ? RBRACE : RBRACKET;
    const node = this.make ? (isMap ? quickMap() : quickSeq()) : null;
    if (node !== null) node.flow = true;
    const keys = isMap ? new KeySet() : null;
    let count = 0;
    let i = this.skipSpaces(p + 1);
    if (t.charCodeAt(i) !== close) {
      for (;;) {
        if (keys !== null) {
          const key = this.flowItem(i, eol, depth, true);
          const colon = this.end;
          if (t.charCodeAt(colon) !== COLON || !this.blankAt(colon + 1)) throw GIVE_UP;
          if (this.valueEnd - i > MAX_IMPLICIT_KEY || ++count > MAX_YAML_KEYS) throw GIVE_UP;
          keys.add(this.keyName);
          const value = this.flowItem(this.skipSpaces(colon + 1), eol, depth, false);
          (node?.items as Pair<Node, Node>[] | undefined)?.push(quickPair(key, value));
        } else {
          const item = this.flowItem(i, eol, depth, false);
          (node?.items as Node[] | undefined)?.push(item);
        }
        i = this.end;
        const c = t.charCodeAt(i);
        if (c === COMMA) {
          i = this.skipSpaces(i + 1);
          if (t.charCodeAt(i) === close) throw GIVE_UP; // a trailing comma
          continue;
        }
        if (c === close) break;
        throw GIVE_UP;
      }
    }
    this.valueEnd = i + 1;
    this.end = i + 1;
    if (node === null) return UNMADE;
    node.range = [p, i + 1, i + 1];
    return node;
  }

  /**
   * A scalar or flow collection inside a flow collection, at `i`; its range[2] is where the next
   * indicator is (after the spaces that follow it). `isKey`: a plain scalar ends at `:`.
   */
  private flowItem(i: number, eol: number, depth: number, isKey: boolean): Node {
    const t = this.text;
    const c = t.charCodeAt(i);
    if (i >= eol) throw GIVE_UP;
    if (c === LBRACKET || c === LBRACE) {
      if (isKey) throw GIVE_UP;
      const node = this.flow(i, eol, depth + 1);
      const next = this.skipSpaces(this.valueEnd);
      if (next >= eol) throw GIVE_UP;
      this.endAt(node, next);
      return node;
    }
    if (c === DQUOTE || c === SQUOTE) {
      const close = this.closingQuote(i, eol);
      const next = this.skipSpaces(close + 1);
      if (next >= eol || (isKey && next !== close + 1)) throw GIVE_UP;
      this.values++;
      const value = isKey || this.make ? this.quoted(i, close) : null;
      if (isKey) this.keyName = String(value);
      return this.scalar(value, i, close + 1, next);
    }
    if (!this.plainStart(i)) throw GIVE_UP;
    // In a flow collection `-` starts a plain scalar only before a safe character: `-,` or `-]`
    // is a block list's indicator there, which the library reports as an error; and a key that is
    // just `-` (`{-: 1}`) the library's lexer counts as one value more.
    const afterDash = t.charCodeAt(i + 1);
    if (c === DASH && (isFlowIndicator(afterDash) || afterDash === COLON)) throw GIVE_UP;
    let j = i + 1;
    for (; j < eol; j++) {
      const x = t.charCodeAt(j);
      if (isFlowIndicator(x)) break;
      if (x === HASH && t.charCodeAt(j - 1) === SPACE) throw GIVE_UP; // a comment inside: many lines
      if (x === COLON) {
        const after = t.charCodeAt(j + 1);
        if (this.blankAt(j + 1) || after === COMMA || after === RBRACKET || after === RBRACE) {
          if (!isKey) throw GIVE_UP; // a pair inside a list, or `a: b: c`
          break;
        }
      }
    }
    if (j >= eol) throw GIVE_UP;
    let valueEnd = j;
    while (t.charCodeAt(valueEnd - 1) === SPACE) valueEnd--;
    if (isKey && valueEnd !== j) throw GIVE_UP;
    this.values++;
    const value = isKey || this.make ? plainScalarValue(t.slice(i, valueEnd)) : null;
    if (isKey) this.keyName = String(value);
    return this.scalar(value, i, valueEnd, j);
  }
}

/** `,` `[` `]` `{` `}`: the characters that end a plain scalar inside a flow collection. */
function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE;
}

/** The keys of one mapping as strings; a key given twice is the library's error to report. */
class KeySet {
  private readonly few: string[] = [];
  private many: Set<string> | null = null;

  add(key: string): void {
    if (this.many !== null) {
      if (this.many.has(key)) throw GIVE_UP;
      this.many.add(key);
      return;
    }
    if (this.few.includes(key)) throw GIVE_UP;
    this.few.push(key);
    if (this.few.length > 16) this.many = new Set(this.few);
  }
}
