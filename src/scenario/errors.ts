/**
 * Scenario errors: one located problem per value, formatted as
 * `scenarios/etl.yaml:14:20 spec.workloads[0].failure.probability: expected ..., got 1.5`,
 * and a collector that keeps every problem (not just the first) for one report.
 */

/** A place in a source file: the path as the user gave it, 1-based line and column. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** One located problem in a scenario (an error, or a warning when collected as one). */
export class ScenarioError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    /** Field path such as `spec.workloads[0].failure.probability`; empty for file-level problems. */
    readonly path: string,
    readonly message: string,
  ) {}

  /**
   * `file:line:column path: message` (the path part is left out when empty), with control and
   * bidirectional characters escaped: every message is printed through here.
   */
  format(): string {
    const where = `${this.file}:${this.line}:${this.column}`;
    const text = this.path === "" ? `${where} ${this.message}` : `${where} ${this.path}: ${this.message}`;
    return escapeControls(text);
  }

  toString(): string {
    return this.format();
  }
}

/**
 * Collects errors and warnings while a scenario is read. Files are numbered in the order they
 * are first seen so that `sorted()` can return problems in document order even when a
 * cross-check (duplicate names, action targets) runs after the documents were read.
 */
export class Diagnostics {
  private readonly errorList: ScenarioError[] = [];
  private readonly warningList: ScenarioError[] = [];
  private readonly fileOrder = new Map<string, number>();

  /** Record that `file` is read now, fixing its place in the report order. */
  noteFile(file: string): void {
    if (!this.fileOrder.has(file)) this.fileOrder.set(file, this.fileOrder.size);
  }

  error(at: SourceLocation, path: string, message: string): void {
    this.noteFile(at.file);
    this.errorList.push(new ScenarioError(at.file, at.line, at.column, path, message));
  }

  warn(at: SourceLocation, path: string, message: string): void {
    this.noteFile(at.file);
    this.warningList.push(new ScenarioError(at.file, at.line, at.column, path, message));
  }

  get errorCount(): number {
    return this.errorList.length;
  }

  get warningCount(): number {
    return this.warningList.length;
  }

  /** Errors in document order: by file (first seen first), then line, then column. */
  errors(): ScenarioError[] {
    return this.sorted(this.errorList);
  }

  /** Warnings in document order. */
  warnings(): ScenarioError[] {
    return this.sorted(this.warningList);
  }

  private sorted(list: ScenarioError[]): ScenarioError[] {
    const rank = (e: ScenarioError) => this.fileOrder.get(e.file) ?? Number.MAX_SAFE_INTEGER;
    // Array.prototype.sort is stable, so problems at one place keep the order they were found.
    return [...list].sort((a, b) => rank(a) - rank(b) || a.line - b.line || a.column - b.column);
  }
}

/**
 * C0 and C1 controls, DEL, the line and paragraph separators and the bidirectional formatting
 * characters (ALM, LRM, RLM, LRE..RLO, LRI..PDI): a value from a scenario that holds one could
 * break a message's line or reorder how a terminal shows it (U+202E reverses what follows).
 */
function isUnsafe(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x2028 && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** `text` with each unsafe character written as `\uXXXX` (lower-case hex), so it shows as is. */
export function escapeControls(text: string): string {
  let out = "";
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isUnsafe(code)) continue;
    out += `${text.slice(from, i)}\\u${code.toString(16).padStart(4, "0")}`;
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

const IDENTIFIER_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `parent.field` (or just `field` at the top). */
export function fieldPath(parent: string, field: string): string {
  return parent === "" ? field : `${parent}.${field}`;
}

/** `parent[3]`. */
export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/** `parent[key]` for keys of user maps (labels, exit codes), as Kubernetes writes them. */
export function keyPath(parent: string, key: string): string {
  return `${parent}[${IDENTIFIER_RE.test(key) || /^\d+$/.test(key) ? key : JSON.stringify(key)}]`;
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** The known name closest to `name` within edit distance 2 (first in list order on ties), or null. */
export function suggest(name: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Bodies of Kubernetes `field.Error`s (apimachinery `field/errors.go`), so manifest problems read
 * exactly as the API server would print them after the field path.
 */
export const k8sError = {
  required: (detail = ""): string => (detail === "" ? "Required value" : `Required value: ${detail}`),
  invalid: (value: unknown, detail: string): string => `Invalid value: ${goValue(value)}: ${detail}`,
  notSupported: (value: unknown, supported: readonly string[]): string =>
    `Unsupported value: ${goValue(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(", ")}`,
  duplicate: (value: unknown): string => `Duplicate value: ${goValue(value)}`,
  forbidden: (detail: string): string => `Forbidden: ${detail}`,
  tooLong: (max: number): string => `Too long: may not be more than ${max} bytes`,
  tooMany: (actual: number, max: number): string => `Too many: ${actual}: must have at most ${max} items`,
};

/** A value as Go's `%v`/`%q` prints it in field errors: strings quoted, numbers bare, objects as JSON. */
export function goValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value === null || value === undefined) return "null";
  return JSON.stringify(value);
}
