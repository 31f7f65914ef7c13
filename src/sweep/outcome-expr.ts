/**
 * Outcome expressions (`--outcome NAME=EXPR`): a small comparison language over summary metric
 * names, read by a hand-written tokenizer and recursive-descent parser (never `eval`).
 *
 *     expr       := or
 *     or         := and ("or" and)*
 *     and        := not ("and" not)*
 *     not        := "not" not | comparison
 *     comparison := sum [("<" | "<=" | ">" | ">=" | "==" | "!=") sum]
 *     sum        := product (("+" | "-") product)*
 *     product    := unary (("*" | "/") unary)*
 *     unary      := "-" unary | NUMBER | METRIC | "(" expr ")"
 *
 * NUMBER is a decimal (`0.5`, `12`) or a duration, read as seconds like the metrics in seconds
 * (`6h`, `1h30m`, `90s`, `250ms`, `2d`). METRIC is a dotted name (`duration.job.max`), or any
 * name in double quotes (`"workQueue.jobs.default/etl.items"`). An outcome must be a truth value:
 * `jobs.failed` alone, or `jobs.failed > 0 + 1 > 2`, is refused where it goes wrong.
 *
 * In a run, a metric without a value (`null`, such as `duration.job.max` when no Job succeeded)
 * makes any arithmetic on it valueless too, and a comparison with no value is false: so
 * `duration.job.max <= 6h` is false in a run where no Job finished. Division by zero has no value.
 */
import { parseDuration } from "../engine/time.js";

/** A problem in an expression, at `column` (1-based, in the expression text). */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
    this.name = "ExpressionError";
  }
}

type CompareOp = "<" | "<=" | ">" | ">=" | "==" | "!=";
type ArithOp = "+" | "-" | "*" | "/";

/** A parsed expression: numbers (`num`) and truth values (`bool`). */
export type Expr =
  | { type: "num"; kind: "number"; value: number; column: number }
  | { type: "num"; kind: "metric"; name: string; column: number }
  | { type: "num"; kind: "negate"; operand: Expr; column: number }
  | { type: "num"; kind: "arith"; op: ArithOp; left: Expr; right: Expr; column: number }
  | { type: "bool"; kind: "compare"; op: CompareOp; left: Expr; right: Expr; column: number }
  | { type: "bool"; kind: "and" | "or"; left: Expr; right: Expr; column: number }
  | { type: "bool"; kind: "not"; operand: Expr; column: number };

type Token =
  | { kind: "number"; value: number; text: string; column: number }
  | { kind: "name"; name: string; text: string; column: number }
  | { kind: "op"; text: string; column: number }
  | { kind: "end"; text: string; column: number };

const OPERATORS = ["<=", ">=", "==", "!=", "<", ">", "+", "-", "*", "/", "(", ")"] as const;
const KEYWORDS = new Set(["and", "or", "not"]);

/** The tokens of `text`; columns are 1-based. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const column = i + 1;
    if (c === " " || c === "\t") {
      i++;
      continue;
    }
    const numeric = /^(?:\d+(?:\.\d*)?|\.\d+)[0-9.a-zA-Zµ]*/.exec(text.slice(i));
    if (numeric !== null) {
      const word = numeric[0];
      tokens.push({ kind: "number", value: numberValue(word, column), text: word, column });
      i += word.length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i))![0];
      if (KEYWORDS.has(word)) tokens.push({ kind: "op", text: word, column });
      else tokens.push({ kind: "name", name: word, text: word, column });
      i += word.length;
      continue;
    }
    if (c === '"') {
      const close = text.indexOf('"', i + 1);
      if (close < 0) throw new ExpressionError("a quoted metric name is not closed", column);
      const name = text.slice(i + 1, close);
      if (name === "") throw new ExpressionError("an empty metric name", column);
      tokens.push({ kind: "name", name, text: text.slice(i, close + 1), column });
      i = close + 1;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op === undefined) {
      const hint =
        c === "="
          ? ' (equality is "==")'
          : c === "&" || c === "|" || c === "!"
            ? ' (use "and", "or", "not")'
            : "";
      throw new ExpressionError(`unexpected ${describeChar(c)}${hint}`, column);
    }
    tokens.push({ kind: "op", text: op, column });
    i += op.length;
  }
  tokens.push({ kind: "end", text: "the end", column: text.length + 1 });
  return tokens;
}

/** A character for a message: printable ones quoted, others by code point (never raw). */
function describeChar(c: string): string {
  return /^[\x21-\x7e]$/.test(c)
    ? `"${c}"`
    : `character U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** A number token's value: a plain decimal, or a duration in seconds. */
function numberValue(word: string, column: number): number {
  if (/^(?:\d+(?:\.\d*)?|\.\d+)$/.test(word)) {
    const value = Number(word);
    if (!Number.isFinite(value)) throw new ExpressionError(`${word} is too large a number`, column);
    return value;
  }
  const ms = parseDuration(word);
  if (ms === undefined) {
    throw new ExpressionError(
      `"${word}" is neither a number nor a duration such as 90s, 6h or 1h30m`,
      column,
    );
  }
  return ms / 1000;
}

/** Parse an outcome expression; throws {@link ExpressionError} with the column where it goes wrong. */
export function parseOutcome(text: string): Expr {
  const parser = new Parser(tokenize(text));
  const expr = parser.expression();
  parser.expectEnd();
  if (expr.type !== "bool") {
    throw new ExpressionError("an outcome must be a comparison, such as jobs.failed > 0", expr.column);
  }
  return expr;
}

class Parser {
  #at = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  expression(): Expr {
    return this.#or();
  }

  expectEnd(): void {
    const t = this.#peek();
    if (t.kind !== "end") throw new ExpressionError(`unexpected ${quote(t)}`, t.column);
  }

  #peek(): Token {
    return this.tokens[this.#at]!;
  }

  #takeOp(...ops: string[]): Token | null {
    const t = this.#peek();
    if (t.kind === "op" && ops.includes(t.text)) {
      this.#at++;
      return t;
    }
    return null;
  }

  #or(): Expr {
    return this.#logical("or", () => this.#and());
  }

  #and(): Expr {
    return this.#logical("and", () => this.#not());
  }

  /** A left-associative chain of `kind` over operands parsed by `operand`. */
  #logical(kind: "and" | "or", operand: () => Expr): Expr {
    let left = operand();
    while (this.#takeOp(kind) !== null) {
      left = {
        type: "bool",
        kind,
        left: bool(left, kind),
        right: bool(operand(), kind),
        column: left.column,
      };
    }
    return left;
  }

  #not(): Expr {
    const op = this.#takeOp("not");
    if (op === null) return this.#comparison();
    return { type: "bool", kind: "not", operand: bool(this.#not(), "not"), column: op.column };
  }

  #comparison(): Expr {
    const left = this.#sum();
    const op = this.#takeOp("<", "<=", ">", ">=", "==", "!=");
    if (op === null) return left;
    const right = this.#sum();
    const again = this.#takeOp("<", "<=", ">", ">=", "==", "!=");
    if (again !== null) {
      throw new ExpressionError(`comparisons do not chain: join them with "and"`, again.column);
    }
    return {
      type: "bool",
      kind: "compare",
      op: op.text as CompareOp,
      left: num(left, op.text),
      right: num(right, op.text),
      column: left.column,
    };
  }

  #sum(): Expr {
    return this.#arithmetic(["+", "-"], () => this.#product());
  }

  #product(): Expr {
    return this.#arithmetic(["*", "/"], () => this.#unary());
  }

  /** A left-associative chain of the arithmetic operators `ops` over operands parsed by `operand`. */
  #arithmetic(ops: readonly ArithOp[], operand: () => Expr): Expr {
    let left = operand();
    for (let op = this.#takeOp(...ops); op !== null; op = this.#takeOp(...ops)) {
      const right = operand();
      left = {
        type: "num",
        kind: "arith",
        op: op.text as ArithOp,
        left: num(left, op.text),
        right: num(right, op.text),
        column: left.column,
      };
    }
    return left;
  }

  #unary(): Expr {
    const minus = this.#takeOp("-");
    if (minus !== null)
      return { type: "num", kind: "negate", operand: num(this.#unary(), "-"), column: minus.column };
    const t = this.#peek();
    if (t.kind === "number") {
      this.#at++;
      return { type: "num", kind: "number", value: t.value, column: t.column };
    }
    if (t.kind === "name") {
      this.#at++;
      return { type: "num", kind: "metric", name: t.name, column: t.column };
    }
    if (this.#takeOp("(") !== null) {
      const inner = this.#or();
      if (this.#takeOp(")") === null) {
        const next = this.#peek();
        throw new ExpressionError(`expected ")", got ${quote(next)}`, next.column);
      }
      return inner;
    }
    throw new ExpressionError(`expected a number, a metric name or "(", got ${quote(t)}`, t.column);
  }
}

function quote(t: Token): string {
  return t.kind === "end" ? "the end" : `"${t.text}"`;
}

/** `e` as an operand of `op`, which needs a truth value. */
function bool(e: Expr, op: string): Expr {
  if (e.type !== "bool")
    throw new ExpressionError(`"${op}" needs comparisons on both sides, such as jobs.failed > 0`, e.column);
  return e;
}

/** `e` as an operand of `op`, which needs a number. */
function num(e: Expr, op: string): Expr {
  if (e.type !== "num")
    throw new ExpressionError(`"${op}" needs numbers or metrics, not a comparison`, e.column);
  return e;
}

/** Every metric an expression names, with its column, in reading order. */
export function metricNames(e: Expr): { name: string; column: number }[] {
  switch (e.kind) {
    case "number":
      return [];
    case "metric":
      return [{ name: e.name, column: e.column }];
    case "negate":
    case "not":
      return metricNames(e.operand);
    default:
      return [...metricNames(e.left), ...metricNames(e.right)];
  }
}

/** The value of a metric in one run: a number, or null for no value. */
export type MetricLookup = (name: string) => number | null;

/** Evaluate a number expression; null when any metric in it has no value, or on division by zero. */
function numberOf(e: Expr, lookup: MetricLookup): number | null {
  switch (e.kind) {
    case "number":
      return e.value;
    case "metric":
      return lookup(e.name);
    case "negate": {
      const v = numberOf(e.operand, lookup);
      return v === null ? null : -v;
    }
    case "arith": {
      const a = numberOf(e.left, lookup);
      const b = numberOf(e.right, lookup);
      if (a === null || b === null) return null;
      if (e.op === "+") return a + b;
      if (e.op === "-") return a - b;
      if (e.op === "*") return a * b;
      return b === 0 ? null : a / b;
    }
    default:
      throw new Error(`not a number expression: ${e.kind}`);
  }
}

/** Whether the outcome `e` holds in a run whose metrics `lookup` reads. */
export function holds(e: Expr, lookup: MetricLookup): boolean {
  switch (e.kind) {
    case "and":
      return holds(e.left, lookup) && holds(e.right, lookup);
    case "or":
      return holds(e.left, lookup) || holds(e.right, lookup);
    case "not":
      return !holds(e.operand, lookup);
    case "compare": {
      const a = numberOf(e.left, lookup);
      const b = numberOf(e.right, lookup);
      if (a === null || b === null) return false;
      switch (e.op) {
        case "<":
          return a < b;
        case "<=":
          return a <= b;
        case ">":
          return a > b;
        case ">=":
          return a >= b;
        case "==":
          return a === b;
        case "!=":
          return a !== b;
      }
      return false;
    }
    default:
      throw new Error(`not an outcome: ${e.kind}`);
  }
}
